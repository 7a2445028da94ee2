package dev.o2ext;

import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

import dev.o2ext.app.ExtensionApplication;
import dev.o2ext.app.LogSetup;
import dev.o2ext.app.RemoteAuthorization;
import dev.o2ext.cli.HealthCheck;
import dev.o2ext.cli.Version;
import dev.o2ext.config.ConfigException;
import dev.o2ext.config.ConfigLoader;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.config.Setting;
import dev.o2ext.lambda.ExtensionsApiClient;
import dev.o2ext.lambda.InitializationType;
import dev.o2ext.lambda.LambdaApi;
import dev.o2ext.lambda.LambdaApiException;
import dev.o2ext.lifecycle.ExtensionLoop;
import dev.o2ext.metrics.PipelineMetrics;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point. As a Lambda extension it registers with the Extensions API first, with the JDK
 * alone, because Lambda does not start the function until every extension has registered (in
 * the layer the launcher has registered before the JVM started and passes the identifier in
 * {@link LambdaApi#PRE_REGISTERED_ID_VARIABLE}); then it validates the configuration
 * (reporting {@code Extension.ConfigInvalid} and exiting when it is wrong), starts reading the
 * authorization header from Secrets Manager or SSM when it is kept there, builds the Spring
 * context while the runtime initialises, waits for that read (fail-open), and runs the lifecycle
 * until SHUTDOWN. The registration's events depend on {@code AWS_LAMBDA_INITIALIZATION_TYPE}.
 * {@code --version} and {@code --health-check} (or {@code -h}) are the command-line modes.
 */
public final class O2LambdaExtension {

	private O2LambdaExtension() {
	}

	public static void main(String[] args) {
		List<String> flags = Arrays.asList(args);
		if (flags.contains("--version")) {
			System.out.println("o2-lambda-extension " + Version.current());
			return;
		}
		if (flags.contains("--health-check") || flags.contains("-h")) {
			System.exit(HealthCheck.run(System.getenv(), System.out));
		}
		if (Boolean.getBoolean("spring.aot.processing")) {
			// build time: Spring AOT only needs the bean definitions, nothing is started
			ExtensionConfig sample = ConfigLoader.load(Map.of("O2_ORGANIZATION_ID", "aot", "O2_AUTHORIZATION_HEADER", "aot"));
			ExtensionApplication.start(sample, new ExtensionsApiClient("127.0.0.1:9001"), args);
			return;
		}
		int status = runExtension(args, System.getenv());
		System.out.flush();
		System.err.flush();
		// halt, not exit: there is nothing left to clean up, and the SHUTDOWN deadline is near
		Runtime.getRuntime().halt(status);
	}

	private static int runExtension(String[] args, Map<String, String> env) {
		LogSetup.install(Level.INFO);
		String runtimeApi = env.get(LambdaApi.RUNTIME_API_VARIABLE);
		if (runtimeApi == null || runtimeApi.isBlank()) {
			System.err.println("o2-lambda-extension: " + LambdaApi.RUNTIME_API_VARIABLE
					+ " is not set. This program runs as an AWS Lambda extension (see the README for the local"
					+ " simulator); use --health-check to test a configuration.");
			return 1;
		}
		if (InitializationType.from(env) == InitializationType.SNAP_START) {
			// a DNS answer cached before the snapshot would be served after any restore, however old
			Security.setProperty("networkaddress.cache.ttl", "0");
			Security.setProperty("networkaddress.cache.negative.ttl", "0");
		}
		ExtensionsApiClient client = new ExtensionsApiClient(runtimeApi);
		String preRegistered = env.get(LambdaApi.PRE_REGISTERED_ID_VARIABLE);
		if (preRegistered != null) {
			try {
				// the launcher registered before starting this process
				client.adopt(preRegistered, env.get(LambdaApi.PRE_REGISTERED_ACCOUNT_VARIABLE));
			}
			catch (IllegalArgumentException ex) {
				// registered, but not under a usable identifier: registering again would be refused
				System.err.println("o2-lambda-extension: " + LambdaApi.PRE_REGISTERED_ID_VARIABLE + " is "
						+ ex.getMessage());
				return 1;
			}
		}
		else {
			String name = env.getOrDefault(Setting.O2_EXTENSION_NAME.name(), ConfigLoader.DEFAULT_EXTENSION_NAME);
			try {
				client.register(name, InitializationType.from(env).events()); // from now on the function may start
			}
			catch (LambdaApiException ex) {
				System.err.println("o2-lambda-extension: registration failed: " + ex.getMessage());
				return 1;
			}
		}
		ExtensionConfig config;
		try {
			config = ConfigLoader.load(env);
		}
		catch (ConfigException ex) {
			ex.problems().forEach((problem) -> System.err.println("o2-lambda-extension: configuration error: " + problem));
			return initError(client, LambdaApi.CONFIG_INVALID, ex.getMessage());
		}
		LogSetup.install(config.logLevel());
		RemoteAuthorization authorization = RemoteAuthorization.start(config, env); // in parallel with Spring
		ConfigurableApplicationContext context;
		try {
			context = ExtensionApplication.start(config, client, args);
		}
		catch (RuntimeException ex) {
			String reason = "start-up failed: " + rootCause(ex);
			System.err.println("o2-lambda-extension: " + reason);
			return initError(client, LambdaApi.INIT_FAILED, reason);
		}
		String unavailable = authorization.await(); // before the first next
		if (unavailable != null) {
			// fail-open: the function runs on; what OpenObserve refuses without the header is counted
			String line = unavailable + "; sending without it, OpenObserve's refusals are counted";
			System.err.println("o2-lambda-extension: " + line);
			context.getBean(PipelineMetrics.class).error(line);
		}
		else if (config.authorizationSource().remote()) {
			System.err.println("o2-lambda-extension: authorization header read from the "
					+ config.authorizationSource().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
					+ " in " + authorization.elapsed().toMillis() + " ms (Init waited " + authorization.waited().toMillis()
					+ " ms for it)");
		}
		return context.getBean(ExtensionLoop.class).run();
	}

	private static int initError(ExtensionsApiClient client, String type, String message) {
		try {
			client.initError(type, message);
		}
		catch (LambdaApiException ex) {
			System.err.println("o2-lambda-extension: could not report the init error: " + ex.getMessage());
		}
		return 1;
	}

	private static String rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
