// A handler that takes longer than Cognito's 5 seconds.
exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, 30000));
  return event;
};
