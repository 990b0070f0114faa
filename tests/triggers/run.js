// Runs a Lambda handler file unchanged as a cogtui local pool trigger:
//   cmd:node tests/triggers/run.js path/to/handler.js [exportName]
// The event JSON comes on stdin; the answer (the event the handler returns) goes to stdout.
// A thrown error is printed as Lambda's {"errorMessage", "errorType"} with exit status 1.
// The handler's console.log goes to stderr, so it never mixes with the answer.
const path = require("path");
console.log = console.info = console.debug = console.error;

function fail(err) {
  const e = err instanceof Error ? err : new Error(String(err));
  process.stdout.write(JSON.stringify({ errorMessage: e.message, errorType: e.name }));
  process.exitCode = 1;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  try {
    const file = path.resolve(process.argv[2]);
    const handler = require(file)[process.argv[3] || "handler"];
    const event = JSON.parse(input);
    const context = { functionName: path.basename(file), awsRequestId: "local" };
    const result = await new Promise((resolve, reject) => {
      const callback = (err, value) => (err ? reject(err) : resolve(value));
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === "function") returned.then(resolve, reject);
    });
    process.stdout.write(JSON.stringify(result === undefined ? event : result));
  } catch (err) {
    fail(err);
  }
});
