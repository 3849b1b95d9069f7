//! Loading and rendering the Tera templates: the built-in ones, a user's overrides, and a
//! user's template file for any output.

use super::form::{FormView, LinksView};
use super::index::{IndexEntry, IndexView};
use crate::lang::Lang;
use crate::model::Evaluation;
use crate::policy::LayoutSettings;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use tera::{Context, Tera};

/// The built-in templates, by name.
const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("cell.html", include_str!("../templates/cell.html")),
    ("critical.css", include_str!("../templates/critical.css")),
    ("style.css", include_str!("../templates/style.css")),
    ("form.html", include_str!("../templates/form.html")),
    ("index.html", include_str!("../templates/index.html")),
];

/// The template that renders one form.
pub(crate) const FORM_TEMPLATE: &str = "form.html";
/// The template that renders the directory index.
pub(crate) const INDEX_TEMPLATE: &str = "index.html";

/// The name of the stylesheet that the pages of a build share, written beside `index.html`
/// (its contents: [`Templates::stylesheet`]). A page that links it inlines only a few critical
/// rules (borders, wrapping), so that it still reads as a bordered table when opened alone.
pub const STYLESHEET: &str = "style.css";

/// Who a form page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// The disclosure a finance bureau posts: the form as filed (declared values where the form
    /// declares them, computed ones where it does not), with no check results.
    #[default]
    Public,
    /// The bureau's review page: computed beside declared, every disagreement marked and
    /// footnoted, impossible values marked, the findings in plain language.
    Review,
}

/// Where a form page links to, each relative to the page (`/`-separated, unencoded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// The index page.
    pub index: Option<String>,
    /// The form's JSON document, written beside the page: the page links it (in the navigation
    /// and as `<link rel="alternate" type="application/json">`) instead of embedding it. `None`:
    /// the page embeds the compact document and stands alone.
    pub json: Option<String>,
    /// The same unit's page of the previous year.
    pub previous: Option<String>,
    /// What the previous-year link says (`2020年度`).
    pub previous_label: Option<String>,
    /// The diff page against the previous year.
    pub diff: Option<String>,
    /// The shared stylesheet ([`STYLESHEET`]), relative to the page (`../style.css`). `None`:
    /// the page inlines the whole stylesheet and stands alone.
    pub stylesheet: Option<String>,
}

/// How a form page is rendered ([`Templates::render_page_with`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// Who the page is for.
    pub audience: Audience,
    /// Where the page links to.
    pub links: PageLinks,
    /// A workspace's `[settings.layout]`, applied on top of the layout of the form's profile
    /// (`None`: the profile's layout as built in).
    pub layout: Option<LayoutSettings>,
    /// Review page: each finding also shows its `.jx` position (`第 12 行第 5 列`); off by
    /// default, since the bureau reads the page, not the source.
    pub positions: bool,
    /// Language of the review page's own text (headings, labels, footnotes, the findings as
    /// recorded in the evaluation). The public page is the form as filed, in Chinese, always.
    pub lang: Lang,
}

/// A template that cannot be loaded or rendered.
///
/// Names the template (the user's file path, or `内置模板 NAME` for a built-in one) and, when
/// Tera knows it, the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The template's file path, or `内置模板 NAME`.
    pub template: String,
    /// 1-based line in the template, when known.
    pub line: Option<usize>,
    /// What is wrong (Tera's message; for syntax errors with Tera's annotated excerpt).
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "模板 {}", self.template)?;
        if let Some(line) = self.line {
            write!(formatter, " 第 {line} 行")?;
        }
        write!(formatter, "：{}", self.message)
    }
}

impl std::error::Error for TemplateError {}

/// A loaded set of templates: the built-ins, possibly overridden by a user's directory.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    /// Template name → where it came from (a file path, or `内置模板 NAME`).
    origins: BTreeMap<String, String>,
}

impl fmt::Debug for Templates {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Templates")
            .field("origins", &self.origins)
            .finish()
    }
}

impl Templates {
    /// The built-in templates.
    ///
    /// Errors only if a built-in template is broken (a bug, covered by the tests).
    pub fn builtin() -> Result<Templates, TemplateError> {
        Templates::load(BTreeMap::new())
    }

