package dev.o2ext.filter;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.o2ext.metrics.Redaction;

/**
 * One pattern of a redaction preset: what it finds, which group of the match is blanked
 * (0 for the whole match), a check of the found text that the pattern cannot express (the Luhn
 * sum), and the literal texts of which one must occur for the pattern to be tried at all, so that
 * a line without any of them costs a few {@code indexOf} calls and no matcher.
 *
 * @param preset the preset counted and named in the replacement
 * @param pattern the pattern, written so that its cost is linear in the text (bounded repetitions
 * or character classes that exclude what follows them)
 * @param group the group blanked
 * @param valid whether a found group is really one (e.g. passes the Luhn check)
 * @param triggers texts of which one must occur, in any of the cases given; empty for always
 */
record Rule(Redaction preset, Pattern pattern, int group, Predicate<String> valid, List<String> triggers) {

	Rule(Redaction preset, String regex, int group, String... triggers) {
		this(preset, Pattern.compile(regex), group, (found) -> true, List.of(triggers));
	}

	Rule {
		triggers = List.copyOf(triggers);
	}

	Rule validatedBy(Predicate<String> check) {
		return new Rule(this.preset, this.pattern, this.group, check, this.triggers);
	}

	/** Whether the text may hold a match. */
	boolean mayMatch(String text) {
		if (this.triggers.isEmpty()) {
			return true;
		}
		for (String trigger : this.triggers) {
			if (text.contains(trigger)) {
				return true;
			}
		}
		return false;
	}

	/** What a match is replaced with. */
	String replacement() {
		return "[REDACTED:" + this.preset.key() + "]";
	}

}
