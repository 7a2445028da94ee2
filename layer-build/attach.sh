#!/usr/bin/env bash
# Adds the extension's layer to an existing Lambda function, or removes it, keeping everything else
# the function has: its other layers stay in their order (an older version or another variant of
# ours is replaced in place), its variables stay, the O2_* variables given are merged in.
# Run with --help for the options; --dry-run reads the function and prints the update instead.
set -euo pipefail

readonly MAX_LAYERS=5 # Lambda's limit per function

usage() {
  cat <<'EOF'
Usage: layer-build/attach.sh --function NAME --layer-arn ARN [options]
       layer-build/attach.sh --function NAME --remove [options]

Gives the function NAME (name or ARN) the layer version ARN (what publish.sh printed) and the
O2_* variables, in one update-function-configuration call:
  - its other layers are kept in their order; a layer of ours already there (any version of
    <layer-name>-<arch>, <layer-name>-jvm-<arch> or <layer-name>-javaagent-<arch>, or of the
    layer ARN's own name) is replaced in place, else the new one is appended;
  - its variables are kept; each --env is set (added or replaced); O2_* variables it already has
    and that are not given stay as they are.
Refuses when the layer version does not list the function's architecture (e.g. an arm64 function
and an x86_64 layer), and when the default (native) layer meets a runtime on Amazon Linux 2
(its glibc 2.26 is older than the native executable needs: publish and attach --variant jvm).

  --function NAME        the function's name or ARN (required)
  --layer-arn ARN        the layer version to attach, arn:aws:lambda:<region>:<account>:layer:<name>:<version>
  --env KEY=VALUE        an O2_* variable, or AWS_LAMBDA_EXEC_WRAPPER; repeatable. Not for the
                         Authorization header: see --authorization-from-env
  --authorization-from-env
                         set O2_AUTHORIZATION_HEADER from this shell's O2_AUTHORIZATION_HEADER
                         (so that the header is in no command line)
  --remove               remove our layer and every O2_* variable (and AWS_LAMBDA_EXEC_WRAPPER when
                         it points into /opt/otel-instrument) instead
  --layer-name NAME      base name of our layers (default: o2-lambda-extension)
  --region REGION        the function's region (default: the AWS CLI's)
  --dry-run              read the function (get-function-configuration and get-layer-version-by-arn
                         are read-only), then print the update call instead of making it, and the
                         variables it would set, their values hidden except the O2_* ones we set
  -h, --help             this text

Needs the AWS CLI and jq. The caller needs lambda:GetFunctionConfiguration,
lambda:UpdateFunctionConfiguration and lambda:GetLayerVersion. The update carries the revision
read first: a change made to the function in between makes it fail instead of being overwritten.
EOF
}

die() {
  printf 'attach.sh: %s\n' "$1" >&2
  exit 2
}

script_dir="${BASH_SOURCE[0]%/*}"
[[ $script_dir == "${BASH_SOURCE[0]}" ]] && script_dir=.
# shellcheck source=layer-build/lib/aws-calls.sh
source "$script_dir/lib/aws-calls.sh"

function_name=""
layer_arn=""
layer_name=o2-lambda-extension
region=""
remove=false
dry_run=false
header_from_env=false
env_keys=()
env_values=()

while (($# > 0)); do
  case $1 in
    --function | --layer-arn | --env | --layer-name | --region)
      if (($# < 2)) || [[ $2 == --* ]]; then die "$1 needs a value"; fi
      case $1 in
        --function) function_name=$2 ;;
        --layer-arn) layer_arn=$2 ;;
        --layer-name) layer_name=$2 ;;
        --region) region=$2 ;;
        --env)
          [[ $2 == *=* ]] || die "--env takes KEY=VALUE: $2"
          key=${2%%=*}
          [[ $key =~ ^O2_[A-Z0-9_]+$ || $key == AWS_LAMBDA_EXEC_WRAPPER ]] ||
            die "--env sets only O2_* variables and AWS_LAMBDA_EXEC_WRAPPER: $key"
          [[ $key != O2_AUTHORIZATION_HEADER ]] ||
            die "the Authorization header does not go on a command line: export O2_AUTHORIZATION_HEADER and pass --authorization-from-env"
          env_keys+=("$key")
          env_values+=("${2#*=}")
          ;;
      esac
      shift 2
      ;;
    --authorization-from-env) header_from_env=true && shift ;;
    --remove) remove=true && shift ;;
    --dry-run) dry_run=true && shift ;;
    -h | --help) usage && exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[[ -n $function_name ]] || die "--function is required (see --help)"
