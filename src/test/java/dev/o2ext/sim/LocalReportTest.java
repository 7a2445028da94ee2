package dev.o2ext.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LocalReportTest {

    @Test
    void namesProcessesByExecutableJarOrMainClass() {
        assertThat(LocalReport.name(List.of("/work/target/layer/x86_64/extensions/o2-lambda-extension")))
                .isEqualTo("o2-lambda-extension");
        assertThat(LocalReport.name(List.of("/usr/bin/java", "-jar", "target/o2-lambda-extension-0.1.0.jar")))
                .isEqualTo("o2-lambda-extension-0.1.0.jar");
        assertThat(LocalReport.name(List.of("java", "-cp", "a:b", "dev.o2ext.sim.MiniExtension"))).isEqualTo("MiniExtension");
    }

    @Test
    void shortensLongCommandsToTheirEnds() {
        assertThat(LocalReport.commandLine(List.of("./bootstrap", "--flag"))).isEqualTo("./bootstrap --flag");
        String classPath = "x".repeat(200);
        assertThat(LocalReport.commandLine(List.of("java", "-cp", classPath, "Main", "handler::run")))
                .isEqualTo("java … Main handler::run");
    }

    @Test
    void condensesTheDiagnosticsDocument() {
        JsonNode doc = Json.MAPPER.readTree("""
                {"invocations":3,"counters":{"received":22,"accepted":22,"shipped":20,"queued":2,"droppedTotal":1,
                "retries":4},"flush":{"p50Ms":7.7,"p99Ms":30.0,"maxMs":36.1},
                "lastError":{"description":"OpenObserve answered 503","time":"2026-11-21T07:00:00Z"}}""");

        assertThat(LocalReport.compact(doc)).isEqualTo("3 invocations, records received 22, shipped 20, queued 2,"
                + " dropped 1, retries 4; flushes p50 7.7 ms, max 36.1 ms; last error: OpenObserve answered 503");
        assertThat(LocalReport.compact(Json.MAPPER.readTree("{\"lastError\":null}"))).endsWith("last error: none");
    }

    @Test
    void saysWhyDiagnosticsAreUnavailable() {
        assertThat(LocalReport.diagnostics(LocalLambda.freePort())).startsWith("unavailable at 127.0.0.1:");
    }
}
