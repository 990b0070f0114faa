//! The HTML of the Hosted UI: the login form, the MFA step, sign-up and its confirmation, error
//! pages and the pages that say what the local Hosted UI does not do. Everything a caller sent
//! is escaped.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Text made safe inside HTML elements and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0}\
main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:6px;\
box-shadow:0 1px 4px #0003}h1{font-size:1.3rem;margin-top:0}label{display:block;\
margin:.8rem 0 .2rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}\
button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#ec7211;\
color:#fff;border:0;border-radius:3px;cursor:pointer}.error{color:#b00;margin:.5rem 0}\
.links{margin-top:1rem;font-size:.9rem}.muted{color:#555;font-size:.85rem}";

fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        esc(title)
    )
}

fn error_line(error: Option<&str>) -> String {
    error.map_or_else(String::new, |e| {
        format!(
            "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>",
            esc(e)
        )
    })
}

/// The sign-in form; it posts back to `/login` with the authorize request's query.
pub fn login(
    query: &str,
    client_name: &str,
    providers: &[(String, String)],
    error: Option<&str>,
    username: &str,
) -> Response {
    let q = esc(query);
    let social: String = providers
        .iter()
        .map(|(name, href)| {
            format!(
                "<p><a class=\"provider\" href=\"{}\">Continue with {}</a></p>",
                esc(href),
                esc(name)
            )
        })
        .collect();
    let body = format!(
        "<h1>Sign in</h1><p class=\"muted\">to {client} (cogtui local pool)</p>{social}{err}\
         <form method=\"post\" action=\"/login?{q}\">\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required \
         value=\"{user}\" autofocus>\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" \
         autocomplete=\"current-password\" required>\
         <button type=\"submit\" id=\"signin\">Sign in</button></form>\
         <p class=\"links\"><a href=\"/forgotPassword?{q}\">Forgot your password?</a><br>\
         Need an account? <a href=\"/signup?{q}\">Sign up</a></p>",
        client = esc(client_name),
        err = error_line(error),
        user = esc(username),
    );
    Html(document("Sign in", &body)).into_response()
}

/// The local stand-in for an identity provider: continue as the suggested identity, or type
/// one.
pub fn identity_provider(
    query: &str,
    provider: &str,
    kind: &str,
    suggested: &str,
    error: Option<&str>,
) -> Response {
    let q = esc(query);
    let body = format!(
        "<h1>Sign in with {p}</h1><p class=\"muted\">This page plays the {k} identity provider \
         <b>{p}</b> for the cogtui local pool (no internet needed): pick or type the identity \
         to sign in with.</p>{err}\
         <form method=\"post\" action=\"/_local/idp?{q}\">\
         <input type=\"hidden\" name=\"email\" value=\"{s}\">\
         <button type=\"submit\" id=\"continue\">Continue as {s}</button></form>\
         <form method=\"post\" action=\"/_local/idp?{q}\">\
         <label for=\"email\">Another identity: email</label>\
         <input id=\"email\" name=\"email\" type=\"email\" required>\
         <label for=\"name\">Name (optional)</label><input id=\"name\" name=\"name\">\
         <button type=\"submit\" id=\"continue-other\">Continue</button></form>",
        p = esc(provider),
        k = esc(kind),
        s = esc(suggested),
        err = error_line(error),
    );
    Html(document(&format!("Sign in with {provider}"), &body)).into_response()
}

/// The MFA step: a code for the challenge the password led to.
pub fn mfa(
    query: &str,
    challenge: &str,
    session: &str,
    username: &str,
    error: Option<&str>,
) -> Response {
    let prompt = match challenge {
        "SOFTWARE_TOKEN_MFA" => "Enter the code from your authenticator app.",
        "EMAIL_OTP" => "Enter the code sent to your email (the local pool's outbox).",
        _ => "Enter the code sent to you (the local pool's outbox).",
    };
    let body = format!(
        "<h1>Multi-factor authentication</h1><p>{prompt}</p>{err}\
         <form method=\"post\" action=\"/login?{q}\">\
         <input type=\"hidden\" name=\"challenge\" value=\"{ch}\">\
         <input type=\"hidden\" name=\"session\" value=\"{session}\">\
         <input type=\"hidden\" name=\"username\" value=\"{user}\">\
         <label for=\"code\">Code</label>\
         <input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" \
         required autofocus>\
         <button type=\"submit\" id=\"verify\">Sign in</button></form>",
        q = esc(query),
        err = error_line(error),
        ch = esc(challenge),
        session = esc(session),
        user = esc(username),
    );
    Html(document("Multi-factor authentication", &body)).into_response()
}

