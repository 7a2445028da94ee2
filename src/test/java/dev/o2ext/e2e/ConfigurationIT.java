package dev.o2ext.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o2ext.sim.ErrorReport;
import dev.o2ext.sim.ExtensionProcess;
import dev.o2ext.sim.InitResult;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A wrong configuration ends Init the way Lambda expects: init/error, non-zero exit, no next call. */
class ConfigurationIT extends EndToEndTest {

    @Test
    void aMissingOrganizationEndsInInitErrorNamingTheVariable() throws Exception {
        ExtensionProcess process = launch(Map.of(), "O2_ORGANIZATION_ID");

        InitResult init = sim().awaitInit(INIT_TIMEOUT);
        boolean exited = process.awaitExit(System.nanoTime() + INIT_TIMEOUT.toNanos());

        assertThat(init.status()).as("Init outcome; output:\n%s", process.outputText())
                .isEqualTo(InitResult.Status.INIT_ERROR);
        ErrorReport error = init.error();
        assertThat(error).isNotNull();
        assertThat(error.kind()).isEqualTo(ErrorReport.Kind.INIT_ERROR);
        assertThat(error.errorType()).isEqualTo("Extension.ConfigInvalid");
        assertThat(EndToEndTest.JSON.readTree(error.body()).path("errorMessage").asString())
                .contains("O2_ORGANIZATION_ID");
        assertThat(exited).as("the process exits").isTrue();
        assertThat(process.exitCode()).isPresent().isNotEqualTo(OptionalLong.of(0));
        assertThat(sim().extensions()).singleElement()
                .satisfies(registered -> assertThat(registered.nextCalls()).as("next calls").isZero());
    }
}
