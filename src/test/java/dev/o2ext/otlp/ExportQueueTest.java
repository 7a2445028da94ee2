package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.buffer.Batch;
import dev.o2ext.buffer.BoundedQueue;
import dev.o2ext.buffer.ByteBudget;
import dev.o2ext.buffer.OfferResult;
import dev.o2ext.metrics.LaneCounters;
import org.junit.jupiter.api.Test;

class ExportQueueTest {

	private final ByteBudget budget = new ByteBudget(100);

	private final BoundedQueue<Export> queue = new BoundedQueue<>(this.budget, 60, Export.MEASURE, new LaneCounters());

	@Test
	void drainsInOrderUpToTheByteBoundAndOnlyOneEncodingPerBatch() {
		offer(OtlpEncoding.PROTOBUF, 10, 1);
		offer(OtlpEncoding.PROTOBUF, 20, 2);
		offer(OtlpEncoding.PROTOBUF, 30, 3);
		offer(OtlpEncoding.JSON, 5, 4);

		Batch<Export> first = this.queue.drain(Integer.MAX_VALUE, 35);
		Batch<Export> second = this.queue.drain(Integer.MAX_VALUE, 35);
		Batch<Export> third = this.queue.drain(Integer.MAX_VALUE, 35);

		assertThat(first.entries()).extracting(Export::items).containsExactly(1, 2);
		assertThat(first.bytes()).isEqualTo(30);
		assertThat(first.count()).isEqualTo(3);
		assertThat(second.entries()).extracting(Export::items).containsExactly(3);
		assertThat(third.entries()).extracting(Export::items).containsExactly(4);
		assertThat(third.entries().get(0).encoding()).isEqualTo(OtlpEncoding.JSON);
		assertThat(this.queue.drain(Integer.MAX_VALUE, 35).isEmpty()).isTrue();
	}

	@Test
	void theFirstExportIsTakenEvenWhenLargerThanTheBatchBound() {
		offer(OtlpEncoding.PROTOBUF, 50, 1);

		assertThat(this.queue.drain(Integer.MAX_VALUE, 10).size()).isEqualTo(1);
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
		Batch<Export> batch = this.queue.drain(Integer.MAX_VALUE, 10);
		offer(OtlpEncoding.PROTOBUF, 10, 3);

		assertThat(this.budget.used()).isEqualTo(30);
		assertThat(this.queue.stats().count()).isEqualTo(6);
		assertThat(this.queue.requeue(batch)).isTrue();
		assertThat(this.queue.drain(Integer.MAX_VALUE, 100).entries()).extracting(Export::items).containsExactly(1, 2, 3);
		this.queue.complete(Batch.of(java.util.List.of(new Export(OtlpEncoding.PROTOBUF, new byte[30], 6)), Export.MEASURE));
		assertThat(this.budget.used()).isZero();
	}

	@Test
	void closeDiscardsTheQueueCountsItsItemsAndRefusesLaterOffers() {
		offer(OtlpEncoding.PROTOBUF, 10, 4);
		offer(OtlpEncoding.PROTOBUF, 10, 5);
		Batch<Export> inFlight = this.queue.drain(Integer.MAX_VALUE, 10);

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
