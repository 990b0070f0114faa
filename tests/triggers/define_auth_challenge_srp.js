// DefineAuthChallenge for a password and then a custom question (Amplify's CUSTOM_WITH_SRP),
// as a team writes it for Lambda.
exports.handler = async (event) => {
  const session = event.request.session;
  const last = session[session.length - 1];
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  if (session.length === 1 && last.challengeName === "SRP_A") {
    event.response.challengeName = "PASSWORD_VERIFIER";
  } else if (session.length === 2 && last.challengeName === "PASSWORD_VERIFIER" && last.challengeResult) {
    event.response.challengeName = "CUSTOM_CHALLENGE";
  } else if (session.length === 3 && last.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult) {
    event.response.issueTokens = true;
  } else {
    event.response.failAuthentication = true;
  }
  return event;
};
