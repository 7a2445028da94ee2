#!/usr/bin/env bash
# The Java sample: dev.o2ext.samples.OrderHandler, traced with OpenTelemetry's library
# instrumentation for Lambda (TracingRequestHandler, with the OpenTelemetry SDK: no Java agent, so
# none of the agent's seconds of cold start, docs/opentelemetry.md), run under the local Lambda
# by AWS's Java runtime interface client (./bootstrap) through the layer's exec wrapper
# /opt/otel-instrument, which points the SDK at the extension's relay. It prints a text line and
# a JSON line with its trace id, and throws on the event {"fail": true}; the summary shows the
# lines and the spans that reached the fake OpenObserve.
# The build is `mvn package` (dependencies from Maven Central; a few seconds once they are in
# ~/.m2), again only when pom.xml or src/ changed.
# --deploy: runtime java21, handler dev.o2ext.samples.OrderHandler::handleRequest, and
# AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument merged into the function's variables.
sample_name=java
sample_runtime=java21
sample_handler=dev.o2ext.samples.OrderHandler::handleRequest
sample_events=('{"orderId":"o-3001","customer":"ada"}' '{"orderId":"o-3002","customer":"grace","fail":true}')
sample_local_env=(AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument)
sample_deploy_env=(AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-instrument)
# shellcheck source=infra/samples/lib/sample.sh
source "$(dirname "$0")/../lib/sample.sh"

sample_build() {
  local stamp="$sample_dir/target/.o2-built"
  if [[ -f $stamp && -z $(find "$sample_dir/pom.xml" "$sample_dir/src" -newer "$stamp" -type f -print -quit) ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || sample_die "needs Maven (mvn)"
  echo "building the Java sample (mvn -B -q package)"
  rm -rf "$sample_dir/target"
  # Maven 3.8 prints colour resets even in batch mode
  (cd "$sample_dir" && mvn -B -q package 2>&1 | sed 's/\x1b\[0m//g')
  touch "$stamp"
}

sample_zip() {
  # Lambda's Java layout: the classes at the root, the jars in lib/
  rm -f "$sample_dir/target/function.zip"
  (cd "$sample_dir/target/classes" && zip -q -X -r ../function.zip .)
  (cd "$sample_dir/target" && zip -q -X -r function.zip lib)
  echo "$sample_dir/target/function.zip"
}

sample_main "$@"
