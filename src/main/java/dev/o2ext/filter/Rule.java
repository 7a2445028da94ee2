package dev.o2ext.filter;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.o2ext.metrics.Redaction;

/**
 * One pattern of a redaction preset: what it finds, which group of the match is blanked
 * (0 for the whole match), a check of the found text that the pattern cannot express (the Luhn
 * sum), and a quick scan that must pass for the pattern to be tried at all (one of a few literal
 * texts occurs, a run of digits is long enough), so that a line without anything of the kind costs
 * a few {@code indexOf} calls or one pass over its characters, and no matcher.
 *
 * @param preset the preset counted and named in the replacement
 * @param pattern the pattern, written so that its cost is linear in the text (bounded repetitions
 * or character classes that exclude what follows them)
 * @param group the group blanked
 * @param valid whether a found group is really one (e.g. passes the Luhn check)
 * @param mayMatch false only when the text cannot hold a match
 */
record Rule(Redaction preset, Pattern pattern, int group, Predicate<String> valid, Predicate<String> mayMatch) {

	/** A rule tried only on texts holding one of the {@code triggers} (exactly as given), or on all without any. */
	Rule(Redaction preset, String regex, int group, String... triggers) {
		this(preset, Pattern.compile(regex), group, (found) -> true, containsAny(List.of(triggers)));
	}

	Rule validatedBy(Predicate<String> check) {
		return new Rule(this.preset, this.pattern, this.group, check, this.mayMatch);
	}

	Rule triedWhen(Predicate<String> scan) {
		return new Rule(this.preset, this.pattern, this.group, this.valid, scan);
	}

	private static Predicate<String> containsAny(List<String> triggers) {
		return (text) -> {
			for (String trigger : triggers) {
				if (text.contains(trigger)) {
					return true;
				}
			}
			return triggers.isEmpty();
		};
	}

	/** What a match is replaced with. */
	String replacement() {
		return "[REDACTED:" + this.preset.key() + "]";
	}

}
