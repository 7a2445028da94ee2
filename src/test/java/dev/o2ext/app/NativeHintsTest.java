package dev.o2ext.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.config.ConfigLoader;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.diagnostics.DiagnosticsDocument;
import dev.o2ext.http.NettyResources;
import dev.o2ext.lambda.ExtensionsApiClient;
import dev.o2ext.lifecycle.ExtensionLoop;
import dev.o2ext.lifecycle.ExtensionStatus;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.otlp.OtlpRelay;
import dev.o2ext.shipping.Lane;
import dev.o2ext.telemetry.TelemetryIngest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.javapoet.ClassName;

/**
 * What a GraalVM native image of the extension needs beyond what the compiler sees: the runtime
 * hints Spring AOT derives from the context (checked here on the real configuration, processed
 * ahead of time in the test), and the absence of any type of ours that Jackson would bind by
 * reflection — the code uses Jackson's tree model and serializes only maps of JDK values, so it
 * needs no {@code RuntimeHintsRegistrar} of its own. A native image is not built on our
 * machines (docs/layer.md); this is what can be verified on the JVM.
 */
class NativeHintsTest {

	private static RuntimeHints hints;

	@BeforeAll
	static void processAheadOfTime() {
		ExtensionConfig config = ConfigLoader
			.load(Map.of("O2_ORGANIZATION_ID", "aot", "O2_AUTHORIZATION_HEADER", "Basic YW90OmFvdA=="));
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getBeanFactory().registerSingleton("extensionConfig", config);
		context.getBeanFactory().registerSingleton("extensionsApiClient", new ExtensionsApiClient("127.0.0.1:9"));
		context.register(ExtensionApplication.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(NativeHintsTest.class.getPackageName(), "NativeHintsTestApplication")),
				new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		generation.writeGeneratedContent();
		hints = generation.getRuntimeHints();
	}

	@Test
	void theConfigurationAndBeanTypesAreRegisteredForReflection() {
		for (Class<?> type : List.of(ExtensionApplication.class, PipelineConfiguration.class,
				ServersConfiguration.class, OtlpConfiguration.class, ServersConfiguration.DiagnosticsServer.class,
				NettyResources.class, BoundedQueue.class, Lane.class, TelemetryIngest.class, ExtensionLoop.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
		}
	}

	@Test
	void webFluxCodecConfigurersAreInstantiableAndTheirDefaultsReadable() {
		// RouterFunctions.toHttpHandler and WebClient create them reflectively from this file
		for (String configurer : List.of("org.springframework.http.codec.support.DefaultServerCodecConfigurer",
				"org.springframework.http.codec.support.DefaultClientCodecConfigurer")) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of(configurer))
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).as(configurer).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("org/springframework/http/codec/CodecConfigurer.properties")).accepts(hints);
	}

	@Test
	void jacksonBindsNoTypeOfOursTheDiagnosticsDocumentHoldsOnlyJdkValues() {
		ByteBudget budget = new ByteBudget(1024 * 1024);
		InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());
		BoundedQueue<byte[]> buffer = BoundedQueue.records(budget, 64 * 1024, metrics.logs());
		OtlpRelay relay = new OtlpRelay(budget, 64 * 1024, metrics);
		relay.receiverNotRunning("disabled");
		Map<String, Object> document = new DiagnosticsDocument(buffer, metrics, new ExtensionStatus(), "test", relay)
			.build();

		List<String> notJdk = new ArrayList<>();
		collectNonJdkTypes("", document, notJdk);

		assertThat(notJdk)
			.as("values Jackson would serialize by reflection: a native image needs a reflection hint for each"
					+ " (a RuntimeHintsRegistrar in dev.o2ext.app), or the document should hold maps of JDK values")
			.isEmpty();
	}

	private static void collectNonJdkTypes(String path, Object value, List<String> found) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, child) -> collectNonJdkTypes(path + "/" + key, child, found));
			return;
		}
		if (value instanceof Iterable<?> items) {
			items.forEach((child) -> collectNonJdkTypes(path + "[]", child, found));
			return;
		}
		found.add(path + ": " + value.getClass().getName());
	}

}
