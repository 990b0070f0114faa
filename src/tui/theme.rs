//! Themes: styles named by meaning, from a built-in TOML file (`themes/*.toml`), optionally
//! overridden key by key by a user file; `NO_COLOR` drops colours but keeps emphasis.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in themes, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// Every key a theme may set.
pub const KEYS: &[&str] = &[
    "background",
    "title",
    "muted",
    "border",
    "border_focused",
    "selection",
    "input",
    "placeholder",
    "guidance",
    "success",
    "alert_info",
    "alert_warn",
    "alert_error",
    "secret",
    "qr_dark",
    "qr_light",
];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Theme {
    /// The whole window: `bg` is painted under everything, `fg` is plain text.
    pub background: Style,
    pub title: Style,
    pub muted: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selection: Style,
    pub input: Style,
    pub placeholder: Style,
    pub guidance: Style,
    pub success: Style,
    pub alert_info: Style,
    pub alert_warn: Style,
    pub alert_error: Style,
    pub secret: Style,
    pub qr_dark: Style,
    pub qr_light: Style,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(
        "no theme named '{0}': use one of default, light, high-contrast, or a path to a .toml file"
    )]
    Unknown(String),
    #[error("cannot read the theme file {0}: {1}")]
    Read(PathBuf, String),
    #[error("the theme {0} does not parse: {1}; see docs/themes.md for the keys")]
    Parse(String, String),
    #[error("the theme {0} sets '{1}', which is not a theme key; known keys: {keys}", keys = KEYS.join(", "))]
    UnknownKey(String, String),
    #[error("the theme {0} has a bad value for '{1}': {2}")]
    BadValue(String, String, String),
}

/// One key's value: a colour name, or a table of colours and emphasis.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum StyleSpec {
    Fg(String),
    Full {
        fg: Option<String>,
        bg: Option<String>,
        #[serde(default)]
        bold: bool,
        #[serde(default)]
        italic: bool,
        #[serde(default)]
        underline: bool,
        #[serde(default)]
        reversed: bool,
        #[serde(default)]
        dim: bool,
    },
}

#[derive(Debug, Deserialize)]
struct ThemeFile {
    /// The built-in theme a user file starts from (default: `default`).
    inherits: Option<String>,
    #[serde(flatten)]
    styles: BTreeMap<String, StyleSpec>,
}

fn parse_color(s: &str) -> Option<Color> {
    if let Ok(i) = s.parse::<u8>() {
        return Some(Color::Indexed(i));
    }
    let normal = s.replace('-', "_").to_ascii_lowercase();
    let named = match normal.as_str() {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark_gray" | "dark_grey" => Color::DarkGray,
        "light_red" => Color::LightRed,
        "light_green" => Color::LightGreen,
        "light_yellow" => Color::LightYellow,
        "light_blue" => Color::LightBlue,
        "light_magenta" => Color::LightMagenta,
        "light_cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => {
            let hex = s.strip_prefix('#')?;
            if hex.len() != 6 {
                return None;
            }
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
    };
    Some(named)
}

impl StyleSpec {
    fn to_style(&self, origin: &str, key: &str) -> Result<Style, ThemeError> {
        let color = |s: &str| {
            parse_color(s).ok_or_else(|| {
                ThemeError::BadValue(
                    origin.to_owned(),
                    key.to_owned(),
                    format!("'{s}' is not a colour (a name like cyan, #rrggbb, or 0-255)"),
                )
            })
        };
        Ok(match self {
            StyleSpec::Fg(c) => Style::default().fg(color(c)?),
            StyleSpec::Full {
                fg,
                bg,
                bold,
                italic,
                underline,
                reversed,
                dim,
            } => {
                let mut st = Style::default();
                if let Some(c) = fg {
                    st = st.fg(color(c)?);
                }
                if let Some(c) = bg {
                    st = st.bg(color(c)?);
                }
                for (on, m) in [
                    (bold, Modifier::BOLD),
                    (italic, Modifier::ITALIC),
                    (underline, Modifier::UNDERLINED),
                    (reversed, Modifier::REVERSED),
                    (dim, Modifier::DIM),
                ] {
                    if *on {
                        st = st.add_modifier(m);
                    }
                }
                st
            }
        })
    }
}

impl Theme {
    fn slot(&mut self, key: &str) -> Option<&mut Style> {
        Some(match key {
            "background" => &mut self.background,
            "title" => &mut self.title,
            "muted" => &mut self.muted,
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "selection" => &mut self.selection,
            "input" => &mut self.input,
            "placeholder" => &mut self.placeholder,
            "guidance" => &mut self.guidance,
            "success" => &mut self.success,
            "alert_info" => &mut self.alert_info,
            "alert_warn" => &mut self.alert_warn,
            "alert_error" => &mut self.alert_error,
            "secret" => &mut self.secret,
            "qr_dark" => &mut self.qr_dark,
            "qr_light" => &mut self.qr_light,
            _ => return None,
        })
    }

