package dev.o2ext.filter;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.config.Severity;
import dev.o2ext.metrics.Discard;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a record is kept, from its event type and its level alone: first the type
 * ({@code O2_LOG_TYPES}, {@code O2_DROP_PLATFORM}), then the minimum level, then the sampling
 * rate of its level. A record without a level (every platform record, a line without a level
 * column) is never filtered or sampled by level. Sampling draws one number in [0, 1) from the
 * injected source per record whose level has a rate strictly between 0 and 1, and keeps it when
 * the number is below the rate; levels without a rate (by default all, ERROR and FATAL included)
 * are never sampled. Thread-safe when the random source is.
 */
public final class RecordFilter {

	private final Set<String> keptTypes;

	private final Set<String> droppedTypes;

	private final @Nullable Severity minLevel;

	private final Map<Severity, Double> rates;

	private final DoubleSupplier random;

	/**
	 * @param settings what to keep
	 * @param random numbers in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
	 */
	public RecordFilter(FilterSettings settings, DoubleSupplier random) {
		this.keptTypes = settings.keptTypes();
		this.droppedTypes = settings.droppedTypes();
		this.minLevel = settings.minLevel();
		this.rates = settings.sampleRates().isEmpty() ? Map.of() : new EnumMap<>(settings.sampleRates());
		this.random = random;
	}

	/**
	 * Why the record is left out, or null to keep it.
	 * @param type the event's {@code type}
	 * @param level the record's level as written (any case, aliases such as WARNING allowed), or null
	 */
	public @Nullable Discard discard(String type, @Nullable String level) {
		if (!keeps(type)) {
			return Discard.FILTERED_BY_TYPE;
		}
		Severity severity = (this.minLevel != null || !this.rates.isEmpty()) ? Severity.parse(level) : null;
		if (severity == null) {
			return null;
		}
		if (this.minLevel != null && severity.compareTo(this.minLevel) < 0) {
			return Discard.FILTERED_BY_LEVEL;
		}
		Double rate = this.rates.get(severity);
		if (rate == null || rate >= 1.0) {
			return null;
		}
		return (rate <= 0.0 || this.random.getAsDouble() >= rate) ? Discard.SAMPLED_OUT : null;
	}

	/** Whether a level is read at all: some record can be filtered or sampled by its level. */
	public boolean usesLevels() {
		return this.minLevel != null || !this.rates.isEmpty();
	}

	private boolean keeps(String type) {
		if (this.droppedTypes.contains(type)) {
			return false;
		}
		if (this.keptTypes.isEmpty() || this.keptTypes.contains(type)) {
			return true;
		}
		int dot = type.indexOf('.');
		return this.keptTypes.contains((dot > 0) ? type.substring(0, dot) : type);
	}

}
