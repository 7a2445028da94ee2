package dev.o2ext.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.o2ext.config.LogSettings;
import dev.o2ext.metrics.InMemoryPipelineMetrics;
import dev.o2ext.metrics.LineCount;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

class StitcherTest {

	private final InMemoryPipelineMetrics metrics = new InMemoryPipelineMetrics(Clock.systemUTC());

	private final LineParser parser = new LineParser(LogSettings.DEFAULTS, this.metrics);

	private final List<LogLine> out = new ArrayList<>();

	private Stitcher stitcher = new Stitcher(1000, 128 * 1024, this.metrics, this.out::add);

	private long time = 1_785_265_321_231_000L;

	@Test
	void javaPrintStackTraceWithCauseAndSuppressedIsOneRecord() {
		lines("r", "processing order 42",
				"java.lang.IllegalStateException: payment failed",
				"\tat com.example.Orders.pay(Orders.java:31)",
				"\tat com.example.Handler.handleRequest(Handler.java:12)",
				"\tSuppressed: java.io.IOException: close failed",
				"\t\tat com.example.Db.close(Db.java:9)",
				"Caused by: java.net.SocketTimeoutException: Read timed out",
				"\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)",
				"\t... 5 more",
				"order 43");
		this.stitcher.close();

		assertThat(this.out).extracting((l) -> l.parsed().message()).containsExactly("processing order 42",
				"""
				java.lang.IllegalStateException: payment failed
				\tat com.example.Orders.pay(Orders.java:31)
				\tat com.example.Handler.handleRequest(Handler.java:12)
				\tSuppressed: java.io.IOException: close failed
				\t\tat com.example.Db.close(Db.java:9)
				Caused by: java.net.SocketTimeoutException: Read timed out
				\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)
				\t... 5 more""", "order 43");
		LogLine trace = this.out.get(1);
		assertThat(trace.epochMicros()).as("the first line's time").isEqualTo(1_785_265_321_231_001L);
		assertThat(trace.parsed().level()).as("a trace without a level").isEqualTo("ERROR");
		assertThat(trace.record().stringValue()).startsWith("java.lang.IllegalStateException: payment failed\n\tat ")
			.endsWith("\t... 5 more\n");
		assertThat(this.metrics.snapshot().lines().get(LineCount.JOINED)).isEqualTo(7);
	}

	@Test
	void pythonChainedTracebackAfterAPrint() {
		lines("r", "about to fail",
				"Traceback (most recent call last):",
				"  File \"/var/task/app.py\", line 5, in handler",
				"    return table[key]",
				"KeyError: 'x'",
				"",
				"During handling of the above exception, another exception occurred:",
				"",
				"Traceback (most recent call last):",
				"  File \"/var/task/app.py\", line 7, in handler",
				"    raise ValueError('bad key')",
				"ValueError: bad key",
				"done");
		this.stitcher.close();

		assertThat(this.out).hasSize(3);
		assertThat(this.out.get(0).parsed().message()).isEqualTo("about to fail");
		assertThat(this.out.get(1).parsed().message()).startsWith("Traceback (most recent call last):\n")
			.contains("KeyError: 'x'\n\nDuring handling").endsWith("ValueError: bad key");
		assertThat(this.out.get(2).parsed().message()).isEqualTo("done");
	}

	@Test
	void aPythonTracebackEndsWithItsExceptionLine() {
		lines("r", "Traceback (most recent call last):", "  File \"/var/task/app.py\", line 5, in handler",
				"ZeroDivisionError: division by zero", "next thing");
		this.stitcher.close();

		assertThat(this.out).extracting((l) -> l.parsed().message()).containsExactly(
				"Traceback (most recent call last):\n  File \"/var/task/app.py\", line 5, in handler\n"
						+ "ZeroDivisionError: division by zero", "next thing");
	}

