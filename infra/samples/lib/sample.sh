# shellcheck shell=bash disable=SC2154 # the sample_* settings come from the run.sh that sources this file
# What every sample's run.sh does, sourced by infra/samples/<language>/run.sh after it has set:
#   sample_name      java, nodejs or python: the stack is o2-sample-<name>
#   sample_runtime   the Lambda runtime of --deploy (java21, nodejs22.x, python3.13)
#   sample_handler   its handler setting
#   sample_events    the events of the local run, one JSON object per element
#   sample_local_env extra --env KEY=VALUE arguments of the local run (may be empty)
#   sample_deploy_env extra variables --deploy merges into the function (layer-build/attach.sh --env)
# and defined sample_build (builds what the local run and the zip need; quick when nothing changed)
# and sample_zip (prints the path of the zip --deploy uploads, after sample_build).
#
#   run.sh                 build, run under the local Lambda with our layer, print what arrived
#   run.sh --build-only    build, then stop
#   run.sh --deploy [--dry-run] [--stack-name NAME] [--organization ORG] [--endpoint URL]
#                          deploy through infra/sam/template.yaml (needs sam, aws, jq and an AWS
#                          account; --dry-run prints the exact commands instead and needs none of them)
# Other arguments go to layer-build/run-local.sh (e.g. --no-build, --show N, --env KEY=VALUE).
# The local run's exit status is run-local.sh's: 0 only when every line the function printed
# reached the (fake) OpenObserve and the extension delivered everything it received.
set -euo pipefail

sample_dir=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd -P)
repo=$(cd "$sample_dir/../../.." && pwd -P)

sample_die() {
  printf '%s/run.sh: %s\n' "$sample_name" "$*" >&2
  exit 2
}

sample_usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$sample_dir/run.sh"
  echo
  awk '/^#   run.sh/,/^# reached/ { sub(/^# ?/, ""); print }' "$repo/infra/samples/lib/sample.sh"
}

# The exact deploy, one command per line, as a shell script would run it. Values only known once
# the stack exists are read into variables by the commands before them.
sample_deploy_commands() {
  local stack=$1 organization=$2 endpoint=$3 zip=$4
  local overrides="Organization=$organization"
  [[ -n $endpoint ]] && overrides+=" Endpoint=$endpoint"
  local output="aws cloudformation describe-stacks --stack-name $stack --query \"Stacks[0].Outputs[?OutputKey=='%s'].OutputValue\" --output text"
  echo "sam deploy --template-file infra/sam/template.yaml --stack-name $stack --resolve-s3 --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset --parameter-overrides $overrides"
  # shellcheck disable=SC2059 # the format is ours
  printf "function=\$($output)\n" FunctionName
  # shellcheck disable=SC2059
  printf "layer=\$($output)\n" LayerVersionArn
  echo "aws lambda update-function-configuration --function-name \"\$function\" --runtime $sample_runtime --handler $sample_handler"
  echo "aws lambda wait function-updated --function-name \"\$function\""
  echo "aws lambda update-function-code --function-name \"\$function\" --zip-file fileb://${zip#"$repo"/}"
  echo "aws lambda wait function-updated --function-name \"\$function\""
  if ((${#sample_deploy_env[@]} > 0)); then
    local env_args="" pair
    for pair in "${sample_deploy_env[@]}"; do env_args+=" --env $pair"; done
    echo "layer-build/attach.sh --function \"\$function\" --layer-arn \"\$layer\"$env_args"
  fi
  echo "aws lambda invoke --function-name \"\$function\" --cli-binary-format raw-in-base64-out --payload '${sample_events[0]}' /dev/stdout"
}

sample_deploy() {
  local dry_run=$1 stack=$2 organization=$3 endpoint=$4
  local zip
  if $dry_run; then
    zip="$sample_dir/target/function.zip"
    echo "# $sample_name sample: deploy through infra/sam/template.yaml (dry run: nothing was built or called)"
    echo "# the template publishes the layer and an example function; these commands then give that"
    echo "# function this sample's code, runtime and handler. Needs the authorization header stored"
    echo "# once as the secret o2-lambda-extension/authorization (infra/sam/README.md). Run from $repo:"
    sample_deploy_commands "$stack" "$organization" "$endpoint" "$zip"
    echo "# remove it again: aws cloudformation delete-stack --stack-name $stack"
    return 0
  fi
  local tool
  for tool in sam aws jq; do
    command -v "$tool" >/dev/null 2>&1 || sample_die "--deploy needs $tool (not installed); --deploy --dry-run prints the commands"
  done
  sample_build
  zip=$(sample_zip)
  cd "$repo"
  sample_deploy_commands "$stack" "$organization" "$endpoint" "$zip" | while IFS= read -r command; do
    printf '+ %s\n' "$command" >&2
    printf '%s\n' "$command"
  done | bash -euo pipefail
}

sample_main() {
  local deploy=false dry_run=false build_only=false stack="o2-sample-$sample_name" organization=default endpoint=""
  local local_args=()
  while (($# > 0)); do
    case $1 in
      --deploy) deploy=true ;;
      --dry-run) dry_run=true ;;
      --build-only) build_only=true ;;
      --stack-name) stack=${2:?--stack-name needs a value}; shift ;;
      --organization) organization=${2:?--organization needs a value}; shift ;;
      --endpoint) endpoint=${2:?--endpoint needs a value}; shift ;;
      -h | --help) sample_usage; return 0 ;;
      *) local_args+=("$1") ;;
    esac
    shift
  done
  if $dry_run && ! $deploy; then sample_die "--dry-run goes with --deploy"; fi
  if $deploy; then
    sample_deploy "$dry_run" "$stack" "$organization" "$endpoint"
    return
  fi
  sample_build
  $build_only && return 0
  local args=(--function "$sample_dir/bootstrap" --show 8) event
  for event in "${sample_events[@]}"; do args+=(--event "$event"); done
  for event in "${sample_local_env[@]}"; do args+=(--env "$event"); done
  echo "== $sample_name sample under the local Lambda, with the layer of target/layer/x86_64"
  "$repo/layer-build/run-local.sh" "${args[@]}" "${local_args[@]}"
}
