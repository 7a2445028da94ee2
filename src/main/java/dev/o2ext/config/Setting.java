package dev.o2ext.config;

import org.jspecify.annotations.Nullable;

/**
 * The table of the extension's settings: every environment variable of the user's that
 * {@link ConfigLoader} reads, with its default, the values it accepts and what it means. It is
 * the one source of these facts: {@link EnvReader} takes the default and the range from here,
 * the table in {@code docs/configuration.md} and {@code infra/o2-settings.json} (which the CDK
 * constructs, the Terraform module and the CloudFormation template are tested against) are
 * generated from it, and {@code SettingsTableTest} fails when either file differs from it.
 *
 * <p>To add a setting: add a constant here (its name is the variable's), read it in
 * {@link ConfigLoader} (or a {@code read} method it calls) with {@code reader.integer(Setting.<name>)},
 * {@code bool}, {@code string} or {@code required}, then regenerate the two files with
 * {@code mvn -B -q -Dlayer.skip test -Dtest=SettingsTableTest -Do2.settings.write=true}.
 */
public enum Setting {

	O2_ORGANIZATION_ID(Rule.matching(Rule.PATH_SEGMENT, "letters, digits, `_ - . :`"), Presence.REQUIRED,
			"OpenObserve organization; part of the ingestion path `/api/{org}/{stream}/_json`."),

	O2_AUTHORIZATION_HEADER(Rule.text("one line"), Presence.REQUIRED,
			"Unless `O2_AUTHORIZATION_SECRET_ARN` or `O2_AUTHORIZATION_SSM_PARAMETER` is set: the whole `Authorization`"
					+ " header value, e.g. `Basic base64(email:passcode)`. Use an ingestion token, not a login password."
					+ " Never logged, never shown in diagnostics. Set only one of this, `O2_AUTHORIZATION_SECRET_ARN` and"
					+ " `O2_AUTHORIZATION_SSM_PARAMETER`."),

	O2_AUTHORIZATION_SECRET_ARN(Rule.text("an ARN or a name"), Presence.OPTIONAL,
			"ARN (or name) of a Secrets Manager secret whose `SecretString` is the header value; read once during Init"
					+ " (see [below](#the-authorization-header-from-secrets-manager-or-ssm)). Needs"
					+ " `secretsmanager:GetSecretValue` on the secret (and `kms:Decrypt` on its key if it is a"
					+ " customer-managed key)."),

	O2_AUTHORIZATION_SECRET_KEY(Rule.text("a JSON key"), Presence.OPTIONAL,
			"With `O2_AUTHORIZATION_SECRET_ARN`: the secret is a JSON object and the header is the string value at this"
					+ " key."),

	O2_AUTHORIZATION_SSM_PARAMETER(Rule.text("a name or an ARN"), Presence.OPTIONAL,
			"Name (or ARN) of an SSM parameter whose value is the header (a `SecureString` is decrypted:"
					+ " `WithDecryption`); read once during Init. Needs `ssm:GetParameter` on the parameter and"
					+ " `kms:Decrypt` on its key (`alias/aws/ssm` by default)."),

	O2_ENDPOINT(Rule.url("an absolute `http(s)://` URL without query, fragment or credentials"),
			"https://api.openobserve.ai",
			"Base URL of OpenObserve. `http://` is accepted only for loopback hosts unless"
					+ " `O2_ALLOW_INSECURE_HTTP=true`."),

	O2_STREAM(Rule.matching(Rule.PATH_SEGMENT, "letters, digits, `_ - . :`"), "default",
			"Log stream the records go to. OpenObserve normalises the name (`lambda-logs` becomes `lambda_logs`)."),

	O2_MAX_BUFFER_SIZE_MB(Rule.whole(1, 1024), "10",
			"Bound of the in-memory buffer, in MiB of serialized JSON (not a heap bound). Records that do not fit are"
					+ " refused and counted as `buffer_full`."),

