//! Every built-in theme is chosen by contrast: the WCAG 2.x contrast ratio of each foreground
//! it draws against the background it is drawn on reaches AA (4.5:1 for text, 3:1 for borders
//! and the QR code's modules). Named ANSI colours have no fixed RGB; this test assumes xterm's
//! defaults for them (docs/themes.md lists them), and the xterm 256-colour palette for indices
//! 16–255. The light theme draws nothing in ANSI colour 7; every theme paints its own
//! background; without colour a placeholder still looks unlike a value.
#![cfg(feature = "tui")]

use cogtui::config::Profile;
use cogtui::tui::app::App;
use cogtui::tui::headless::render;
use cogtui::tui::screens::{Arrival, ScreenId};
use cogtui::tui::theme::{BUILT_IN, Theme};
use ratatui::style::{Color, Modifier, Style};

/// xterm's default RGB for the 16 ANSI colours (XTerm-col.ad / 256colres.h).
const XTERM_16: [(u8, u8, u8); 16] = [
    (0x00, 0x00, 0x00), // 0 black
    (0xcd, 0x00, 0x00), // 1 red
    (0x00, 0xcd, 0x00), // 2 green
    (0xcd, 0xcd, 0x00), // 3 yellow
    (0x00, 0x00, 0xee), // 4 blue
    (0xcd, 0x00, 0xcd), // 5 magenta
    (0x00, 0xcd, 0xcd), // 6 cyan
    (0xe5, 0xe5, 0xe5), // 7 gray (white)
    (0x7f, 0x7f, 0x7f), // 8 dark gray (bright black)
    (0xff, 0x00, 0x00), // 9 light red
    (0x00, 0xff, 0x00), // 10 light green
    (0xff, 0xff, 0x00), // 11 light yellow
    (0x5c, 0x5c, 0xff), // 12 light blue
    (0xff, 0x00, 0xff), // 13 light magenta
    (0x00, 0xff, 0xff), // 14 light cyan
    (0xff, 0xff, 0xff), // 15 white (bright white)
];

/// The RGB a colour is assumed to show as; `None` for the terminal's own (`reset`).
fn rgb(c: Color) -> Option<(u8, u8, u8)> {
    let named = |i: usize| Some(XTERM_16[i]);
    match c {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i @ 0..=15) => named(usize::from(i)),
        Color::Indexed(i @ 16..=231) => {
            // The 6×6×6 cube.
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = i - 16;
            Some((level(i / 36), level(i / 6 % 6), level(i % 6)))
        }
        Color::Indexed(i) => {
            // The grey ramp, 232–255.
            let g = 8 + 10 * (i - 232);
            Some((g, g, g))
        }
    }
}

/// WCAG 2.x relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2.x contrast ratio, 1 to 21.
fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// What a key draws and the contrast it needs: text 4.5:1, non-text parts 3:1.
const TEXT: f64 = 4.5;
const NON_TEXT: f64 = 3.0;

/// The keys and what they draw (docs/themes.md): all text but the border and the QR code.
fn pairs(t: &Theme) -> Vec<(&'static str, Style, f64)> {
    vec![
        ("background (plain text)", t.background, TEXT),
        ("title", t.title, TEXT),
        ("muted (key bar, labels, table headers)", t.muted, TEXT),
        ("border", t.border, NON_TEXT),
        (
            "border_focused (focused label, help keys)",
            t.border_focused,
            TEXT,
        ),
        ("selection", t.selection, TEXT),
        ("input (typed values)", t.input, TEXT),
        ("placeholder", t.placeholder, TEXT),
        ("guidance", t.guidance, TEXT),
        ("success", t.success, TEXT),
        ("alert_info", t.alert_info, TEXT),
        ("alert_warn", t.alert_warn, TEXT),
        ("alert_error", t.alert_error, TEXT),
        ("secret (mask characters)", t.secret, TEXT),
    ]
}

