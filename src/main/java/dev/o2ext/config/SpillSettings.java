package dev.o2ext.config;

import java.nio.file.Path;

/**
 * The spill to {@code /tmp}.
 *
 * @param maxBytes bound of the spill's files ({@code O2_SPILL_MAX_MB}); 0 is off
 * @param directory where the files go ({@code O2_SPILL_DIR}), one subdirectory per lane
 */
public record SpillSettings(long maxBytes, Path directory) {

	public boolean enabled() {
		return this.maxBytes > 0;
	}

	static SpillSettings read(EnvReader reader) {
		return new SpillSettings(reader.integer(Setting.O2_SPILL_MAX_MB) * 1_048_576L,
				Path.of(reader.string(Setting.O2_SPILL_DIR)));
	}

}
