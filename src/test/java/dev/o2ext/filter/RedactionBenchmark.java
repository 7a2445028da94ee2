package dev.o2ext.filter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.config.Severity;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import dev.o2ext.records.RecordStage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * CPU cost of the record policy on one invocation's worth of typical output (40 lines: text-format
 * lines with levels, JSON-format records, a stack trace, a few lines holding an address, a card,
 * a token or an IP): with every preset and a custom pattern on, with filtering only, and with
 * nothing configured, each against the copy of the records it works on. A program, not a test:
 * {@code java -cp target/classes:target/test-classes:<dependencies> dev.o2ext.filter.RedactionBenchmark}
 * (see docs/benchmarks.md).
 */
public final class RedactionBenchmark {

	private static final int LINES = 40;

	private static final String REQUEST = "8f5b2c1e-1f0e-4a39-9a51-0c5d7f0e1d2a";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private RedactionBenchmark() {
	}

	public static void main(String[] args) {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		List<JsonNode> invocation = invocation();
		InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());
		FilterSettings all = new FilterSettings(Set.of(), Set.of("platform.start", "platform.runtimeDone"),
				Severity.DEBUG, Map.of(Severity.DEBUG, 0.5), EnumSet.complementOf(EnumSet.of(Redaction.CUSTOM)),
				Pattern.compile("ORD-\\d{6}"));
		FilterSettings filterOnly = new FilterSettings(all.keptTypes(), all.droppedTypes(), all.minLevel(),
				all.sampleRates(), Set.of(), null);
		Map<String, RecordPolicy> policies = Map.of(
				"all presets + custom pattern + filtering",
				new RecordPolicy(all, new StructuredLevel(), () -> 0.25, metrics),
				"filtering only (type, level, sampling)", new RecordPolicy(filterOnly, new StructuredLevel(), () -> 0.25, metrics),
				"nothing configured (default)", RecordPolicy.keepAll(metrics));

