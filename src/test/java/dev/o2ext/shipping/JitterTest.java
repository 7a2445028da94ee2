package dev.o2ext.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.DoubleStream;

import org.junit.jupiter.api.Test;

class JitterTest {

	@Test
	void drawsNumbersInTheUnitInterval() {
		Jitter jitter = new Jitter(42);
		assertThat(DoubleStream.generate(jitter).limit(10_000)).allSatisfy((value) -> assertThat(value)
			.isGreaterThanOrEqualTo(0).isLessThan(1));
	}

	@Test
	void environmentsRestoredFromOneSnapshotDrawTheSameDelaysUntilReseeded() {
		// two environments restored from one snapshot: the same generator state
		Jitter first = new Jitter(7);
		Jitter second = new Jitter(7);
		assertThat(draw(first)).as("before the reseed, lockstep").containsExactly(draw(second));

		first.reseed();
		second.reseed();

		assertThat(draw(first)).as("after the reseed each has its own sequence").isNotEqualTo(draw(second));
	}

	private static double[] draw(Jitter jitter) {
		return DoubleStream.generate(jitter).limit(4).toArray();
	}

}
