//! A table with a header and an optional selected row, in the theme's styles.

use crate::tui::text::{ellipsize, printable};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table, Widget};

pub struct TableView<'a> {
    pub header: &'a [&'a str],
    pub rows: Vec<Vec<String>>,
    pub widths: &'a [Constraint],
    pub selected: Option<usize>,
    pub theme: &'a Theme,
}

impl Widget for TableView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let header = Row::new(
            self.header
                .iter()
                .map(|h| Cell::from(Span::styled(*h, t.muted))),
        );
        let marked = self.selected.is_some();
        // Each column's width, so a long value ends with `…` instead of at the edge.
        let columns: Vec<usize> = Layout::horizontal(self.widths.iter().copied())
            .spacing(1)
            .split(area)
            .iter()
            .map(|r| r.width as usize)
            .collect();
        let rows = self.rows.into_iter().enumerate().map(|(i, mut cells)| {
            let chosen = self.selected == Some(i);
            if let (true, Some(first)) = (marked, cells.first_mut()) {
                let marker = if chosen { "▶ " } else { "  " };
                first.insert_str(0, marker);
            }
            let cells = cells.into_iter().enumerate().map(|(c, text)| {
                let width = columns.get(c).copied().unwrap_or(usize::MAX);
                Cell::from(ellipsize(&printable(&text), width))
            });
            let row = Row::new(cells);
            if chosen { row.style(t.selection) } else { row }
        });
        Table::new(rows, self.widths.iter().copied())
            .header(header)
            .column_spacing(1)
            .render(area, buf);
    }
}
