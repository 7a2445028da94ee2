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

	/** Held so that the level set on it is not lost when the logger is garbage-collected. */
	private static final Logger NETTY = Logger.getLogger("io.netty");

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
		// Netty reports its own choices (no native transport, …) at INFO/DEBUG: not the user's business
		NETTY.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
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
