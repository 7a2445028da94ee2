package dev.o2ext.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtlpEncodingTest {

	@Test
	void knowsBothOtlpContentTypesWithOrWithoutParameters() {
		assertThat(OtlpEncoding.of("application/x-protobuf")).isEqualTo(OtlpEncoding.PROTOBUF);
		assertThat(OtlpEncoding.of("Application/X-Protobuf ")).isEqualTo(OtlpEncoding.PROTOBUF);
		assertThat(OtlpEncoding.of("application/json")).isEqualTo(OtlpEncoding.JSON);
		assertThat(OtlpEncoding.of("application/json; charset=utf-8")).isEqualTo(OtlpEncoding.JSON);
	}

	@Test
	void forwardsTheBareTypeBecauseOpenObserveMatchesExactly() {
		assertThat(OtlpEncoding.of("application/json; charset=utf-8").contentType()).isEqualTo("application/json");
		assertThat(OtlpEncoding.PROTOBUF.contentType()).isEqualTo("application/x-protobuf");
	}

	@Test
	void anyOtherTypeIsUnknown() {
		assertThat(OtlpEncoding.of(null)).isNull();
		assertThat(OtlpEncoding.of("")).isNull();
		assertThat(OtlpEncoding.of("text/plain")).isNull();
		assertThat(OtlpEncoding.of("application/grpc")).isNull();
		assertThat(OtlpEncoding.of("application/protobuf")).isNull();
		assertThat(OtlpEncoding.of("application/jsonl")).isNull();
	}

}
