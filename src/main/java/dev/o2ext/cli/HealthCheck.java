package dev.o2ext.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.o2ext.app.RemoteAuthorization;
import dev.o2ext.config.ConfigException;
import dev.o2ext.config.ConfigLoader;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.config.OpenObserveSettings;
import dev.o2ext.http.NettyResources;
import dev.o2ext.shipping.BatchEncoder;
import dev.o2ext.shipping.HttpReply;
import dev.o2ext.shipping.OpenObserveClient;
import dev.o2ext.shipping.Outcome;
import dev.o2ext.shipping.OutcomeClassifier;
import dev.o2ext.telemetry.RecordMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * {@code --health-check}: validates the configuration, sends one test record of type
 * {@code o2.health_check} to the configured stream, and prints a verdict. Exit status 0 when
 * OpenObserve stored the record, 1 otherwise. The authorization header is never printed.
 */
public final class HealthCheck {

	/** Upper bound of the test request, whatever the configured request timeout. */
	private static final Duration MAX_WAIT = Duration.ofSeconds(10);

	private HealthCheck() {
	}

	public static int run(Map<String, String> env, PrintStream out) {
		ExtensionConfig config;
		try {
			config = ConfigLoader.load(env);
		}
		catch (ConfigException ex) {
			out.println("FAIL: the configuration is invalid:");
			ex.problems().forEach((problem) -> out.println("  - " + problem));
			return 1;
		}
		OpenObserveSettings target = config.openObserve();
		String unavailable = RemoteAuthorization.start(config, env).await();
		if (unavailable != null) {
			out.println("FAIL: " + unavailable);
			return 1;
		}
		out.println("configuration OK: endpoint " + target.endpoint() + ", organization " + target.organization()
				+ ", stream " + target.stream());
		JsonMapper mapper = JsonMapper.builder().build();
		byte[] record = new RecordMapper(mapper, config.function()).toJson(System.currentTimeMillis() * 1000,
				"o2.health_check", StringNode.valueOf("o2-lambda-extension " + Version.current() + " health check"),
				null);
		Duration timeout = (target.requestTimeout().compareTo(MAX_WAIT) < 0) ? target.requestTimeout() : MAX_WAIT;
		OpenObserveClient client = new OpenObserveClient(new NettyResources().webClient(timeout),
				target.authorization());
		OutcomeClassifier classifier = new OutcomeClassifier(mapper);
		Outcome outcome;
		try {
			HttpReply reply = client.post(target.jsonIngestUri(), "application/json",
					BatchEncoder.gzipJsonArray(List.of(record)), Map.of(), timeout);
			outcome = classifier.classify(reply, 1);
		}
		catch (RuntimeException ex) {
			outcome = classifier.classify(ex);
		}
		String verdict = verdict(outcome);
		out.println(verdict);
		return verdict.startsWith("OK") ? 0 : 1;
	}

	private static String verdict(Outcome outcome) {
		if (outcome instanceof Outcome.Accepted accepted) {
			return (accepted.successful() == 1) ? "OK: OpenObserve stored the test record"
					: "FAIL: OpenObserve refused the test record: " + accepted.error();
		}
		if (outcome instanceof Outcome.Retryable retryable) {
			return "FAIL: OpenObserve is not reachable or not ready: " + retryable.description();
		}
		if (outcome instanceof Outcome.Final rejected) {
			return "FAIL: OpenObserve rejected the test record: " + rejected.description();
		}
		if (outcome instanceof Outcome.TooLarge) {
			return "FAIL: OpenObserve refused the test record as too large (413)";
		}
		return "FAIL: OpenObserve answered 200 but stored nothing";
	}

}
