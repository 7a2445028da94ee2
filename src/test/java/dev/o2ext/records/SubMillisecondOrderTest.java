package dev.o2ext.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubMillisecondOrderTest {

	private final SubMillisecondOrder order = new SubMillisecondOrder();

	@Test
	void recordsOfOneMillisecondAreSpreadInTheOrderSeen() {
		assertThat(this.order.next(5_000)).isEqualTo(5_000);
		assertThat(this.order.next(5_000)).isEqualTo(5_001);
		assertThat(this.order.next(6_000)).isEqualTo(6_000);
		assertThat(this.order.next(5_000)).as("the millisecond goes on counting in a later batch").isEqualTo(5_002);
	}

	@Test
	void timesWithMicrosecondsAreLeftAlone() {
		assertThat(this.order.next(5_123)).isEqualTo(5_123);
		assertThat(this.order.next(5_123)).isEqualTo(5_123);
	}

	@Test
	void neverLeavesItsMillisecond() {
		long last = 0;
		for (int i = 0; i < 1500; i++) {
			last = this.order.next(7_000);
		}
		assertThat(last).isEqualTo(7_999);
	}

}
