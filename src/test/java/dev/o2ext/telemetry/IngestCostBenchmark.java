package dev.o2ext.telemetry;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.FunctionInfo;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.lifecycle.InvocationTracker;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.shipping.NanoClock;
import tools.jackson.databind.json.JsonMapper;

/**
 * What turning one invocation's Telemetry API batch into buffered records costs, in thread CPU
 * time and bytes allocated on the calling thread, and the bytes it buffers (raw and gzipped as one
 * request body, and a CRC32 of the buffered records: equal checksums, equal records).
 * The batch: {@code platform.start}, 40 function lines (20 Node.js-prefixed lines, 5 JSON objects
 * printed as text, 5 plain lines, a Java stack trace of 10 lines) and {@code platform.runtimeDone};
 * the first one also {@code platform.initStart}, so that every record carries the whole sandbox
 * context (runtime version, log stream, memory, and the account of {@code platform.start}'s ARN).
 * Uses only the API that existed before structured records ({@code TelemetryIngest}'s six-argument
 * constructor), so the same file measures both versions. Prints numbers, asserts nothing:
 * <pre>java -cp target/test-classes:target/classes:&lt;test classpath&gt; dev.o2ext.telemetry.IngestCostBenchmark [invocations]</pre>
 */
public final class IngestCostBenchmark {

	private IngestCostBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int invocations = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		JsonMapper mapper = JsonMapper.builder().build();
		FunctionInfo function = new FunctionInfo("orders-api", "$LATEST", "us-east-2", 512);
		InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());
		BoundedQueue<byte[]> buffer = BoundedQueue.records(64L * 1024 * 1024, 1024 * 1024, metrics.logs());
		InvocationTracker tracker = new InvocationTracker();
		FlushCoordinator flushes = new FlushCoordinator(List.of(), new ByteBudget(64L * 1024 * 1024), NanoClock.SYSTEM,
				Long.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(1));
		TelemetryIngest ingest = new TelemetryIngest(mapper, new RecordMapper(mapper, function), buffer, tracker,
				flushes, metrics);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long start = Instant.parse("2026-07-28T19:02:01.000Z").toEpochMilli();
		String sample = null;
		for (int round = 0; round < 3; round++) {
			long cpu = 0;
			long bytes = 0;
			long records = 0;
			long gzipped = 0;
			long allocated = 0;
			CRC32 content = new CRC32();
			for (int i = 0; i < invocations; i++) {
				String requestId = String.format("%08x-45d2-4901-949c-482a936d20be", round * invocations + i);
				byte[] batch = batch(requestId, start + (round * (long) invocations + i) * 1000, round == 0 && i == 0);
				tracker.begin(requestId);
				long before = threads.getCurrentThreadCpuTime();
				long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
				ingest.accept(batch);
				cpu += threads.getCurrentThreadCpuTime() - before;
				allocated += threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
				Batch<byte[]> drained = buffer.drain(Integer.MAX_VALUE, Long.MAX_VALUE);
				records += drained.entries().size();
				for (byte[] record : drained.entries()) {
					bytes += record.length;
					content.update(record);
				}
				if (i % 1000 == 0) {
					gzipped += gzip(drained.entries());
					if (sample == null) {
						sample = drained.entries().stream().map((r) -> new String(r, StandardCharsets.UTF_8))
							.reduce((a, b) -> a + "\n" + b).orElse("");
					}
				}
				buffer.complete(drained);
			}
			System.out.printf("round %d: %d invocations, %.1f µs CPU per invocation of 40 lines (%.0f records per CPU second),"
					+ " %.0f bytes allocated, %.1f records and %.0f bytes per invocation, %.0f bytes gzipped, content %08x%n",
					round, invocations, cpu / 1000.0 / invocations, records * 1e9 / cpu, allocated / (double) invocations,
					records / (double) invocations, bytes / (double) invocations, gzipped / Math.ceil(invocations / 1000.0),
					content.getValue());
		}
		if (args.length > 1 && args[1].equals("--sample")) {
			System.out.println(sample);
		}
	}

	/** @param first whether it is the sandbox's first batch, with {@code platform.initStart} */
	private static byte[] batch(String requestId, long epochMillis, boolean first) {
		StringBuilder out = new StringBuilder("[");
		if (first) {
			event(out, epochMillis, "platform.initStart", "{\"initializationType\":\"on-demand\",\"phase\":\"init\","
					+ "\"runtimeVersion\":\"nodejs:22.v45\",\"instanceId\":\"2026/07/28/[$LATEST]51c55ba7f2f4447380068cd63889a031\","
					+ "\"instanceMaxMemory\":536870912}");
		}
		event(out, epochMillis, "platform.start", "{\"requestId\":\"" + requestId + "\",\"version\":\"$LATEST\","
				+ "\"functionArn\":\"arn:aws:lambda:us-east-2:702835727665:function:orders-api\"}");
		String time = Instant.ofEpochMilli(epochMillis + 1).toString();
		for (int n = 0; n < 20; n++) {
			event(out, epochMillis + 1 + n / 8, "function", quote(time + "\t" + requestId + "\tINFO\tprocessed item " + n
					+ " of order 42 in 3 ms\n"));
		}
		for (int n = 0; n < 5; n++) {
			event(out, epochMillis + 4, "function", quote("{\"level\":\"info\",\"msg\":\"charge\",\"order\":{\"id\":" + n
					+ ",\"amount\":12.5,\"currency\":\"EUR\"},\"user\":\"u-17\"}\n"));
		}
		for (int n = 0; n < 5; n++) {
			event(out, epochMillis + 5, "function", quote("plain line number " + n + " of this invocation\n"));
		}
		event(out, epochMillis + 6, "function", quote("java.lang.IllegalStateException: payment failed\n"));
		for (int n = 0; n < 8; n++) {
			event(out, epochMillis + 6, "function", quote("\tat com.example.orders.Handler.step" + n + "(Handler.java:" + (10 + n)
					+ ")\n"));
		}
		event(out, epochMillis + 6, "function", quote("\t... 12 more\n"));
		out.append("{\"time\":\"").append(Instant.ofEpochMilli(epochMillis + 9)).append("\",\"type\":\"platform.runtimeDone\",")
			.append("\"record\":{\"requestId\":\"").append(requestId).append("\",\"status\":\"success\",")
			.append("\"metrics\":{\"durationMs\":8.1,\"producedBytes\":10}}}]");
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void event(StringBuilder out, long epochMillis, String type, String record) {
		out.append("{\"time\":\"").append(Instant.ofEpochMilli(epochMillis)).append("\",\"type\":\"").append(type)
			.append("\",\"record\":").append(record).append("},");
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
	}

	private static long gzip(List<byte[]> records) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write('[');
			for (int i = 0; i < records.size(); i++) {
				if (i > 0) {
					gzip.write(',');
				}
				gzip.write(records.get(i));
			}
			gzip.write(']');
		}
		return bytes.size();
	}

}
