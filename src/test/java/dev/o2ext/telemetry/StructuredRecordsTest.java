package dev.o2ext.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.FunctionInfo;
import dev.o2ext.config.LogSettings;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.lifecycle.InvocationTracker;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.records.RecordAssembler;
import dev.o2ext.records.RecordStage;
import dev.o2ext.records.SandboxContext;
import dev.o2ext.shipping.NanoClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The records as stored: parsed fields, joined traces, order, and the invocation context, from captured input. */
class StructuredRecordsTest {

	private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

	private static final String ARN = "arn:aws:lambda:us-east-2:702835727665:function:hny-lambda-ext-capture:live";

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final InvocationTracker tracker = new InvocationTracker();

	private final BoundedQueue<byte[]> buffer = BoundedQueue.records(1024 * 1024, 64 * 1024, this.metrics.logs());

	private final List<Runnable> timers = new ArrayList<>();

	private final SandboxContext sandbox = new SandboxContext(
			new FunctionInfo("hny-lambda-ext-capture", "$LATEST", "us-east-2", 128), "on-demand", "amd64", "");

	private TelemetryIngest ingest = ingest(LogSettings.DEFAULTS, RecordStage.NONE);

	@Test
	void theTextCaptureGetsTheSandboxsContextFromInitStartAndTheFunctionArn() {
		this.ingest.accept(TelemetryIngestTest.fixture("aws-capture-2026-07-text-log-format.json"));

		List<JsonNode> records = drained();
		assertThat(records).allSatisfy((r) -> {
			assertThat(r.get("function_name").asString()).isEqualTo("hny-lambda-ext-capture");
			assertThat(r.get("aws_lambda_runtime_version").asString()).isEqualTo("provided:al2023.AmazonLinux2023.v147");
			assertThat(r.get("faas_instance").asString()).isEqualTo("2026/07/28/[$LATEST]26e6c32fa8d04bbfa55a6db4c12018d9");
			assertThat(r.get("faas_max_memory").asLong()).isEqualTo(134_217_728L);
			assertThat(r.get("host_arch").asString()).isEqualTo("amd64");
			assertThat(r.get("aws_lambda_initialization_type").asString()).isEqualTo("on-demand");
			assertThat(r.get("cloud_account_id").asString()).isEqualTo("702835727665");
		});
		JsonNode plain = records.get(15);
		assertThat(plain.get("message").asString()).isEqualTo("an ordinary log line");
		assertThat(plain.get("record").asString()).isEqualTo("an ordinary log line\n");
		assertThat(plain.get("phase").asString()).isEqualTo("invoke");
		assertThat(plain.get("faas_coldstart").asBoolean()).isTrue();
		JsonNode beeline = records.get(13);
		assertThat(beeline.get("data_name").asString()).as("JSON printed as text").isEqualTo("beeline-span");
		assertThat(beeline.get("samplerate").asInt()).isEqualTo(1);
	}

