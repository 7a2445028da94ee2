package dev.o2ext.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.config.Severity;
import dev.o2ext.metrics.Discard;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RecordFilterTest {

	/** Hands out the given numbers in turn and remembers how many were drawn. */
	private static final class Script implements DoubleSupplier {

		private final double[] values;

		private int drawn;

		Script(double... values) {
			this.values = values;
		}

		@Override
		public double getAsDouble() {
			return this.values[this.drawn++ % this.values.length];
		}

	}

	private static FilterSettings settings(Set<String> kept, Set<String> dropped, @Nullable Severity min,
			Map<Severity, Double> rates) {
		return new FilterSettings(kept, dropped, min, rates, Set.of(), null);
	}

	@Test
	void theDefaultKeepsEverythingAndDrawsNothing() {
		Script random = new Script(0.99);
		RecordFilter filter = new RecordFilter(FilterSettings.NONE, random);

		for (String type : List.of("function", "extension", "platform.start", "platform.report", "platform.future")) {
			for (String level : new String[] { null, "TRACE", "DEBUG", "ERROR", "UNDEFINED" }) {
				assertThat(filter.discard(type, level)).isNull();
			}
		}
		assertThat(random.drawn).isZero();
		assertThat(filter.usesLevels()).isFalse();
	}

	@Test
	void typesOutsideTheKeptOnesAreFilteredNewPlatformTypesToo() {
		RecordFilter filter = new RecordFilter(settings(Set.of("function", "platform.report"), Set.of(), null, Map.of()),
				new Script(0.5));

		assertThat(filter.discard("function", null)).isNull();
		assertThat(filter.discard("platform.report", null)).isNull();
		assertThat(filter.discard("extension", "INFO")).isEqualTo(Discard.FILTERED_BY_TYPE);
		assertThat(filter.discard("platform.start", null)).isEqualTo(Discard.FILTERED_BY_TYPE);
		assertThat(filter.discard("platform.somethingNew", null)).isEqualTo(Discard.FILTERED_BY_TYPE);
	}

	@Test
	void aCategoryKeepsAllItsTypesExceptTheDroppedOnes() {
		RecordFilter filter = new RecordFilter(settings(Set.of("platform", "function"),
				Set.of("platform.start", "platform.runtimeDone"), null, Map.of()), new Script(0.5));

		assertThat(filter.discard("platform.report", null)).isNull();
		assertThat(filter.discard("platform.logsDropped", null)).isNull();
		assertThat(filter.discard("platform.start", null)).isEqualTo(Discard.FILTERED_BY_TYPE);
		assertThat(filter.discard("platform.runtimeDone", null)).isEqualTo(Discard.FILTERED_BY_TYPE);
		assertThat(filter.discard("function", null)).isNull();
	}

	@Test
	void levelsBelowTheMinimumAreFilteredRecordsWithoutALevelAreKept() {
		RecordFilter filter = new RecordFilter(settings(Set.of(), Set.of(), Severity.WARN, Map.of()), new Script(0.5));

		assertThat(filter.discard("function", "debug")).isEqualTo(Discard.FILTERED_BY_LEVEL);
		assertThat(filter.discard("function", "INFO")).isEqualTo(Discard.FILTERED_BY_LEVEL);
		assertThat(filter.discard("function", "WARN")).isNull();
		assertThat(filter.discard("function", "Warning")).isNull();
		assertThat(filter.discard("function", "ERROR")).isNull();
		assertThat(filter.discard("function", "CRITICAL")).isNull();
		assertThat(filter.discard("function", "UNDEFINED")).as("Java's plain System.out lines").isNull();
		assertThat(filter.discard("function", null)).isNull();
		assertThat(filter.discard("platform.report", null)).isNull();
	}

	@Test
	void samplingKeepsExactlyTheRecordsWhoseDrawIsBelowTheRate() {
		Script random = new Script(0.05, 0.1, 0.95, 0.0999, 0.5, 0.2, 0.01, 0.3, 0.09, 0.7);
		RecordFilter filter = new RecordFilter(settings(Set.of(), Set.of(), null, Map.of(Severity.DEBUG, 0.1)), random);

		List<Integer> kept = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			if (filter.discard("function", "DEBUG") == null) {
				kept.add(i);
			}
		}
		assertThat(random.drawn).isEqualTo(100);
		// per ten draws, 0.05, 0.0999, 0.01 and 0.09 are below 0.1; 0.1 itself is not
		assertThat(kept).hasSize(40).startsWith(0, 3, 6, 8, 10, 13);
	}

	@Test
	void levelsWithoutARateAreNeverSampledErrorsIncludedUnlessTheUserAsks() {
		Script random = new Script(0.999);
		RecordFilter filter = new RecordFilter(settings(Set.of(), Set.of(), null, Map.of(Severity.DEBUG, 0.5)), random);

		for (String level : List.of("TRACE", "INFO", "WARN", "ERROR", "FATAL")) {
			assertThat(filter.discard("function", level)).as(level).isNull();
		}
		assertThat(filter.discard("function", null)).isNull();
		assertThat(random.drawn).as("no number drawn for levels without a rate").isZero();
		assertThat(filter.discard("function", "DEBUG")).isEqualTo(Discard.SAMPLED_OUT);

		RecordFilter asked = new RecordFilter(settings(Set.of(), Set.of(), null, Map.of(Severity.ERROR, 0.0)), random);
		assertThat(asked.discard("function", "ERROR")).isEqualTo(Discard.SAMPLED_OUT);
	}

	@Test
	void theMinimumLevelIsAppliedBeforeSampling() {
		Script random = new Script(0.0);
		RecordFilter filter = new RecordFilter(settings(Set.of(), Set.of(), Severity.INFO,
				Map.of(Severity.DEBUG, 0.5, Severity.INFO, 0.5)), random);

		assertThat(filter.discard("function", "DEBUG")).isEqualTo(Discard.FILTERED_BY_LEVEL);
		assertThat(random.drawn).isZero();
		assertThat(filter.discard("function", "INFO")).isNull();
		assertThat(random.drawn).isOne();
	}

}
