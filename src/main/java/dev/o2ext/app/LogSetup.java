package dev.o2ext.app;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import org.jspecify.annotations.Nullable;

/**
 * Configures java.util.logging, which Spring, Reactor and Netty all log to here (no SLF4J, no
 * Logback: fewer classes to load at start-up). One short line per message on standard error;
 * Lambda sends it to CloudWatch and, through the Telemetry API, back to us.
 */
public final class LogSetup {

	private LogSetup() {
	}

	/** Held so that the levels set on them are not lost when the loggers are garbage-collected. */
	private static final Logger NETTY = Logger.getLogger("io.netty");

	private static final Logger REACTOR_NETTY = Logger.getLogger("reactor.netty");

	private static @Nullable Handler handler;

	/** Installs the handler on the first call; later calls only change the level. */
	public static synchronized void install(Level level) {
		if (handler == null) {
			System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
			LogManager.getLogManager().reset();
			handler = new FlushingHandler(System.err);
			Logger.getLogger("").addHandler(handler);
		}
		Logger.getLogger("").setLevel(level);
		handler.setLevel(level);
		boolean debug = level.intValue() < Level.INFO.intValue();
		// Netty reports its own choices (no native transport, …) at INFO/DEBUG: not the user's business
		NETTY.setLevel(debug ? level : Level.WARNING);
		// Reactor Netty warns with a stack trace on every failed connection; the lanes already
		// reports failures, throttled, and each line would come back to us as telemetry
		REACTOR_NETTY.setLevel(debug ? level : Level.SEVERE);
	}

	private static final class FlushingHandler extends StreamHandler {

		FlushingHandler(PrintStream out) {
			super(out, new LineFormatter());
		}

		@Override
		public synchronized void publish(LogRecord record) {
			super.publish(record);
			flush();
		}

		/** Flushes only: closing would close the process's standard error. */
		@Override
		public synchronized void close() {
			flush();
		}

	}

	private static final class LineFormatter extends Formatter {

		@Override
		public String format(LogRecord record) {
			String message = formatMessage(record);
			Throwable thrown = record.getThrown();
			if (thrown != null) {
				message += " (" + thrown.getClass().getSimpleName() + ")";
			}
			return "[o2-lambda-extension] " + record.getLevel().getName() + " " + message + System.lineSeparator();
		}

	}

}
