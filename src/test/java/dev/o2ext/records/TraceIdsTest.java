package dev.o2ext.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdsTest {

	@Test
	void xrayHeaderToRootAndW3c() {
		String header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

		assertThat(TraceIds.xrayRoot(header)).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
		assertThat(TraceIds.w3c(TraceIds.xrayRoot(header))).isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(TraceIds.xrayRoot("Sampled=1;Root=1-5759e988-bd862e3fe1be46a994272793")).isNotNull();
	}

	@Test
	void notAnXrayIdIsNothing() {
		assertThat(TraceIds.xrayRoot(null)).isNull();
		assertThat(TraceIds.xrayRoot("Root=2-5759e988-bd862e3fe1be46a994272793")).isNull();
		assertThat(TraceIds.xrayRoot("Root=1-5759e988-bd862e3fe1be46a99427279")).isNull();
		assertThat(TraceIds.w3c("1-5759e98g-bd862e3fe1be46a994272793")).isNull();
	}

	@Test
	void arnParts() {
		InvocationContext qualified = new InvocationContext("r", null,
				"arn:aws:lambda:us-east-2:702835727665:function:orders:prod", true);
		InvocationContext unqualified = new InvocationContext("r", null,
				"arn:aws:lambda:us-east-2:702835727665:function:orders", true);

		assertThat(qualified.qualifier()).isEqualTo("prod");
		assertThat(unqualified.qualifier()).isNull();
		assertThat(InvocationContext.part("arn:aws:lambda:us-east-2:702835727665:function:orders", 4))
			.isEqualTo("702835727665");
	}

}
