# ---- The layer ----------------------------------------------------------------------------------

variable "layer_name" {
  description = "Base name of the layers; each architecture gets \"<layer_name>-<arch>\", the names layer-build/publish.sh uses."
  type        = string
  default     = "o2-lambda-extension"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,100}$", var.layer_name))
    error_message = "layer_name must be 1-100 letters, digits, '-' or '_'."
  }
}

variable "zip_directory" {
  description = "Directory holding o2-lambda-extension-<arch>.zip. Default: the repository's target/ (this module's ../../target)."
  type        = string
  default     = null
}

variable "s3_bucket" {
  description = "Bucket to upload the zips to and publish the layers from; needed for a zip over Lambda's 50 MB limit for a direct upload, such as the JVM variant's (the default, native layer's zip is about 20 MB). It must exist, in the provider's region. Null: upload the zips directly."
  type        = string
  default     = null

  validation {
    condition     = var.s3_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket))
    error_message = "s3_bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' or '-'."
  }
}

variable "s3_key_prefix" {
  description = "Prefix of the zips' keys in s3_bucket, e.g. \"layers/\"; each key is <prefix><layer_name>-<arch>-<first 16 hex of the zip's SHA-256>.zip."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]{0,900}$", var.s3_key_prefix)) && !startswith(var.s3_key_prefix, "/")
    error_message = "s3_key_prefix may hold only letters, digits, '.', '_', '-' and '/', and may not start with '/'."
  }

  validation {
    condition     = var.s3_key_prefix == "" || var.s3_bucket != null
    error_message = "s3_key_prefix needs s3_bucket."
  }
}

variable "architectures" {
  description = "Architectures to publish a layer for: x86_64 (what layer-build/build.sh builds by default), arm64 or both."
  type        = set(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.architectures) > 0 && alltrue([for a in var.architectures : contains(["x86_64", "arm64"], a)])
    error_message = "architectures must be a non-empty set of x86_64 and arm64."
  }
}

variable "variant" {
  description = "Which layer to publish: null for the default (the native executable; Amazon Linux 2023 runtimes), \"jvm\" (the extension on a JVM, any runtime) or \"javaagent\" (the JVM with the OpenTelemetry Java agent). A variant's zip is o2-lambda-extension-<variant>-<arch>.zip and its layer <layer_name>-<variant>-<arch>, as layer-build/publish.sh names them."
  type        = string
  default     = null

  validation {
    condition     = var.variant == null || contains(["jvm", "javaagent"], coalesce(var.variant, "jvm"))
    error_message = "variant must be null, \"jvm\" or \"javaagent\"."
  }
}

variable "compatible_runtimes" {
  description = "Runtimes listed on the layers. An extension works with any runtime, so the default lists none."
  type        = list(string)
  default     = null
}

variable "description" {
  description = "Layer description; \" (<arch>)\" is appended."
  type        = string
  default     = "Ships Lambda logs and OpenTelemetry data to OpenObserve"
}

variable "license_info" {
  description = "SPDX identifier or URL shown with the layers."
  type        = string
  default     = null
}

variable "skip_destroy" {
  description = "Keep old layer versions when a new one replaces them or the module is destroyed."
  type        = bool
  default     = false
}

# ---- The extension's configuration (docs/configuration.md) --------------------------------------

variable "organization" {
  description = "O2_ORGANIZATION_ID: the OpenObserve organization."
  type        = string

  validation {
    # The extension's rule (o2_settings.tf.json, generated from its table of settings), tested against
    # its cases in offline-test/run.sh.
    condition     = can(regex("^(?:${local.o2_settings.O2_ORGANIZATION_ID.pattern})$", var.organization))
    error_message = "organization may contain only letters, digits, '_', '-', '.' and ':' (what the extension accepts)."
  }
}

variable "endpoint" {
  description = "O2_ENDPOINT: base URL of OpenObserve. Null leaves the extension's default (https://api.openobserve.ai)."
  type        = string
  default     = null

  validation {
    condition     = var.endpoint == null || can(regex("^https?://[^/?#@[:space:]]+(/[^?#[:space:]]*)?$", var.endpoint))
    error_message = "endpoint must be an http(s) base URL without user info, query or fragment."
  }

  validation {
    condition = (var.endpoint == null || startswith(coalesce(var.endpoint, "https://"), "https://") || var.allow_insecure_http
    || can(regex("^http://(localhost|127\\.[0-9.]+|\\[::1\\])(:[0-9]+)?(/|$)", coalesce(var.endpoint, "https://"))))
    error_message = "A plain http:// endpoint on a non-loopback host needs allow_insecure_http = true; the extension refuses it otherwise."
  }
}

