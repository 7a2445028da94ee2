package dev.o2ext.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake of OpenObserve's OTLP/HTTP ingestion on 127.0.0.1 ({@code POST /api/{org}/v1/traces},
 * {@code /v1/metrics}, {@code /v1/logs}) that answers like the real server
 * ({@code ../shared/reference/openobserve.md}): exact content types only, gzip, 401 for another
 * {@code Authorization}, and a protobuf {@code Export…ServiceResponse} for every success, with a
 * {@code partial_success} when told to refuse items. Protobuf bodies are decoded with the
 * OpenTelemetry proto classes (independent of the relay's own walker), JSON bodies with Jackson.
 * The shared {@code FakeOpenObserve} has no OTLP endpoints, hence this one.
 */
final class FakeOtlpOpenObserve implements AutoCloseable {

	private static final Pattern PATH = Pattern.compile("^/api/([^/]+)/v1/(traces|metrics|logs)$");

	private static final Pattern JSON_INGEST = Pattern.compile("^/api/([^/]+)/([^/]+)/_json$");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String authorization;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "fake-otlp-o2");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Received> received = new ArrayList<>();

	private final List<Call> calls = new ArrayList<>();

	private final ArrayDeque<Integer> scriptedStatuses = new ArrayDeque<>();

	private long rejectNext;

	private long logRecords;

	private int persistentStatus;

	private FakeOtlpOpenObserve(String authorization) throws IOException {
		this.authorization = authorization;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	static FakeOtlpOpenObserve start(String authorization) {
		try {
			return new FakeOtlpOpenObserve(authorization);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The value of {@code O2_ENDPOINT}. */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The next {@code count} OTLP requests are answered with {@code status} (503 with {@code Retry-After: 0}). */
	synchronized void failNext(int count, int status) {
		for (int i = 0; i < count; i++) {
			this.scriptedStatuses.add(status);
		}
	}

	/** Every request is answered with {@code status} until {@link #recover()}; 0 ends it. */
	synchronized void failAlways(int status) {
		this.persistentStatus = status;
	}

	synchronized void recover() {
		this.persistentStatus = 0;
		this.scriptedStatuses.clear();
	}

	/** The next successful answer refuses this many items in its {@code partial_success}. */
	synchronized void rejectNext(long items) {
		this.rejectNext = items;
	}

	/** Records the extension's log shipper stored through {@code _json}. */
	synchronized long logRecords() {
		return this.logRecords;
	}

	/** Every request decoded and stored, in order. */
	synchronized List<Received> received() {
		return List.copyOf(this.received);
	}

	synchronized List<Received> received(OtlpSignal signal) {
		return this.received.stream().filter((r) -> r.signal() == signal).toList();
	}

	/** Every request with its answer, in order. */
	synchronized List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/** Names (span names, log bodies, metric names) of everything stored for the signal, in order. */
	List<String> names(OtlpSignal signal) {
		return received(signal).stream().flatMap((r) -> r.names().stream()).toList();
	}

	/** Items stored and not refused for the signal. */
	long items(OtlpSignal signal) {
		return received(signal).stream().mapToLong((r) -> r.items() - r.rejected()).sum();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		long arrival = System.nanoTime();
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] raw = in.readAllBytes();
			Map<String, String> headers = new TreeMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
			Answer answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, raw, arrival);
			synchronized (this) {
				this.calls.add(new Call(exchange.getRequestURI().getPath(), headers, answer.status(), arrival));
			}
			exchange.getResponseHeaders().set("Content-Type", answer.contentType());
			if (answer.status() == 503) {
				exchange.getResponseHeaders().set("Retry-After", "0");
			}
			exchange.sendResponseHeaders(answer.status(), (answer.body().length == 0) ? -1 : answer.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
	}

	private Answer answer(String method, String path, Map<String, String> headers, byte[] raw, long arrival) {
		Matcher ingest = JSON_INGEST.matcher(path);
		if (method.equals("POST") && ingest.matches()) {
			return jsonIngest(ingest.group(2), headers, raw);
		}
		Matcher matcher = PATH.matcher(path);
		if (!method.equals("POST") || !matcher.matches()) {
			return Answer.text(404, "Not Found");
		}
		Integer scripted = scripted();
		if (scripted != null) {
			return Answer.text(scripted, "scripted failure");
		}
		if (!this.authorization.equals(headers.get("authorization"))) {
			return Answer.text(401, "Unauthorized Access");
		}
		OtlpSignal signal = OtlpSignal.valueOf(matcher.group(2).toUpperCase(Locale.ROOT));
		String contentType = headers.getOrDefault("content-type", "");
		if (!contentType.equals("application/x-protobuf") && !contentType.equals("application/json")) {
			return Answer.text(400, "Unsupported content type: " + contentType);
		}
		byte[] body;
		try {
			body = "gzip".equals(headers.get("content-encoding"))
					? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw;
		}
		catch (IOException ex) {
			return Answer.text(400, "Invalid gzip body");
		}
		Received decoded;
		try {
			decoded = contentType.equals("application/json") ? json(signal, body) : protobuf(signal, body);
		}
		catch (InvalidProtocolBufferException | JacksonException ex) {
			return Answer.text(400, "Invalid request body");
		}
		long rejected;
		synchronized (this) {
			rejected = Math.min(this.rejectNext, decoded.items());
			this.rejectNext = 0;
			this.received.add(new Received(signal, matcher.group(1), contentType, headers, decoded.names(),
					decoded.items(), decoded.resources(), rejected, arrival, decoded.resourceAttributes()));
		}
		return Answer.protobuf(response(signal, rejected));
	}

	/** The log shipper's {@code _json} ingestion, only counted: the shared fake checks it in depth. */
	private Answer jsonIngest(String stream, Map<String, String> headers, byte[] raw) {
		if (!this.authorization.equals(headers.get("authorization"))) {
			return Answer.text(401, "Unauthorized Access");
		}
		try {
			byte[] body = "gzip".equals(headers.get("content-encoding"))
					? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw;
			int records = JSON.readTree(body).size();
			synchronized (this) {
				this.logRecords += records;
			}
			String answer = "{\"code\":200,\"status\":[{\"name\":\"" + stream + "\",\"successful\":" + records
					+ ",\"failed\":0}]}";
			return new Answer(200, "application/json", answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException | JacksonException ex) {
			return Answer.text(400, "Invalid request body");
		}
	}

	private synchronized @Nullable Integer scripted() {
		if (!this.scriptedStatuses.isEmpty()) {
			return this.scriptedStatuses.poll();
		}
		return (this.persistentStatus != 0) ? this.persistentStatus : null;
	}

	private static Received protobuf(OtlpSignal signal, byte[] body) throws InvalidProtocolBufferException {
		List<String> names = new ArrayList<>();
		Map<String, String> attributes = new TreeMap<>();
		int resources;
		int items = 0;
		switch (signal) {
			case TRACES -> {
				ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
				resources = request.getResourceSpansCount();
				request.getResourceSpansList().forEach((r) -> attributes(r.getResource(), attributes));
				request.getResourceSpansList().forEach((r) -> r.getScopeSpansList()
					.forEach((s) -> s.getSpansList().forEach((span) -> names.add(span.getName()))));
				items = names.size();
			}
			case LOGS -> {
				ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
				resources = request.getResourceLogsCount();
				request.getResourceLogsList().forEach((r) -> attributes(r.getResource(), attributes));
				request.getResourceLogsList().forEach((r) -> r.getScopeLogsList()
					.forEach((s) -> s.getLogRecordsList().forEach((log) -> names.add(log.getBody().getStringValue()))));
				items = names.size();
			}
			default -> {
				ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
				resources = request.getResourceMetricsCount();
				for (var resource : request.getResourceMetricsList()) {
					attributes(resource.getResource(), attributes);
					for (var scope : resource.getScopeMetricsList()) {
						for (Metric metric : scope.getMetricsList()) {
							names.add(metric.getName());
							items += metric.getGauge().getDataPointsCount() + metric.getSum().getDataPointsCount()
									+ metric.getHistogram().getDataPointsCount()
									+ metric.getExponentialHistogram().getDataPointsCount()
									+ metric.getSummary().getDataPointsCount();
						}
					}
				}
			}
		}
		return new Received(signal, "", "", Map.of(), names, items, resources, 0, 0, attributes);
	}

	private static void attributes(io.opentelemetry.proto.resource.v1.Resource resource, Map<String, String> into) {
		resource.getAttributesList().forEach((kv) -> into.put(kv.getKey(),
				kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
	}

	private static Received json(OtlpSignal signal, byte[] body) {
		JsonNode root = JSON.readTree(body);
		List<String> names = new ArrayList<>();
		int items = 0;
		JsonNode resources = root.path(signal.resourceKey());
		for (JsonNode resource : resources) {
			for (JsonNode scope : resource.path(signal.scopeKey())) {
				for (JsonNode item : scope.path(signal.itemKey())) {
					switch (signal) {
						case TRACES -> names.add(item.path("name").asString(""));
						case LOGS -> names.add(item.path("body").path("stringValue").asString(""));
						default -> {
							names.add(item.path("name").asString(""));
							for (String kind : List.of("gauge", "sum", "histogram", "exponentialHistogram", "summary")) {
								items += item.path(kind).path("dataPoints").size();
							}
						}
					}
				}
			}
		}
		if (signal != OtlpSignal.METRICS) {
			items = names.size();
		}
		return new Received(signal, "", "", Map.of(), names, items, resources.size(), 0, 0, Map.of());
	}

	private static byte[] response(OtlpSignal signal, long rejected) {
		if (rejected == 0) {
			return switch (signal) {
				case TRACES -> ExportTraceServiceResponse.getDefaultInstance().toByteArray();
				case LOGS -> ExportLogsServiceResponse.getDefaultInstance().toByteArray();
				case METRICS -> ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
			};
		}
		String message = "Too old data, only last 5 hours data can be ingested";
		return switch (signal) {
			case TRACES -> ExportTraceServiceResponse.newBuilder()
				.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message))
				.build().toByteArray();
			case LOGS -> ExportLogsServiceResponse.newBuilder()
				.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(message))
				.build().toByteArray();
			case METRICS -> ExportMetricsServiceResponse.newBuilder()
				.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected).setErrorMessage(message))
				.build().toByteArray();
		};
	}

	/**
	 * One request that was stored.
	 * @param headers request headers, names in lower case
	 * @param names span names, log record bodies or metric names, in order
	 * @param items spans, log records or data points
	 * @param resources entries of the resource list
	 * @param rejected items refused in the answer's partial_success
	 * @param arrivalNanos {@link System#nanoTime()} at arrival
	 * @param resourceAttributes attributes of the resources (protobuf only), merged
	 */
	record Received(OtlpSignal signal, String organization, String contentType, Map<String, String> headers,
			List<String> names, int items, int resources, long rejected, long arrivalNanos,
			Map<String, String> resourceAttributes) {
	}

	/** Any request and the status it got. */
	record Call(String path, Map<String, String> headers, int status, long arrivalNanos) {
	}

	private record Answer(int status, String contentType, byte[] body) {

		static Answer text(int status, String text) {
			return new Answer(status, "text/plain", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		static Answer protobuf(byte[] body) {
			return new Answer(200, "application/x-protobuf", body);
		}

	}

}
