//! A form: labelled text fields, some masked, with a cursor, inline problems and hints.
//! Masked fields render one `•` per character and their text is wiped when cleared.

use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use zeroize::{Zeroize, Zeroizing};

/// The character a masked field shows for each character typed.
pub const MASK: char = '•';

#[derive(Clone, Default)]
pub struct Field {
    /// Stable id used by screens to read the value.
    pub id: String,
    pub label: String,
    /// Wiped on drop and whenever it is replaced.
    value: Zeroizing<String>,
    /// Cursor position, in characters.
    cursor: usize,
    pub masked: bool,
    /// May stay empty.
    pub optional: bool,
    pub placeholder: String,
    /// What is wrong with the value, shown under it.
    pub problem: Option<String>,
    /// Guidance shown under the field when there is no problem.
    pub hint: Option<String>,
    /// Shown green under the field when the value is good (e.g. "passwords match").
    pub ok: Option<String>,
}

impl Field {
    pub fn new(id: &str, label: &str) -> Self {
        Self {
            id: id.to_owned(),
            label: label.to_owned(),
            ..Self::default()
        }
    }

    pub fn masked(mut self) -> Self {
        self.masked = true;
        self
    }

    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    pub fn placeholder(mut self, p: &str) -> Self {
        self.placeholder = p.to_owned();
        self
    }

    pub fn hint(mut self, h: &str) -> Self {
        self.hint = Some(h.to_owned());
        self
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn set(&mut self, v: &str) {
        self.value.zeroize();
        self.value = Zeroizing::new(v.to_owned());
        self.cursor = self.value.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.zeroize();
        self.value.clear();
        self.cursor = 0;
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.byte_at(self.cursor - 1);
        self.value.remove(at);
        self.cursor -= 1;
    }

    pub fn delete(&mut self) {
        if self.cursor < self.value.chars().count() {
            let at = self.byte_at(self.cursor);
            self.value.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.value.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.value.chars().count();
    }

    /// The text to draw: the value, or one mask character per character typed.
    fn shown(&self) -> String {
        if self.masked {
            std::iter::repeat_n(MASK, self.value.chars().count()).collect()
        } else {
            crate::tui::text::printable(&self.value)
        }
    }
}

/// A masked field's value never reaches a log through `Debug`.
impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value: &str = if self.masked {
            "[redacted]"
        } else {
            &self.value
        };
        f.debug_struct("Field")
            .field("id", &self.id)
            .field("value", &value)
            .field("problem", &self.problem)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Where the last frame drew the form, so a click can find its field.
    drawn: std::cell::Cell<Rect>,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        Self {
            fields,
            focus: 0,
            drawn: Default::default(),
        }
    }

    /// The field drawn at terminal cell (`x`, `y`) in the last frame (its row or the note
    /// under it).
    pub fn field_at(&self, x: u16, y: u16) -> Option<usize> {
        let area = self.drawn.get();
        if !area.contains(ratatui::layout::Position { x, y }) {
            return None;
        }
        let i = usize::from((y - area.y) / 2);
        (i < self.fields.len()).then_some(i)
    }

    pub fn get(&self, id: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map_or("", Field::value)
    }

    pub fn field_mut(&mut self, id: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn set(&mut self, id: &str, v: &str) {
        if let Some(f) = self.field_mut(id) {
            f.set(v);
        }
    }

    pub fn focus_on(&mut self, id: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.focus = i;
        }
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn focused_id(&self) -> &str {
        self.fields.get(self.focus).map_or("", |f| f.id.as_str())
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// Pasted text goes into the focused field; line breaks end it (a paste never submits).
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.focused() {
            for c in text.chars().take_while(|c| *c != '\n' && *c != '\r') {
                if !c.is_control() {
                    f.insert(c);
                }
            }
        }
    }

    /// Wipes the masked fields (after a submit, on leaving a screen).
    pub fn clear_secrets(&mut self) {
        for f in self.fields.iter_mut().filter(|f| f.masked) {
            f.clear();
        }
    }

    /// Focuses the first empty field (the last one when all are filled).
    pub fn focus_first_empty(&mut self) {
        self.focus = self
            .fields
            .iter()
            .position(|f| f.value().is_empty())
            .unwrap_or(self.fields.len().saturating_sub(1));
    }

    /// Empties every field, its problem and its note, and focuses the first: a fresh visit.
    pub fn clear_all(&mut self) {
        for f in self.fields.iter_mut() {
            f.clear();
            f.problem = None;
            f.ok = None;
        }
        self.focus = 0;
    }

    /// Rows a form needs: two per field (the input and the line under it).
    pub fn height(&self) -> u16 {
        (self.fields.len() as u16) * 2
    }
}

/// Draws a form; `active` is false while a call runs (the cursor is hidden).
pub struct FormView<'a> {
    pub form: &'a Form,
    pub theme: &'a Theme,
    pub active: bool,
    pub label_width: u16,
}

