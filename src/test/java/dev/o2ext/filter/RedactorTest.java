package dev.o2ext.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every preset on what it must find and on the near misses it must leave alone. */
class RedactorTest {

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private Redactor redactor(Redaction... presets) {
		return new Redactor(EnumSet.of(presets[0], presets), null, this.metrics);
	}

	private long counted(Redaction preset) {
		return this.metrics.snapshot().redacted().get(preset);
	}

	@Test
	void emailAddressesAreBlankedAndCounted() {
		Redactor redactor = redactor(Redaction.EMAIL);

		assertThat(redactor.redact("user jane.doe+tag@mail.example.co.uk signed in, cc ops@example.com."))
			.isEqualTo("user [REDACTED:email] signed in, cc [REDACTED:email].");
		assertThat(redactor.redact("{\"to\":\"x_y%z@sub-domain.example.org\"}")).isEqualTo("{\"to\":\"[REDACTED:email]\"}");
		assertThat(redactor.redact("https://app.example.com/invite?email=jane@example.com&x=1"))
			.as("an address in a query string is personal data too")
			.isEqualTo("https://app.example.com/invite?email=[REDACTED:email]&x=1");
		assertThat(counted(Redaction.EMAIL)).isEqualTo(4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET https://unpkg.com/react@18.2.0/umd/react.production.min.js",
			"see https://www.google.com/maps/@52.5200,13.4050,12z for the office",
			"npm install @types/node@20.11.5 and https://cdn.jsdelivr.net/npm/@scope/pkg@1.0.0/dist/x.js",
			"https://medium.com/@jane/a-post-1234", "root@localhost has mail", "price 5@3.50 each",
			"decorator @Override on line 3" })
	void emailLikeTextThatIsNoAddressStays(String line) {
		assertThat(redactor(Redaction.EMAIL).redact(line)).isSameAs(line);
		assertThat(counted(Redaction.EMAIL)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500 0000 0000 0004",
			"3782 822463 10005", "378282246310005", "6011000990139424", "3530111333300000", "2223003122003222",
			"4000056655665556" })
	void luhnValidCardNumbersAreBlanked(String card) {
		assertThat(redactor(Redaction.CARD).redact("paid with " + card + ", thanks"))
			.isEqualTo("paid with [REDACTED:card], thanks");
		assertThat(counted(Redaction.CARD)).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "order 4111111111111112 shipped", "id 1234567812345670", "ts 1764739200000000",
			"4111 1111 1111 111 1", "4111-1111 1111-1111", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "tx 41111111111111110",
			"abc4111111111111111", "4111111111111111abc", "uuid 123e4567-e89b-12d3-a456-426614174000",
			"phone +1 555-123-4567", "2026-12-03 05:36:05.123" })
	void numbersThatAreNoCardStay(String line) {
		assertThat(redactor(Redaction.CARD).redact(line)).isSameAs(line);
	}

	@Test
	void jwtsAreBlankedWhole() {
		String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
				+ ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
		Redactor redactor = redactor(Redaction.JWT);

		assertThat(redactor.redact("token=" + jwt + " ok")).isEqualTo("token=[REDACTED:jwt] ok");
		assertThat(redactor.redact("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. done"))
			.isEqualTo("unsigned [REDACTED:jwt] done");
		assertThat(redactor.redact("base64 eyJhbGciOiJub25lIn0 alone")).as("a header alone is no token")
			.isEqualTo("base64 eyJhbGciOiJub25lIn0 alone");
		assertThat(redactor.redact("xeyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.abc")).as("inside a longer token")
			.startsWith("xeyJ");
	}

	@Test
	void awsKeyIdsSecretKeysAndSessionTokensAreBlanked() {
		Redactor redactor = redactor(Redaction.AWS);

		assertThat(redactor.redact("key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A."))
			.isEqualTo("key [REDACTED:aws] and [REDACTED:aws].");
		assertThat(redactor.redact("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
			.isEqualTo("aws_secret_access_key = [REDACTED:aws]");
		assertThat(redactor.redact("{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\", \"x\": 1}"))
			.isEqualTo("{\"SecretAccessKey\": \"[REDACTED:aws]\", \"x\": 1}");
		assertThat(redactor.redact("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
			.isEqualTo("AWS_SECRET_ACCESS_KEY=[REDACTED:aws]");
		assertThat(redactor.redact("token IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6jEXAMPLEtokenAAAA=="))
			.isEqualTo("token [REDACTED:aws]");
		assertThat(counted(Redaction.AWS)).isEqualTo(6);
	}

	@ParameterizedTest
	@ValueSource(strings = { "role AROAJQABLZS4A3QDU576Q", "AKIAIOSFODNN7EXAMPL too short", "XAKIAIOSFODNN7EXAMPLE",
			"sha1 wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY without a name",
			"secret_key = short", "commit 0123456789abcdef0123456789abcdef01234567" })
	void awsLookalikesStay(String line) {
		assertThat(redactor(Redaction.AWS).redact(line)).isSameAs(line);
	}

	@Test
	void authorizationValuesBearerTokensAndBasicCredentialsAreBlanked() {
		Redactor redactor = redactor(Redaction.AUTH);

		assertThat(redactor.redact("Authorization: Bearer abc.def-ghi")).isEqualTo("Authorization: Bearer [REDACTED:auth]");
		assertThat(redactor.redact("headers {'authorization': 'Basic dXNlcjpwYXNz', 'host': 'x'}"))
			.isEqualTo("headers {'authorization': 'Basic [REDACTED:auth]', 'host': 'x'}");
		assertThat(redactor.redact("{\\\"Authorization\\\":\\\"o2oi_token42\\\"}"))
			.isEqualTo("{\\\"Authorization\\\":\\\"[REDACTED:auth]\\\"}");
		assertThat(redactor.redact("calling with bearer 9f86d081884c7d659a2feaa0c55ad015 now"))
			.isEqualTo("calling with bearer [REDACTED:auth] now");
		assertThat(redactor.redact("curl -H 'X: Basic c2VjcmV0LXRva2VuLTQyOnh5eg=='"))
			.isEqualTo("curl -H 'X: Basic [REDACTED:auth]'");
		assertThat(counted(Redaction.AUTH)).isEqualTo(5);
	}

	@ParameterizedTest
	@ValueSource(strings = { "basic authentication is configured", "Basic auth failed", "the bearer token expired",
			"Bearer of bad news", "authorization failed for user", "a basic dGVzdA== value" })
	void proseAboutAuthorizationStays(String line) {
		assertThat(redactor(Redaction.AUTH).redact(line)).isSameAs(line);
	}

	@Test
	void ipv4AddressesAreBlankedOnlyWhole() {
		Redactor redactor = redactor(Redaction.IPV4);

		assertThat(redactor.redact("from 203.0.113.42 via 10.0.0.1.")).isEqualTo("from [REDACTED:ipv4] via [REDACTED:ipv4].");
		assertThat(redactor.redact("version 1.2.3.4.5 and v10.0.0.1 and 256.1.1.1 and 1.2.3"))
			.isEqualTo("version 1.2.3.4.5 and v10.0.0.1 and 256.1.1.1 and 1.2.3");
	}

	@Test
	void presetsRunInOrderAndCountAMatchOnce() {
		Redactor redactor = new Redactor(EnumSet.complementOf(EnumSet.of(Redaction.CUSTOM)), null, this.metrics);

		assertThat(redactor.redact("Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig from 10.1.2.3"))
			.isEqualTo("Authorization: Bearer [REDACTED:auth] from [REDACTED:ipv4]");
		assertThat(counted(Redaction.AUTH)).isOne();
		assertThat(counted(Redaction.JWT)).isZero();
	}

	@Test
	void aCustomPatternBlanksItsMatches() {
		Redactor redactor = new Redactor(Set.of(), Pattern.compile("ORD-\\d{6}"), this.metrics);

		assertThat(redactor.redact("orders ORD-123456, ORD-654321 and ORD-12")).isEqualTo(
				"orders [REDACTED:custom], [REDACTED:custom] and ORD-12");
		assertThat(counted(Redaction.CUSTOM)).isEqualTo(2);
	}

	@Test
	void aCustomPatternThatBacktracksWithoutEndBlanksTheWholeValueAndSaysSo() {
		// takes about half a second on 24 characters without a bound (JDK 25), exponentially more on longer ones
		Redactor redactor = new Redactor(Set.of(), Pattern.compile("(.*a){12}x"), this.metrics);
		String line = "a".repeat(40) + "c";

		assertThat(redactor.redact(line)).isEqualTo("[REDACTED:custom]");
		assertThat(counted(Redaction.CUSTOM)).isOne();
		assertThat(this.metrics.snapshot().lastError()).isNotNull();
		assertThat(this.metrics.snapshot().lastError().description()).contains("O2_REDACT_PATTERN", "41 characters")
			.doesNotContain("aaaa");
	}

	@Test
	void nothingMatchedIsTheSameStringAndNothingCounted() {
		Redactor redactor = new Redactor(EnumSet.complementOf(EnumSet.of(Redaction.CUSTOM)), Pattern.compile("zz+"),
				this.metrics);
		String line = "2026-12-03T05:36:05.123Z\t8f5b\tINFO\tprocessed 42 items in 17 ms\n";

		assertThat(redactor.redact(line)).isSameAs(line);
		assertThat(this.metrics.snapshot().redacted().values()).containsOnly(0L);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1_000, 100_000 })
	void presetsStayLinearOnHostileInput(int length) {
		Redactor redactor = new Redactor(EnumSet.complementOf(EnumSet.of(Redaction.CUSTOM)), null, this.metrics);
		// each is a long run that almost matches a preset at every position
		for (String hostile : new String[] { "a".repeat(length) + "@", "a@" + "b.".repeat(length / 2),
				"4".repeat(length), "4 ".repeat(length / 2), "eyJ" + "a".repeat(length), "AKIA".repeat(length / 4),
				"secret_key=" + "a".repeat(length), "Bearer " + "a".repeat(length) + "!", "1.".repeat(length / 2),
				"Basic " + "QUJD".repeat(length / 4) }) {
			assertThat(redactor.redact(hostile)).isNotNull();
		}
	}

}
