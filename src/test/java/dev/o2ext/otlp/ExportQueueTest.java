package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;
import org.junit.jupiter.api.Test;

class ExportQueueTest {

	private final ByteBudget budget = new ByteBudget(100);

	private final ExportQueue queue = new ExportQueue(this.budget, 60);

	@Test
	void drainsInOrderUpToTheByteBoundAndOnlyOneEncodingPerBatch() {
		offer(OtlpEncoding.PROTOBUF, 10, 1);
		offer(OtlpEncoding.PROTOBUF, 20, 2);
		offer(OtlpEncoding.PROTOBUF, 30, 3);
		offer(OtlpEncoding.JSON, 5, 4);

		ExportBatch first = this.queue.drain(35);
		ExportBatch second = this.queue.drain(35);
		ExportBatch third = this.queue.drain(35);

		assertThat(first.exports()).extracting(Export::items).containsExactly(1, 2);
		assertThat(first.bytes()).isEqualTo(30);
		assertThat(first.items()).isEqualTo(3);
		assertThat(second.exports()).extracting(Export::items).containsExactly(3);
		assertThat(third.exports()).extracting(Export::items).containsExactly(4);
		assertThat(third.encoding()).isEqualTo(OtlpEncoding.JSON);
		assertThat(this.queue.drain(35).isEmpty()).isTrue();
	}

	@Test
	void theFirstExportIsTakenEvenWhenLargerThanTheBatchBound() {
		offer(OtlpEncoding.PROTOBUF, 50, 1);

		assertThat(this.queue.drain(10).size()).isEqualTo(1);
	}

	@Test
	void sharesTheBudgetAndRefusesWhenFullOrTooLarge() {
		assertThat(this.budget.tryReserve(50)).isTrue(); // the log buffer's share
		assertThat(offer(OtlpEncoding.PROTOBUF, 40, 1)).isEqualTo(OfferResult.ACCEPTED);
		assertThat(offer(OtlpEncoding.PROTOBUF, 20, 1)).isEqualTo(OfferResult.FULL);
		assertThat(offer(OtlpEncoding.PROTOBUF, 61, 1)).isEqualTo(OfferResult.TOO_LARGE);
		assertThat(this.budget.used()).isEqualTo(90);
	}

	@Test
	void inFlightBatchesKeepTheirBytesUntilCompleteAndRequeueGoesToTheFront() {
		offer(OtlpEncoding.PROTOBUF, 10, 1);
		offer(OtlpEncoding.PROTOBUF, 10, 2);
		ExportBatch batch = this.queue.drain(10);
		offer(OtlpEncoding.PROTOBUF, 10, 3);

		assertThat(this.budget.used()).isEqualTo(30);
		assertThat(this.queue.stats().items()).isEqualTo(6);
		assertThat(this.queue.requeue(batch)).isTrue();
		assertThat(this.queue.drain(100).exports()).extracting(Export::items).containsExactly(1, 2, 3);
		this.queue.complete(ExportBatch.of(java.util.List.of(new Export(OtlpEncoding.PROTOBUF, new byte[30], 6))));
		assertThat(this.budget.used()).isZero();
	}

	@Test
	void closeDiscardsTheQueueCountsItsItemsAndRefusesLaterOffers() {
		offer(OtlpEncoding.PROTOBUF, 10, 4);
		offer(OtlpEncoding.PROTOBUF, 10, 5);
		ExportBatch inFlight = this.queue.drain(10);

		assertThat(this.queue.close()).isEqualTo(5);
		assertThat(this.queue.close()).isZero();
		assertThat(offer(OtlpEncoding.PROTOBUF, 1, 1)).isEqualTo(OfferResult.CLOSED);
		assertThat(this.queue.requeue(inFlight)).as("a requeue after close releases instead").isFalse();
		assertThat(this.budget.used()).isZero();
		assertThat(this.queue.hasQueued()).isFalse();
	}

	private OfferResult offer(OtlpEncoding encoding, int bytes, int items) {
		return this.queue.offer(new Export(encoding, new byte[bytes], items));
	}

}
