// A V1 pre-token-generation handler as a team writes it for Lambda.
exports.handler = async (event) => {
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { team: "red", source: event.triggerSource },
      claimsToSuppress: ["email"],
    },
  };
  return event;
};
