//! Where a trigger runs on the local pool: a local command (`cmd:…`) or an HTTP(S) URL.

/// A trigger's target, parsed from the value LambdaConfig holds for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Run with `sh -c`: the event JSON on stdin, the answer JSON on stdout.
    Command(String),
    /// POST of the event JSON; the answer JSON in the body.
    Http(String),
}

/// Parses a LambdaConfig value; the error says what the local pool runs instead.
pub fn parse(value: &str) -> Result<Target, String> {
    if let Some(cmd) = value.strip_prefix("cmd:") {
        let cmd = cmd.trim();
        if cmd.is_empty() {
            return Err(
                "`cmd:` needs a command after it, e.g. `cmd:node run.js handler.js`".into(),
            );
        }
        return Ok(Target::Command(cmd.to_owned()));
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        return match url::Url::parse(value) {
            Ok(u) if u.host_str().is_some() => Ok(Target::Http(value.to_owned())),
            _ => Err("is not a valid http(s) URL".into()),
        };
    }
    Err(
        "the local pool cannot call Lambda: give `cmd:<command>` (the event JSON on stdin, \
         the answer on stdout) or an http:// or https:// URL (POST of the event JSON); see \
         docs/local-pool.md, Triggers"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_urls_and_arns() {
        assert_eq!(
            parse("cmd: node run.js h.js"),
            Ok(Target::Command("node run.js h.js".into()))
        );
        assert_eq!(
            parse("http://127.0.0.1:9/hook"),
            Ok(Target::Http("http://127.0.0.1:9/hook".into()))
        );
        assert!(parse("cmd:").is_err());
        assert!(parse("http://").is_err());
        let arn = parse("arn:aws:lambda:us-east-1:123456789012:function:pre").unwrap_err();
        assert!(arn.contains("cmd:"), "{arn}");
    }
}
