// CreateAuthChallenge as a team writes it for Lambda: the question is public, the answer not.
exports.handler = async (event) => {
  if (event.request.challengeName === "CUSTOM_CHALLENGE") {
    event.response.publicChallengeParameters = {
      question: "What colour is the sky?",
      attempt: String(event.request.session.length + 1),
    };
    event.response.privateChallengeParameters = { answer: "blue" };
    event.response.challengeMetadata = "SKY_QUESTION";
  }
  return event;
};
