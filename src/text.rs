//! Text from outside made safe to print: control, bidi and zero-width characters are written
//! as `\u{…}` escapes, so an email holding `ESC[2J` cannot drive the terminal or forge a line
//! of a log. Used by the local pool, the CLI and the TUI.

/// Characters that must not reach a terminal or a log as they are.
pub fn is_hostile(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Unicode format characters that reorder or hide text (bidi controls, zero-width characters,
/// the byte-order mark, tag characters).
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// `s` with every hostile character escaped (and backslashes doubled, so an escape in the
/// output is always one the pool wrote).
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\\' {
            out.push_str("\\\\");
        } else if is_hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`printable`] for a multi-line message of cogtui's own: newlines and tabs are kept,
/// every other hostile character is escaped.
pub fn printable_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| {
            line.split('\t')
                .map(|part| {
                    let mut out = String::with_capacity(part.len());
                    for c in part.chars() {
                        if is_hostile(c) {
                            out.push_str(&format!("\\u{{{:x}}}", c as u32));
                        } else {
                            out.push(c);
                        }
                    }
                    out
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        let s = printable("a\u{1b}[2Jb\r\nc\u{202e}d\u{200b}e\\");
        assert_eq!(s, "a\\u{1b}[2Jb\\u{d}\\u{a}c\\u{202e}d\\u{200b}e\\\\");
        assert!(!s.chars().any(is_hostile));
        assert_eq!(printable("alice@example.com"), "alice@example.com");
    }

    #[test]
    fn lines_keep_newlines_and_tabs_only() {
        assert_eq!(
            printable_lines("a\u{1b}[2Jb\n\tc\u{202e}"),
            "a\\u{1b}[2Jb\n\tc\\u{202e}"
        );
    }
}
