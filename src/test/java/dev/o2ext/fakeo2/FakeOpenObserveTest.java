package dev.o2ext.fakeo2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FakeOpenObserveTest {

    private static final String AUTH = "Basic dGVzdEBleGFtcGxlLmNvbTpwYXNz";
    private static final String PATH = "/api/default/lambda-logs/_json";

    private final FakeOpenObserve fake = FakeOpenObserve.start(AUTH);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void acceptsAnArrayAndAnswersLikeTheServerWithTheNormalisedStreamName() throws Exception {
        HttpResponse<String> response = post(PATH, records(3), AUTH, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(fixture("ingest-ok.json"));
        assertThat(fake.records("lambda-logs")).hasSize(3);
        assertThat(fake.stored("default", "lambda_logs")).extracting(r -> r.stream()).containsOnly("lambda_logs");
    }

    @Test
    void acceptsASingleObjectAndAnEmptyArray() throws Exception {
        assertThat(json(post(PATH, "{\"message\":\"one\"}", AUTH, null).body()).at("/status/0/successful").asInt()).isEqualTo(1);
        assertThat(json(post(PATH, "[]", AUTH, null).body()).at("/status/0").toString())
                .isEqualTo("{\"name\":\"lambda_logs\",\"successful\":0,\"failed\":0}");
    }

    @Test
    void countsRecordsOlderThanFiveHoursAsFailedWithTheServersMessage() throws Exception {
        long sixHoursAgoMillis = Instant.now().minus(Duration.ofHours(6)).toEpochMilli();
        String body = "[{\"message\":\"a\"},{\"message\":\"b\"},{\"_timestamp\":" + sixHoursAgoMillis + ",\"message\":\"old\"}]";

        HttpResponse<String> response = post(PATH, body, AUTH, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(fixture("ingest-partial.json"));
        assertThat(fake.records("lambda_logs")).extracting(r -> r.get("message").asString()).containsExactly("a", "b");
    }

    @Test
    void readsTimestampsInEveryUnitAndRejectsTheFarFutureAndNonObjects() throws Exception {
        long micros = Timestamps.micros(Instant.now().minusSeconds(60)) / 1_000_000 * 1_000_000;
        String body = "[{\"_timestamp\":" + micros / 1_000_000 + "},{\"_timestamp\":" + micros / 1_000 + "},"
                + "{\"_timestamp\":" + micros + "},{\"_timestamp\":" + micros * 1_000 + "},"
                + "{\"_timestamp\":\"" + Instant.ofEpochSecond(micros / 1_000_000) + "\"},"
                + "{\"_timestamp\":" + Instant.now().plus(Duration.ofDays(2)).toEpochMilli() + "},42]";

        JsonNode answer = json(post(PATH, body, AUTH, null).body());

        assertThat(answer.at("/status/0/successful").asInt()).isEqualTo(5);
        assertThat(answer.at("/status/0/failed").asInt()).isEqualTo(2);
        assertThat(answer.at("/status/0/error").asString()).isEqualTo(Ingestion.NOT_OBJECT);
        assertThat(fake.stored("lambda_logs")).extracting(StoredRecord::timestampMicros).containsOnly(micros);
    }

    @Test
    void silentDropAnswersZeroZeroAndStoresNothing() throws Exception {
        fake.silentDrop(true);

        HttpResponse<String> response = post(PATH, records(3), AUTH, null);

        assertThat(json(response.body())).isEqualTo(fixture("ingest-silent-drop.json"));
        assertThat(fake.count("lambda_logs")).isZero();
    }

    @Test
    void partialFailureModeFailsEveryNthRecord() throws Exception {
        fake.failEveryNth(2);

        JsonNode answer = json(post(PATH, records(4), AUTH, null).body());

        assertThat(answer.at("/status/0/successful").asInt()).isEqualTo(2);
        assertThat(answer.at("/status/0/failed").asInt()).isEqualTo(2);
        assertThat(fake.records("lambda_logs")).extracting(r -> r.get("n").asInt()).containsExactly(0, 2);
    }

    @Test
    void malformedJsonIsA400SerdeError() throws Exception {
        HttpResponse<String> response = post(PATH, "[{\"message\":", AUTH, null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(fixture("ingest-bad-json.json").get("code").asInt());
        assertThat(body.get("message").asString()).startsWith("SerdeJsonError# ");
    }

    @Test
    void wrongOrMissingCredentialsGetThePlainText401() throws Exception {
        String expected = new String(resource("unauthorized.txt"), StandardCharsets.UTF_8).trim();

        HttpResponse<String> wrong = post(PATH, records(1), "Basic d3Jvbmc=", null);
        HttpResponse<String> missing = post(PATH, records(1), null, null);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(expected);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(fake.count("lambda_logs")).isZero();
    }

    @Test
    void scriptedAnswersComeFirstThenNormalIngestion() throws Exception {
        fake.nextAnswers(2, Answer.overloaded(Duration.ofSeconds(1)));

        HttpResponse<String> first = post(PATH, records(1), AUTH, null);
        HttpResponse<String> second = post(PATH, records(1), AUTH, null);
        HttpResponse<String> third = post(PATH, records(1), AUTH, null);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(json(first.body())).isEqualTo(fixture("ingest-overloaded.json"));
        assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(fake.count("lambda_logs")).isEqualTo(1);
        assertThat(fake.ingestRequests()).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
    }

    @Test
    void persistentStatusHoldsUntilReset() throws Exception {
        fake.persistentStatus(413);

        assertThat(post(PATH, records(1), AUTH, null).statusCode()).isEqualTo(413);
        assertThat(post(PATH, records(1), AUTH, null).statusCode()).isEqualTo(413);
        fake.reset();
        assertThat(post(PATH, records(1), AUTH, null).statusCode()).isEqualTo(200);
    }

    @Test
    void decodesGzipAndDeflateAndRefusesZstd() throws Exception {
        assertThat(post(PATH, gzip(records(2)), AUTH, "gzip").statusCode()).isEqualTo(200);
        assertThat(post(PATH, deflate(records(3)), AUTH, "deflate").statusCode()).isEqualTo(200);
        assertThat(post(PATH, records(1).getBytes(StandardCharsets.UTF_8), AUTH, "zstd").statusCode()).isEqualTo(415);

        assertThat(fake.count("lambda_logs")).isEqualTo(5);
        assertThat(fake.ingestRequests().get(0).bodyText()).isEqualTo(records(2));
    }

    @Test
    void recordsHeadersBodyStatusAndArrival() throws Exception {
        long before = System.nanoTime();
        post(PATH, records(1), AUTH, null);

        RecordedRequest request = fake.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(PATH);
        assertThat(request.header("Authorization")).isEqualTo(AUTH);
        assertThat(request.bodyText()).isEqualTo(records(1));
        assertThat(request.status()).isEqualTo(200);
        assertThat(request.arrivalNanos()).isBetween(before, request.answeredNanos());
        assertThat(fake.stored("lambda_logs").get(0).arrivalNanos()).isEqualTo(request.arrivalNanos());
    }

    @Test
    void aHangHoldsRequestsUntilReleased() throws Exception {
        fake.hang();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(request(PATH, records(1), AUTH, null),
                HttpResponse.BodyHandlers.ofString());

        awaitTrue(() -> fake.hungRequests() == 1);
        assertThat(pending).isNotDone();
        fake.releaseHang();

        assertThat(pending.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefusingOutageClosesTheListenerUntilItEnds() throws Exception {
        fake.startOutage(OutageMode.REFUSE);

        assertThatThrownBy(() -> post(PATH, records(1), AUTH, null)).isInstanceOf(ConnectException.class);
        fake.endOutage();
        assertThat(post(PATH, records(1), AUTH, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTimedOutageEndsByItself() throws Exception {
        fake.outage(Duration.ofMillis(200), OutageMode.SERVICE_UNAVAILABLE);

        assertThat(post(PATH, records(1), AUTH, null).statusCode()).isEqualTo(503);
        awaitTrue(() -> !fake.outageActive());
        assertThat(post(PATH, records(1), AUTH, null).statusCode()).isEqualTo(200);
    }

    @Test
    void searchReturnsFlattenedLowerCaseHitsAndLastReturnsRecordsAsSent() throws Exception {
        post(PATH, "[{\"requestId\":\"r1\",\"record\":{\"metrics\":{\"durationMs\":1.5}},\"tags\":[1],\"gone\":null},"
                + "{\"requestId\":\"r2\"}]", AUTH, null);

        JsonNode search = json(post("/api/default/_search?type=logs",
                "{\"query\":{\"sql\":\"SELECT * FROM \\\"lambda_logs\\\"\",\"from\":0,\"size\":1}}", AUTH, null).body());
        HttpResponse<String> last = client.send(HttpRequest.newBuilder(uri("/api/default/lambda_logs/_last?n=1"))
                .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(search.get("total").asInt()).isEqualTo(2);
        JsonNode hit = search.get("hits").get(0);
        assertThat(hit.get("requestid").asString()).isEqualTo("r1");
        assertThat(hit.get("record_metrics_durationms").asDouble()).isEqualTo(1.5);
        assertThat(hit.get("tags").asString()).isEqualTo("[1]");
        assertThat(hit.has("gone")).isFalse();
        assertThat(hit.get("_timestamp").asLong()).isPositive();
        assertThat(json(last.body()).toString()).isEqualTo("[{\"requestId\":\"r2\"}]");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String body, String authorization, String encoding) throws Exception {
        return post(path, body.getBytes(StandardCharsets.UTF_8), authorization, encoding);
    }

    private HttpResponse<String> post(String path, byte[] body, String authorization, String encoding) throws Exception {
        return client.send(request(path, body, authorization, encoding), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body, String authorization, String encoding) {
        return request(path, body.getBytes(StandardCharsets.UTF_8), authorization, encoding);
    }

    private HttpRequest request(String path, byte[] body, String authorization, String encoding) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (encoding != null) {
            builder.header("Content-Encoding", encoding);
        }
        return builder.build();
    }

    private URI uri(String path) {
        return URI.create(fake.endpoint() + path);
    }

    private static String records(int count) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"message\":\"line ").append(i).append("\"}");
        }
        return body.append(']').toString();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] deflate(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    private static JsonNode fixture(String name) throws IOException {
        return Json.MAPPER.readTree(resource(name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FakeOpenObserveTest.class.getResourceAsStream("/fixtures/openobserve/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
