package dev.o2ext.platformmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.o2ext.metrics.DropReason;
import org.junit.jupiter.api.Test;

class DropWarningsTest {

	private static final long MINUTE = 60_000_000_000L;

	private final List<String> lines = new ArrayList<>();

	private final DropWarnings warnings = new DropWarnings(this.lines::add, MINUTE);

	@Test
	void firstDropOfAReasonWarnsOnceWithCountAndVariableThenOneSummaryPerMinute() {
		this.warnings.check(drops(0, 0), 1);
		assertThat(this.lines).isEmpty();
		this.warnings.check(drops(5890, 0), 2);
		assertThat(this.lines).hasSize(1);
		assertThat(this.lines.get(0)).contains("5890", "buffer_full", "O2_MAX_BUFFER_SIZE_MB");
		this.warnings.check(drops(6000, 0), 3);
		this.warnings.check(drops(7000, 0), MINUTE / 2);
		assertThat(this.lines).hasSize(1);
		this.warnings.check(drops(8000, 0), MINUTE + 2);
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).contains("buffer_full=8000 (+2110)");
		this.warnings.check(drops(8000, 0), 3 * MINUTE);
		assertThat(this.lines).hasSize(2); // no drops since: no line
	}

	@Test
	void eachReasonHasItsOwnFirstLine() {
		this.warnings.check(drops(1, 0), 1);
		this.warnings.check(drops(1, 2), 2);
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).contains("record_too_large", "O2_BATCH_MAX_BYTES");
	}

	@Test
	void everyReasonNamesWhatToDo() {
		for (DropReason reason : DropReason.values()) {
			assertThat(DropWarnings.remedy(reason)).isNotBlank();
		}
	}

	private static Map<DropReason, Long> drops(long full, long tooLarge) {
		Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
		map.put(DropReason.BUFFER_FULL, full);
		map.put(DropReason.RECORD_TOO_LARGE, tooLarge);
		return map;
	}

}
