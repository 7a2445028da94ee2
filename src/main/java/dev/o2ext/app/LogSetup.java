package dev.o2ext.app;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Configures java.util.logging, which Spring, Reactor and Netty all log to here (no SLF4J, no
 * Logback: fewer classes to load at start-up). One short line per message on standard error;
 * Lambda sends it to CloudWatch and, through the Telemetry API, back to us.
 */
public final class LogSetup {

	private LogSetup() {
	}

	public static void install(Level level) {
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		LogManager.getLogManager().reset();
		Logger root = Logger.getLogger("");
		root.setLevel(level);
		Handler handler = new FlushingHandler(System.err);
		handler.setLevel(level);
		root.addHandler(handler);
		// Netty reports its own choices (no native transport, …) at INFO/DEBUG: not the user's business
		Logger.getLogger("io.netty").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
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
