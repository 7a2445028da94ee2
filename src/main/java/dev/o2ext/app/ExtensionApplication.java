package dev.o2ext.app;

import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.lambda.ExtensionsApiClient;
import org.springframework.aot.AotDetector;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The Spring application: explicit configuration, no auto-configuration and no embedded web
 * server factory (the listeners are bound by {@link ServersConfiguration}), so that the context
 * holds only what the extension uses. Spring AOT pre-computes it at build time; with the
 * generated code in use (the layer, a native image) the context starts without
 * {@link SpringApplication}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@Import({ PipelineConfiguration.class, ServersConfiguration.class, OtlpConfiguration.class,
		PlatformMetricsConfiguration.class })
public class ExtensionApplication {

	/**
	 * What Spring AOT generates for the context: process-aot runs the main class
	 * {@code dev.o2ext.O2LambdaExtension}, and the initializer is named after it.
	 */
	static final String AOT_INITIALIZER = "dev.o2ext.O2LambdaExtension__ApplicationContextInitializer";

	/**
	 * Builds and starts the context around settings and a registered API client that already
	 * exist: registration and validation happen before Spring starts.
	 */
	public static ConfigurableApplicationContext start(ExtensionConfig config, ExtensionsApiClient client,
			String[] args) {
		if (AotDetector.useGeneratedArtifacts()) {
			return startGenerated(config, client);
		}
		SpringApplication application = new SpringApplication(ExtensionApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.addInitializers((context) -> {
			context.getBeanFactory().registerSingleton("extensionConfig", config);
			context.getBeanFactory().registerSingleton("extensionsApiClient", client);
		});
		return application.run(args);
	}

	/**
	 * The context from Spring AOT's generated initializer, without {@link SpringApplication}:
	 * it would only add what this context does not use (environment binding, which loads
	 * java.beans, listeners, a logging system, the banner) and costs 0.2 CPU-seconds and 5 MB
	 * at start-up (docs/benchmarks.md).
	 */
	private static ConfigurableApplicationContext startGenerated(ExtensionConfig config, ExtensionsApiClient client) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getBeanFactory().registerSingleton("extensionConfig", config);
		context.getBeanFactory().registerSingleton("extensionsApiClient", client);
		Class<?> type = ClassUtils.resolveClassName(AOT_INITIALIZER, ExtensionApplication.class.getClassLoader());
		@SuppressWarnings("unchecked")
		ApplicationContextInitializer<GenericApplicationContext> initializer = BeanUtils.instantiateClass(type,
				ApplicationContextInitializer.class);
		initializer.initialize(context);
		context.refresh();
		return context;
	}

}
