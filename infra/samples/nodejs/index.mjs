// A plain Node.js handler, nothing of ours in it: a text line, a JSON line, and an uncaught
// exception when the event asks for one. On Lambda the managed runtime calls it; here AWS's
// runtime interface client (aws-lambda-ric) does, started by ./bootstrap.
export const handler = async (event, context) => {
  console.log(`nodejs sample got ${event.orderId ?? 'an event'} in ${context.awsRequestId}`);
  console.log(JSON.stringify({ message: 'order received', order: event, remaining_ms: context.getRemainingTimeInMillis() }));
  if (event.fail) {
    throw new Error(`failing on purpose in ${context.awsRequestId}`);
  }
  return { ok: true, orderId: event.orderId ?? null };
};
