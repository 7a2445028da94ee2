#!/bin/sh
# The local function: one plain and one JSON log line per invocation, the two shapes the
# Telemetry API delivers.
echo "hello from the local function"
printf '{"level":"INFO","message":"hello as JSON","invocation":"%s"}\n' "${1:-none}"
