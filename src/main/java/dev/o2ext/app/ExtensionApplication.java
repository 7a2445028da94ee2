package dev.o2ext.app;

import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.lambda.ExtensionsApiClient;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The Spring application: explicit configuration, no auto-configuration and no embedded web
 * server factory (the listeners are bound by {@link ServersConfiguration}), so that the context
 * holds only what the extension uses. Spring AOT pre-computes it at build time.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@Import({ PipelineConfiguration.class, ServersConfiguration.class, OtlpConfiguration.class })
public class ExtensionApplication {

	/**
	 * Builds and starts the context around settings and a registered API client that already
	 * exist: registration and validation happen before Spring starts.
	 */
	public static ConfigurableApplicationContext start(ExtensionConfig config, ExtensionsApiClient client,
			String[] args) {
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

}
