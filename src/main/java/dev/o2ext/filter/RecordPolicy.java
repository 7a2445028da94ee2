package dev.o2ext.filter;

import java.util.Map;
import java.util.function.DoubleSupplier;

import dev.o2ext.config.FilterSettings;
import dev.o2ext.metrics.Discard;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.records.Columns;
import dev.o2ext.records.RecordStage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the Telemetry API ingest asks of each record before it is serialized and buffered: keep it
 * or not ({@link RecordFilter}, with the level from a {@link LevelSource}), and if kept, the
 * record with {@code function} and {@code extension} records redacted ({@link JsonRedactor};
 * platform records hold only Lambda's own fields). A record left out is counted as
 * {@link PipelineMetrics#discarded}. With the default settings it returns every record unchanged
 * and reads nothing. Called on the listener's thread; never blocks or throws.
 */
public final class RecordPolicy {


	private final RecordFilter filter;

	private final LevelSource levels;

	private final boolean filters;

	private final JsonRedactor redactor;

	private final boolean redacts;

	private final PipelineMetrics metrics;

	/**
	 * @param settings what to leave out and redact
	 * @param levels where a record's level is read
	 * @param random the sampling's numbers in [0, 1)
	 * @param metrics where discards and redactions are counted
	 */
	public RecordPolicy(FilterSettings settings, LevelSource levels, DoubleSupplier random, PipelineMetrics metrics) {
		this.filter = new RecordFilter(settings, random);
		this.filters = settings.filters();
		this.levels = levels;
		Redactor redactor = new Redactor(settings, metrics);
		this.redactor = new JsonRedactor(redactor);
		this.redacts = redactor.active();
		this.metrics = metrics;
	}

	/** Keeps and changes every record. */
	public static RecordPolicy keepAll(PipelineMetrics metrics) {
		return new RecordPolicy(FilterSettings.NONE, LevelSource.NONE, () -> 0.0, metrics);
	}

	/**
	 * The policy as the ingest's last stage before serialization: it sees the structured record
	 * (its {@code type}, the parsed {@code level}) and redacts the line's content — {@code record},
	 * {@code message} and the line's own fields — but none of the context we add ({@link Columns#isContext};
	 * the sandbox's constant fields are not even in the tree, serialization appends them).
	 */
	public RecordStage stage() {
		if (!this.filters && !this.redacts) {
			return RecordStage.NONE; // the default: nothing to read
		}
		return (record) -> {
			String type = record.path("type").asString("");
			if (!keeps(type, record)) {
				return null;
			}
			if (this.redacts && (type.equals("function") || type.equals("extension"))) {
				for (Map.Entry<String, JsonNode> field : record.properties()) {
					if (!Columns.isContext(field.getKey())) {
						field.setValue(this.redactor.redactField(field.getKey(), field.getValue()));
					}
				}
			}
			return record;
		};
	}

	/** Whether the filter keeps the record; a record left out is counted. */
	private boolean keeps(String type, JsonNode record) {
		if (!this.filters) {
			return true;
		}
		@Nullable String level = this.filter.usesLevels() ? this.levels.level(type, record) : null;
		Discard discard = this.filter.discard(type, level);
		if (discard != null) {
			this.metrics.discarded(discard, 1);
		}
		return discard == null;
	}

}