[[ $layer_name =~ ^[A-Za-z0-9_-]{1,100}$ ]] || die "layer name must be 1-100 letters, digits, '-' or '_': $layer_name"
[[ -z $region || $region =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "not an AWS region: $region"
if $remove; then
  [[ -z $layer_arn ]] || die "--remove takes no --layer-arn: it removes every version of ours"
  if ((${#env_keys[@]} > 0)) || $header_from_env; then die "--remove takes no --env or --authorization-from-env"; fi
else
  [[ -n $layer_arn ]] || die "--layer-arn is required (see --help), or --remove"
  [[ $layer_arn =~ ^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:([A-Za-z0-9_-]+):[0-9]+$ ]] ||
    die "not a layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>): $layer_arn"
  new_name=${BASH_REMATCH[1]}
fi
if $header_from_env; then
  [[ -n ${O2_AUTHORIZATION_HEADER:-} ]] || die "--authorization-from-env, but O2_AUTHORIZATION_HEADER is not set in this shell"
  env_keys+=(O2_AUTHORIZATION_HEADER)
  env_values+=("$O2_AUTHORIZATION_HEADER")
fi
command -v aws >/dev/null 2>&1 || die "the AWS CLI (aws) is not on the PATH"
command -v jq >/dev/null 2>&1 || die "jq is not on the PATH (needed to merge the function's variables)"

region_args=()
[[ -n $region ]] && region_args=(--region "$region")

# Whether layer version ARN $1 is one of ours: the new layer's own name, or <base>[-variant]-<arch>.
ours() {
  local name
  [[ $1 =~ :layer:([A-Za-z0-9_-]+):[0-9]+$ ]] || return 1
  name=${BASH_REMATCH[1]}
  [[ -n ${new_name:-} && $name == "$new_name" ]] && return 0
  [[ $name =~ ^${layer_name}(-jvm|-javaagent)?-(x86_64|arm64)$ ]]
}

config=$(aws lambda get-function-configuration --function-name "$function_name" "${region_args[@]}" --output json)
jq -e 'type == "object" and has("RevisionId")' >/dev/null <<<"$config" ||
  die "unexpected answer from get-function-configuration for $function_name"
revision=$(jq -r '.RevisionId' <<<"$config")
architecture=$(jq -r '(.Architectures // ["x86_64"])[0]' <<<"$config")
runtime=$(jq -r '.Runtime // ""' <<<"$config")
mapfile -t current_layers < <(jq -r '(.Layers // [])[].Arn' <<<"$config")

if ! $remove; then
  compatible=$(aws lambda get-layer-version-by-arn --arn "$layer_arn" "${region_args[@]}" \
    --query 'CompatibleArchitectures' --output json)
  if jq -e 'type == "array" and length > 0' >/dev/null <<<"$compatible"; then
    jq -e --arg a "$architecture" 'index($a) != null' >/dev/null <<<"$compatible" ||
      die "$function_name runs on $architecture, but $layer_arn is for $(jq -r 'join(", ")' <<<"$compatible"): publish and attach the $architecture layer (publish.sh --arch $architecture)"
  else
    printf 'attach.sh: warning: %s lists no architecture: not checked against %s\n' "$layer_arn" "$architecture" >&2
  fi
  # Amazon Linux 2 runtimes (glibc 2.26); the native executable needs Amazon Linux 2023's.
  if [[ $runtime =~ ^(java8\.al2|java11|java17|python3\.(8|9|10|11)|nodejs(16|18)\.x|provided\.al2|dotnet6|ruby3\.2)$ &&
    ! $new_name =~ -(jvm|javaagent)-(x86_64|arm64)$ ]]; then
    die "$function_name's runtime $runtime runs on Amazon Linux 2, where the native layer does not start: publish.sh --variant jvm and attach that layer"
  fi
fi

layers=()
replaced=false
for arn in "${current_layers[@]}"; do
  if ours "$arn"; then
    if ! $remove && ! $replaced; then
      layers+=("$layer_arn")
      replaced=true
    fi
  else
    layers+=("$arn")
  fi
done
$remove || $replaced || layers+=("$layer_arn")
((${#layers[@]} <= MAX_LAYERS)) ||
  die "$function_name would have ${#layers[@]} layers, over Lambda's $MAX_LAYERS: remove one first"

# The merged variables: {"KEY": "VALUE", ...} of our --env, then the update's whole environment.
ours_json=$(for i in "${!env_keys[@]}"; do
  jq -n --arg k "${env_keys[$i]}" --arg v "${env_values[$i]}" '{($k): $v}'
done | jq -s 'add // {}')
if $remove; then
  variables=$(jq '(.Environment.Variables // {}) | with_entries(select((.key | startswith("O2_") | not)
    and (.key != "AWS_LAMBDA_EXEC_WRAPPER" or (.value | startswith("/opt/otel-instrument") | not))))' <<<"$config")
else
  variables=$(jq --argjson ours "$ours_json" '(.Environment.Variables // {}) + $ours' <<<"$config")
fi

umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jq '{Variables: .}' <<<"$variables" >"$work/environment.json"

update=(aws lambda update-function-configuration --function-name "$function_name" "${region_args[@]}"
  --revision-id "$revision")
if ((${#layers[@]} > 0)); then
  update+=(--layers "${layers[@]}")
else
  update+=(--layers '[]')
fi
update+=(--environment "file://$work/environment.json" --query LastUpdateStatus --output text)

if $dry_run; then
  print_call "${update[@]}"
  # The variables by name; the values only of what this call sets, never the header's.
  echo "# the file, written and removed by a real run, sets Variables:"
  jq -r --argjson ours "$ours_json" 'to_entries[] | .key as $k | "#   \($k)=" + (if $k == "O2_AUTHORIZATION_HEADER" then "<hidden>"
    elif ($ours | has($k)) then .value else "<kept>" end)' <<<"$variables"
  exit 0
fi
status=$("${update[@]}")
aws lambda wait function-updated --function-name "$function_name" "${region_args[@]}"
printf '%s: %s, layers: %s\n' "$function_name" "$status" "${layers[*]:-none}"
