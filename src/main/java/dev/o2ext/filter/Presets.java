package dev.o2ext.filter;

import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import dev.o2ext.metrics.Redaction;

/**
 * The patterns of the {@code O2_REDACT} presets. Every pattern starts with a look-behind that
 * forbids starting inside a longer token, and every repetition is either bounded or over a
 * character class that excludes the next literal, so that no input makes them backtrack
 * catastrophically: the cost is linear in the length of the text (see
 * {@code docs/configuration.md#redaction} for what each finds and misses).
 */
final class Presets {

	/** A field whose name says it holds an AWS secret access key. */
	static final Pattern AWS_SECRET_NAME = Pattern.compile("(?i)(?:^|[_.-])(?:aws)?[_.-]?secret[_.-]?(?:access)?[_.-]?key$");

	/** A field whose name says it holds an AWS session token. */
	static final Pattern AWS_TOKEN_NAME = Pattern.compile("(?i)(?:^|[_.-])(?:aws)?[_.-]?session[_.-]?token$");

	/** The value of a secret access key. */
	static final Pattern AWS_SECRET_VALUE = Pattern.compile("[A-Za-z0-9/+]{40}");

	/** An assignment after a name: {@code : = => :=}, optional quotes (also escaped ones), a few blanks. */
	private static final String ASSIGN = "\\\\?[\"']?\\s{0,3}(?:=>|:=|[:=])\\s{0,3}\\\\?[\"']?";

	private static final List<Rule> EMAIL = List.of(new Rule(Redaction.EMAIL,
			"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}+@(?:[A-Za-z0-9-]{1,63}+\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])", 0,
			"@"));

	private static final List<Rule> CARD = List.of(
			new Rule(Redaction.CARD, "(?<![\\w-])[2-6]\\d(?:[ -]?\\d){11,17}(?![\\w-])", 0).validatedBy(Presets::isCard)
				.triedWhen(Presets::hasThirteenDigits));

	private static final List<Rule> JWT = List.of(new Rule(Redaction.JWT,
			"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+){0,2}", 0,
			"eyJ"));

	private static final List<Rule> AWS = List.of(
			new Rule(Redaction.AWS, "(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])", 0, "AKIA",
					"ASIA", "ABIA", "ACCA"),
			new Rule(Redaction.AWS, "(?i:(?:aws)?[_.-]?secret[_.-]?(?:access)?[_.-]?key)" + ASSIGN
					+ "([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", 1, "ecret", "ECRET"),
			new Rule(Redaction.AWS, "(?<![A-Za-z0-9/+=])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+=]{40,}", 0,
					"IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE"));

	private static final List<Rule> AUTH = List.of(
			new Rule(Redaction.AUTH, "(?i)(?<![A-Za-z0-9-])(?:proxy-)?authorization" + ASSIGN
					+ "(?:(?:bearer|basic|digest|negotiate|token|apikey|aws4-hmac-sha256)\\s{1,3})?([^\\s\"'\\\\,;]+)", 1,
					"uthorization", "UTHORIZATION"),
			new Rule(Redaction.AUTH, "(?<![A-Za-z0-9_-])(?i:bearer)\\s{1,3}([A-Za-z0-9._~+/-]{16,}=*)", 1, "earer",
					"EARER"),
			new Rule(Redaction.AUTH, "(?<![A-Za-z0-9_-])(?i:basic)\\s{1,3}([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])", 1,
					"asic", "ASIC").validatedBy(Presets::isBasicCredential));

	private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private static final List<Rule> IPV4 = List.of(new Rule(Redaction.IPV4,
			"(?<![\\w.])(?:" + OCTET + "\\.){3}" + OCTET + "(?!\\w|\\.\\w)", 0).triedWhen(Presets::hasDottedQuad));

	private Presets() {
	}

	/** The rules of a preset; none for {@link Redaction#CUSTOM}. */
	static List<Rule> of(Redaction preset) {
		return switch (preset) {
			case EMAIL -> EMAIL;
			case CARD -> CARD;
			case JWT -> JWT;
			case AWS -> AWS;
			case AUTH -> AUTH;
			case IPV4 -> IPV4;
			case CUSTOM -> List.of();
		};
	}

	/** Whether the text holds 13 digits with at most single spaces or dashes between them. */
	static boolean hasThirteenDigits(String text) {
		int digits = 0;
		boolean separated = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				if (++digits >= 13) {
					return true;
				}
				separated = false;
			}
			else if ((c == ' ' || c == '-') && digits > 0 && !separated) {
				separated = true;
			}
			else {
				digits = 0;
				separated = false;
			}
		}
		return false;
	}

	/** Whether the text holds digits joined by three dots, such as {@code 1.2.3.4}. */
	static boolean hasDottedQuad(String text) {
		int dots = 0;
		boolean digit = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				if (dots >= 3) {
					return true;
				}
				digit = true;
			}
			else if (c == '.' && digit) {
				dots++;
				digit = false;
			}
			else {
				dots = 0;
				digit = false;
			}
		}
		return false;
	}

	/**
	 * Whether digits with optional separators are a card number: 13–19 digits passing the Luhn
	 * check; with separators, all of one kind and grouped as printed on cards (a first group of
	 * four, then groups of three to six).
	 */
	static boolean isCard(String found) {
		char separator = 0;
		int digits = 0;
		int group = 0;
		int groups = 0;
		int sum = 0;
		for (int i = found.length() - 1; i >= 0; i--) {
			char c = found.charAt(i);
			if (c == ' ' || c == '-') {
				if ((separator != 0 && c != separator) || group < 3 || group > 6) {
					return false;
				}
				separator = c;
				groups++;
				group = 0;
				continue;
			}
			int d = c - '0';
			if ((digits & 1) == 1) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
			digits++;
			group++;
		}
		if (groups > 0 && group != 4) {
			return false;
		}
		return digits >= 13 && digits <= 19 && sum % 10 == 0;
	}

	/**
	 * Whether a {@code Basic} value is base64 of {@code user:password} in printable ASCII, so that a
	 * word after "basic" in prose is not taken for one.
	 */
	static boolean isBasicCredential(String found) {
		if (found.length() % 4 != 0) {
			return false;
		}
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(found);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		int colon = -1;
		for (int i = 0; i < decoded.length; i++) {
			if (decoded[i] < 0x20 || decoded[i] > 0x7e) {
				return false;
			}
			if (decoded[i] == ':' && colon < 0) {
				colon = i;
			}
		}
		return colon > 0;
	}

}
