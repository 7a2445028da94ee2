package dev.o2ext.filter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.metrics.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * Blanks what the configured presets and the custom pattern find in a string, replacing each
 * match by {@code [REDACTED:<preset>]}, and counts every replacement under its preset. The
 * presets run in a fixed order (auth, jwt, aws, card, email, ipv4, then the custom pattern), so a
 * value found by two (a JWT after {@code Bearer}) is counted once, by the first.
 *
 * <p>The presets' cost is linear in the text. The custom pattern is the user's: it runs over a
 * text that counts its reads, and when one value takes more than {@value #STEPS_PER_CHAR} reads
 * per character (plus {@value #BASE_STEPS}) — catastrophic backtracking — the whole value is
 * replaced by {@code [REDACTED:custom]}, counted, and reported once per occurrence as the last
 * error; the listener is never held for long. Thread-safe.
 */
public final class Redactor {

	/** The longest field name checked by name (flattened columns carry their parents' names). */
	private static final int MAX_NAME = 256;

	static final int STEPS_PER_CHAR = 100;

	static final int BASE_STEPS = 10_000;

	private final List<Rule> rules;

	private final @Nullable Pattern custom;

	private final Set<Redaction> presets;

	private final PipelineMetrics metrics;

	/**
	 * @param presets the presets to apply
	 * @param custom the user's pattern, or null
	 * @param metrics where replacements are counted
	 */
	public Redactor(Set<Redaction> presets, @Nullable Pattern custom, PipelineMetrics metrics) {
		this.presets = presets.isEmpty() ? EnumSet.noneOf(Redaction.class) : EnumSet.copyOf(presets);
		this.custom = custom;
		this.metrics = metrics;
		List<Rule> rules = new ArrayList<>();
		for (Redaction preset : List.of(Redaction.AUTH, Redaction.JWT, Redaction.AWS, Redaction.CARD, Redaction.EMAIL,
				Redaction.IPV4)) {
			if (this.presets.contains(preset)) {
				rules.addAll(Presets.of(preset));
			}
		}
		this.rules = List.copyOf(rules);
	}

	public Redactor(FilterSettings settings, PipelineMetrics metrics) {
		this(settings.redact(), settings.customPattern(), metrics);
	}

	/** Whether anything is redacted at all. */
	public boolean active() {
		return !this.rules.isEmpty() || this.custom != null;
	}

	/** The text with every match blanked; the same instance when nothing matched. */
	public String redact(String text) {
		String result = text;
		for (Rule rule : this.rules) {
			if (rule.mayMatch().test(result)) {
				result = apply(rule, result);
			}
		}
		return (this.custom != null) ? applyCustom(this.custom, result) : result;
	}

	/**
	 * The value of an object's field: blanked whole when the field's name says it is a credential
	 * ({@code authorization}, an AWS secret key holding 40 base64 characters, an AWS session
	 * token) and the preset for it is on, else {@link #redact}ed.
	 */
	public String redactField(String name, String value) {
		// a flattened column names its parents too: headers_authorization, credentials_secretaccesskey
		if (!value.isEmpty() && name.length() <= MAX_NAME) {
			@Nullable Redaction byName = byName(name, value);
			if (byName != null) {
				this.metrics.redacted(byName, 1);
				return "[REDACTED:" + byName.key() + "]";
			}
		}
		return redact(value);
	}

	/** A whole number's digits, blanked when they are a card number and that preset is on. */
	String redactDigits(String digits) {
		String result = digits;
		for (Rule rule : this.rules) {
			if (rule.preset() == Redaction.CARD) {
				result = apply(rule, result);
			}
		}
		return result;
	}

	private @Nullable Redaction byName(String name, String value) {
		String lower = name.toLowerCase(Locale.ROOT);
		// also as a flattened column: headers.Authorization is stored as headers_authorization
		boolean authorization = lower.equals("authorization") || lower.endsWith("_authorization")
				|| lower.endsWith("-authorization") || lower.endsWith(".authorization");
		if (this.presets.contains(Redaction.AUTH) && authorization) {
			return Redaction.AUTH;
		}
		if (this.presets.contains(Redaction.AWS)) {
			boolean secretKey = lower.contains("secret") && Presets.AWS_SECRET_NAME.matcher(name).find()
					&& Presets.AWS_SECRET_VALUE.matcher(value).matches();
			if (secretKey || (lower.contains("token") && Presets.AWS_TOKEN_NAME.matcher(name).find())) {
				return Redaction.AWS;
			}
		}
		return null;
	}

	private String apply(Rule rule, String text) {
		Matcher matcher = rule.pattern().matcher(text);
		StringBuilder out = null;
		int copied = 0;
		int count = 0;
		while (matcher.find()) {
			int start = matcher.start(rule.group());
			int end = matcher.end(rule.group());
			if (start < 0 || !rule.valid().test(text.substring(start, end))) {
				continue;
			}
			if (out == null) {
				out = new StringBuilder(text.length());
			}
			out.append(text, copied, start).append(rule.replacement());
			copied = end;
			count++;
		}
		if (out == null) {
			return text;
		}
		this.metrics.redacted(rule.preset(), count);
		return out.append(text, copied, text.length()).toString();
	}

	private String applyCustom(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(new CountedText(text, (long) STEPS_PER_CHAR * text.length() + BASE_STEPS));
		try {
			StringBuilder out = null;
			int copied = 0;
			int count = 0;
			while (matcher.find()) {
				if (matcher.end() == matcher.start()) {
					continue; // the pattern is checked at start-up not to match the empty text, but may still here
				}
				if (out == null) {
					out = new StringBuilder(text.length());
				}
				out.append(text, copied, matcher.start()).append("[REDACTED:custom]");
				copied = matcher.end();
				count++;
			}
			if (out == null) {
				return text;
			}
			this.metrics.redacted(Redaction.CUSTOM, count);
			return out.append(text, copied, text.length()).toString();
		}
		catch (CountedText.OverBudget ex) {
			this.metrics.redacted(Redaction.CUSTOM, 1);
			this.metrics.error("O2_REDACT_PATTERN took more than " + STEPS_PER_CHAR + " steps per character on a value"
					+ " of " + text.length() + " characters (catastrophic backtracking?); the whole value was replaced");
			return "[REDACTED:custom]";
		}
	}

}
