package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.o2ext.fakeo2.StoredRecord;
import dev.o2ext.sim.InitResult;
import dev.o2ext.sim.InvocationResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The records a real function process's output becomes, stored by the fake OpenObserve: levels
 * and messages from Lambda's prefixes, JSON as fields, one record per stack trace, the order of
 * lines within a millisecond, init lines without a request id, trace ids in both forms, the cold
 * start on the first invocation only, and nothing held when the extension calls next.
 */
class StructuredLogsIT extends EndToEndTest {

	private static final String[] PRINTED = { "prefixed info", "python style warning", "json as text", "own trace",
			"before the exception", "java.lang.IllegalStateException: payment failed",
			"Traceback (most recent call last):", "after the traceback", "trace header ",
			"java.io.UncheckedIOException: last words" };

	@Test
	void aFunctionsOutputBecomesStructuredRecords() throws Exception {
		launch(Map.of());
		sim().launchFunction(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StructuredLogFunction.class.getName()), Map.of());
		assertThat(sim().awaitInit(INIT_TIMEOUT).status()).isEqualTo(InitResult.Status.READY);
		List<InvocationResult> invocations = new ArrayList<>();
		for (String requestId : List.of("req-1", "req-2")) {
			InvocationResult result = sim().invokeFunction(requestId, "{}", FUNCTION_TIMEOUT);
			assertThat(result.completed()).as("invocation %s; extension output:%n%s", requestId, extension().outputText())
				.isTrue();
			invocations.add(result);
			List<StoredRecord> lines = functionLinesOf(requestId);
			assertThat(lines).as("stored when the extension called next (nothing held across next), %s", requestId)
				.hasSize(PRINTED.length)
				.allSatisfy((r) -> assertThat(r.arrivalNanos()).isLessThanOrEqualTo(result.nextCalledNanos()));
		}

		List<JsonNode> first = inOrder(functionLinesOf("req-1"));
		assertThat(first).extracting((r) -> r.path("message").asString("").lines().findFirst().orElse(""))
			.as("one record per stack trace, in the order printed (sorted by _timestamp)")
			.satisfiesExactly(startsWithEach());
		assertThat(first).extracting((r) -> r.path("level").asString("-"))
			.containsExactly("INFO", "WARN", "ERROR", "-", "-", "ERROR", "ERROR", "-", "-", "ERROR");
		JsonNode javaTrace = first.get(5);
		assertThat(javaTrace.get("message").asString()).contains("\n\tat dev.o2ext.e2e.StructuredLogFunction.handle(")
			.contains("\nCaused by: java.io.IOException: disk full").containsPattern("\n\t\\.\\.\\. \\d+ more");
		assertThat(javaTrace.get("record").asString()).as("the original text, every line with its newline")
			.startsWith("java.lang.IllegalStateException: payment failed\n\tat ");
		assertThat(first.get(6).get("message").asString()).endsWith("ZeroDivisionError: division by zero");
		assertThat(storedOfType("function")).as("no frame stored on its own")
			.noneSatisfy((r) -> assertThat(r.record().path("message").asString("")).startsWith("\tat "));
		JsonNode json = first.get(2);
		assertThat(json.get("order_id").asInt()).isEqualTo(42);
		assertThat(json.get("order_items").asString()).isEqualTo("[1,2]");
		assertThat(first.get(0).get("requestId").asString()).isEqualTo("req-1");

		for (int i = 1; i < first.size(); i++) {
			assertThat(first.get(i).get("_timestamp").asLong()).as("strictly after the line printed before it")
				.isGreaterThan(first.get(i - 1).get("_timestamp").asLong());
		}

		String header = first.get(8).get("message").asString().substring("trace header ".length());
		String root = header.substring(header.indexOf("Root=") + 5, header.indexOf(';'));
		String w3c = root.substring(2, 10) + root.substring(11);
		assertThat(first).filteredOn((r) -> !r.path("message").asString("").equals("own trace"))
			.allSatisfy((r) -> {
				assertThat(r.get("xray_trace_id").asString()).isEqualTo(root);
				assertThat(r.get("trace_id").asString()).isEqualTo(w3c).hasSize(32);
			});
		JsonNode ownTrace = first.get(3);
		assertThat(ownTrace.get("trace_id").asString()).as("the line's own id wins").isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(ownTrace.get("span_id").asString()).isEqualTo("b7ad6b7169203331");

		assertThat(first).allSatisfy((r) -> {
			assertThat(r.get("faas_coldstart").asBoolean()).isTrue();
			assertThat(r.get("phase").asString()).isEqualTo("invoke");
			assertThat(r.get("cloud_account_id").asString()).isEqualTo("123456789012");
			assertThat(r.get("faas_max_memory").asLong()).isEqualTo(512L * 1024 * 1024);
			assertThat(r.get("host_arch").asString()).isIn("amd64", "arm64");
			assertThat(r.get("aws_lambda_runtime_version").asString()).isNotEmpty();
			assertThat(r.get("aws_lambda_initialization_type").asString()).isEqualTo("on-demand");
			assertThat(r.get("faas_instance").asString()).startsWith("2026/07/28/[7]");
			assertThat(r.get("function_name").asString()).isEqualTo("e2e-function");
		});
		assertThat(functionLinesOf("req-2")).extracting(StoredRecord::record)
			.allSatisfy((r) -> assertThat(r.get("faas_coldstart").asBoolean()).as("not the first invocation").isFalse());

		List<JsonNode> init = storedOfType("function").stream().map(StoredRecord::record)
			.filter((r) -> !r.has("requestId")).toList();
		assertThat(init).as("init's lines: the line and its stack trace as one record").hasSize(2)
			.allSatisfy((r) -> {
				assertThat(r.get("phase").asString()).isEqualTo("init");
				assertThat(r.has("faas_coldstart")).isFalse();
				// from the register answer (in the layer the launcher registers and passes it on)
				assertThat(r.path("cloud_account_id").asString()).isEqualTo("123456789012");
			});
		assertThat(sorted(init))
			.extracting((r) -> r.get("message").asString().lines().findFirst().orElse(""))
			.containsExactly("loading configuration", "java.lang.IllegalArgumentException: init warning: no cache directory");

		JsonNode diagnostics = diagnostics();
		assertThat(diagnostics.at("/counters/lines/joined").asLong()).as("frames joined into their traces").isPositive();
		assertThat(counter(diagnostics, "received")).isEqualTo(counter(diagnostics, "accepted"));
	}

	private static java.util.function.Consumer<String>[] startsWithEach() {
		@SuppressWarnings("unchecked")
		java.util.function.Consumer<String>[] checks = new java.util.function.Consumer[PRINTED.length];
		for (int i = 0; i < PRINTED.length; i++) {
			String start = PRINTED[i];
			checks[i] = (message) -> assertThat(message).startsWith(start);
		}
		return checks;
	}

	private static List<JsonNode> inOrder(List<StoredRecord> records) {
		return sorted(records.stream().map(StoredRecord::record).toList());
	}

	private static List<JsonNode> sorted(List<JsonNode> records) {
		return records.stream().sorted(Comparator.comparingLong((JsonNode r) -> r.get("_timestamp").asLong())).toList();
	}

}
