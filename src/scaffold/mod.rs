//! `jixiao new`: commented starting points for a new form, one per form kind and language.
//!
//! The templates are complete, valid forms (a test compiles them with no diagnostic), so a user
//! who replaces the values gets a form that checks. The language chooses the comments only:
//! the keywords are the canonical Chinese ones in both.

use crate::lang::Lang;
use crate::syntax::ast::FormKind;

/// The year a template carries when none is asked for.
pub const DEFAULT_YEAR: u32 = 2025;

/// The template of a form kind with its comments in `lang`, as `.jx` text.
///
/// `name` replaces the placeholder name (`"项目名称"`, `"部门名称"`), written as a one-line
/// `"…"` string (a line break becomes a space, `"` and `\` are escaped); `year` replaces
/// [`DEFAULT_YEAR`]. A year outside what the language accepts is the caller's to refuse.
pub fn template(kind: FormKind, lang: Lang, name: Option<&str>, year: Option<u32>) -> String {
    let (text, placeholder) = match (kind, lang) {
        (FormKind::Project, Lang::Zh) => (include_str!("project.jx"), "项目名称"),
        (FormKind::Project, Lang::En) => (include_str!("project.en.jx"), "项目名称"),
        (FormKind::Department, Lang::Zh) => (include_str!("department.jx"), "部门名称"),
        (FormKind::Department, Lang::En) => (include_str!("department.en.jx"), "部门名称"),
    };
    let header = format!("\"{placeholder}\" {DEFAULT_YEAR} {{");
    let wanted = format!(
        "{} {} {{",
        quote(name.unwrap_or(placeholder)),
        year.unwrap_or(DEFAULT_YEAR)
    );
    text.replacen(&header, &wanted, 1)
}

/// A `"…"` string of the language on one line: control characters (a pasted line break)
/// become spaces, `\` and `"` are escaped.
fn quote(text: &str) -> String {
    let line: String = text
        .trim()
        .chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect();
    format!("\"{}\"", line.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [FormKind; 2] = [FormKind::Project, FormKind::Department];
    const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

    #[test]
    fn templates_compile_without_any_diagnostic() {
        for kind in KINDS {
            for lang in LANGS {
                for (name, year) in [(None, None), (Some("测试 \"一期\"\n工程"), Some(2024))]
                {
                    let text = template(kind, lang, name, year);
                    let compilation = crate::compile(&text, None, &crate::Options::default());
                    assert_eq!(compilation.forms.len(), 1);
                    let codes: Vec<_> = compilation.diagnostics.iter().map(|d| d.code).collect();
                    assert!(codes.is_empty(), "{kind:?} {lang:?}: {codes:?}");
                    assert!(!compilation.forms[0].has_errors);
                }
            }
        }
    }

    #[test]
    fn templates_are_canonically_formatted() {
        for kind in KINDS {
            for lang in LANGS {
                let text = template(kind, lang, None, None);
                let formatted = crate::fmt::format(&text, crate::fmt::FormatOptions::default());
                assert_eq!(formatted.as_deref(), Ok(text.as_str()), "{kind:?} {lang:?}");
            }
        }
    }

    #[test]
    fn the_name_and_year_are_the_forms() {
        let text = template(FormKind::Project, Lang::Zh, Some("测试"), Some(2024));
        assert!(text.contains("项目 \"测试\" 2024 {"), "{text}");
        let text = template(FormKind::Department, Lang::En, Some("区财政局"), None);
        assert!(text.contains("部门整体 \"区财政局\" 2025 {"), "{text}");
    }

    #[test]
    fn comments_are_in_the_asked_language() {
        for kind in KINDS {
            let chinese = template(kind, Lang::Zh, None, None);
            let english = template(kind, Lang::En, None, None);
            for line in chinese.lines().filter(|line| line.contains("//")) {
                for word in [
                    "the ", "and ", "with ", "copy ", "Amounts", "Weights", "Budget",
                ] {
                    assert!(!line.contains(word), "English in a Chinese comment: {line}");
                }
            }
            assert!(english.contains("Check with"), "{english}");
        }
    }
}