/// An error page for a request that cannot be sent back to the app.
pub fn error(status: StatusCode, error: &str, why: &str) -> Response {
    let body = format!(
        "<h1>An error was encountered with the requested page.</h1>\
         <p class=\"error\" id=\"error\">{}</p><p>{}</p>",
        esc(error),
        esc(why)
    );
    (status, Html(document("Error", &body))).into_response()
}

/// The sign-up form; it posts to `/signup` with the authorize request's query.
pub fn sign_up(query: &str, username: &str, email: &str, error: Option<&str>) -> Response {
    let q = esc(query);
    let body = format!(
        "<h1>Sign up</h1>{err}<form method=\"post\" action=\"/signup?{q}\">\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required \
         value=\"{user}\" autofocus>\
         <label for=\"email\">Email</label>\
         <input id=\"email\" name=\"email\" type=\"email\" required value=\"{mail}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" \
         autocomplete=\"new-password\" required>\
         <button type=\"submit\" id=\"signup\">Sign up</button></form>\
         <p class=\"links\">Already have an account? <a href=\"/login?{q}\">Sign in</a></p>",
        err = error_line(error),
        user = esc(username),
        mail = esc(email),
    );
    Html(document("Sign up", &body)).into_response()
}

/// The confirmation-code form after a sign-up.
pub fn confirm(query: &str, username: &str, error: Option<&str>) -> Response {
    let body = format!(
        "<h1>Confirm your account</h1><p>We sent a code to the account's email (the local \
         pool's outbox: <code>GET /_local/outbox</code>, or stderr of \
         <code>cogtui local serve</code>).</p>{err}\
         <form method=\"post\" action=\"/confirm?{q}\">\
         <input type=\"hidden\" name=\"username\" value=\"{user}\">\
         <label for=\"code\">Confirmation code</label>\
         <input id=\"code\" name=\"code\" inputmode=\"numeric\" required autofocus>\
         <button type=\"submit\" id=\"confirm\">Confirm account</button></form>",
        q = esc(query),
        err = error_line(error),
        user = esc(username),
    );
    Html(document("Confirm your account", &body)).into_response()
}

/// The first step of a password reset: the username.
pub fn forgot_password(query: &str, username: &str, error: Option<&str>) -> Response {
    let body = format!(
        "<h1>Forgot your password?</h1><p>Enter your username; a code goes to the account's \
         email (the local pool's outbox).</p>{err}\
         <form method=\"post\" action=\"/forgotPassword?{q}\">\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" required value=\"{user}\" autofocus>\
         <button type=\"submit\" id=\"send-code\">Reset my password</button></form>",
        q = esc(query),
        err = error_line(error),
        user = esc(username),
    );
    Html(document("Forgot your password?", &body)).into_response()
}

/// The second step of a password reset: the code and the new password.
pub fn reset_password(query: &str, username: &str, error: Option<&str>) -> Response {
    let body = format!(
        "<h1>Reset your password</h1><p>If the account exists, a code was sent to its email \
         (the local pool's outbox).</p>{err}\
         <form method=\"post\" action=\"/forgotPassword?{q}\">\
         <input type=\"hidden\" name=\"username\" value=\"{user}\">\
         <label for=\"code\">Code</label>\
         <input id=\"code\" name=\"code\" inputmode=\"numeric\" required autofocus>\
         <label for=\"password\">New password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" \
         autocomplete=\"new-password\" required>\
         <button type=\"submit\" id=\"reset\">Change password</button></form>",
        q = esc(query),
        err = error_line(error),
        user = esc(username),
    );
    Html(document("Reset your password", &body)).into_response()
}

/// The login page after a confirmed sign-up or a password reset, the username filled in.
pub fn login_after(query: &str, username: &str) -> Response {
    let body = format!(
        "<h1>Sign in</h1><p>Done: sign in with your account.</p>\
         <form method=\"post\" action=\"/login?{q}\">\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" required value=\"{user}\">\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" required autofocus>\
         <button type=\"submit\" id=\"signin\">Sign in</button></form>",
        q = esc(query),
        user = esc(username),
    );
    Html(document("Sign in", &body)).into_response()
}

/// A step the local page does not take, what to do instead, and the way back.
pub fn unsupported(title: &str, what: &str, back_query: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p>{}</p><p class=\"links\"><a href=\"/login?{}\">Back to sign in</a></p>",
        esc(title),
        esc(what),
        esc(back_query)
    );
    Html(document(title, &body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            esc("<script>\"a\"&'b'</script>"),
            "&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;"
        );
    }
}