#[test]
fn the_assumed_palette_is_xterm_s() {
    // Spot checks of the formulas against xterm's 256colres.h.
    assert_eq!(rgb(Color::Indexed(16)), Some((0, 0, 0)));
    assert_eq!(rgb(Color::Indexed(81)), Some((0x5f, 0xd7, 0xff)));
    assert_eq!(rgb(Color::Indexed(231)), Some((0xff, 0xff, 0xff)));
    assert_eq!(rgb(Color::Indexed(234)), Some((0x1c, 0x1c, 0x1c)));
    assert_eq!(rgb(Color::Indexed(255)), Some((0xee, 0xee, 0xee)));
    assert_eq!(rgb(Color::Gray), Some((0xe5, 0xe5, 0xe5)));
    // WCAG's own extremes.
    assert!((ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    assert!((ratio((7, 7, 7), (7, 7, 7)) - 1.0).abs() < 1e-9);
    // ANSI 7 on white, what the light theme once drew labels in: far below AA.
    assert!(ratio(XTERM_16[7], (255, 255, 255)) < 1.5);
}

#[test]
fn every_built_in_theme_meets_wcag_aa_against_its_own_background() {
    let mut failures = Vec::new();
    for (name, _) in BUILT_IN {
        let t = Theme::built_in(name).unwrap();
        // The theme paints its background itself: it does not assume the terminal's.
        let bg = t.background.bg.and_then(rgb);
        let fg = t.background.fg.and_then(rgb);
        let (Some(bg), Some(plain)) = (bg, fg) else {
            failures.push(format!(
                "{name}: `background` must set both fg and bg to real colours"
            ));
            continue;
        };
        for (key, style, need) in pairs(&t) {
            // high-contrast promises AAA for text (docs/themes.md).
            let need = if *name == "high-contrast" && need == TEXT {
                7.0
            } else {
                need
            };
            let mut fore = style.fg.and_then(rgb).unwrap_or(plain);
            let mut back = style.bg.and_then(rgb).unwrap_or(bg);
            if style.add_modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fore, &mut back);
            }
            if style.add_modifier.contains(Modifier::DIM) {
                failures.push(format!("{name}.{key}: dim text has no known colour"));
            }
            let r = ratio(fore, back);
            if r < need {
                failures.push(format!(
                    "{name}.{key}: {fore:02x?} on {back:02x?} is {r:.2}:1, needs {need}:1"
                ));
            }
        }
        // The QR code's modules are told apart by a scanner.
        let dark = t.qr_dark.bg.and_then(rgb).unwrap_or(bg);
        let light = t.qr_light.bg.and_then(rgb).unwrap_or(bg);
        if ratio(dark, light) < 7.0 {
            failures.push(format!("{name}: the QR modules' contrast is too low"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_light_theme_draws_nothing_in_ansi_colour_7() {
    let t = Theme::built_in("light").unwrap();
    for (key, style, _) in pairs(&t) {
        for c in [style.fg, style.bg].into_iter().flatten() {
            assert!(
                !matches!(c, Color::Gray | Color::Indexed(7)),
                "light.{key} uses ANSI colour 7"
            );
        }
    }
}

fn app_at_confirm(theme: Theme) -> App {
    let p = Profile {
        name: "work".into(),
        region: "eu-west-1".into(),
        user_pool_id: "eu-west-1_AbC".into(),
        client_id: "c".into(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: None,
        hosted_ui_domain: None,
        session_store: None,
        credentials_flow: None,
        federation_endpoint: None,
        role_arn: None,
    };
    let mut a = App::new(theme, vec![p.clone()]).with_clock(|| 1_750_000_000);
    a.shared.active = Some(p);
    a.show(ScreenId::Confirm, Arrival::Username("alice".into()));
    a
}

/// The style of the cell where `needle` starts on screen.
fn style_at(buf: &ratatui::buffer::Buffer, needle: &str) -> Style {
    let text = cogtui::tui::headless::text(buf);
    for (y, line) in text.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].chars().count() as u16;
            return buf[(x, y as u16)].style();
        }
    }
    panic!("{needle} is not on screen:\n{text}")
}

#[test]
fn every_theme_paints_its_background_under_the_whole_window_and_overlays() {
    for (name, _) in BUILT_IN {
        let t = Theme::built_in(name).unwrap();
        let mut a = app_at_confirm(t.clone());
        a.help = true;
        let buf = render(&a, 80, 24);
        let bg = t.background.bg;
        for (x, y) in [(0, 0), (79, 23), (40, 12), (3, 20)] {
            assert_eq!(buf[(x, y)].style().bg, bg, "{name} at {x},{y}");
        }
    }
}

#[test]
fn without_colour_a_placeholder_looks_unlike_a_value() {
    let mut a = app_at_confirm(Theme::built_in("default").unwrap().without_color());
    let buf = render(&a, 80, 24);
    let example = style_at(&buf, "e.g. 123456");
    let value = style_at(&buf, "alice");
    let none = |c: Option<Color>| matches!(c, None | Some(Color::Reset));
    assert!(
        none(example.fg) && none(example.bg),
        "no colour: {example:?}"
    );
    assert!(
        example
            .add_modifier
            .contains(Modifier::DIM | Modifier::ITALIC),
        "the example is dim and italic: {example:?}"
    );
    assert!(
        !value
            .add_modifier
            .intersects(Modifier::DIM | Modifier::ITALIC),
        "a value is neither dim nor italic: {value:?}"
    );
    assert!(value.add_modifier.contains(Modifier::UNDERLINED));
    assert!(!example.add_modifier.contains(Modifier::UNDERLINED));
    // Typed into, the code field shows its value the way the username shows its own.
    for c in "123456".chars() {
        a.update(cogtui::tui::action::Action::Input(c));
    }
    let buf = render(&a, 80, 24);
    let typed = style_at(&buf, "123456");
    assert!(
        !typed
            .add_modifier
            .intersects(Modifier::DIM | Modifier::ITALIC)
    );
}
