// A V1 pre-token-generation handler that records each event's triggerSource, one line each, in
// the file named by EVENT_LOG, and adds it to the ID token as the claim `source`.
const fs = require("fs");
exports.handler = async (event) => {
  fs.appendFileSync(process.env.EVENT_LOG, event.triggerSource + "\n");
  event.response = {
    claimsOverrideDetails: { claimsToAddOrOverride: { source: event.triggerSource } },
  };
  return event;
};