		long copyOnly = measure(null, invocation, rounds);
		System.out.printf("copying 40 records (subtracted below): %.0f ns per invocation%n", (double) copyOnly);
		for (String name : List.of("all presets + custom pattern + filtering", "filtering only (type, level, sampling)",
				"nothing configured (default)")) {
			RecordPolicy policy = policies.get(name);
			long first = firstPass(policy, invocation);
			long second = firstPass(policy, invocation);
			long third = firstPass(policy, invocation);
			for (int i = 0; i < 100; i++) {
				firstPass(policy, invocation);
			}
			long hundredth = firstPass(policy, invocation);
			long perInvocation = measure(policy, invocation, rounds) - copyOnly;
			System.out.printf("%-42s invocations 1, 2, 3, 104: %7.1f, %7.1f, %7.1f, %7.1f µs; warm %6.1f µs per invocation"
					+ " = %5.0f ns per line%n", name, first / 1000.0, second / 1000.0, third / 1000.0, hundredth / 1000.0,
					perInvocation / 1000.0, perInvocation / (double) LINES);
		}
 		for (Redaction preset : Redaction.values()) {
			FilterSettings one = new FilterSettings(Set.of(), Set.of(), null, Map.of(),
					(preset == Redaction.CUSTOM) ? Set.of() : Set.of(preset),
					(preset == Redaction.CUSTOM) ? all.customPattern() : null);
			long perInvocation = measure(new RecordPolicy(one, new StructuredLevel(), () -> 0.25, metrics), invocation,
					rounds / 4) - copyOnly;
			System.out.printf("  %-8s alone: %6.1f µs per invocation%n", preset.key(), perInvocation / 1000.0);
		}
		System.out.println("redacted: " + metrics.snapshot().redacted() + ", discarded: " + metrics.snapshot().discarded());
	}

	/** 40 lines through the policy, once: what one invocation pays before the code is compiled. */
	private static long firstPass(RecordPolicy policy, List<JsonNode> invocation) {
		List<JsonNode> copy = copy(invocation);
		RecordStage stage = policy.stage();
		long start = cpuNanos();
		for (JsonNode record : copy) {
			stage.apply((ObjectNode) record);
		}
		return cpuNanos() - start;
	}

	private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

	/** CPU time of this thread: other processes on a busy machine do not count, unlike wall time. */
	private static long cpuNanos() {
		return THREADS.getCurrentThreadCpuTime();
	}

	/** Median CPU nanoseconds per invocation over ten batches of rounds, after as many rounds of warm-up. */
	private static long measure(RecordPolicy policy, List<JsonNode> invocation, int rounds) {
		long sink = 0;
		RecordStage stage = (policy != null) ? policy.stage() : null;
		long[] batches = new long[10];
		for (int pass = 0; pass < 2; pass++) {
			for (int b = 0; b < batches.length; b++) {
				long start = cpuNanos();
				for (int r = 0; r < rounds / batches.length; r++) {
					for (JsonNode record : invocation) {
						ObjectNode fresh = (ObjectNode) record.deepCopy();
						JsonNode out = (stage != null) ? stage.apply(fresh) : fresh;
						sink += (out != null) ? 1 : 0;
					}
				}
				batches[b] = (cpuNanos() - start) / (rounds / batches.length);
			}
		}
		if (sink == 42) {
			System.out.println();
		}
		java.util.Arrays.sort(batches);
		return batches[batches.length / 2];
	}

	private static List<JsonNode> copy(List<JsonNode> invocation) {
		return invocation.stream().map(JsonNode::deepCopy).toList();
	}

	/** 40 lines as a small web handler prints them, a few of them with something to redact. */
	static List<JsonNode> invocation() {
		String t = "2026-12-03T05:36:05.123Z\t" + REQUEST + "\t";
		List<String> text = List.of(
				t + "INFO\tReceived event {\"path\":\"/orders/42\",\"httpMethod\":\"GET\",\"headers\":{\"Host\":\"api.example.com\",\"User-Agent\":\"Mozilla/5.0 (X11; Linux x86_64)\"}}\n",
				t + "INFO\tQuerying DynamoDB table orders-prod for customer c-1234567\n",
				t + "DEBUG\tcache miss for key user:98765, loading from the table\n",
				t + "INFO\tprocessed 17 items in 23 ms\n",
				t + "WARN\tretrying https://payments.example.com/v1/charges (attempt 2 of 3) after 200 ms\n",
				t + "INFO\tsending receipt to jane.doe@example.com\n",
				t + "ERROR\tjava.lang.IllegalStateException: order 4711 not found\n",
				"\tat com.example.orders.Handler.handleRequest(Handler.java:42)\n",
				t + "INFO\tcharge approved for card 4111 1111 1111 1111, order ORD-123456\n",
				t + "DEBUG\tcalling upstream with Authorization: Bearer 9f86d081884c7d659a2feaa0c55ad015\n",
				t + "INFO\tclient 203.0.113.42 user-agent curl/8.5.0\n",
				"START of a plain print() line without any prefix, version 1.2.3, id 123e4567-e89b-12d3-a456-426614174000\n");
		List<String> objects = List.of(
				"{\"timestamp\":\"2026-12-03T05:36:05.123Z\",\"level\":\"INFO\",\"requestId\":\"" + REQUEST
						+ "\",\"message\":\"request handled\",\"status\":200,\"durationMs\":12.5}",
				"{\"timestamp\":\"2026-12-03T05:36:05.124Z\",\"level\":\"DEBUG\",\"requestId\":\"" + REQUEST
						+ "\",\"message\":{\"event\":\"db.query\",\"table\":\"orders\",\"rows\":3}}",
				"{\"timestamp\":\"2026-12-03T05:36:05.125Z\",\"level\":\"INFO\",\"requestId\":\"" + REQUEST
						+ "\",\"message\":\"login\",\"user\":{\"email\":\"ops@example.org\",\"id\":98765}}");
		// as the policy sees them: the structured record, here with only its type beside the line
		// (a text line as received in `record`, a JSON-format object's fields as columns)
		List<JsonNode> lines = new ArrayList<>();
		for (int i = 0; lines.size() < LINES; i++) {
			ObjectNode line = JSON.createObjectNode().put("type", "function");
			line.set("record", StringNode.valueOf(text.get(i % text.size())));
			lines.add(line);
			if (i % 4 == 3 && lines.size() < LINES) {
				ObjectNode object = JSON.createObjectNode().put("type", "function");
				object.setAll((ObjectNode) JSON.readTree(objects.get((i / 4) % objects.size())));
				lines.add(object);
			}
		}
		return lines;
	}

}
