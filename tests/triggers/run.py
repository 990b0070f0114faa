"""Runs a Lambda handler file unchanged as a cogtui local pool trigger:
    cmd:python3 tests/triggers/run.py path/to/handler.py [function]
The event JSON comes on stdin; the answer (the event the handler returns) goes to stdout.
A raised exception is printed as Lambda's {"errorMessage", "errorType"} with exit status 1.
The handler's print() goes to stderr, so it never mixes with the answer."""
import importlib.util
import json
import os
import sys


def main():
    out = sys.stdout
    sys.stdout = sys.stderr
    try:
        path = os.path.abspath(sys.argv[1])
        spec = importlib.util.spec_from_file_location("handler_module", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        handler = getattr(module, sys.argv[2] if len(sys.argv) > 2 else "handler")
        event = json.loads(sys.stdin.read())
        result = handler(event, None)
        out.write(json.dumps(event if result is None else result))
    except Exception as e:  # what Lambda reports for any error the handler raises
        out.write(json.dumps({"errorMessage": str(e), "errorType": type(e).__name__}))
        out.flush()
        sys.exit(1)


main()
