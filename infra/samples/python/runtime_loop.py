"""A small Lambda Runtime API loop for the local run, standing in for AWS's Python runtime
interface client (awslambdaric), which is on PyPI and PyPI is not reachable from our build
machines. Python 3 standard library only. It does what the client does for a plain handler:
GET /runtime/invocation/next, call module.function(event, context), POST the JSON answer to
.../response, or on an uncaught exception print its traceback to stderr (the extension joins it
into one record) and POST errorMessage/errorType/stackTrace to .../error. Not done: Init errors
posted to /runtime/init/error, the client's log prefix and the JSON log format, streaming, the
X-Ray header in _X_AMZN_TRACE_ID, client context and Cognito identity.

    python3 runtime_loop.py module.function      (AWS_LAMBDA_RUNTIME_API names the Runtime API)
"""
import importlib
import json
import os
import sys
import time
import traceback
import urllib.request


class Context:
    """What a handler reads from Lambda's context object, from the invocation's headers."""

    def __init__(self, headers):
        self.aws_request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        answer.read()


def main():
    module_name, function_name = sys.argv[1].rsplit(".", 1)
    sys.path.insert(0, os.environ.get("LAMBDA_TASK_ROOT", os.getcwd()))
    function = getattr(importlib.import_module(module_name), function_name)
    api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
    while True:
        with urllib.request.urlopen(api + "next") as invocation:
            headers = invocation.headers
            event = json.loads(invocation.read() or b"{}")
        context = Context(headers)
        try:
            result = function(event, context)
        except Exception as error:  # what the managed runtime reports for any uncaught exception
            traceback.print_exc()
            sys.stderr.flush()
            post(api + context.aws_request_id + "/error", {
                "errorMessage": str(error), "errorType": type(error).__name__,
                "stackTrace": traceback.format_tb(error.__traceback__)})
            continue
        sys.stdout.flush()
        post(api + context.aws_request_id + "/response", result)


if __name__ == "__main__":
    main()
