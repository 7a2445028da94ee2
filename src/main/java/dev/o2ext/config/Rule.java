package dev.o2ext.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The values one {@link Setting} accepts, in a form the deployment tools can check too (they get
 * it from {@code infra/o2-settings.json}, generated from {@link Setting}). Cross-field checks
 * (a batch not larger than the buffer, one source of the header, ...) are not part of a rule;
 * {@link ConfigLoader} makes them.
 *
 * @param kind what sort of value
 * @param min the least whole number ({@link Kind#WHOLE} only)
 * @param max the largest whole number ({@link Kind#WHOLE} only)
 * @param except whole numbers inside the range that are refused
 * @param pattern the whole value must match this regular expression ({@link Kind#TEXT}); null for any text.
 * Written in the subset Java, RE2 (Terraform) and JavaScript agree on
 * @param values the accepted values, case-insensitive ({@link Kind#FLAG}, {@link Kind#CHOICE})
 * @param allowed what the documentation says is allowed
 */
public record Rule(Kind kind, long min, long max, List<Long> except, @Nullable String pattern, List<String> values,
		String allowed) {

	/** The words a flag accepts, in any case; the first four of them mean true. */
	static final List<String> FLAG_WORDS = List.of("true", "1", "yes", "on", "false", "0", "no", "off");

	/** What the ingestion path's segments ({@code O2_ORGANIZATION_ID}, {@code O2_STREAM}) may hold. */
	static final String PATH_SEGMENT = "[A-Za-z0-9_.:-]+";

	public Rule {
		except = List.copyOf(except);
		values = List.copyOf(values);
	}

	/** A whole number from {@code min} to {@code max}, both included, none of {@code except}. */
	static Rule whole(int min, int max, long... except) {
		StringBuilder allowed = new StringBuilder().append(min).append('–').append(max);
		for (long refused : except) {
			allowed.append(", not ").append(refused);
		}
		return new Rule(Kind.WHOLE, min, max, Arrays.stream(except).boxed().toList(), null, List.of(),
				allowed.toString());
	}

	static Rule flag() {
		return new Rule(Kind.FLAG, 0, 0, List.of(), null, FLAG_WORDS,
				"`true`, `false` (also `1`/`0`, `yes`/`no`, `on`/`off`)");
	}

	/** One of the given words, in any case. */
	static Rule oneOf(String allowed, String... values) {
		return new Rule(Kind.CHOICE, 0, 0, List.of(), null, List.of(values), allowed);
	}

	/** Text that matches {@code pattern} as a whole. */
	static Rule matching(String pattern, String allowed) {
		Pattern.compile(pattern);
		return new Rule(Kind.TEXT, 0, 0, List.of(), pattern, List.of(), allowed);
	}

	/** Any text; {@code allowed} says what it should be. */
	static Rule text(String allowed) {
		return new Rule(Kind.TEXT, 0, 0, List.of(), null, List.of(), allowed);
	}

	/** An absolute URL, checked by {@link ConfigLoader} (scheme, host, no query, the http rule). */
	static Rule url(String allowed) {
		return new Rule(Kind.URL, 0, 0, List.of(), null, List.of(), allowed);
	}

	/** Whether {@code value} matches {@link #pattern()} (true when there is none). */
	boolean matches(String value) {
		return this.pattern == null || value.matches(this.pattern);
	}

	/** Whether a flag's {@code value} (one of {@link #values()}) means true. */
	static boolean isTrue(String value) {
		return FLAG_WORDS.indexOf(value.toLowerCase(Locale.ROOT)) < 4;
	}

	/** The sorts of values. */
	public enum Kind {

		/** A whole number within a range. */
		WHOLE,
		/** True or false. */
		FLAG,
		/** One of a few words. */
		CHOICE,
		/** Text, perhaps matching a pattern. */
		TEXT,
		/** An absolute http(s) URL. */
		URL

	}

}
