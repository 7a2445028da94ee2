package dev.o2ext.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.o2ext.aws.AuthorizationFetch;
import dev.o2ext.config.AuthorizationSource;
import dev.o2ext.config.ExtensionConfig;
import dev.o2ext.config.Secret;
import org.jspecify.annotations.Nullable;

/**
 * The authorization header from Secrets Manager or SSM, read on its own thread
 * ({@code o2-credentials}) while the Spring context starts, and awaited before the lifecycle's
 * first next. Fail-open: when it cannot be read, {@link #await()} answers one line naming the
 * secret or parameter and the AWS error code, the secret stays empty, and the extension runs on
 * (OpenObserve refuses what it sends, counted as {@code rejected_final_status}); it is not tried
 * again. For {@link AuthorizationSource#HEADER} nothing is started.
 */
public final class RemoteAuthorization {

	/** Beyond the fetch's own budget: the thread hands back its outcome. */
	private static final Duration HANDBACK = Duration.ofMillis(500);

	private final @Nullable CompletableFuture<AuthorizationFetch.Outcome> fetch;

	private final Secret secret;

	private final long startNanos = System.nanoTime();

	private volatile long elapsedNanos;

	private long waitedNanos;

	private RemoteAuthorization(@Nullable CompletableFuture<AuthorizationFetch.Outcome> fetch, Secret secret) {
		this.fetch = fetch;
		this.secret = secret;
	}

	/** Starts the fetch the configuration asks for (nothing for a header given directly). */
	public static RemoteAuthorization start(ExtensionConfig config, Map<String, String> env) {
		AuthorizationSource source = config.authorizationSource();
		Secret secret = config.openObserve().authorization();
		if (!source.remote()) {
			return new RemoteAuthorization(null, secret);
		}
		CompletableFuture<AuthorizationFetch.Outcome> future = new CompletableFuture<>();
		RemoteAuthorization remote = new RemoteAuthorization(future, secret);
		Thread thread = new Thread(() -> {
			try {
				AuthorizationFetch.Outcome outcome = AuthorizationFetch.fetch(env,
						source.kind() == AuthorizationSource.Kind.SECRETS_MANAGER, source.id(), source.jsonKey());
				remote.elapsedNanos = System.nanoTime() - remote.startNanos;
				future.complete(outcome);
			}
			catch (RuntimeException ex) {
				future.completeExceptionally(ex);
			}
		}, "o2-credentials");
		thread.setDaemon(true);
		thread.start();
		return remote;
	}

	/**
	 * Waits for the fetch (bounded by its budget) and resolves the secret.
	 * @return null when the header is there, else the line that says why it is not
	 */
	public @Nullable String await() {
		if (this.fetch == null) {
			return null;
		}
		AuthorizationFetch.Outcome outcome;
		long waitStart = System.nanoTime();
		try {
			outcome = this.fetch.get(AuthorizationFetch.BUDGET.plus(HANDBACK).toMillis(), TimeUnit.MILLISECONDS);
			this.waitedNanos = System.nanoTime() - waitStart;
		}
		catch (TimeoutException ex) {
			return "could not read the authorization header: no answer within " + AuthorizationFetch.BUDGET.toSeconds()
					+ " s";
		}
		catch (ExecutionException ex) {
			return "could not read the authorization header: " + ex.getCause().getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "could not read the authorization header: interrupted";
		}
		String value = outcome.value();
		if (value == null) {
			return outcome.failure();
		}
		this.secret.resolve(value);
		return null;
	}

	/** How long {@link #await()} waited for the fetch: what it added to Init. */
	public Duration waited() {
		return Duration.ofNanos(this.waitedNanos);
	}

	/** How long the fetch took (its own thread), 0 when none ran or it has not ended. */
	public Duration elapsed() {
		return Duration.ofNanos(this.elapsedNanos);
	}

}
