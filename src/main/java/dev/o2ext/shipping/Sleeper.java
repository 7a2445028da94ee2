package dev.o2ext.shipping;

import java.time.Duration;

/** Waits between attempts; injected so that tests never really sleep. */
@FunctionalInterface
public interface Sleeper {

	Sleeper SYSTEM = (duration) -> Thread.sleep(duration.toMillis());

	void sleep(Duration duration) throws InterruptedException;

}