variable "allow_insecure_http" {
  description = "O2_ALLOW_INSECURE_HTTP: accept a plain http:// endpoint on a non-loopback host."
  type        = bool
  default     = false
}

variable "stream" {
  description = "O2_STREAM: the log stream. Null leaves the extension's default (default)."
  type        = string
  default     = null

  validation {
    condition     = var.stream == null || can(regex("^(?:${local.o2_settings.O2_STREAM.pattern})$", coalesce(var.stream, "default")))
    error_message = "stream may contain only letters, digits, '_', '-', '.' and ':' (what the extension accepts)."
  }
}

variable "max_buffer_size_mb" {
  description = "O2_MAX_BUFFER_SIZE_MB, 1-1024. Null leaves the extension's default (10)."
  type        = number
  default     = null

  validation {
    condition = var.max_buffer_size_mb == null || (floor(coalesce(var.max_buffer_size_mb, 1)) == coalesce(var.max_buffer_size_mb, 1)
      && coalesce(var.max_buffer_size_mb, 1) >= local.o2_settings.O2_MAX_BUFFER_SIZE_MB.min
    && coalesce(var.max_buffer_size_mb, 1) <= local.o2_settings.O2_MAX_BUFFER_SIZE_MB.max)
    error_message = "max_buffer_size_mb must be 1-1024."
  }
}

variable "extra_environment" {
  description = "Further O2_* variables, e.g. { O2_FLUSH_BUDGET_MS = \"1500\" }. May not repeat one set by another variable."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.extra_environment) : startswith(k, "O2_")])
    error_message = "extra_environment takes only O2_* variables."
  }

  validation {
    condition = length(setintersection(keys(var.extra_environment), [
      "O2_ORGANIZATION_ID", "O2_AUTHORIZATION_HEADER", "O2_ENDPOINT", "O2_STREAM",
      "O2_ALLOW_INSECURE_HTTP", "O2_MAX_BUFFER_SIZE_MB", "O2_AUTHORIZATION_SECRET_ARN",
      "O2_AUTHORIZATION_SECRET_KEY", "O2_AUTHORIZATION_SSM_PARAMETER",
    ])) == 0
    error_message = "extra_environment may not set a variable that has its own module variable."
  }

  validation {
    condition     = alltrue([for k in keys(var.extra_environment) : contains(keys(local.o2_settings), k)])
    error_message = "extra_environment takes only variables the extension reads (docs/configuration.md); one of them is not."
  }

  validation {
    # The extension's rule of each variable (o2_settings.tf.json): a whole number within its range and
    # not excepted, a flag or choice word in any case, or text matching its pattern.
    condition = alltrue([for k, v in var.extra_environment : try(
      local.o2_settings[k].kind == "whole" ? (can(regex("^-?[0-9]+$", trimspace(v)))
        && tonumber(trimspace(v)) >= local.o2_settings[k].min && tonumber(trimspace(v)) <= local.o2_settings[k].max
      && !contains(local.o2_settings[k].except, tonumber(trimspace(v))))
      : contains(["flag", "choice"], local.o2_settings[k].kind) ? contains(local.o2_settings[k].values, lower(trimspace(v)))
      : local.o2_settings[k].pattern == null || can(regex("^(?:${local.o2_settings[k].pattern})$", trimspace(v))),
    false) || trimspace(v) == ""])
    error_message = "extra_environment has a value the extension refuses at Init (docs/configuration.md gives each variable's range)."
  }
}

variable "otel_instrument" {
  description = "Set AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument (needs a layer that ships the wrapper)."
  type        = bool
  default     = false
}

# ---- Where the authorization header comes from: exactly one of these -----------------------------
# Read by the extension during Init (recommended; the header is in neither the state nor the function's
# configuration): authorization_secret_arn, authorization_ssm_parameter_arn. Read by Terraform at plan
# time into O2_AUTHORIZATION_HEADER: authorization_header, authorization_ssm_parameter_name,
# authorization_secret_id.