	@Test
	void nodeErrorWithFrames() {
		lines("r", "2026-07-28T19:02:01.231Z\tr\tERROR\tError: boom", "    at handler (/var/task/index.mjs:3:9)",
				"    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)",
				"2026-07-28T19:02:01.232Z\tr\tINFO\tnext");
		this.stitcher.close();

		assertThat(this.out).hasSize(2);
		assertThat(this.out.get(0).parsed().level()).as("the first line's level").isEqualTo("ERROR");
		assertThat(this.out.get(0).parsed().message()).isEqualTo("Error: boom\n    at handler (/var/task/index.mjs:3:9)\n"
				+ "    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)");
	}

	@Test
	void goPanic() {
		lines("r", "panic: runtime error: index out of range [3] with length 1", "", "goroutine 1 [running]:",
				"main.handler({0x4a0ec0?, 0x4e1d38?})", "\t/var/task/main.go:8 +0x1d", "created by main.main in goroutine 1",
				"exit status 2", "START of something else");
		this.stitcher.close();

		assertThat(this.out).hasSize(2);
		assertThat(this.out.get(0).parsed().message()).startsWith("panic: runtime error").endsWith("exit status 2");
		assertThat(this.out.get(1).parsed().message()).isEqualTo("START of something else");
	}

	@Test
	void linesOfDifferentRequestsOrTypesAreNeverJoined() {
		lines("r1", "java.lang.RuntimeException: x");
		lines("r2", "\tat a.B.c(B.java:1)");
		this.stitcher.accept(line("r2", "extension", "\tat ext.Frame(F.java:1)"));
		this.stitcher.close();

		assertThat(this.out).extracting(LogLine::requestId).containsExactly("r1", "r2", "r2");
		assertThat(this.out).allSatisfy((l) -> assertThat(l.parsed().message()).doesNotContain("\n"));
	}

	@Test
	void theBoundsCutATraceAndCountIt() {
		this.stitcher = new Stitcher(3, 128 * 1024, this.metrics, this.out::add);
		lines("r", "java.lang.RuntimeException: x", "\tat a(A.java:1)", "\tat b(B.java:1)", "\tat c(C.java:1)");
		this.stitcher.close();

		assertThat(this.out).hasSize(2);
		assertThat(this.out.get(0).parsed().message().lines()).hasSize(3);
		assertThat(this.out.get(1).parsed().message()).isEqualTo("\tat c(C.java:1)");
		assertThat(this.metrics.snapshot().lines().get(LineCount.MULTILINE_CUT)).isEqualTo(1);
	}

	@Test
	void theTimerClosesAHeldLineOnlyIfNothingWasAddedSince() {
		lines("r", "java.lang.RuntimeException: x");
		Object token = this.stitcher.pendingToken();
		lines("r", "\tat a(A.java:1)");

		this.stitcher.closeIfUnchanged(token);
		assertThat(this.out).as("a frame came after the timer was set").isEmpty();

		this.stitcher.closeIfUnchanged(this.stitcher.pendingToken());
		assertThat(this.out).hasSize(1);
		assertThat(this.stitcher.pendingToken()).isNull();
	}

	@Test
	void afterReleaseNothingIsHeldUntilTheNextInvocation() {
		lines("r", "held");
		this.stitcher.release();
		assertThat(this.out).hasSize(1);

		lines("r", "after the end of the invocation");
		assertThat(this.out).as("not held while the sandbox may freeze").hasSize(2);
		assertThat(this.stitcher.pendingToken()).isNull();

		this.stitcher.hold();
		lines("r2", "held again");
		assertThat(this.out).hasSize(2);
		assertThat(this.stitcher.pendingToken()).isNotNull();
	}

	@Test
	void objectsAndJsonLinesAreNotHeldOrJoined() {
		lines("r", "{\"level\":\"ERROR\",\"msg\":\"x\"}", "\tat a(A.java:1)");
		this.stitcher.close();

		assertThat(this.out).hasSize(2);
	}

	private void lines(String requestId, String... texts) {
		for (String text : texts) {
			this.stitcher.accept(line(requestId, "function", text));
		}
	}

	private LogLine line(String requestId, String type, String text) {
		StringNode record = StringNode.valueOf(text + "\n");
		return new LogLine(this.time++, type, record, this.parser.parse(record), requestId);
	}

}
