// /opt/o2-otel-nodejs/init.mjs, in the Node.js variant of the layer: /opt/otel-instrument adds
// `--import /opt/o2-otel-nodejs/init.mjs` to a Node.js function's NODE_OPTIONS, so this runs in the
// function's process before the runtime loads the handler. It starts the OpenTelemetry JS SDK
// (@opentelemetry/sdk-node, configured by the OTEL_* variables the wrapper set: OTLP/HTTP protobuf
// to the extension's relay on localhost, the function's resource attributes, 100 ms batch delay)
// with three instrumentations: aws-lambda (a span per invocation, and a force flush of the SDK
// before the runtime answers, so the spans reach the relay within the invocation), http and
// undici (outgoing calls, the AWS SDK's included, as child spans). Nothing in the function changes.
// See docs/opentelemetry.md.
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AwsLambdaInstrumentation } from '@opentelemetry/instrumentation-aws-lambda';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

// An ES module handler (index.mjs; on nodejs24.x every handler is imported) is patched through a
// loader hook. The message channel limits the hook to the modules the instrumentations name, so
// the function's other modules load as they would without it.
const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

const sdk = new NodeSDK({
  instrumentations: [new AwsLambdaInstrumentation(), new HttpInstrumentation(), new UndiciInstrumentation()],
});
sdk.start();
await waitForAllMessagesAcknowledged();
