package dev.o2ext.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The signer against AWS's Signature V4 test suite (src/test/resources/sigv4/SOURCE.md). */
class SigV4SignerTest {

	private static final AwsCredentials SUITE = new AwsCredentials("AKIDEXAMPLE",
			"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

	private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");

	@ParameterizedTest
	@ValueSource(strings = { "post-vanilla", "post-header-key-sort", "post-x-www-form-urlencoded",
			"post-sts-header-before", "get-vanilla-query-order-key" })
	void signsEachVectorAsTheSuiteDoes(String name) {
		Request request = Request.parse(resource(name + ".req"));

		String authorization = SigV4Signer.authorization(request.method, request.path, request.query,
				request.headers, request.body, TIME, SUITE, "us-east-1", "service");

		assertThat(authorization).isEqualTo(resource(name + ".authz"));
	}

	@Test
	void canonicalRequestAndStringToSignMatchTheSuite() {
		Request request = Request.parse(resource("post-x-www-form-urlencoded.req"));

		String canonical = SigV4Signer.canonicalRequest(request.method, request.path, request.query,
				SigV4Signer.canonicalHeaders(request.headers), request.body);

		assertThat(canonical).isEqualTo(resource("post-x-www-form-urlencoded.creq"));
		assertThat(SigV4Signer.stringToSign(canonical, TIME, SigV4Signer.scope(TIME, "us-east-1", "service")))
			.isEqualTo(resource("post-x-www-form-urlencoded.sts"));
	}

	@Test
	void anotherKeyOrTimeGivesAnotherSignature() {
		Request request = Request.parse(resource("post-vanilla.req"));
		String expected = resource("post-vanilla.authz");

		AwsCredentials other = new AwsCredentials("AKIDEXAMPLE", "another-key", null);
		assertThat(SigV4Signer.authorization(request.method, request.path, request.query, request.headers,
				request.body, TIME, other, "us-east-1", "service")).isNotEqualTo(expected);
		assertThat(SigV4Signer.authorization(request.method, request.path, request.query, request.headers,
				request.body, TIME.plusSeconds(86_400), SUITE, "us-east-1", "service")).isNotEqualTo(expected);
	}

	@Test
	void credentialsNeverShowTheirSecretParts() {
		assertThat(new AwsCredentials("AKID", "very-secret-key", "token-xyz").toString())
			.doesNotContain("very-secret-key").doesNotContain("token-xyz");
	}

	private static String resource(String name) {
		try (InputStream in = SigV4SignerTest.class.getResourceAsStream("/sigv4/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no vector " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A request of the suite: request line, headers one a line, a blank line, the body. */
	private record Request(String method, String path, String query, List<Map.Entry<String, String>> headers,
			byte[] body) {

		static Request parse(String text) {
			String[] parts = text.split("\n\n", 2);
			String[] lines = parts[0].split("\n");
			String[] requestLine = lines[0].split(" ");
			String target = requestLine[1];
			int q = target.indexOf('?');
			List<Map.Entry<String, String>> headers = new ArrayList<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.add(new AbstractMap.SimpleEntry<>(lines[i].substring(0, colon), lines[i].substring(colon + 1)));
			}
			byte[] body = (parts.length > 1) ? parts[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
			return new Request(requestLine[0], (q < 0) ? target : target.substring(0, q),
					(q < 0) ? null : target.substring(q + 1), headers, body);
		}

	}

}
