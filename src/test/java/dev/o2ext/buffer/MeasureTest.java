package dev.o2ext.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasureTest {

	/** Strings measured by their length; two join when they begin with the same letter. */
	private static final Measure<String> BY_LETTER = new Measure<>() {

		@Override
		public long bytes(String entry) {
			return entry.length();
		}

		@Override
		public long count(String entry) {
			return 1;
		}

		@Override
		public boolean joins(String first, String next) {
			return first.charAt(0) == next.charAt(0);
		}

	};

	@Test
	void theFirstEntryAlwaysFitsHoweverLarge() {
		assertThat(BY_LETTER.fitting(List.of("aaaaaaaaaa", "a").iterator(), 10, 3)).isEqualTo(1);
	}

	@Test
	void entriesFitUntilTheBytesWouldPassTheBound() {
		assertThat(BY_LETTER.fitting(List.of("aa", "aa", "aa", "a").iterator(), 10, 5)).isEqualTo(2);
		assertThat(BY_LETTER.fitting(List.of("aa", "aa", "a", "aa").iterator(), 10, 5)).isEqualTo(3);
	}

	@Test
	void entriesFitUpToTheCount() {
		assertThat(BY_LETTER.fitting(List.of("a", "a", "a", "a").iterator(), 3, 100)).isEqualTo(3);
	}

	@Test
	void anEntryThatDoesNotJoinTheFirstEndsTheBatch() {
		assertThat(BY_LETTER.fitting(List.of("a1", "a2", "b1", "a3").iterator(), 10, 100)).isEqualTo(2);
	}

	@Test
	void nothingFitsFromNothing() {
		assertThat(BY_LETTER.fitting(List.<String>of().iterator(), 10, 100)).isZero();
	}

}
