package dev.o2ext.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;

import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

class JsonRedactorTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final JsonRedactor redactor = new JsonRedactor(
			new Redactor(EnumSet.of(Redaction.EMAIL, Redaction.CARD, Redaction.AUTH, Redaction.AWS), null, this.metrics));

	@Test
	void everyStringOfAnObjectRecordIsRedactedInPlace() {
		JsonNode record = this.json.readTree("""
				{"timestamp":"2026-12-03T05:36:05.123Z","level":"INFO","requestId":"8f5b2c1e",
				 "message":"mail to jane@example.com","user":{"contact":["ops@example.com",42,null,true],
				 "card":4111111111111111,"order":1234567812345678,"n":123},
				 "headers":{"Authorization":"opaque-token","host":"api.example.com"},
				 "aws_secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","sessionToken":"FQoxyz"}
				""");

		JsonNode redacted = this.redactor.redact(record);

		assertThat(redacted).isSameAs(record);
		assertThat(this.json.writeValueAsString(redacted)).isEqualTo("{\"timestamp\":\"2026-12-03T05:36:05.123Z\","
				+ "\"level\":\"INFO\",\"requestId\":\"8f5b2c1e\",\"message\":\"mail to [REDACTED:email]\","
				+ "\"user\":{\"contact\":[\"[REDACTED:email]\",42,null,true],\"card\":\"[REDACTED:card]\","
				+ "\"order\":1234567812345678,\"n\":123},"
				+ "\"headers\":{\"Authorization\":\"[REDACTED:auth]\",\"host\":\"api.example.com\"},"
				+ "\"aws_secret_access_key\":\"[REDACTED:aws]\",\"sessionToken\":\"[REDACTED:aws]\"}");
		assertThat(this.metrics.snapshot().redacted()).containsEntry(Redaction.EMAIL, 2L)
			.containsEntry(Redaction.CARD, 1L)
			.containsEntry(Redaction.AUTH, 1L)
			.containsEntry(Redaction.AWS, 2L);
	}

	@Test
	void credentialsFlattenedIntoColumnsAreBlankedWhole() {
		// the structured record holds a line's JSON fields as OpenObserve columns
		JsonNode record = this.json.readTree(
				"{\"headers_authorization\":\"opaque-token\",\"proxy_authorization\":\"opaque-2\",\"authorization_mode\":\"none\","
						+ "\"credentials_secretaccesskey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\","
						+ "\"credentials_sessiontoken\":\"FQoxyz\",\"mykey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}");

		this.redactor.redact(record);

		assertThat(record.path("headers_authorization").asString()).isEqualTo("[REDACTED:auth]");
		assertThat(record.path("proxy_authorization").asString()).isEqualTo("[REDACTED:auth]");
		assertThat(record.path("authorization_mode").asString()).as("only a name that ends in authorization")
			.isEqualTo("none");
		assertThat(record.path("credentials_secretaccesskey").asString()).as("STS credentials, flattened")
			.isEqualTo("[REDACTED:aws]");
		assertThat(record.path("credentials_sessiontoken").asString()).isEqualTo("[REDACTED:aws]");
		assertThat(record.path("mykey").asString()).as("not a secret key's name").startsWith("wJalr");
	}

	@Test
	void aLineRecordBecomesANewStringOnlyWhenSomethingMatched() {
		JsonNode clean = StringNode.valueOf("2026-12-03T05:36:05.123Z\tabc\tINFO\tall fine\n");
		JsonNode dirty = StringNode.valueOf("2026-12-03T05:36:05.123Z\tabc\tINFO\tcard 4111 1111 1111 1111\n");

		assertThat(this.redactor.redact(clean)).isSameAs(clean);
		assertThat(this.redactor.redact(dirty).stringValue()).isEqualTo("2026-12-03T05:36:05.123Z\tabc\tINFO\tcard [REDACTED:card]\n");
	}

	@Test
	void aFieldNamedLikeASecretKeyIsBlankedOnlyWhenItHoldsOne() {
		JsonNode record = this.json.readTree("{\"secretKey\":\"not-40-chars\",\"authorization\":\"\"}");

		assertThat(this.json.writeValueAsString(this.redactor.redact(record)))
			.isEqualTo("{\"secretKey\":\"not-40-chars\",\"authorization\":\"\"}");
	}

}
