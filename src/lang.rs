//! The two languages of jixiao's text: Chinese (canonical) and English.
//!
//! Used for keywords (the formatter's `--lang`) and for diagnostic messages (`--lang en`).

/// A human language of keywords and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Chinese: the canonical keywords and the default messages.
    #[default]
    Zh,
    /// English: keyword aliases and translated messages.
    En,
}

/// A piece of text in both languages.
///
/// Built with [`crate::tr!`] where a translation exists; a plain `String` converts with the
/// English equal to the Chinese (shown as is under `--lang en`). Derefs to the Chinese text,
/// the canonical one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// `true` when both languages are empty.
    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text {
            en: text.clone(),
            zh: text,
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.zh
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.zh)
    }
}

/// A [`Text`] from two format strings with the same arguments:
/// `tr!("分值 {weight}", "weight {weight}")`, `tr!("{} 个", "{} items", count)`.
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(, $argument:expr)* $(,)?) => {
        $crate::Text::new(format!($zh $(, $argument)*), format!($en $(, $argument)*))
    };
}
