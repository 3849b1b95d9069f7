//! `jixiao new`: commented starting points for a new form, one per form kind.
//!
//! The templates are complete, valid forms (a test compiles them with no diagnostic), so a user
//! who replaces the values gets a form that checks.

use crate::syntax::ast::FormKind;

/// The template of a form kind, as `.jx` text.
pub fn template(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Project => include_str!("project.jx"),
        FormKind::Department => include_str!("department.jx"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_compile_without_any_diagnostic() {
        for kind in [FormKind::Project, FormKind::Department] {
            let compilation = crate::compile(template(kind), None, &crate::Options::default());
            assert_eq!(compilation.forms.len(), 1);
            let codes: Vec<_> = compilation.diagnostics.iter().map(|d| d.code).collect();
            assert!(codes.is_empty(), "{kind:?}: {codes:?}");
            assert!(!compilation.forms[0].has_errors);
        }
    }

    #[test]
    fn templates_are_canonically_formatted() {
        for kind in [FormKind::Project, FormKind::Department] {
            let text = template(kind);
            let formatted = crate::fmt::format(text, crate::fmt::FormatOptions::default());
            assert_eq!(formatted.as_deref(), Ok(text), "{kind:?}");
        }
    }
}
