//! Rules about a file as a whole and about which profile a form is scored under: a file with
//! no form (E0102), the same form twice in one file (W0204), an unknown profile name (E0101).

use crate::diag::{Code, Diagnostic};
use crate::policy::config::Settings;
use crate::policy::Profile;
use crate::span::Span;
use crate::syntax::ast::{File, Form};
use crate::tr;

/// E0102 when `file` holds no form and its syntax `diagnostics` hold no error (an error
/// already says why nothing was read).
pub(crate) fn no_form(file: &File, diagnostics: &[Diagnostic]) -> Option<Diagnostic> {
    if !file.forms.is_empty() || diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::MissingField,
            Span::new(0, 0),
            tr!("文件中没有表单", "the file has no form"),
        )
        .with_span_message(tr!(
            "这里应有 `项目 \"名称\" 年度 {{` 或 `部门整体 \"名称\" 年度 {{`",
            "expected `项目 \"名称\" 年度 {{` or `部门整体 \"名称\" 年度 {{` here"
        ))
        .with_help(tr!(
            "用 `jixiao new 项目` 或 `jixiao new 部门整体` 生成一个模板",
            "generate a template with `jixiao new project` or `jixiao new department`"
        )),
    )
}

/// W0204 for every form that repeats an earlier one of the same kind, name and year (a copy
/// pasted twice publishes two identical pages): `(index of the form, diagnostic)`.
pub(crate) fn duplicate_forms(file: &File) -> Vec<(usize, Diagnostic)> {
    let mut found = Vec::new();
    for (index, form) in file.forms.iter().enumerate() {
        let earlier = file.forms[..index].iter().find(|other| {
            other.kind == form.kind
                && other.name.value == form.name.value
                && other.year.as_ref().map(|year| year.value)
                    == form.year.as_ref().map(|year| year.value)
        });
        if let Some(earlier) = earlier {
            found.push((
                index,
                Diagnostic::new(
                    Code::DuplicateForm,
                    form.name.span,
                    tr!(
                        "表单 `{}` 在本文件中出现了两次",
                        "the form `{}` appears twice in this file",
                        form.name.value
                    ),
                )
                .with_span_message(tr!("第二次", "second time"))
                .with_label(earlier.name.span, tr!("第一次", "first time")),
            ));
        }
    }
    found
}

/// The profile `form` is scored under: its own `评分规则`, else `default_profile` (the
/// workspace's), else `central-2020`, with the workspace `settings` applied. An unknown name
/// of the form's is E0101 and the default is used to go on.
pub(crate) fn select_profile(
    form: &Form,
    default_profile: Option<&str>,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) -> Profile {
    let mut chosen = None;
    if let Some(name) = &form.profile {
        match Profile::resolve(&name.value) {
            Ok(profile) => chosen = Some(profile),
            Err(unknown) => diagnostics.push(
                Diagnostic::new(
                    Code::UnknownKeyword,
                    name.span,
                    tr!("未知的评分规则 `{}`", "unknown profile `{}`", name.value),
                )
                .with_span_message(tr!("没有这个内置规则", "no built-in profile has this name"))
                .with_help(unknown.help()),
            ),
        }
    }
    let profile = chosen
        .or_else(|| default_profile.and_then(|name| Profile::resolve(name).ok()))
        .unwrap_or_default();
    // Settings were validated when the configuration was loaded; a failure here keeps the profile.
    profile.clone().with_settings(settings).unwrap_or(profile)
}