	O2_SPILL_MAX_MB(Rule.whole(0, 10_240), "0",
			"Spill to `/tmp`, bound in MiB of compressed files; `0` (the default) is off and nothing is written."
					+ " When on, what does not fit in `O2_MAX_BUFFER_SIZE_MB`, and what a lane holds while its circuit is"
					+ " open (see `O2_CIRCUIT_FAILURE_THRESHOLD`), is written compressed to `O2_SPILL_DIR` and sent, in"
					+ " order, once OpenObserve answers; it survives a restart of the extension in the same sandbox. Beyond"
					+ " the bound the oldest spilled records are removed, counted as `spill_full`. Lambda's `/tmp` is"
					+ " 512 MB unless the function's ephemeral storage is larger, and the function shares it."),

	O2_SPILL_DIR(Rule.matching("/.*", "an absolute path"), "/tmp/o2-lambda-extension-spill",
			"Directory of the spill (created if missing); one subdirectory per lane."),

	O2_REQUEST_TIMEOUT_MS(Rule.whole(100, 600_000), "30000",
			"Upper bound of one HTTP request to OpenObserve. Each attempt is also bounded by the time left in the"
					+ " current flush."),

	O2_MAX_RETRIES(Rule.whole(0, 20), "3",
			"Retries of one batch within one flush after the first attempt. A batch that is still failing stays"
					+ " buffered for the next flush."),

	O2_INITIAL_RETRY_DELAY_MS(Rule.whole(1, 600_000), "1000",
			"First backoff; doubles on every retry, with ±20 % jitter. A `Retry-After` answer wins when it is longer."
					+ " At most `O2_MAX_RETRY_DELAY_MS`."),

	O2_MAX_RETRY_DELAY_MS(Rule.whole(1, 600_000), "30000", "Upper bound of one backoff."),

	O2_ALLOW_INSECURE_HTTP(Rule.flag(), "false", "Accept a plain `http://` endpoint on a non-loopback host."),

	O2_CIRCUIT_FAILURE_THRESHOLD(Rule.whole(0, 100), "3",
			"Consecutive flushes an invocation waited for in which OpenObserve failed a batch after its retries"
					+ " (connection refused, a name that does not resolve, no answer within `O2_REQUEST_TIMEOUT_MS`, 408,"
					+ " 429, 5xx) after which a lane (the logs, each OpenTelemetry signal) stops making invocations wait for"
					+ " OpenObserve: its circuit opens, end-of-invocation flushes skip it, and a background probe (one"
					+ " attempt, after 1 s, then doubling with ±20 % jitter up to 30 s, only while an invocation runs or on"
					+ " Managed Instances) tries again; the first answer closes it. The data stays buffered within"
					+ " `O2_MAX_BUFFER_SIZE_MB` and goes out in order. `0` never opens it."),

	O2_FLUSH_BUDGET_MS(Rule.whole(50, 60_000), "2000",
			"How long the extension may hold an invocation after `platform.runtimeDone` to deliver its lines"
					+ " (post-runtime time is billed). What is not delivered by then stays buffered for the next flush."),

	O2_FLUSH_INTERVAL_MS(Rule.whole(0, 600_000), "5000",
			"Periodic flush while an invocation runs (long invocations). `0` turns it off. On Lambda Managed Instances"
					+ " the default is `1000`: there it is the delivery latency of the continuous shipping and cannot be"
					+ " `0`."),

	O2_FLUSH_THRESHOLD_PERCENT(Rule.whole(1, 100), "50",
			"Continuous flush: when the buffer passes this share of its bound during an invocation, a flush starts at"
					+ " once."),

	O2_BATCH_MAX_BYTES(Rule.whole(1024, 64 * 1_048_576), "1048576",
			"Upper bound of one request body before compression; at most the buffer bound. A single record larger than"
					+ " this is refused as `record_too_large`."),

	O2_BATCH_MAX_RECORDS(Rule.whole(1, 100_000), "5000", "Upper bound of records in one request."),

