package dev.o2ext.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the Extensions API fixtures from the test classpath. */
final class Fixtures {

	private Fixtures() {
	}

	static String extensionsApi(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/extensions-api/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