impl Widget for FormView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        self.form.drawn.set(area);
        let lw = self.label_width.min(area.width / 2);
        for (i, f) in self.form.fields.iter().enumerate() {
            let y = area.y + (i as u16) * 2;
            if y >= area.bottom() {
                break;
            }
            let focused = i == self.form.focus;
            let label_style = if focused {
                t.border_focused.add_modifier(Modifier::BOLD)
            } else {
                t.muted
            };
            let marker = if focused { "› " } else { "  " };
            let label = Line::from(vec![
                Span::styled(marker, t.border_focused),
                Span::styled(f.label.clone(), label_style),
            ]);
            Paragraph::new(label).render(Rect::new(area.x, y, lw, 1), buf);

            let input = Rect::new(area.x + lw, y, area.width.saturating_sub(lw), 1);
            buf.set_style(input, t.input);
            let shown = f.shown();
            let width = input.width.saturating_sub(1) as usize;
            let cursor = f.cursor;
            // The focused field scrolls so the cursor stays visible; a cut shows as `…` at
            // the side where text is hidden. Other fields show their start.
            let skip = if focused {
                cursor.saturating_sub(width)
            } else {
                0
            };
            let mut text: String = shown.chars().skip(skip).take(width).collect();
            if skip > 0 {
                text = std::iter::once('…').chain(text.chars().skip(1)).collect();
            }
            if !focused {
                text = crate::tui::text::ellipsize(&shown, width);
            }
            if text.is_empty() && !f.placeholder.is_empty() {
                // "e.g." says it is an example without relying on colour (NO_COLOR, light themes).
                let example = format!(" {} {}", crate::tui::strings::EXAMPLE, f.placeholder);
                let example = crate::tui::text::ellipsize(&example, input.width as usize);
                Paragraph::new(Span::styled(example, t.placeholder)).render(input, buf);
            } else {
                let style = if f.masked { t.secret } else { t.input };
                Paragraph::new(Span::styled(format!(" {text}"), style)).render(input, buf);
            }
            if focused && self.active {
                let cx = input.x + 1 + (cursor - skip) as u16;
                if cx < input.right() {
                    buf.set_style(
                        Rect::new(cx, y, 1, 1),
                        Style::default().add_modifier(Modifier::REVERSED),
                    );
                }
            }

            let under = Rect::new(area.x + lw, y + 1, area.width.saturating_sub(lw), 1);
            if under.y >= area.bottom() {
                continue;
            }
            let note = match (&f.problem, &f.ok, &f.hint) {
                (Some(p), _, _) => Some(Span::styled(format!(" ✗ {p}"), t.alert_error)),
                (None, Some(ok), _) => Some(Span::styled(format!(" ✓ {ok}"), t.success)),
                (None, None, Some(h)) if focused => Some(Span::styled(format!(" {h}"), t.guidance)),
                _ => None,
            };
            if let Some(n) = note {
                Paragraph::new(crate::tui::text::fit_line(Line::from(n), under.width))
                    .render(under, buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_moves_the_cursor_by_characters() {
        let mut f = Field::new("x", "X");
        for c in "héllo".chars() {
            f.insert(c);
        }
        f.left();
        f.left();
        f.backspace();
        assert_eq!(f.value(), "hélo");
        f.home();
        f.delete();
        assert_eq!(f.value(), "élo");
        f.end();
        f.insert('!');
        assert_eq!(f.value(), "élo!");
    }

    #[test]
    fn paste_stops_at_a_line_break_and_masks_show_bullets() {
        let mut form = Form::new(vec![Field::new("p", "P").masked()]);
        form.paste("Secret1!\nrest");
        assert_eq!(form.get("p"), "Secret1!");
        assert_eq!(form.fields[0].shown(), "••••••••");
        form.clear_secrets();
        assert_eq!(form.get("p"), "");
    }

    #[test]
    fn focus_wraps_both_ways() {
        let mut form = Form::new(vec![Field::new("a", "A"), Field::new("b", "B")]);
        form.prev();
        assert_eq!(form.focused_id(), "b");
        form.next();
        assert_eq!(form.focused_id(), "a");
    }
}
