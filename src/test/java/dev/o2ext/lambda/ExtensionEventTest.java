package dev.o2ext.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class ExtensionEventTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void invokeWithTracing() {
		assertThat(parse("invoke-event.json")).isEqualTo(new ExtensionEvent.Invoke("3da1f2dc-3222-475e-9205-e2e6c6318895",
				1795238532226L, "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
				"Root=1-5f35ae12-0c0fec141ab77a00bc047aa2;Parent=2be948a625588e32;Sampled=1"));
	}

	@Test
	void invokeWithoutTracing() {
		assertThat(parse("invoke-event-no-tracing.json")).isEqualTo(new ExtensionEvent.Invoke(
				"8f60e725-45d2-4901-949c-482a936d20be", 1795238532226L,
				"arn:aws:lambda:us-east-1:123456789012:function:orders-api", null));
	}

	@Test
	void shutdownKeepsItsLowerCaseReason() {
		assertThat(parse("shutdown-event.json")).isEqualTo(new ExtensionEvent.Shutdown(1795238534226L, "spindown"));
		assertThat(parse("shutdown-event-timeout.json")).isEqualTo(new ExtensionEvent.Shutdown(1795238534226L, "timeout"));
	}

	@Test
	void eventTypeIsReadInAnyCase() {
		assertThat(ExtensionEvent.parse(this.json, "{\"eventType\":\"shutdown\",\"deadlineMs\":5}"))
			.isEqualTo(new ExtensionEvent.Shutdown(5, "unknown"));
	}

	@Test
	void anUnknownTypeIsKeptForTheLoopToSkip() {
		assertThat(ExtensionEvent.parse(this.json, "{\"eventType\":\"RESTORE\",\"deadlineMs\":1795238534226}"))
			.isEqualTo(new ExtensionEvent.Unknown("RESTORE"));
		assertThat(ExtensionEvent.parse(this.json, "{}")).isEqualTo(new ExtensionEvent.Unknown(""));
	}

	@Test
	void aBodyThatIsNotJsonThrows() {
		assertThatThrownBy(() -> ExtensionEvent.parse(this.json, "<html>")).isInstanceOf(JacksonException.class);
	}

	private ExtensionEvent parse(String fixture) {
		return ExtensionEvent.parse(this.json, Fixtures.extensionsApi(fixture));
	}

}
