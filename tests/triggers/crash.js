// A handler with a bug: it reads a field of something undefined.
exports.handler = async (event) => {
  console.error("secret detail only for the log");
  return event.request.nothing.here;
};
