//! Argument errors, printed without echoing what may be a secret: clap quotes an unexpected
//! argument back ("unexpected argument 'hunter2' found"), and a password typed on the command
//! line is the usual unexpected argument. Flag names and subcommand-like words are still shown.

use super::stdio;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Prints a parse error (or help/version) and returns the exit code.
pub fn report(e: &clap::Error) -> u8 {
    let code = u8::try_from(e.exit_code()).unwrap_or(super::exit::USAGE);
    if matches!(
        e.kind(),
        ErrorKind::UnknownArgument | ErrorKind::TooManyValues | ErrorKind::InvalidSubcommand
    ) && offending(e).is_some_and(|a| !looks_harmless(&a))
    {
        stdio::err_line(
            "cogtui: error: an unexpected argument was given (not shown here, in case it is a \
             password)\n  passwords are never read from the command line: type them when asked, \
             or pass --password-stdin and write them to stdin\n  see `cogtui COMMAND --help`",
        );
        return super::exit::USAGE;
    }
    let text = e.render().to_string();
    if e.use_stderr() {
        stdio::err_text(&text);
    } else {
        stdio::out_bytes(text.as_bytes());
    }
    code
}

fn offending(e: &clap::Error) -> Option<String> {
    match e.get(ContextKind::InvalidArg)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(" ")),
        _ => None,
    }
}

/// A flag name (`--verbose`) or a lowercase word (`logni`): safe to quote.
fn looks_harmless(arg: &str) -> bool {
    let word = arg.trim_start_matches('-');
    let dashes = arg.len() - word.len();
    dashes <= 2
        && !word.is_empty()
        && word.len() <= 32
        && word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_flag_names_and_words_are_quoted() {
        assert!(looks_harmless("--passwrod-stdin"));
        assert!(looks_harmless("logni"));
        assert!(!looks_harmless("Hunter2!"));
        assert!(!looks_harmless("--password=hunter2"));
        assert!(!looks_harmless("correct horse"));
        assert!(!looks_harmless("S3cret-Passw0rd"));
    }
}
