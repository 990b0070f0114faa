//! The loopback listener that receives the Hosted UI's redirect: one path, the right `state`
//! (compared in constant time), a small page for the browser, and a timeout.

use super::{Authorization, HostedUiError};
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// The loopback listener, bound before the browser is opened.
pub struct Listener {
    listener: TcpListener,
}

/// Binds the callback URL's address and port.
pub async fn listen(auth: &Authorization) -> Result<Listener, HostedUiError> {
    let host = match auth.callback.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        _ => "127.0.0.1".to_owned(),
    };
    let port = auth.callback.port().unwrap_or(80);
    let addr = std::net::SocketAddr::new(
        host.parse().unwrap_or(std::net::Ipv4Addr::LOCALHOST.into()),
        port,
    );
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| HostedUiError::Listen {
            addr: addr.to_string(),
            source,
        })?;
    Ok(Listener { listener })
}

/// What one request to the callback path said.
enum Outcome {
    Code(String),
    Failed(HostedUiError),
}

/// Waits for the browser to come back to the callback path with a code and the right state;
/// other paths (a favicon) get a 404 and the wait goes on.
pub async fn receive(
    listener: Listener,
    auth: &Authorization,
    timeout: Duration,
) -> Result<String, HostedUiError> {
    let (tx, mut rx) = mpsc::channel::<Outcome>(1);
    let path = auth.callback.path().to_owned();
    let state = auth.state.clone();
    let deadline = tokio::time::sleep(timeout);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            () = &mut deadline => return Err(HostedUiError::TimedOut(timeout.as_secs())),
            Some(outcome) = rx.recv() => {
                return match outcome {
                    Outcome::Code(c) => Ok(c),
                    Outcome::Failed(e) => Err(e),
                };
            }
            accepted = listener.listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let tx = tx.clone();
                let path = path.clone();
                let state = state.clone();
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(move |req| {
                        let answer = answer(&req, &path, &state);
                        let tx = tx.clone();
                        async move {
                            let (status, page, outcome) = answer;
                            if let Some(o) = outcome {
                                let _ = tx.send(o).await;
                            }
                            hyper::Response::builder()
                                .status(status)
                                .header("content-type", "text/html; charset=utf-8")
                                .header("connection", "close")
                                .body(page)
                        }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, svc)
                        .await;
                });
            }
        }
    }
}

fn answer<B>(req: &hyper::Request<B>, path: &str, state: &str) -> (u16, String, Option<Outcome>) {
    if req.uri().path() != path {
        return (
            404,
            page("Not found", "This is cogtui's sign-in listener."),
            None,
        );
    }
    let q: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let state_ok = q
        .get("state")
        .is_some_and(|s| bool::from(s.as_bytes().ct_eq(state.as_bytes())));
    if !state_ok {
        return (
            400,
            page(
                "Sign-in refused",
                "The answer does not belong to this sign-in (state).",
            ),
            Some(Outcome::Failed(HostedUiError::StateMismatch)),
        );
    }
    if let Some(error) = q.get("error") {
        let e = HostedUiError::Refused {
            error: error.clone(),
            description: q.get("error_description").cloned(),
        };
        return (
            400,
            page(
                "Sign-in refused",
                "The Hosted UI refused the sign-in; see the terminal.",
            ),
            Some(Outcome::Failed(e)),
        );
    }
    match q.get("code") {
        Some(code) => (
            200,
            page(
                "Signed in",
                "You are signed in to cogtui. You can close this tab.",
            ),
            Some(Outcome::Code(code.clone())),
        ),
        None => (
            400,
            page("Sign-in refused", "The answer has no code."),
            Some(Outcome::Failed(HostedUiError::BadAnswer(
                "the redirect has no code".into(),
            ))),
        ),
    }
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         </head><body style=\"font-family:sans-serif\"><h1>{title}</h1><p id=\"message\">{text}\
         </p></body></html>"
    )
}
