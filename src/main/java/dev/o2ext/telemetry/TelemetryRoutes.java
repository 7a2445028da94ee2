package dev.o2ext.telemetry;

import dev.o2ext.lambda.LambdaApi;
import dev.o2ext.metrics.PipelineMetrics;
import dev.o2ext.http.DataBuffers;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The Telemetry API endpoint: {@code POST /telemetry}. It answers 200 once the batch is
 * buffered — also for a batch it cannot read or that is too large (counted), because any
 * other answer makes Lambda send the same batch again.
 */
public final class TelemetryRoutes {

	private final TelemetryIngest ingest;

	private final PipelineMetrics metrics;

	private final int maxBodyBytes;

	/** @param maxBodyBytes the largest body read; Lambda's batches are at most about 1 MiB */
	public TelemetryRoutes(TelemetryIngest ingest, PipelineMetrics metrics, int maxBodyBytes) {
		this.ingest = ingest;
		this.metrics = metrics;
		this.maxBodyBytes = maxBodyBytes;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route().POST(LambdaApi.TELEMETRY_LISTENER_PATH, this::receive).build();
	}

	private Mono<ServerResponse> receive(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), this.maxBodyBytes)
			.map(DataBuffers::toBytes)
			.defaultIfEmpty(new byte[0])
			.doOnNext(this.ingest::accept)
			.onErrorResume((ex) -> {
				this.metrics.unparsableBatch();
				return Mono.empty();
			})
			.then(ServerResponse.ok().build());
	}


}
