//! Reading secrets: from the terminal without echo, or from stdin with `--password-stdin`;
//! never from argv, and never a prompt when stdin is not a terminal.

use super::exit::CliError;
use crate::secret::Secret;
use std::io::{BufRead, IsTerminal};

/// Lines read from stdin once, handed out in order (password, then new password...).
#[derive(Default)]
pub struct StdinSecrets {
    lines: Option<std::vec::IntoIter<String>>,
}

impl StdinSecrets {
    fn next_line(&mut self) -> anyhow::Result<Option<String>> {
        if self.lines.is_none() {
            let mut all = Vec::new();
            for line in std::io::stdin().lock().lines() {
                all.push(line?);
            }
            self.lines = Some(all.into_iter());
        }
        Ok(self.lines.as_mut().and_then(Iterator::next))
    }
}

/// Where secrets come from for this command.
pub struct SecretSource {
    from_stdin: bool,
    stdin: StdinSecrets,
}

impl SecretSource {
    pub fn new(from_stdin: bool) -> Self {
        Self {
            from_stdin,
            stdin: StdinSecrets::default(),
        }
    }

    /// The next secret: a stdin line, or a prompt on the terminal (no echo).
    pub fn read(&mut self, prompt: &str, flag: &str) -> anyhow::Result<Secret> {
        if self.from_stdin {
            return match self.stdin.next_line()? {
                Some(line) if !line.is_empty() => Ok(Secret::new(line)),
                _ => Err(CliError::NeedsInput(format!(
                    "{prompt}: stdin has no more lines; give one line per secret with {flag}"
                ))
                .into()),
            };
        }
        if !std::io::stdin().is_terminal() {
            return Err(CliError::NeedsInput(format!(
                "{prompt}: stdin is not a terminal, so cogtui will not prompt; pass {flag} \
                 and write the secret to stdin"
            ))
            .into());
        }
        let value = rpassword::prompt_password(format!("{prompt}: "))?;
        if value.is_empty() {
            return Err(CliError::InputRefused(format!(
                "{prompt}: nothing was typed; nothing changed"
            ))
            .into());
        }
        Ok(Secret::new(value))
    }

    /// A new password, typed twice on a terminal (once from stdin).
    pub fn read_new(&mut self, prompt: &str, flag: &str) -> anyhow::Result<Secret> {
        let first = self.read(prompt, flag)?;
        if self.from_stdin {
            return Ok(first);
        }
        let again = self.read(&format!("{prompt} (again)"), flag)?;
        if first != again {
            return Err(
                CliError::InputRefused("the two passwords differ; nothing changed".into()).into(),
            );
        }
        Ok(first)
    }
}

/// A non-secret value (a code): the argument if given, else a line from the terminal.
pub fn read_value(given: Option<String>, prompt: &str, hint: &str) -> anyhow::Result<String> {
    if let Some(v) = given {
        return Ok(v);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::NeedsInput(format!(
            "{prompt}: stdin is not a terminal, so cogtui will not prompt; {hint}"
        ))
        .into());
    }
    super::stdio::err_text(&format!("{prompt}: "));
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}
