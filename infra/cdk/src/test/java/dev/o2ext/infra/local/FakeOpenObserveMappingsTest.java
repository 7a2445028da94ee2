package dev.o2ext.infra.local;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Serves {@code infra/local/wiremock/} (the stubs the compose file mounts into the WireMock
 * container) with the same WireMock version and default options, and checks that it answers like
 * OpenObserve: the expected bodies are the project's fixtures captured from the real server.
 */
class FakeOpenObserveMappingsTest {

    private static final Path LOCAL = Path.of(System.getProperty("o2.local.dir", "../local"));
    private static final Path FIXTURES = Path.of("../../src/test/resources/fixtures/openobserve");
    private static final String AUTHORIZATION = "Basic bG9jYWw6bG9jYWw="; // "local:local", a placeholder

    private static WireMockServer server;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new WireMockServer(options()
                .dynamicPort()
                .usingFilesUnderDirectory(LOCAL.resolve("wiremock").toString()));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void loadsEveryMappingFile() throws IOException {
        try (var files = Files.list(LOCAL.resolve("wiremock/mappings"))) {
            assertThat(server.getStubMappings()).hasSize((int) files.filter(f -> f.toString().endsWith(".json")).count());
        }
    }

    @Test
    void countsTheRecordsOfAnArrayAndNormalisesTheStreamName() throws Exception {
        HttpResponse<String> response = post("/api/default/lambda-logs/_json", AUTHORIZATION,
                "[{\"message\":\"a\"},{\"message\":\"b\"},{\"message\":\"c\"}]");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(fixture("ingest-ok.json"));
    }

    @Test
    void answersAnEmptyArrayWithZeroRecords() throws Exception {
        HttpResponse<String> response = post("/api/default/default/_json", AUTHORIZATION, " [ ] ");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"code\":200,\"status\":[{\"name\":\"default\",\"successful\":0,\"failed\":0}]}");
    }

    @Test
    void countsASingleObjectAsOneRecord() throws Exception {
        HttpResponse<String> response = post("/api/default/Lambda/_json", AUTHORIZATION, "{\"message\":\"a\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"code\":200,\"status\":[{\"name\":\"lambda\",\"successful\":1,\"failed\":0}]}");
    }

    @Test
    void refusesMalformedJsonWith400() throws Exception {
        HttpResponse<String> response = post("/api/default/default/_json", AUTHORIZATION, "not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(fixture("ingest-bad-json.json"));
    }

    @Test
    void refusesAMissingAuthorizationWith401BeforeReadingTheBody() throws Exception {
        HttpResponse<String> response = post("/api/default/default/_json", null, "not json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(fixture("unauthorized.txt"));
    }

    @Test
    void answersHealthz() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(uri("/healthz")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\"").contains("\"ok\"");
    }

    @Test
    void doesNotAnswerOtherRoutes() throws Exception {
        assertThat(post("/api/default/default/_multi", AUTHORIZATION, "{}").statusCode()).isEqualTo(404);
        assertThat(post("/api/default/_json", AUTHORIZATION, "[]").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(FIXTURES.resolve(name)).strip();
    }
}