	O2_TELEMETRY_PORT(Rule.whole(0, 65535, 9001), "4243",
			"Port of the Telemetry API listener. If it is taken, a free port is used instead (the subscription is made"
					+ " after binding). Not 9001: Lambda's own APIs are there."),

	O2_TELEMETRY_LISTEN_ADDRESS(Rule.text("an address"), "0.0.0.0", "Address the listener binds."),

	O2_TELEMETRY_HOST(Rule.text("a host name"), "sandbox.localdomain",
			"Host name put in the subscription's destination URI."),

	O2_TELEMETRY_MAX_ITEMS(Rule.whole(1000, 10_000), "1000", "Telemetry API buffering `maxItems`."),

	O2_TELEMETRY_MAX_BYTES(Rule.whole(262_144, 1_048_576), "262144", "Telemetry API buffering `maxBytes`."),

	O2_TELEMETRY_TIMEOUT_MS(Rule.whole(25, 30_000), "25",
			"Telemetry API buffering `timeoutMs`; the floor of how soon `runtimeDone` reaches us."),

	O2_DIAGNOSTICS_PORT(Rule.whole(0, 65535), "4244",
			"Port of the diagnostics endpoint `GET http://127.0.0.1:{port}/diagnostics` (loopback only). `0` turns it"
					+ " off."),

	O2_SHUTDOWN_MARGIN_MS(Rule.whole(0, 1500), "300",
			"Safety margin before the SHUTDOWN `deadlineMs` by which the process has exited."),

	O2_LOG_LEVEL(Rule.oneOf("`debug`, `info`, `warn`, `error` (also `trace`, `warning`, `off`)", "debug", "trace",
			"info", "warn", "warning", "error", "off"), "info", "Level of the extension's own log lines."),

	O2_EXTENSION_NAME(Rule.text("a file name"), "o2-lambda-extension", "file name of the launcher",
			"Name registered with the Extensions API (`Lambda-Extension-Name`); must equal the file name in"
					+ " `/opt/extensions/`. The launcher sets it; default `o2-lambda-extension`."),

	O2_LOG_PARSE_TEXT(Rule.flag(), "true",
			"Lambda's text prefix (`<time>\\t<request id>\\t<LEVEL>\\t<message>`, and Python's"
					+ " `[LEVEL]\\t<time>\\t<request id>\\t<message>`) becomes the fields `level`, `requestId` and"
					+ " `message` ([fields.md](fields.md))."),

	O2_LOG_PARSE_JSON(Rule.flag(), "true",
			"JSON objects — the JSON log format's records and objects printed as text — become top-level fields, named"
					+ " as OpenObserve names columns (`level`, `message`, the request and trace ids normalised). Text that"
					+ " looks like JSON but is not, or is too large or too deep, stays text and is counted"
					+ " (`counters.lines` in diagnostics)."),

	O2_LOG_KEEP_ORIGINAL(Rule.flag(), "true",
			"A line received as text keeps that text in `record` beside the parsed fields (existing queries on"
					+ " `record` and full-text search on it keep working; about 25 % more uncompressed bytes per line, see"
					+ " [fields.md](fields.md#the-original-text)). `false`: only `message` holds the text. An object"
					+ " received as an object is never repeated."),

	O2_LOG_MULTILINE(Rule.flag(), "true",
			"The lines of one stack trace (Java, Python, Node.js, Go) become one record with the first line's time, at"
					+ " most 1000 lines and 128 KiB (less when `O2_BATCH_MAX_BYTES` is small: a quarter of it while the original is kept, half without, so that the record fits one batch)."),

	O2_LOG_MULTILINE_TIMEOUT_MS(Rule.whole(10, 5000), "100",
			"How long the last line of a Telemetry API batch waits for a continuation in the next batch. Never past the"
					+ " end of its invocation: the lifecycle releases held lines before every flush."),

	O2_LOG_JSON_MAX_BYTES(Rule.whole(256, 1_048_576), "65536",
			"Longer text is not parsed as JSON (kept as text, counted as `json_too_large`)."),

