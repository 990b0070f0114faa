// A post-confirmation handler as a team writes it for Lambda; here it records the event in
// the file named by EVENT_LOG (a team's would write to a table).
const fs = require("fs");
exports.handler = async (event) => {
  console.log("confirmed", event.userName);
  fs.writeFileSync(process.env.EVENT_LOG, JSON.stringify(event));
  return event;
};