variable "authorization_header" {
  description = "O2_AUTHORIZATION_HEADER itself, e.g. from a TF_VAR_ variable. Exactly one of the five authorization_* sources must be set."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition = length(compact([
      var.authorization_header == null ? "" : "header",
      var.authorization_ssm_parameter_name == null ? "" : "ssm",
      var.authorization_secret_id == null ? "" : "secret",
      var.authorization_secret_arn == null ? "" : "secret read by the extension",
      var.authorization_ssm_parameter_arn == null ? "" : "ssm read by the extension",
    ])) == 1
    error_message = "Set exactly one of authorization_secret_arn, authorization_ssm_parameter_arn, authorization_header, authorization_ssm_parameter_name and authorization_secret_id."
  }
}

variable "authorization_secret_arn" {
  description = "ARN of a Secrets Manager secret holding the header, read by the extension during Init (O2_AUTHORIZATION_SECRET_ARN); the policy in the output authorization_policy_json (attached to role_name when set) allows exactly secretsmanager:GetSecretValue on it. With authorization_secret_json_key, one key of a JSON secret (O2_AUTHORIZATION_SECRET_KEY)."
  type        = string
  default     = null

  validation {
    condition     = var.authorization_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$", coalesce(var.authorization_secret_arn, "-")))
    error_message = "authorization_secret_arn must be a Secrets Manager secret's ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)."
  }
}

variable "authorization_ssm_parameter_arn" {
  description = "ARN of an SSM parameter (String or SecureString) holding the header, read with decryption by the extension during Init (O2_AUTHORIZATION_SSM_PARAMETER); the policy allows exactly ssm:GetParameter on it. A SecureString under a customer-managed key also needs authorization_kms_key_arn."
  type        = string
  default     = null

  validation {
    condition     = var.authorization_ssm_parameter_arn == null || can(regex("^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[A-Za-z0-9/_.-]+$", coalesce(var.authorization_ssm_parameter_arn, "-")))
    error_message = "authorization_ssm_parameter_arn must be an SSM parameter's ARN (arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>)."
  }
}

variable "authorization_kms_key_arn" {
  description = "ARN of the customer-managed KMS key of the secret or SecureString parameter the extension reads: the policy then also allows kms:Decrypt on it. Not needed for AWS managed keys (aws/secretsmanager, aws/ssm)."
  type        = string
  default     = null

  validation {
    condition     = var.authorization_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", coalesce(var.authorization_kms_key_arn, "-")))
    error_message = "authorization_kms_key_arn must be a KMS key's ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }

  validation {
    condition     = var.authorization_kms_key_arn == null || var.authorization_secret_arn != null || var.authorization_ssm_parameter_arn != null
    error_message = "authorization_kms_key_arn is for a secret or parameter the extension reads (authorization_secret_arn or authorization_ssm_parameter_arn)."
  }
}

variable "role_name" {
  description = "Name of the functions' execution role: the module attaches to it the policy that lets the extension read authorization_secret_arn or authorization_ssm_parameter_arn (an aws_iam_role_policy). Null: attach the output authorization_policy_json yourself."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || var.authorization_secret_arn != null || var.authorization_ssm_parameter_arn != null
    error_message = "role_name is for a secret or parameter the extension reads (authorization_secret_arn or authorization_ssm_parameter_arn)."
  }
}

variable "authorization_ssm_parameter_name" {
  description = "Name of an SSM parameter (String or SecureString) holding the header; read with decryption by Terraform at plan time, so the header is in the state and the function's configuration. Prefer authorization_ssm_parameter_arn."
  type        = string
  default     = null
}

variable "authorization_secret_id" {
  description = "Name or ARN of a Secrets Manager secret holding the header; read by Terraform at plan time, so the header is in the state and the function's configuration. Prefer authorization_secret_arn."
  type        = string
  default     = null
}

variable "authorization_secret_json_key" {
  description = "When the secret (authorization_secret_id or authorization_secret_arn) is a JSON object: the key that holds the header."
  type        = string
  default     = null

  validation {
    condition     = var.authorization_secret_json_key == null || var.authorization_secret_id != null || var.authorization_secret_arn != null
    error_message = "authorization_secret_json_key selects a key of the secret in authorization_secret_id or authorization_secret_arn, which is not set."
  }
}