	O2_LOG_TYPES(Rule.text("`platform`, `function`, `extension`, `platform.*` types, comma-separated"), Presence.OPTIONAL,
			"Unset: all. Event types stored, comma-separated: `platform`, `function`, `extension` (each stands "
					+ "for all its records) and single platform record types such as `platform.report`. The others are left "
					+ "out before the buffer and counted as `filtered_by_type` "
					+ "([filtering](#filtering-sampling-and-redaction)). Platform records left out still drive the "
					+ "extension (flush at `platform.runtimeDone`, platform metrics)."),

	O2_DROP_PLATFORM(Rule.text("`none`, `invocation`, `report`, `init`, `platform.*` types, comma-separated"), "none",
			"Platform records left out, comma-separated: the presets `invocation` (`platform.start`, "
					+ "`platform.runtimeDone`: the `platform.report` of each invocation has their numbers), `report` "
					+ "(`platform.report`), `init` (`platform.initStart`, `initRuntimeDone`, `initReport`, the `restore*` "
					+ "records of SnapStart, `platform.extension`, `platform.telemetrySubscription`), or single "
					+ "`platform.*` types. No preset drops `platform.logsDropped`. Counted as `filtered_by_type`."),

	O2_MIN_LEVEL(Rule.text("`trace`, `debug`, `info`, `warn`, `error`, `fatal`"), Presence.OPTIONAL,
			"Lowest level of `function` and `extension` records stored: `trace`, `debug`, `info`, `warn`, "
					+ "`error`, `fatal` (`WARNING` and `CRITICAL` as printed by Python count as `warn` and `fatal`). "
					+ "Records without a level (plain `print` lines, Java's `UNDEFINED`, every platform record) are always "
					+ "kept. Counted as `filtered_by_level`. Not to be confused with `O2_LOG_LEVEL` (the extension's own "
					+ "lines)."),

	O2_SAMPLE_RATES(Rule.text("`LEVEL=rate,…`, rates 0–1"), Presence.OPTIONAL,
			"Share of the records of a level that is stored, e.g. `DEBUG=0.1,INFO=0.5` (rates 0–1). Each record "
					+ "is drawn for on its own; levels not named, `ERROR` and `FATAL` included, are never sampled unless "
					+ "named. Counted as `sampled_out`."),

	O2_REDACT(Rule.text("`none`, `email`, `card`, `jwt`, `aws`, `auth`, `ipv4`, comma-separated"), "none",
			"Redaction presets applied to the content of `function` and `extension` records (`record`, `message`, the line's fields; not the context we add), comma-separated: `email`, `card`, "
					+ "`jwt`, `aws`, `auth`, `ipv4` ([what each finds](#redaction)). Each match becomes "
					+ "`[REDACTED:<preset>]`, counted per preset and value replaced in the diagnostics' `counters.redacted`."),

	O2_REDACT_PATTERN(Rule.text("a Java regular expression"), Presence.OPTIONAL,
			"One Java regular expression (combine several with an alternation) whose matches become `[REDACTED:custom]`. "
					+ "Checked at start-up: it must compile and must not match the empty text. Its cost is yours: see "
					+ "[custom patterns](#a-custom-pattern)."),

	O2_OTLP_ENABLED(Rule.flag(), "true",
			"The OpenTelemetry relay: an OTLP/HTTP receiver on `127.0.0.1` (and `::1`) for the function's traces,"
					+ " metrics and logs, forwarded to OpenObserve's OTLP endpoints at the same flush points as the logs."
					+ " See `docs/opentelemetry.md`."),

	O2_OTLP_PORT(Rule.whole(1, 65535, 9001), "4318",
			"Port of the OTLP receiver. If it is taken, the extension says so once and runs without the relay (no other"
					+ " port: the SDKs are pointed at this one). Not 9001."),

