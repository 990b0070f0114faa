//! Text from outside (usernames, emails, attributes, server messages) made safe and short for
//! the screen: control characters shown escaped, never sent raw to the terminal, and long
//! values cut with `…`.

/// `s` with every control character (ESC, BEL, C1 controls, bidi overrides…) written as a
/// visible escape (`\u{1b}`), so nothing a user typed can drive the terminal.
pub fn printable(s: &str) -> String {
    if !s.chars().any(hostile) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hostile(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` cut to `width` characters, the last one `…` when something was cut.
pub fn ellipsize(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// `line` cut to `width` columns, its last cell `…` when something was cut (styles kept).
pub fn fit_line(line: ratatui::text::Line<'_>, width: u16) -> ratatui::text::Line<'_> {
    use ratatui::text::Span;
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let mut room = width.saturating_sub(1);
    let mut spans: Vec<Span> = Vec::new();
    let mut last_style = ratatui::style::Style::default();
    for span in line.spans {
        if room == 0 {
            break;
        }
        last_style = span.style;
        let mut taken = String::new();
        for c in span.content.chars() {
            let w = unicode_width(c);
            if w > room {
                room = 0;
                break;
            }
            room -= w;
            taken.push(c);
        }
        spans.push(Span::styled(taken, span.style));
    }
    if width > 0 {
        spans.push(Span::styled("…", last_style));
    }
    ratatui::text::Line::from(spans).style(line.style)
}

/// Columns `c` takes on a terminal (wide CJK characters and emoji take two).
fn unicode_width(c: char) -> usize {
    ratatui::text::Span::raw(c.to_string()).width()
}

/// `s` wrapped at word boundaries into lines of at most `width` characters (a word longer
/// than a line is cut across lines).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let mut word: String = word.to_owned();
        loop {
            let used = line.chars().count();
            let need = word.chars().count() + usize::from(used > 0);
            if used + need <= width {
                if used > 0 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the line: cut it.
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The time of day of unix second `at`, UTC, as `12:34:56Z`.
pub fn clock(at: i64) -> String {
    let s = at.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(printable("bob"), "bob");
        let p = printable("x\u{1b}[2Jy\u{7}\u{202e}");
        assert!(!p.chars().any(char::is_control), "{p}");
        assert!(p.contains("\\u{1b}[2J"), "{p}");
    }

    #[test]
    fn wrapping_keeps_every_word() {
        let w = wrap("the user pool is configured with email as an alias", 12);
        assert!(w.iter().all(|l| l.chars().count() <= 12), "{w:?}");
        assert_eq!(
            w.join(" "),
            "the user pool is configured with email as an alias"
        );
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }

    #[test]
    fn a_long_line_is_cut_with_an_ellipsis_keeping_styles() {
        use ratatui::style::Style;
        use ratatui::text::{Line, Span};
        let l = Line::from(vec![
            Span::styled("name  ", Style::new().bold()),
            Span::raw("someone@example.com"),
        ]);
        let cut = fit_line(l.clone(), 12);
        assert_eq!(cut.width(), 12);
        assert_eq!(cut.to_string(), "name  someo…");
        assert_eq!(cut.spans[0].style, Style::new().bold());
        assert_eq!(fit_line(l.clone(), 80), l);
    }

    #[test]
    fn long_values_end_with_an_ellipsis() {
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("abc", 4), "abc");
        assert_eq!(ellipsize("abc", 0), "");
    }
}
