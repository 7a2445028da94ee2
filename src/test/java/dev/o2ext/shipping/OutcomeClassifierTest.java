package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;

import dev.o2ext.metrics.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class OutcomeClassifierTest {

	private final OutcomeClassifier classifier = new OutcomeClassifier(JsonMapper.builder().build());

	@Test
	void everyRecordStored() {
		assertThat(this.classifier.classify(reply(200, "ingest-ok.json"), 3))
			.isEqualTo(new Outcome.Accepted(3, 0, null));
	}

	@Test
	void partialFailureCountsTheFailedWithTheServersError() {
		Outcome outcome = this.classifier.classify(reply(200, "ingest-partial.json"), 3);

		assertThat(outcome).isInstanceOfSatisfying(Outcome.Accepted.class, (accepted) -> {
			assertThat(accepted.successful()).isEqualTo(2);
			assertThat(accepted.failed()).isEqualTo(1);
			assertThat(accepted.error()).startsWith("Too old data, only last 5 hours data can be ingested.");
		});
	}

	@Test
	void twoHundredThatStoredNothingIsASilentDrop() {
		assertThat(this.classifier.classify(reply(200, "ingest-silent-drop.json"), 3))
			.isEqualTo(new Outcome.SilentDrop(0, 0, 3));
	}

	@Test
	void fewerCountedThanSentIsASilentDrop() {
		assertThat(this.classifier.classify(reply(200, "ingest-ok.json"), 5))
			.isEqualTo(new Outcome.SilentDrop(3, 0, 5));
		assertThat(this.classifier.classify(reply(200, "ingest-partial.json"), 4))
			.isEqualTo(new Outcome.SilentDrop(2, 1, 4));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "OK", "{\"code\":200}", "[1,2]", "{\"status\":{}}" })
	void twoHundredWithoutCountsIsASilentDrop(String body) {
		assertThat(this.classifier.classify(text(200, body), 2)).isEqualTo(new Outcome.SilentDrop(0, 0, 2));
	}

	@Test
	void badJsonIsFinalWithTheServersMessage() {
		Outcome outcome = this.classifier.classify(reply(400, "ingest-bad-json.json"), 3);

		assertThat(outcome).isEqualTo(
				new Outcome.Final(400, "HTTP 400: SerdeJsonError# expected value at line 1 column 1"));
	}

	@Test
	void unauthorizedIsFinalAndPointsAtTheHeaderVariable() {
		Outcome outcome = this.classifier.classify(reply(401, "unauthorized.txt"), 3);

		assertThat(outcome).isInstanceOfSatisfying(Outcome.Final.class, (rejected) -> {
			assertThat(rejected.status()).isEqualTo(401);
			assertThat(rejected.description()).startsWith("HTTP 401: Unauthorized Access")
				.contains("O2_AUTHORIZATION_HEADER");
		});
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 415 })
	void clientErrorsAreFinal(int status) {
		assertThat(this.classifier.classify(text(status, ""), 1)).isInstanceOfSatisfying(Outcome.Final.class,
				(rejected) -> assertThat(rejected.status()).isEqualTo(status));
	}

	@Test
	void notFoundPointsAtEndpointAndOrganization() {
		assertThat(((Outcome.Final) this.classifier.classify(text(404, ""), 1)).description())
			.contains("O2_ENDPOINT", "O2_ORGANIZATION_ID");
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 429, 500, 502, 503, 504 })
	void serverTroubleIsRetryable(int status) {
		assertThat(this.classifier.classify(text(status, ""), 1)).isEqualTo(
				new Outcome.Retryable(FailureKind.RETRYABLE_STATUS, "HTTP " + status, null));
	}

	@Test
	void overloadCarriesRetryAfterInSeconds() {
		HttpReply reply = new HttpReply(503, "7", fixture("ingest-overloaded.json"));

		assertThat(this.classifier.classify(reply, 3)).isEqualTo(new Outcome.Retryable(FailureKind.RETRYABLE_STATUS,
				"HTTP 503: Error# ingestion memtable is full, please retry later", Duration.ofSeconds(7)));
	}

	@Test
	void retryAfterAsAnHttpDate() {
		String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
		String anHourAgo = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));

		Outcome.Retryable later = (Outcome.Retryable) this.classifier.classify(new HttpReply(429, inAnHour, new byte[0]), 1);
		Outcome.Retryable past = (Outcome.Retryable) this.classifier.classify(new HttpReply(429, anHourAgo, new byte[0]), 1);

		assertThat(later.retryAfter()).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));
		assertThat(past.retryAfter()).isEqualTo(Duration.ZERO);
	}

	@Test
	void unreadableRetryAfterIsIgnored() {
		assertThat(OutcomeClassifier.retryAfter("soon")).isNull();
		assertThat(OutcomeClassifier.retryAfter("-5")).isNull();
		assertThat(OutcomeClassifier.retryAfter(" ")).isNull();
		assertThat(OutcomeClassifier.retryAfter(null)).isNull();
		assertThat(OutcomeClassifier.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
	}

	@Test
	void tooLargeAsksForASplit() {
		assertThat(this.classifier.classify(text(413, "Payload Too Large"), 100)).isEqualTo(new Outcome.TooLarge());
	}

	@Test
	void aLongServerMessageIsShortenedToOneLine() {
		String message = "line one\nline two " + "x".repeat(500);

		String description = ((Outcome.Final) this.classifier.classify(text(400, message), 1)).description();

		assertThat(description).doesNotContain("\n").hasSizeLessThan(220).startsWith("HTTP 400: line one line two");
	}

	@Test
	void aTimeoutIsATimeoutAlsoWhenWrapped() {
		assertThat(this.classifier.classify(new TimeoutException("Did not observe any item")).kind())
			.isEqualTo(FailureKind.TIMEOUT);
		assertThat(this.classifier.classify(new RuntimeException(new TimeoutException())).kind())
			.isEqualTo(FailureKind.TIMEOUT);
	}

	@Test
	void aConnectionFailureIsRetryableWithoutItsMessage() {
		RuntimeException refused = new RuntimeException("Connection refused: o2.example.com/10.0.0.1:443",
				new ConnectException("Connection refused"));

		Outcome.Retryable outcome = this.classifier.classify(refused);

		assertThat(outcome.kind()).isEqualTo(FailureKind.CONNECTION);
		assertThat(outcome.description()).isEqualTo("connection failed (ConnectException)");
		assertThat(outcome.retryAfter()).isNull();
	}

	private static HttpReply reply(int status, String fixture) {
		return new HttpReply(status, null, fixture(fixture));
	}

	private static HttpReply text(int status, String body) {
		return new HttpReply(status, null, body.getBytes(StandardCharsets.UTF_8));
	}

	static byte[] fixture(String name) {
		try (InputStream in = OutcomeClassifierTest.class.getResourceAsStream("/fixtures/openobserve/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
