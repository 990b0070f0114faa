// CustomMessage as a team writes it for Lambda: its own words around Cognito's placeholders.
exports.handler = async (event) => {
  const code = event.request.codeParameter;
  if (event.triggerSource === "CustomMessage_SignUp" || event.triggerSource === "CustomMessage_ResendCode") {
    event.response.emailSubject = "Welcome to Acme";
    event.response.emailMessage = `Hello ${event.request.userAttributes.email}, your code is ${code}.`;
  } else if (event.triggerSource === "CustomMessage_ForgotPassword") {
    event.response.emailSubject = "Reset your Acme password";
    event.response.emailMessage = `Your reset code is ${code}.`;
  } else if (event.triggerSource === "CustomMessage_UpdateUserAttribute" || event.triggerSource === "CustomMessage_VerifyUserAttribute") {
    event.response.emailSubject = "Confirm your email";
    event.response.emailMessage = `Confirm ${event.request.userAttributes.email} with ${code}.`;
  } else if (event.triggerSource === "CustomMessage_AdminCreateUser") {
    event.response.emailSubject = "Your Acme account";
    event.response.emailMessage = `Sign in as ${event.request.usernameParameter} with ${code}.`;
  }
  return event;
};