    /// The built-in templates, each overridden by the file of the same name in `directory`.
    ///
    /// Every file below `directory` is loaded under its relative path with `/` separators
    /// (`form.html`, `partials/x.html`), so user templates may also add templates of their own
    /// for `{% include %}`/`{% extends %}`. Names ending in `.html`, `.htm` or `.xml` are
    /// autoescaped. Errors when the directory cannot be read, a file is not UTF-8, or a template
    /// does not parse (naming the file and line).
    pub fn with_overrides(directory: &Path) -> Result<Templates, TemplateError> {
        let mut files = Vec::new();
        collect_files(directory, directory, &mut files, 0).map_err(|error| TemplateError {
            template: directory.display().to_string(),
            line: None,
            message: error,
        })?;
        let mut overrides = BTreeMap::new();
        for (name, path) in files {
            let bytes = std::fs::read(&path).map_err(|error| TemplateError {
                template: path.display().to_string(),
                line: None,
                message: error.to_string(),
            })?;
            let text = String::from_utf8(bytes).map_err(|_| TemplateError {
                template: path.display().to_string(),
                line: None,
                message: "不是 UTF-8 编码的文本".to_string(),
            })?;
            overrides.insert(name, (path.display().to_string(), text));
        }
        Templates::load(overrides)
    }

