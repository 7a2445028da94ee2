#!/usr/bin/env bash
# The Python sample: handler.py, a plain handler (a text line, a JSON line, an uncaught exception
# on the event {"fail": true}), run under the local Lambda beside our layer's extension by
# runtime_loop.py, a small Runtime API loop in the standard library (started by ./bootstrap):
# AWS's Python runtime interface client, awslambdaric, is on PyPI, which our build machines cannot
# reach. Nothing to build; needs python3.
# --deploy: runtime python3.13, handler handler.handler (Lambda's own runtime, not the loop).
sample_name=python
sample_runtime=python3.13
sample_handler=handler.handler
sample_events=('{"orderId":"o-2001","customer":"ada"}' '{"orderId":"o-2002","customer":"grace","fail":true}')
sample_local_env=()
sample_deploy_env=()
# shellcheck source=infra/samples/lib/sample.sh
source "$(dirname "$0")/../lib/sample.sh"

sample_build() {
  command -v python3 >/dev/null 2>&1 || sample_die "needs python3"
}

sample_zip() {
  mkdir -p "$sample_dir/target"
  rm -f "$sample_dir/target/function.zip"
  (cd "$sample_dir" && zip -q -X target/function.zip handler.py)
  echo "$sample_dir/target/function.zip"
}

sample_main "$@"