	@Test
	void traceIdsInBothFormsColdStartOnlyOnTheFirstInvocationAndTheQualifier() {
		this.tracker.begin("r1", ARN, TRACE);
		accept("""
				[{"time":"2026-07-28T19:02:01.230Z","type":"platform.start","record":{"requestId":"r1","version":"$LATEST"}},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"first\\n"},
				 {"time":"2026-07-28T19:02:01.240Z","type":"platform.runtimeDone","record":{"requestId":"r1","status":"success"}}]""");
		this.tracker.begin("r2", ARN, null);
		accept("""
				[{"time":"2026-07-28T19:02:02.230Z","type":"platform.start","record":{"requestId":"r2",
				   "tracing":{"type":"X-Amzn-Trace-Id","value":"Root=1-6759e988-00862e3fe1be46a994272793;Sampled=1"}}},
				 {"time":"2026-07-28T19:02:02.231Z","type":"function","record":"second\\n"}]""");

		List<JsonNode> records = drained();
		JsonNode first = line(records, "first");
		assertThat(first.get("requestId").asString()).isEqualTo("r1");
		assertThat(first.get("trace_id").asString()).isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(first.get("xray_trace_id").asString()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
		assertThat(first.get("faas_coldstart").asBoolean()).isTrue();
		assertThat(first.get("function_qualifier").asString()).isEqualTo("live");
		assertThat(records.get(0).get("trace_id").asString()).as("platform.start of r1").isEqualTo(
				"5759e988bd862e3fe1be46a994272793");
		JsonNode second = line(records, "second");
		assertThat(second.get("faas_coldstart").asBoolean()).isFalse();
		assertThat(second.get("trace_id").asString()).as("from platform.start's tracing")
			.isEqualTo("6759e98800862e3fe1be46a994272793");
	}

	@Test
	void aLinesOwnTraceIdWinsOverTheInvocations() {
		this.tracker.begin("r1", ARN, TRACE);
		accept("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function",
				  "record":{"level":"INFO","message":"m","trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331"}}]""");

		JsonNode record = drained().get(0);
		assertThat(record.get("trace_id").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(record.get("span_id").asString()).isEqualTo("b7ad6b7169203331");
		assertThat(record.has("xray_trace_id")).isFalse();
	}

	@Test
	void initLinesHaveNoRequestIdEvenWhenTheyArriveAfterTheFirstInvoke() {
		accept("""
				[{"time":"2026-07-28T19:02:01.100Z","type":"function","record":"loading model\\n"}]""");
		this.tracker.begin("r1", ARN, TRACE);
		accept("""
				[{"time":"2026-07-28T19:02:01.150Z","type":"function","record":"late init line\\n"},
				 {"time":"2026-07-28T19:02:01.160Z","type":"platform.initRuntimeDone","record":{"status":"success"}},
				 {"time":"2026-07-28T19:02:01.230Z","type":"platform.start","record":{"requestId":"r1"}},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"handling\\n"}]""");

		List<JsonNode> records = drained();
		for (String init : List.of("loading model", "late init line")) {
			JsonNode record = line(records, init);
			assertThat(record.has("requestId")).as(init).isFalse();
			assertThat(record.get("phase").asString()).as(init).isEqualTo("init");
			assertThat(record.has("faas_coldstart")).isFalse();
		}
		assertThat(line(records, "handling").get("requestId").asString()).isEqualTo("r1");
		assertThat(line(records, "handling").get("phase").asString()).isEqualTo("invoke");
	}

	@Test
	void linesAfterRuntimeDoneKeepTheirInvocationUntilTheNextStart() {
		this.tracker.begin("r1", ARN, null);
		accept("""
				[{"time":"2026-07-28T19:02:01.230Z","type":"platform.start","record":{"requestId":"r1"}},
				 {"time":"2026-07-28T19:02:01.240Z","type":"platform.runtimeDone","record":{"requestId":"r1"}},
				 {"time":"2026-07-28T19:02:01.245Z","type":"function","record":"background work of r1\\n"}]""");
		this.tracker.begin("r2", ARN, null);
		accept("""
				[{"time":"2026-07-28T19:02:05.000Z","type":"platform.start","record":{"requestId":"r2"}},
				 {"time":"2026-07-28T19:02:01.246Z","type":"function","record":"more of r1, delivered late\\n"}]""");

		List<JsonNode> records = drained();
		assertThat(line(records, "background work of r1").get("requestId").asString()).isEqualTo("r1");
		assertThat(line(records, "more of r1, delivered late").get("requestId").asString()).isEqualTo("r1");
	}

	@Test
	void recordsOfOneMillisecondKeepTheirOrderAndAPythonTracebackIsOneRecord() {
		this.tracker.begin("r1", ARN, null);
		accept("""
				[{"time":"2026-07-28T19:02:01.230Z","type":"platform.start","record":{"requestId":"r1"}},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"[INFO]\\t2026-07-28T19:02:01.231Z\\tr1\\tabout to divide\\n"},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"Traceback (most recent call last):\\n"},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"  File \\"/var/task/app.py\\", line 3, in handler\\n"},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"    return 1 / 0\\n"},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"ZeroDivisionError: division by zero\\n"},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"after\\n"}]""");

		List<JsonNode> records = drained();
		assertThat(records).extracting((r) -> r.path("message").asString(""))
			.containsExactly("", "about to divide", """
					Traceback (most recent call last):
					  File "/var/task/app.py", line 3, in handler
					    return 1 / 0
					ZeroDivisionError: division by zero""", "after");
		assertThat(records).extracting((r) -> r.get("_timestamp").asLong())
			.containsExactly(1_785_265_321_230_000L, 1_785_265_321_231_000L, 1_785_265_321_231_001L,
					1_785_265_321_231_005L);
		assertThat(records.get(1).get("level").asString()).isEqualTo("INFO");
		assertThat(records.get(2).get("level").asString()).isEqualTo("ERROR");
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		assertThat(snapshot.logs().received()).as("records offered; the joined lines are counted apart").isEqualTo(4);
		assertThat(snapshot.logs().accepted()).isEqualTo(4);
	}

	@Test
	void aStackTraceSplitAcrossBatchesIsJoinedAndTheTimerClosesTheLastOne() {
		this.tracker.begin("r1", ARN, null);
		accept("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function","record":"java.lang.IllegalStateException: boom\\n"}]""");
		assertThat(this.timers).hasSize(1);
		accept("""
				[{"time":"2026-07-28T19:02:01.232Z","type":"function","record":"\\tat com.example.Handler.handleRequest(Handler.java:12)\\n"}]""");
		this.timers.get(0).run(); // the first batch's timer: the trace has grown since, it stays held
		assertThat(this.buffer.stats().count()).isZero();

		this.timers.get(1).run();
		assertThat(this.buffer.stats().count()).isEqualTo(1);
		JsonNode trace = drained().get(0);
		assertThat(trace.get("message").asString())
			.isEqualTo("java.lang.IllegalStateException: boom\n\tat com.example.Handler.handleRequest(Handler.java:12)");
		assertThat(trace.get("record").asString()).isEqualTo(
				"java.lang.IllegalStateException: boom\n\tat com.example.Handler.handleRequest(Handler.java:12)\n");
	}

	@Test
	void withoutTheOriginalOnlyMessageHoldsTheText() {
		this.ingest = ingest(new LogSettings(true, true, false, true, Duration.ofMillis(100), 65_536), RecordStage.NONE);
		accept("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function","record":"2026-07-28T19:02:01.231Z\\tr9\\tWARN\\tslow\\n"}]""");

		JsonNode record = drained().get(0);
		assertThat(record.has("record")).isFalse();
		assertThat(record.get("level").asString()).isEqualTo("WARN");
		assertThat(record.get("message").asString()).isEqualTo("slow");
		assertThat(record.get("requestId").asString()).isEqualTo("r9");
	}

	@Test
	void withMultilineOffEveryLineIsARecordAtOnce() {
		this.ingest = ingest(new LogSettings(true, true, true, false, Duration.ofMillis(100), 65_536), RecordStage.NONE);
		accept("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function","record":"java.lang.IllegalStateException: boom\\n"},
				 {"time":"2026-07-28T19:02:01.231Z","type":"function","record":"\\tat a.B.c(B.java:1)\\n"}]""");

		assertThat(this.buffer.stats().count()).as("nothing held").isEqualTo(2);
		assertThat(this.timers).isEmpty();
		assertThat(this.metrics.snapshot().lines()).allSatisfy((kind, count) -> assertThat(count).as("%s", kind).isZero());
	}

	@Test
	void theStageSeesEveryFinalRecordAndMayDropIt() {
		List<String> seen = new ArrayList<>();
		this.ingest = ingest(LogSettings.DEFAULTS, (record) -> {
			seen.add(record.path("level").asString("-") + " " + record.path("message").asString(""));
			return record.path("level").asString("").equals("DEBUG") ? null : record;
		});
		accept("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function","record":"2026-07-28T19:02:01.231Z\\tr\\tDEBUG\\tnoise\\n"},
				 {"time":"2026-07-28T19:02:01.232Z","type":"function","record":"2026-07-28T19:02:01.232Z\\tr\\tERROR\\tsignal\\n"}]""");

		assertThat(drained()).extracting((r) -> r.get("message").asString()).containsExactly("signal");
		assertThat(seen).containsExactly("DEBUG noise", "ERROR signal");
	}

	private static JsonNode line(List<JsonNode> records, String message) {
		return records.stream().filter((r) -> r.path("message").asString("").equals(message)).findFirst().orElseThrow();
	}

	private void accept(String batch) {
		this.ingest.accept(batch.getBytes(StandardCharsets.UTF_8));
	}

	private TelemetryIngest ingest(LogSettings settings, RecordStage stage) {
		FlushCoordinator flushes = new FlushCoordinator(List.of(), new ByteBudget(1024 * 1024), NanoClock.SYSTEM,
				Long.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(1));
		TelemetryIngest.Lines lines = new TelemetryIngest.Lines(settings, (delay, task) -> this.timers.add(task), stage,
				TelemetryIngest.Lines.MAX_JOINED_CHARS);
		return new TelemetryIngest(this.json, new RecordMapper(this.json, new RecordAssembler(this.sandbox,
				settings.keepOriginal())), this.buffer, this.tracker, flushes, this.metrics, true,
				TelemetryIngest.Tap.NONE, lines);
	}

	private List<JsonNode> drained() {
		this.ingest.release();
		return this.buffer.drain(Integer.MAX_VALUE, Long.MAX_VALUE).entries().stream().map(this.json::readTree).toList();
	}

}