    /// Applies the keys of a theme file over `self`; keys it does not set are kept.
    fn overlay(&mut self, origin: &str, file: &ThemeFile) -> Result<(), ThemeError> {
        for (key, spec) in &file.styles {
            let style = spec.to_style(origin, key)?;
            let slot = self
                .slot(key)
                .ok_or_else(|| ThemeError::UnknownKey(origin.to_owned(), key.clone()))?;
            *slot = style;
        }
        Ok(())
    }

    fn parse(origin: &str, text: &str) -> Result<ThemeFile, ThemeError> {
        toml::from_str(text).map_err(|e| ThemeError::Parse(origin.to_owned(), e.to_string()))
    }

    /// A built-in theme by name.
    pub fn built_in(name: &str) -> Result<Theme, ThemeError> {
        let text = BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| ThemeError::Unknown(name.to_owned()))?;
        let mut theme = Theme::default();
        theme.overlay(name, &Self::parse(name, text)?)?;
        Ok(theme)
    }

    /// A user theme file: its `inherits` built-in (or `default`) with the file's keys over it.
    pub fn from_file(path: &Path) -> Result<Theme, ThemeError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ThemeError::Read(path.to_owned(), e.to_string()))?;
        Self::from_user_text(&path.display().to_string(), &text)
    }

    pub fn from_user_text(origin: &str, text: &str) -> Result<Theme, ThemeError> {
        let file = Self::parse(origin, text)?;
        let mut theme = Self::built_in(file.inherits.as_deref().unwrap_or("default"))?;
        theme.overlay(origin, &file)?;
        Ok(theme)
    }

    /// `--theme NAME` or the config's `theme`: a built-in name, a path to a `.toml` file, or
    /// `NAME.toml` in `user_dir` (the config dir's `themes/`).
    pub fn resolve(name: Option<&str>, user_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let name = name.unwrap_or("default");
        if BUILT_IN.iter().any(|(n, _)| *n == name) {
            return Self::built_in(name);
        }
        let as_path = Path::new(name);
        if name.ends_with(".toml") || name.contains(std::path::MAIN_SEPARATOR) {
            return Self::from_file(as_path);
        }
        match user_dir.map(|d| d.join(format!("{name}.toml"))) {
            Some(p) if p.exists() => Self::from_file(&p),
            _ => Err(ThemeError::Unknown(name.to_owned())),
        }
    }

    /// Without colours (`NO_COLOR`): emphasis stays, so focus and selection still show.
    pub fn without_color(mut self) -> Theme {
        for key in KEYS {
            if let Some(s) = self.slot(key) {
                *s = Style::default().add_modifier(s.add_modifier);
            }
        }
        self.selection = self.selection.add_modifier(Modifier::REVERSED);
        self.border_focused = self.border_focused.add_modifier(Modifier::BOLD);
        self.input = self.input.add_modifier(Modifier::UNDERLINED);
        self.secret = self.secret.add_modifier(Modifier::UNDERLINED);
        self.qr_dark = Style::default().add_modifier(Modifier::REVERSED);
        // An example is told from a value by its look as well as its "e.g.": dim and italic,
        // never underlined like a value typed in a field.
        self.placeholder = Style::default()
            .add_modifier(Modifier::DIM | Modifier::ITALIC)
            .remove_modifier(Modifier::UNDERLINED);
        self
    }

    /// True when the `NO_COLOR` convention asks for no colour (set and not empty).
    pub fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_parse_and_set_every_key() {
        for (name, text) in BUILT_IN {
            let file = Theme::parse(name, text).unwrap();
            for key in KEYS {
                assert!(file.styles.contains_key(*key), "{name} lacks {key}");
            }
            Theme::built_in(name).unwrap();
        }
    }

    #[test]
    fn a_user_file_overrides_only_its_keys() {
        let base = Theme::built_in("light").unwrap();
        let t =
            Theme::from_user_text("mine", "inherits = \"light\"\ntitle = \"#ff0000\"\n").unwrap();
        assert_eq!(t.title, Style::default().fg(Color::Rgb(255, 0, 0)));
        assert_eq!(t.muted, base.muted);
    }

    #[test]
    fn unknown_keys_and_colours_are_explained() {
        let e = Theme::from_user_text("mine", "titel = \"red\"").unwrap_err();
        assert!(e.to_string().contains("titel") && e.to_string().contains("known keys"));
        let e = Theme::from_user_text("mine", "title = \"reddish\"").unwrap_err();
        assert!(e.to_string().contains("reddish"));
        assert!(Theme::resolve(Some("nope"), None).is_err());
    }

    #[test]
    fn no_color_keeps_only_emphasis() {
        let t = Theme::built_in("default").unwrap().without_color();
        for key in KEYS {
            let mut t2 = t.clone();
            let s = *t2.slot(key).unwrap();
            assert_eq!((s.fg, s.bg), (None, None), "{key} still has a colour");
        }
        assert!(t.selection.add_modifier.contains(Modifier::REVERSED));
    }
}
