package dev.o2ext.config;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.o2ext.lambda.LambdaApi;
import dev.o2ext.metrics.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * What is left out of, and blanked in, the Telemetry API's records before they are buffered.
 * The defaults keep and change nothing.
 *
 * @param keptTypes {@code O2_LOG_TYPES}: the event types stored, empty for all; {@code platform},
 * {@code function} and {@code extension} stand for every record of theirs, a {@code platform.*}
 * name for exactly that platform record
 * @param droppedTypes {@code O2_DROP_PLATFORM}: platform record types never stored
 * @param minLevel {@code O2_MIN_LEVEL}: records with a lower level are left out; records without
 * a level are kept; null keeps every level
 * @param sampleRates {@code O2_SAMPLE_RATES}: the share (0–1) of records of a level that is kept;
 * a level not named keeps everything
 * @param redact {@code O2_REDACT}: the presets applied to {@code function} and {@code extension}
 * records
 * @param customPattern {@code O2_REDACT_PATTERN}: a regular expression whose matches are blanked
 * too, or null
 */
public record FilterSettings(Set<String> keptTypes, Set<String> droppedTypes, @Nullable Severity minLevel,
		Map<Severity, Double> sampleRates, 		Set<Redaction> redact, @Nullable Pattern customPattern) {

	/** Keeps and changes everything. */
	public static final FilterSettings NONE = new FilterSettings(Set.of(), Set.of(), null, Map.of(), Set.of(), null);

	/** The {@code O2_DROP_PLATFORM} presets: the records of each invocation and those of Init. */
	static final Map<String, List<String>> PLATFORM_PRESETS = Map.of(
			"invocation", List.of("platform.start", "platform.runtimeDone"),
			"report", List.of("platform.report"),
			"init", List.of("platform.initStart", "platform.initRuntimeDone", "platform.initReport",
					"platform.restoreStart", "platform.restoreRuntimeDone", "platform.restoreReport",
					"platform.extension", "platform.telemetrySubscription"));

	private static final List<String> CATEGORIES = List.of("platform", "function", "extension");

	public FilterSettings {
		keptTypes = Set.copyOf(keptTypes);
		droppedTypes = Set.copyOf(droppedTypes);
		sampleRates = Map.copyOf(sampleRates);
		redact = Set.copyOf(redact);
	}

	/** Whether any record can be left out. */
	public boolean filters() {
		return !this.keptTypes.isEmpty() || !this.droppedTypes.isEmpty() || this.minLevel != null
				|| !this.sampleRates.isEmpty();
	}

	/** Whether any value can be redacted. */
	public boolean redacts() {
		return !this.redact.isEmpty() || this.customPattern != null;
	}

	/** Reads the variables named above; each problem names its variable. */
	static FilterSettings read(EnvReader reader) {
		Set<String> kept = new LinkedHashSet<>();
		for (String entry : entries(reader.string(Setting.O2_LOG_TYPES))) {
			if (CATEGORIES.contains(entry) || LambdaApi.PLATFORM_EVENT_TYPES.contains(entry)) {
				kept.add(entry);
			}
			else {
				reader.problem("O2_LOG_TYPES may list platform, function, extension and platform record types such as"
						+ " platform.report, got '" + entry + "'");
			}
		}
		Set<String> dropped = new LinkedHashSet<>();
		for (String entry : entries(reader.string(Setting.O2_DROP_PLATFORM))) {
			if (PLATFORM_PRESETS.containsKey(entry)) {
				dropped.addAll(PLATFORM_PRESETS.get(entry));
			}
			else if (LambdaApi.PLATFORM_EVENT_TYPES.contains(entry)) {
				dropped.add(entry);
			}
			else if (!entry.equals("none")) {
				reader.problem("O2_DROP_PLATFORM may list none, invocation, report, init and platform record types such"
						+ " as platform.start, got '" + entry + "'");
			}
		}
		Severity minLevel = null;
		String min = reader.raw(Setting.O2_MIN_LEVEL);
		if (min != null) {
			minLevel = Severity.parse(min);
			if (minLevel == null) {
				reader.problem("O2_MIN_LEVEL must be one of trace, debug, info, warn, error, fatal, got '" + min + "'");
			}
		}
		return new FilterSettings(kept, dropped, minLevel, sampleRates(reader), redact(reader), customPattern(reader));
	}

	private static Map<Severity, Double> sampleRates(EnvReader reader) {
		Map<Severity, Double> rates = new EnumMap<>(Severity.class);
		String value = reader.raw(Setting.O2_SAMPLE_RATES);
		if (value == null) {
			return rates;
		}
		for (String entry : value.split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			int equals = entry.indexOf('=');
			Severity level = (equals > 0) ? Severity.parse(entry.substring(0, equals)) : null;
			double rate = (equals > 0) ? rate(entry.substring(equals + 1).trim()) : Double.NaN;
			if (level == null || !(rate >= 0 && rate <= 1)) {
				reader.problem("O2_SAMPLE_RATES must be LEVEL=RATE pairs such as DEBUG=0.1,INFO=0.5 (levels trace to"
						+ " fatal, rates from 0 to 1), got '" + entry.trim() + "'");
			}
			else if (rates.put(level, rate) != null) {
				reader.problem("O2_SAMPLE_RATES names " + level + " twice");
			}
		}
		rates.values().removeIf((rate) -> rate == 1.0);
		return rates;
	}

	private static double rate(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private static Set<Redaction> redact(EnvReader reader) {
		Set<Redaction> presets = EnumSet.noneOf(Redaction.class);
		for (String entry : entries(reader.string(Setting.O2_REDACT))) {
			Redaction preset = Redaction.preset(entry);
			if (preset != null) {
				presets.add(preset);
			}
			else if (!entry.equals("none")) {
				reader.problem("O2_REDACT may list email, card, jwt, aws, auth and ipv4, got '" + entry + "'");
			}
		}
		return presets;
	}

	private static @Nullable Pattern customPattern(EnvReader reader) {
		String regex = reader.raw(Setting.O2_REDACT_PATTERN);
		if (regex == null) {
			return null;
		}
		try {
			Pattern pattern = Pattern.compile(regex);
			if (pattern.matcher("").matches()) {
				reader.problem("O2_REDACT_PATTERN must not match the empty text (it would blank every gap between"
						+ " characters); use + rather than * for the repeated part");
				return null;
			}
			return pattern;
		}
		catch (PatternSyntaxException ex) {
			reader.problem("O2_REDACT_PATTERN is not a valid Java regular expression: " + ex.getDescription()
					+ " near index " + ex.getIndex());
			return null;
		}
	}

	/** The comma-separated entries, lower case, platform types in their own spelling whatever the case. */
	private static List<String> entries(String value) {
		return Arrays.stream(value.split(",")).map(String::trim).filter((e) -> !e.isEmpty())
			.map((e) -> LambdaApi.PLATFORM_EVENT_TYPES.stream().filter(e::equalsIgnoreCase).findFirst()
				.orElse(e.toLowerCase(Locale.ROOT)))
			.toList();
	}

}
