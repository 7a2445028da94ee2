"""A plain Python handler, nothing of ours in it: a text line, a JSON line, and an uncaught
exception when the event asks for one. On Lambda the managed python3.13 runtime calls it; here
./bootstrap does (runtime_loop.py)."""
import json


def handler(event, context):
    print(f"python sample got {event.get('orderId', 'an event')} in {context.aws_request_id}")
    print(json.dumps({"message": "order received", "order": event,
                      "remaining_ms": context.get_remaining_time_in_millis()}))
    if event.get("fail"):
        raise RuntimeError(f"failing on purpose in {context.aws_request_id}")
    return {"ok": True, "orderId": event.get("orderId")}
