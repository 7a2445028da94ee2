package dev.o2ext.records;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.o2ext.config.FunctionInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every record of this sandbox carries, whichever invocation it belongs to: the function
 * ({@code function_name}, {@code function_version}, {@code region}, as before), the account
 * ({@code cloud_account_id}: the register response's {@code accountId}, else
 * {@code O2_CLOUD_ACCOUNT_ID}, else the account of the first function ARN seen), the memory
 * ({@code faas_max_memory}, bytes), the architecture ({@code host_arch}: {@code amd64} or
 * {@code arm64}), and from {@code platform.initStart} the runtime version, the initialization
 * type and the log stream ({@code faas_instance}). Names follow OpenTelemetry's semantic
 * conventions as OpenObserve flattens them ({@code faas.max_memory} → {@code faas_max_memory});
 * Lambda's own notions without a convention are under {@code aws_lambda_}.
 *
 * <p>Thread-safe: the listener reads and learns, the main thread may set the account.
 */
public final class SandboxContext {

	private final FunctionInfo function;

	private final String arch;

	private volatile String accountId;

	private volatile long maxMemoryBytes;

	private volatile String runtimeVersion = "";

	private volatile String initializationType;

	private volatile String logStream = "";

	/** Moves on after every change, so that what was serialized of the context is known to be stale. */
	private final AtomicInteger version = new AtomicInteger();

	/**
	 * @param initializationType {@code AWS_LAMBDA_INITIALIZATION_TYPE}, until {@code platform.initStart} says
	 * @param osArch the JVM's {@code os.arch}
	 * @param accountId the account if known now (registration, {@code O2_CLOUD_ACCOUNT_ID}), else empty
	 */
	public SandboxContext(FunctionInfo function, String initializationType, String osArch, String accountId) {
		this.function = function;
		this.initializationType = initializationType;
		this.arch = arch(osArch);
		this.accountId = accountId(accountId) ? accountId : "";
		this.maxMemoryBytes = function.memorySizeMb() * 1024L * 1024L;
	}

	/** For tests and the health check: the function only. */
	public static SandboxContext of(FunctionInfo function) {
		return new SandboxContext(function, "", "", "");
	}

	/** The architecture as OpenTelemetry's {@code host.arch} names it. */
	static String arch(String osArch) {
		return switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			default -> osArch;
		};
	}

	/** {@code platform.initStart}: runtime version, initialization type, log stream, memory in bytes. */
	public void initStart(JsonNode record) {
		this.runtimeVersion = record.path("runtimeVersion").asString(this.runtimeVersion);
		this.initializationType = record.path("initializationType").asString(this.initializationType);
		this.logStream = record.path("instanceId").asString(this.logStream);
		long memory = record.path("instanceMaxMemory").asLong(0);
		if (memory > 0) {
			this.maxMemoryBytes = memory;
		}
		this.version.incrementAndGet();
	}

	/** A function ARN ({@code arn:aws:lambda:region:account:function:name[:qualifier]}) teaches the account. */
	public void functionArn(@Nullable String arn) {
		if (this.accountId.isEmpty() && arn != null) {
			String account = InvocationContext.part(arn, 4);
			if (account != null && accountId(account)) {
				this.accountId = account;
				this.version.incrementAndGet();
			}
		}
	}

	/** The account id, empty while unknown. */
	public String accountId() {
		return this.accountId;
	}

	/** Changes after every change of the context (read it before the values it versions). */
	int version() {
		return this.version.get();
	}

	void writeFunction(ObjectNode node) {
		put(node, "function_name", this.function.name());
		put(node, "function_version", this.function.version());
	}

	void writeSandbox(ObjectNode node) {
		put(node, "region", this.function.region());
		put(node, "cloud_account_id", this.accountId);
		if (this.maxMemoryBytes > 0) {
			node.put("faas_max_memory", this.maxMemoryBytes);
		}
		put(node, "host_arch", this.arch);
		put(node, "aws_lambda_runtime_version", this.runtimeVersion);
		put(node, "aws_lambda_initialization_type", this.initializationType);
		put(node, "faas_instance", this.logStream);
	}

	static void put(ObjectNode node, String name, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			node.put(name, value);
		}
	}

	private static boolean accountId(String id) {
		if (id.length() != 12) {
			return false;
		}
		for (int i = 0; i < 12; i++) {
			if (!Character.isDigit(id.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
