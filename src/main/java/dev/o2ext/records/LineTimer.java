package dev.o2ext.records;

import java.time.Duration;

/** Runs a task once after a delay, without blocking the caller (the listener's event loop in the extension). */
@FunctionalInterface
public interface LineTimer {

	/** Never runs anything: a held line waits for the next line or the lifecycle's release. */
	LineTimer NEVER = (delay, task) -> {
	};

	void after(Duration delay, Runnable task);

}