	O2_OTLP_MAX_BODY_BYTES(Rule.whole(1024, 1024 * 1_048_576), "4194304", "`4194304` (or the buffer bound if smaller)",
			"Largest OTLP request body, as received and after decompression; larger ones get 413. At most the buffer"
					+ " bound."),

	O2_PLATFORM_METRICS(Rule.flag(), "true",
			"Lambda's numbers (`platform.report`, `runtimeDone`, `initReport`, `logsDropped`, SHUTDOWN's reason) and the"
					+ " extension's delivery counters as OTLP metrics to `/api/{org}/v1/metrics`. See `docs/metrics.md`."
					+ " Drop warnings are logged either way."),

	O2_METRICS_INTERVAL_MS(Rule.whole(1000, 3_600_000), "60000",
			"Least time between two sets of delivery counters (sent at a flush that happens anyway, and always at"
					+ " SHUTDOWN)."),

	O2_CLOUD_ACCOUNT_ID(Rule.text("an account id"), Presence.OPTIONAL,
			"The `cloud.account.id` resource attribute of the platform metrics."),

	O2_OTLP_TRACES_STREAM(Rule.matching(Rule.PATH_SEGMENT, "letters, digits, `_ - . :`"), "default",
			"`stream-name` of `OTEL_EXPORTER_OTLP_HEADERS`, else `default`",
			"OpenObserve stream of the spans, sent as the `stream-name` header."),

	O2_OTLP_LOGS_STREAM(Rule.matching(Rule.PATH_SEGMENT, "letters, digits, `_ - . :`"), "default",
			"`stream-name` of `OTEL_EXPORTER_OTLP_HEADERS`, else `default`",
			"OpenObserve stream of the OpenTelemetry log records. Metrics need none: OpenObserve makes one stream per"
					+ " metric name."),

	OTEL_EXPORTER_OTLP_HEADERS(Rule.text("`name=value,name2=value2`"), Presence.OPTIONAL,
			"The OpenTelemetry variable (values percent-encoded): the relay adds these headers to every forwarded"
					+ " request; an `Authorization` among them replaces `O2_AUTHORIZATION_HEADER`. Values are treated as"
					+ " secrets.");

	private final Rule rule;

	private final @Nullable String defaultValue;

	private final boolean required;

	private final @Nullable String defaultText;

	private final String meaning;

	Setting(Rule rule, String defaultValue, String meaning) {
		this(rule, defaultValue, null, meaning);
	}

	Setting(Rule rule, String defaultValue, @Nullable String defaultText, String meaning) {
		this.rule = rule;
		this.defaultValue = defaultValue;
		this.required = false;
		this.defaultText = defaultText;
		this.meaning = meaning;
	}

	Setting(Rule rule, Presence presence, String meaning) {
		this.rule = rule;
		this.defaultValue = null;
		this.required = presence == Presence.REQUIRED;
		this.defaultText = null;
		this.meaning = meaning;
	}

	/** The values it accepts. */
	public Rule rule() {
		return this.rule;
	}

	/** The value used when the variable is not set; null when there is none (required or optional). */
	public @Nullable String defaultValue() {
		return this.defaultValue;
	}

	/**
	 * The default of a setting that has one.
	 * @throws IllegalStateException for a setting without a default
	 */
	public String requireDefault() {
		if (this.defaultValue == null) {
			throw new IllegalStateException(name() + " has no default");
		}
		return this.defaultValue;
	}

	/** Whether the extension refuses to start without it. */
	public boolean required() {
		return this.required;
	}

	/** The default as the documentation shows it. */
	public String documentedDefault() {
		if (this.defaultText != null) {
			return this.defaultText;
		}
		if (this.defaultValue != null) {
			return "`" + this.defaultValue + "`";
		}
		return this.required ? "required" : "none";
	}

	/** What it means, in Markdown. */
	public String meaning() {
		return this.meaning;
	}

	/** Whether a variable without a default is required. */
	enum Presence {

		REQUIRED, OPTIONAL

	}

}