    /// Loads the built-ins and `overrides` (name → (origin, text)) in one batch, so that
    /// inheritance between them is resolved once.
    fn load(overrides: BTreeMap<String, (String, String)>) -> Result<Templates, TemplateError> {
        let mut sources: BTreeMap<String, (String, String)> = BUILTIN
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_string(),
                    (format!("内置模板 {name}"), (*text).to_string()),
                )
            })
            .collect();
        sources.extend(overrides);
        let origins: BTreeMap<String, String> = sources
            .iter()
            .map(|(name, (origin, _))| (name.clone(), origin.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .map_err(|error| template_error(&error, &origins, None))?;
        Ok(Templates { tera, origins })
    }

    /// Renders the public page of one form (template `form.html`), linking nowhere.
    ///
    /// Errors when the template fails at render time (e.g. a user template names a variable
    /// the view does not have).
    pub fn render_form(&self, evaluation: &Evaluation) -> Result<String, TemplateError> {
        self.render_page(evaluation, Audience::Public, &PageLinks::default())
    }

    /// Renders the page of one form for `audience`, with `links` to the index, the JSON, the
    /// previous year's page and the diff.
    pub fn render_page(
        &self,
        evaluation: &Evaluation,
        audience: Audience,
        links: &PageLinks,
    ) -> Result<String, TemplateError> {
        self.render_page_with(
            evaluation,
            &PageOptions {
                audience,
                links: links.clone(),
                ..PageOptions::default()
            },
        )
    }

    /// Renders the page of one form as `options` say (audience, links, layout, positions,
    /// language of the review page).
    ///
    /// Errors when the template fails at render time.
    pub fn render_page_with(
        &self,
        evaluation: &Evaluation,
        options: &PageOptions,
    ) -> Result<String, TemplateError> {
        // A page of the built-in templates that links its JSON file does not embed it, so it
        // needs no serialisation.
        let json = if self.page_takes_document(&options.links) {
            crate::render::json::to_json_compact(evaluation)
        } else {
            String::new()
        };
        let mut page = Vec::new();
        self.render_page_into(evaluation, options, &json, &mut page)?;
        // Tera wrote UTF-8 text (the templates and every value are `str`).
        String::from_utf8(page).map_err(|error| TemplateError {
            template: self.origin(FORM_TEMPLATE),
            line: None,
            message: error.to_string(),
        })
    }

    /// Renders the page of one form as [`Templates::render_page_with`] does, appending its
    /// UTF-8 bytes to `page`, with `json` as the embedded document: it must be
    /// [`crate::to_json_compact`] of `evaluation`, which `build` has already made for the
    /// form's `.json` file (issue 19: a 10,000-form build serialised every form twice, and
    /// checked each 60 KB page for UTF-8 once more before writing it).
    ///
    /// A page whose [`PageLinks::json`] names its JSON file (written beside it) links that file
    /// (`<link rel="alternate" type="application/json">`) instead of embedding it, as it links
    /// the shared stylesheet instead of inlining it (`form.embed` is false); `json` is then used
    /// only by a user's templates ([`Templates::page_takes_document`]; pass `""` otherwise).
    /// The embedded copy would be the third copy of every text of the form (issue 19: the page
    /// of a 10 KB form was 37 KB of JSON and 30 KB of markup).
    ///
    /// Errors when the template fails at render time; `page` then holds part of a page.
    pub fn render_page_into(
        &self,
        evaluation: &Evaluation,
        options: &PageOptions,
        json: &str,
        page: &mut Vec<u8>,
    ) -> Result<(), TemplateError> {
        let links = &options.links;
        let embed = links.json.is_none();
        let encode = |link: &Option<String>| {
            link.as_deref()
                .map_or_else(String::new, super::index::encode_href)
        };
        let stylesheet = encode(&links.stylesheet);
        let links = LinksView {
            index: encode(&links.index),
            json: encode(&links.json),
            previous: encode(&links.previous),
            previous_label: links.previous_label.clone().unwrap_or_default(),
            diff: encode(&links.diff),
        };
        // Room for the page at once rather than by doubling (a page is ~20 KB of markup for 30
        // indicators, plus the document it embeds).
        page.reserve(
            8 * 1024 + 1024 * evaluation.indicators.len() + if embed { json.len() } else { 0 },
        );
        let view = FormView::new(evaluation, options, links, json, embed);
        let mut context = Context::new();
        context.insert("form", &view);
        context.insert("stylesheet", &stylesheet);
        self.tera
            .render_to(FORM_TEMPLATE, &context, page)
            .map_err(|error| template_error(&error, &self.origins, Some(FORM_TEMPLATE)))
    }

    /// Renders the first page of the index (template `index.html`): its charts, its list of
    /// 主管部门 and its first [`super::index::ROWS_PER_PAGE`] forms.
    pub fn render_index(&self, entries: &[IndexEntry<'_>]) -> Result<String, TemplateError> {
        let mut pages = self.render_index_pages(entries)?;
        Ok(pages.swap_remove(0).1)
    }

    /// Renders every page of the index: `(file name, html)`, `index.html` first, then
    /// `index.p2.html`, … when there are more forms than fit on one page.
    pub fn render_index_pages(
        &self,
        entries: &[IndexEntry<'_>],
    ) -> Result<Vec<(String, String)>, TemplateError> {
        IndexView::pages(entries)
            .into_iter()
            .enumerate()
            .map(|(index, view)| {
                let mut context = Context::new();
                context.insert("index", &view);
                // The index is written at the top of the output, beside the stylesheet.
                context.insert("stylesheet", STYLESHEET);
                let html = self.render(INDEX_TEMPLATE, &context)?;
                Ok((super::index::index_page_name(index + 1), html))
            })
            .collect()
    }

    /// The shared stylesheet of a build's pages (template [`STYLESHEET`], which a user's
    /// directory may override), to be written as [`STYLESHEET`] beside `index.html`.
    ///
    /// Errors only if an overriding stylesheet does not render.
    pub fn stylesheet(&self) -> Result<String, TemplateError> {
        self.render(STYLESHEET, &Context::new())
    }

    /// `true` when a page rendered with `links` is given its JSON document (`form.json`): a
    /// page that embeds it (no `.json` written beside it), and every page rendered with a
    /// user's templates, which may read `form.json` whether or not the built-in page would
    /// embed it (a template written when every page embedded its document keeps working).
    pub fn page_takes_document(&self, links: &PageLinks) -> bool {
        links.json.is_none()
            || self
                .origins
                .values()
                .any(|origin| !origin.starts_with("内置模板 "))
    }

    /// Where template `name` came from (a file path, or `内置模板 NAME`).
    fn origin(&self, name: &str) -> String {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|error| template_error(&error, &self.origins, Some(name)))
    }
}

/// A user's template for any output (Markdown, CSV, XML, a bureau's own HTML), rendered once per
/// form with the Evaluation model itself as `form` (README.md: `jixiao build … --template FILE`).
///
/// The model's numbers are strings of exact digits, so templates never see floats. Templates
/// whose name ends in `.html`, `.htm` or `.xml` (after an optional `.tera`) are autoescaped.
#[derive(Clone)]
pub struct ReportTemplate {
    tera: Tera,
    name: String,
    origins: BTreeMap<String, String>,
    extension: String,
}

impl ReportTemplate {
    /// Loads the template file at `path`. Errors name the file (and line) when it cannot be
    /// read, is not UTF-8 or does not parse.
    pub fn load(path: &Path) -> Result<ReportTemplate, TemplateError> {
        let origin = path.display().to_string();
        let error = |message: String| TemplateError {
            template: origin.clone(),
            line: None,
            message,
        };
        let bytes = std::fs::read(path).map_err(|read| error(read.to_string()))?;
        let text =
            String::from_utf8(bytes).map_err(|_| error("不是 UTF-8 编码的文本".to_string()))?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `report.md.tera` renders `NAME.md`; `summary.csv` renders `NAME.csv`.
        let name = file_name
            .strip_suffix(".tera")
            .unwrap_or(&file_name)
            .to_string();
        let extension = Path::new(&name).extension().map_or_else(
            || "txt".to_string(),
            |extension| extension.to_string_lossy().into_owned(),
        );
        let origins = BTreeMap::from([(name.clone(), origin.clone())]);
        let mut tera = Tera::new();
        tera.add_raw_template(&name, &text)
            .map_err(|failure| template_error(&failure, &origins, None))?;
        Ok(ReportTemplate {
            tera,
            name,
            origins,
            extension,
        })
    }

    /// The extension of the files it writes (`md` for `report.md`).
    pub fn extension(&self) -> &str {
        &self.extension
    }

    /// Renders one form: the template sees the Evaluation model as `form`, as its `jixiao/2`
    /// JSON has it: a member that is null, an empty list or a false flag is absent, so a
    /// template tests it (`{% if form.workspace %}`) or gives a default
    /// (`{{ form.year | default(value="") }}`).
    pub fn render(&self, evaluation: &Evaluation) -> Result<String, TemplateError> {
        let mut context = Context::new();
        context.insert("form", evaluation);
        self.tera
            .render(&self.name, &context)
            .map_err(|failure| template_error(&failure, &self.origins, Some(&self.name)))
    }
}

/// Renders the public page of one form with the built-in templates.
///
/// Errors only if a built-in template is broken (a bug).
pub fn to_html(evaluation: &Evaluation) -> Result<String, TemplateError> {
    Templates::builtin()?.render_form(evaluation)
}

/// Renders the page of one form for `audience` with the built-in templates, linking nowhere.
///
/// Errors only if a built-in template is broken (a bug).
pub fn to_html_for(evaluation: &Evaluation, audience: Audience) -> Result<String, TemplateError> {
    Templates::builtin()?.render_page(evaluation, audience, &PageLinks::default())
}

/// Collects every regular file below `root` (sorted, hidden files skipped, depth-limited).
fn collect_files(
    root: &Path,
    directory: &Path,
    files: &mut Vec<(String, std::path::PathBuf)>,
    depth: usize,
) -> Result<(), String> {
    if depth > 16 {
        return Ok(());
    }
    let entries = std::fs::read_dir(directory)
        .map_err(|error| format!("无法读取模板目录 {}: {error}", directory.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| error.to_string())?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_files(root, &path, files, depth + 1)?;
        } else if path.is_file() {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name = relative
                .components()
                .map(|component| component.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((name, path));
        }
    }
    Ok(())
}

/// Turns a Tera error into a [`TemplateError`] naming the template file and line.
fn template_error(
    error: &tera::Error,
    origins: &BTreeMap<String, String>,
    rendering: Option<&str>,
) -> TemplateError {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            TemplateError {
                template: origin(report.filename()),
                line: Some(report.span().start_line),
                message: error.to_string().trim_end().to_string(),
            }
        }
        tera::ErrorKind::MissingParent { current, .. } => TemplateError {
            template: origin(current),
            line: None,
            message: error.to_string(),
        },
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => TemplateError {
            template: origin(tpl),
            line: None,
            message: error.to_string(),
        },
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            TemplateError {
                template: rendering.map_or_else(|| "模板".to_string(), origin),
                line: None,
                message,
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The view model: everything the templates read, already formatted.
// ---------------------------------------------------------------------------------------------
