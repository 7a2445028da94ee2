package dev.o2ext.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.config.FilterSettings;
import dev.o2ext.config.FunctionInfo;
import dev.o2ext.config.LogSettings;
import dev.o2ext.filter.RecordPolicy;
import dev.o2ext.filter.StructuredLevel;
import dev.o2ext.lifecycle.FlushCoordinator;
import dev.o2ext.lifecycle.InvocationTracker;
import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.DropReason;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.Redaction;
import dev.o2ext.records.LineTimer;
import dev.o2ext.shipping.Deadline;
import dev.o2ext.shipping.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TelemetryIngestTest {

	private static final String TEXT_CAPTURE = "aws-capture-2026-07-text-log-format.json";

	private static final String JSON_CAPTURE = "aws-capture-2026-07-json-log-format.json";

	private static final String FIRST_TEXT_REQUEST = "c3626c7f-3602-46f2-8199-d6e8243bfa4a";

	private static final String SECOND_TEXT_REQUEST = "3fe3b35a-3198-453f-8e9c-e58e514cffae";

	private static final String FIRST_JSON_REQUEST = "8f60e725-45d2-4901-949c-482a936d20be";

	private final JsonMapper json = JsonMapper.builder().build();

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final InvocationTracker tracker = new InvocationTracker();

	private BoundedQueue<byte[]> buffer = BoundedQueue.records(1024 * 1024, 64 * 1024, this.metrics.logs());

	private final Map<Boolean, TelemetryIngest> ingests = new HashMap<>();

	private final List<TelemetryIngest> withPolicies = new ArrayList<>();

	@Test
	void oneRecordPerEventInTheOrderReceived() {
		ingest().accept(fixture(TEXT_CAPTURE));

		List<JsonNode> records = drained();
		assertThat(records).hasSize(20);
		assertThat(records).extracting((r) -> r.get("type").asString())
			.startsWith("platform.initStart", "platform.telemetrySubscription")
			.endsWith("platform.runtimeDone", "platform.start");
		assertThat(this.metrics.snapshot().logs().received()).isEqualTo(20);
		assertThat(this.metrics.snapshot().logs().accepted()).isEqualTo(20);
		assertThat(this.metrics.snapshot().logs().droppedTotal()).isZero();
	}

	@Test
	void timestampIsTheEventTimeInEpochMicroseconds() {
		ingest().accept(fixture(TEXT_CAPTURE));

		List<JsonNode> records = drained();
		assertThat(records.get(0).get("_timestamp").asLong()).isEqualTo(1_785_265_321_105_000L);
		assertThat(records.get(6).get("_timestamp").asLong()).isEqualTo(1_785_265_321_231_000L);
		// the second record of that millisecond (after its runtimeDone) is placed 1 µs later
		assertThat(records.get(18).get("_timestamp").asLong()).isEqualTo(1_785_265_324_752_000L);
		assertThat(records.get(19).get("_timestamp").asLong()).isEqualTo(1_785_265_324_752_001L);
	}

	@Test
	void textLinesKeepTheirNewlineAndPlatformRecordsTheirShape() throws IOException {
		ingest().accept(fixture(TEXT_CAPTURE));

		List<JsonNode> records = drained();
		JsonNode events = this.json.readTree(fixture(TEXT_CAPTURE));
		for (int i = 0; i < records.size(); i++) {
			assertThat(records.get(i).get("record")).as("record %d", i).isEqualTo(events.get(i).get("record"));
		}
		assertThat(records.get(6).get("record").asString()).isEqualTo("MARKER otlp-traces\n");
		assertThat(records.get(15).get("record").asString()).isEqualTo("an ordinary log line\n");
	}

	@Test
	void jsonLogLinesBecomeFieldsAndOtherLinesStayStrings() {
		this.tracker.begin(FIRST_JSON_REQUEST);
		ingest().accept(fixture(JSON_CAPTURE));

		List<JsonNode> records = drained();
		assertThat(records).hasSize(23);
		assertThat(records.get(7).has("record")).as("an object is not repeated in record").isFalse();
		assertThat(records.get(7).get("resourcespans").asString()).as("arrays are JSON text, as OpenObserve stores them")
			.contains("\"name\":\"handler\"");
		assertThat(records.get(13).get("data_name").asString()).isEqualTo("beeline-span");
		assertThat(records.get(13).get("data_duration_ms").asDouble()).isEqualTo(12.5);
		assertThat(records.get(14).get("record").asString()).isEqualTo("MARKER plain-text\n");
		assertThat(records.get(14).get("message").asString()).isEqualTo("MARKER plain-text");
		assertThat(records.get(6).get("_timestamp").asLong()).isEqualTo(1_785_265_331_804_000L);
		assertThat(records.get(22).get("_timestamp").asLong()).isEqualTo(1_785_265_339_640_000L);
	}

	@Test
	void functionLinesBelongToTheInvocationInProgress() {
		this.tracker.begin(FIRST_TEXT_REQUEST);
		ingest().accept(fixture(TEXT_CAPTURE));

		List<JsonNode> records = drained();
		for (int i = 6; i <= 15; i++) {
			assertThat(records.get(i).get("requestId").asString()).as("line %d", i).isEqualTo(FIRST_TEXT_REQUEST);
		}
	}

	@Test
	void functionAndExtensionLinesWithoutAStartGetTheCurrentRequestId() {
		this.tracker.begin("req-now");
		ingest().accept(bytes("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function","record":"hello\\n"},
				 {"time":"2026-07-28T19:02:01.232Z","type":"extension","record":"ext line\\n"}]"""));

		assertThat(drained()).extracting((r) -> r.get("requestId").asString()).containsExactly("req-now", "req-now");
	}

	@Test
	void aLineBelongsToTheRequestThatHadStartedWhenItWasWritten() {
		this.tracker.begin("r2"); // the INVOKE of r2 came before r1's last lines
		ingest().accept(bytes("""
				[{"time":"2026-07-28T19:02:01.300Z","type":"platform.start","record":{"requestId":"r2"}},
				 {"time":"2026-07-28T19:02:01.101Z","type":"function","record":"late line of r1\\n"},
				 {"time":"2026-07-28T19:02:01.100Z","type":"platform.start","record":{"requestId":"r1"}},
				 {"time":"2026-07-28T19:02:01.301Z","type":"function","record":"line of r2\\n"}]"""));
		ingest().accept(bytes("""
				[{"time":"2026-07-28T19:02:01.150Z","type":"extension","record":"r1 again, next batch\\n"}]"""));

		assertThat(drained()).extracting((r) -> r.get("requestId").asString())
			.containsExactly("r2", "r1", "r1", "r2", "r1");
	}

	@Test
	void linesBeforeTheFirstInvokeHaveNoRequestId() {
		ingest().accept(bytes("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function","record":"init line\\n"}]"""));

		assertThat(drained().get(0).has("requestId")).isFalse();
	}

	@Test
	void aLogRecordsOwnRequestIdWins() {
		this.tracker.begin("req-now");
		ingest().accept(bytes("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"function",
				  "record":{"timestamp":"2026-07-28T19:02:01.231Z","level":"INFO","requestId":"own-id","message":"m"}},
				 {"time":"2026-07-28T19:02:01.232Z","type":"function",
				  "record":{"level":"INFO","AWSRequestId":"java-id","message":"from Java"}},
				 {"time":"2026-07-28T19:02:01.233Z","type":"function","record":{"level":"INFO","message":"no id"}}]"""));

		assertThat(drained()).extracting((r) -> r.get("requestId").asString())
			.containsExactly("own-id", "java-id", "req-now");
	}

	@Test
	void platformEventsTakeOnlyTheirRecordsRequestId() {
		this.tracker.begin("req-now");
		ingest().accept(fixture(TEXT_CAPTURE));

		List<JsonNode> records = drained();
		assertThat(records.get(0).has("requestId")).as("platform.initStart").isFalse();
		assertThat(records.get(3).has("requestId")).as("platform.extension").isFalse();
		assertThat(records.get(5).get("requestId").asString()).isEqualTo(FIRST_TEXT_REQUEST);
		assertThat(records.get(18).get("requestId").asString()).isEqualTo(SECOND_TEXT_REQUEST);
	}

	@Test
	void functionFieldsAreAddedToEveryRecord() {
		ingest().accept(fixture(TEXT_CAPTURE));

		assertThat(drained()).allSatisfy((record) -> {
			assertThat(record.get("function_name").asString()).isEqualTo("hny-lambda-ext-capture");
			assertThat(record.get("function_version").asString()).isEqualTo("$LATEST");
			assertThat(record.get("region").asString()).isEqualTo("us-east-2");
		});
	}

	@Test
	void runtimeDoneAndReportSignalTheTrackerEvenOutOfOrder() {
		ingest().accept(fixture(TEXT_CAPTURE));

		Deadline now = Deadline.after(Duration.ZERO, NanoClock.SYSTEM);
		assertThat(this.tracker.awaitRuntimeDone(FIRST_TEXT_REQUEST, now)).isTrue();
		assertThat(this.tracker.awaitReport(FIRST_TEXT_REQUEST, now)).isTrue();
		// its runtimeDone comes before its own platform.start in the batch
		assertThat(this.tracker.awaitRuntimeDone(SECOND_TEXT_REQUEST, now)).isTrue();
		assertThat(this.tracker.awaitReport(SECOND_TEXT_REQUEST, now)).isFalse();
	}

	@Test
	void recordsThePolicyLeavesOutAreCountedNotBufferedAndStillSignalTheTrackerAndTheTap() {
		FilterSettings settings = new FilterSettings(Set.of(), Set.of("platform.start", "platform.runtimeDone",
				"platform.report"), null, Map.of(), Set.of(Redaction.EMAIL), null);
		List<String> tapped = new ArrayList<>();
		this.tracker.begin(FIRST_TEXT_REQUEST);
		ingest(new RecordPolicy(settings, new StructuredLevel(), () -> 0.5, this.metrics), (type, record, micros) -> tapped.add(type))
			.accept(("[{\"time\":\"2026-07-28T19:02:03.100Z\",\"type\":\"function\",\"record\":\"mail jane@example.com\\n\"}]")
				.getBytes(StandardCharsets.UTF_8));
		ingest(new RecordPolicy(settings, new StructuredLevel(), () -> 0.5, this.metrics), (type, record, micros) -> tapped.add(type))
			.accept(fixture(TEXT_CAPTURE));

		List<JsonNode> records = drained();
		assertThat(records).hasSize(21 - 5);
		assertThat(records).extracting((r) -> r.get("type").asString()).doesNotContain("platform.start",
				"platform.runtimeDone", "platform.report");
		assertThat(records).filteredOn((r) -> r.path("record").asString("").startsWith("mail")).singleElement()
			.satisfies((r) -> {
				assertThat(r.get("record").asString()).isEqualTo("mail [REDACTED:email]\n");
				assertThat(r.get("message").asString()).isEqualTo("mail [REDACTED:email]");
				assertThat(r.get("_timestamp").asLong()).as("context is never redacted").isPositive();
			});
		assertThat(tapped).as("the platform metrics see every event").hasSize(21);
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		assertThat(snapshot.discarded()).containsEntry(Discard.FILTERED_BY_TYPE, 5L);
		// counted per value replaced: the line as received (`record`) and its parsed `message` hold it both
		assertThat(snapshot.redacted()).containsEntry(Redaction.EMAIL, 2L);
		assertThat(snapshot.logs().received()).as("received = accepted + dropped at ingest + discarded")
			.isEqualTo(snapshot.logs().accepted() + snapshot.logs().droppedTotal() + snapshot.discardedTotal());
		Deadline now = Deadline.after(Duration.ZERO, NanoClock.SYSTEM);
		assertThat(this.tracker.awaitRuntimeDone(FIRST_TEXT_REQUEST, now)).isTrue();
		assertThat(this.tracker.awaitReport(FIRST_TEXT_REQUEST, now)).isTrue();
		assertThat(records).filteredOn((r) -> r.get("type").asString().equals("function"))
			.as("lines still attributed by the left-out platform.start (the mail line and the capture's ten)").hasSize(11)
			.allSatisfy((r) -> assertThat(r.path("requestId").asString()).isEqualTo(FIRST_TEXT_REQUEST));
	}

	@Test
	void everyInvocationOfTheJsonCaptureIsSignalled() {
		ingest().accept(fixture(JSON_CAPTURE));

		Deadline now = Deadline.after(Duration.ZERO, NanoClock.SYSTEM);
		assertThat(List.of(FIRST_JSON_REQUEST, "1ba8e02a-fe88-40db-8cd3-7c7639ed00fa",
				"97dcdb2e-d517-484a-8c90-f927b7ab208d"))
			.allSatisfy((id) -> assertThat(this.tracker.awaitRuntimeDone(id, now)).as(id).isTrue());
		assertThat(this.tracker.awaitReport("97dcdb2e-d517-484a-8c90-f927b7ab208d", now)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"type\":\"function\"}", "\"a string\"", "[{\"type\":", "" })
	void aBodyThatIsNotAnArrayIsCountedAndNothingBuffered(String body) {
		ingest().accept(bytes(body));

		assertThat(this.metrics.snapshot().unparsableBatches()).isEqualTo(1);
		assertThat(this.metrics.snapshot().logs().received()).isZero();
		assertThat(this.buffer.stats().count()).isZero();
	}

	@Test
	void oddEventsInsideAnArrayNeitherThrowNorSinkTheirNeighbours() {
		ingest().accept(bytes("""
				[{"time":"2026-07-28T19:02:01.231Z","type":"platform.somethingNew"},
				 7, null, "text", {"record":"no type\\n"},
				 {"time":"2026-07-28T19:02:01.245Z","type":"platform.runtimeDone","record":{"requestId":"r-1"}},
				 {"time":"2026-07-28T19:02:01.246Z","type":"function","record":"still here\\n"}]"""));

		List<JsonNode> records = drained();
		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		assertThat(snapshot.logs().received()).isEqualTo(7);
		assertThat(snapshot.logs().accepted() + snapshot.logs().droppedTotal()).isEqualTo(7);
		assertThat(records.get(records.size() - 1).get("record").asString()).isEqualTo("still here\n");
		assertThat(records).anySatisfy((r) -> assertThat(r.get("type").asString()).isEqualTo("unknown"));
		assertThat(this.tracker.awaitRuntimeDone("r-1", Deadline.after(Duration.ZERO, NanoClock.SYSTEM))).isTrue();
	}

	@Test
	void refusalsOfAFullBufferAreCountedAndRuntimeDoneStillSignalled() {
		this.buffer = BoundedQueue.records(2_000, 1_000, this.metrics.logs());

		ingest().accept(fixture(TEXT_CAPTURE));

		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		assertThat(snapshot.logs().dropped().get(DropReason.BUFFER_FULL)).isPositive();
		assertThat(snapshot.logs().received()).isEqualTo(20);
		assertThat(snapshot.logs().accepted() + snapshot.logs().droppedTotal()).isEqualTo(20);
		assertThat(this.buffer.stats().count()).isEqualTo(snapshot.logs().accepted());
		assertThat(this.tracker.awaitRuntimeDone(SECOND_TEXT_REQUEST, Deadline.after(Duration.ZERO, NanoClock.SYSTEM)))
			.isTrue();
	}

	@Test
	void recordsLargerThanABatchAreCountedAsTooLarge() {
		this.buffer = BoundedQueue.records(1024 * 1024, 400, this.metrics.logs());

		ingest().accept(fixture(TEXT_CAPTURE));

		InMemoryPipelineMetrics.Snapshot snapshot = this.metrics.snapshot();
		assertThat(snapshot.logs().dropped().get(DropReason.RECORD_TOO_LARGE)).isPositive();
		assertThat(snapshot.logs().accepted() + snapshot.logs().dropped().get(DropReason.RECORD_TOO_LARGE)).isEqualTo(20);
	}

	@Test
	void whereInvocationsOverlapOnlyARecordsOwnRequestIdAttributesIt() {
		String batch = "[{\"time\":\"2026-12-02T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"a\"}},"
				+ "{\"time\":\"2026-12-02T10:00:00.001Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"b\"}},"
				+ "{\"time\":\"2026-12-02T10:00:00.002Z\",\"type\":\"function\",\"record\":{\"requestId\":\"a\",\"message\":\"x\"}},"
				+ "{\"time\":\"2026-12-02T10:00:00.003Z\",\"type\":\"function\",\"record\":\"plain text\\n\"}]";

		ingest(false).accept(bytes(batch));

		List<JsonNode> records = drained();
		assertThat(records.get(2).path("requestId").asString()).isEqualTo("a");
		assertThat(records.get(3).has("requestId")).as("a text line names no request").isFalse();
		ingest(true).accept(bytes(batch));
		assertThat(drained().get(3).path("requestId").asString()).as("one at a time, time attributes it").isEqualTo("b");
	}

	private TelemetryIngest ingest() {
		return ingest(true);
	}

	private TelemetryIngest ingest(RecordPolicy policy, TelemetryIngest.Tap tap) {
		FunctionInfo function = new FunctionInfo("hny-lambda-ext-capture", "$LATEST", "us-east-2", 128);
		FlushCoordinator flushes = new FlushCoordinator(List.of(), new ByteBudget(1024 * 1024), NanoClock.SYSTEM,
				Long.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(1));
		TelemetryIngest.Lines lines = new TelemetryIngest.Lines(LogSettings.DEFAULTS, LineTimer.NEVER, policy.stage(),
				TelemetryIngest.Lines.MAX_JOINED_CHARS);
		TelemetryIngest ingest = new TelemetryIngest(this.json, new RecordMapper(this.json, function), this.buffer,
				this.tracker, flushes, this.metrics, true, tap, lines);
		this.withPolicies.add(ingest);
		return ingest;
	}

	private TelemetryIngest ingest(boolean attributeByTime) {
		return this.ingests.computeIfAbsent(attributeByTime, this::newIngest);
	}

	private TelemetryIngest newIngest(boolean attributeByTime) {
		FunctionInfo function = new FunctionInfo("hny-lambda-ext-capture", "$LATEST", "us-east-2", 128);
		FlushCoordinator flushes = new FlushCoordinator(List.of(), new ByteBudget(1024 * 1024), NanoClock.SYSTEM,
				Long.MAX_VALUE, Duration.ZERO, Duration.ofSeconds(1));
		return new TelemetryIngest(this.json, new RecordMapper(this.json, function), this.buffer, this.tracker, flushes,
				this.metrics, attributeByTime, TelemetryIngest.Tap.NONE, TelemetryIngest.Lines.DEFAULTS);
	}

	/** What the buffer holds once the lifecycle released the held lines. */
	private List<JsonNode> drained() {
		this.ingests.values().forEach(TelemetryIngest::release);
		this.withPolicies.forEach(TelemetryIngest::release);
		return this.buffer.drain(Integer.MAX_VALUE, Long.MAX_VALUE)
			.entries()
			.stream()
			.map(this.json::readTree)
			.toList();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] fixture(String name) {
		try (InputStream in = TelemetryIngestTest.class.getResourceAsStream("/fixtures/telemetry/" + name)) {
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
