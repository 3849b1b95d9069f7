//! What an incremental `build` keeps of each source between runs, so that an unchanged source
//! is read and hashed but never parsed (issue 19): the hash of its text and its forms' headers
//! (kind, name, year: which unit has a page of which year), and, under the fingerprint its
//! outputs were made from, everything the run reports about it (its diagnostics as printed,
//! its counts, its index entries and the outputs it wrote).
//!
//! The cache is one JSON file in the output directory ([`CACHE_FILE`]), written atomically
//! like every output (a temporary file renamed over the old one) and only when its bytes
//! change. It is trusted only when its format and the jixiao that wrote it (version and build,
//! [`BuildCache::jixiao`]) are this run's: a corrupted, foreign or older cache is ignored and
//! the build is a full one. A source entry is used only when the hash of the text read now is
//! the recorded one, and its report only when its fingerprint (which covers the options,
//! profile, templates, formats and the previous year's source) and the terminal style match.
//!
//! Architecture invariant: the cache never decides what a build writes; [`super::build`]
//! decides from the fingerprints, and a clean build and an incremental one print and write the
//! same bytes (tests/incremental.rs).

use jixiao::model::{
    Basis, Budget, Checked, DiagnosticRecord, Evaluation, ExtraField, FormKind, FundTotals, Header,
    MoneyUnit, Number, Severity, Subtotal,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file name of the cache in the output directory.
pub(crate) const CACHE_FILE: &str = ".jixiao-build-cache";

/// The format of [`BuildCache`]; a cache of another format is ignored.
const FORMAT: &str = "jixiao-build-cache/1";

/// What one build leaves for the next (see the module).
#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct BuildCache {
    /// Always [`FORMAT`].
    format: String,
    /// The jixiao that wrote it: its version and its build identity (`build.rs`, hex).
    jixiao: String,
    /// Per source (as the build names it, `path.display()`).
    pub(crate) sources: BTreeMap<String, CachedSource>,
}

/// One source as the last build found it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct CachedSource {
    /// The hash of its text and encoding (hex, [`super::build`]'s `text_hash`).
    pub(crate) hash: String,
    /// Its forms' headers, in file order, when the build read them.
    pub(crate) headers: Option<Vec<FormHeader>>,
    /// What the build reported about it, under the fingerprint its outputs were made from.
    pub(crate) report: Option<SourceReport>,
}

/// The header of one form: which unit, of which year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct FormHeader {
    /// `project` or `department`.
    pub(crate) kind: Kind,
    /// 项目名称 / 部门名称.
    pub(crate) name: String,
    /// The budget year, when stated.
    pub(crate) year: Option<u16>,
}

/// [`FormKind`] as the cache writes it (the model's vocabulary is not `Deserialize`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// 项目支出.
    Project,
    /// 部门整体支出.
    Department,
}

impl From<FormKind> for Kind {
    fn from(kind: FormKind) -> Kind {
        match kind {
            FormKind::Project => Kind::Project,
            FormKind::Department => Kind::Department,
        }
    }
}

impl From<Kind> for FormKind {
    fn from(kind: Kind) -> FormKind {
        match kind {
            Kind::Project => FormKind::Project,
            Kind::Department => FormKind::Department,
        }
    }
}

/// What a build reported about one source whose outputs were all written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct SourceReport {
    /// The fingerprint its outputs were made from (hex, as in the manifest).
    pub(crate) fingerprint: String,
    /// The terminal style its diagnostics were rendered in (`Style`'s `Debug`).
    pub(crate) style: String,
    /// Its diagnostics as printed.
    pub(crate) human: String,
    /// Errors.
    pub(crate) errors: usize,
    /// Warnings.
    pub(crate) warnings: usize,
    /// Forms written.
    pub(crate) written: usize,
    /// Forms not written because of an error.
    pub(crate) skipped: usize,
    /// Its forms as the index lists them.
    pub(crate) listed: Vec<ListedCard>,
    /// Its outputs, relative to the output directory.
    pub(crate) names: Vec<String>,
}

/// One form of the index: its card and its outputs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct ListedCard {
    /// What the index shows of the form.
    pub(crate) card: IndexCard,
    /// Its page, relative to the output directory, when written.
    pub(crate) page: Option<String>,
    /// Its JSON document, relative to the output directory, when written.
    pub(crate) json: Option<String>,
}

/// The part of an evaluation the index pages and `index.json` read
/// (`render::html::index`: the kind, year, name, header (主管部门, the stated title), execution
/// rate, total, grade, and how many errors and warnings), as data the cache can read back.
/// Every index entry of a build goes through a card, compiled or cached alike, so that the
/// index of an incremental build is the clean build's; and a build keeps a few hundred bytes per
/// form until the end instead of its model (2.2 GB for 50,000 forms, BENCHMARKS.md).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct IndexCard {
    kind: Kind,
    name: String,
    year: Option<u16>,
    profile: String,
    /// 主管部门, 实施单位, 联系人, 联系电话.
    header: [Option<String>; 4],
    /// The header's other fields (`表名` among them), as written.
    extra: Vec<(String, String)>,
    execution_rate: CheckedCard<Decimal>,
    total: CheckedCard<Decimal>,
    grade: CheckedCard<String>,
    errors: usize,
    warnings: usize,
}

/// A [`Checked`] value as the cache writes it (decimals as strings of their exact digits).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct CheckedCard<T> {
    declared: Option<T>,
    computed: Option<T>,
    agrees: Option<bool>,
}

fn number_card(checked: &Checked<Number>) -> CheckedCard<Decimal> {
    CheckedCard {
        declared: checked.declared.map(|number| number.0),
        computed: checked.computed.map(|number| number.0),
        agrees: checked.agrees,
    }
}

fn number_checked(card: &CheckedCard<Decimal>) -> Checked<Number> {
    Checked {
        declared: card.declared.map(Number),
        computed: card.computed.map(Number),
        agrees: card.agrees,
    }
}

impl IndexCard {
    /// The card of `evaluation`.
    pub(crate) fn of(evaluation: &Evaluation) -> IndexCard {
        let errors = evaluation
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .count();
        let header = &evaluation.header;
        IndexCard {
            kind: evaluation.kind.into(),
            name: evaluation.name.clone(),
            year: evaluation.year,
            profile: evaluation.profile.clone(),
            header: [
                header.supervising_department.clone(),
                header.implementing_unit.clone(),
                header.contact_person.clone(),
                header.contact_phone.clone(),
            ],
            extra: header
                .extra
                .iter()
                .map(|field| (field.key.clone(), field.value.clone()))
                .collect(),
            execution_rate: number_card(&evaluation.budget.execution_rate),
            total: number_card(&evaluation.total),
            grade: CheckedCard {
                declared: evaluation.grade.declared.clone(),
                computed: evaluation.grade.computed.clone(),
                agrees: evaluation.grade.agrees,
            },
            errors,
            warnings: evaluation.diagnostics.len() - errors,
        }
    }

    /// An evaluation holding what the card holds, for `IndexEntry`: everything else is empty
    /// (no goal, indicator, category or fund row; each diagnostic a bare record of its
    /// severity).
    /// Appends everything the index shows of the form to `out`, each field length-prefixed and
    /// every decimal as its exact digits and scale (`1.0` and `1.00` differ, as on the page):
    /// what the index key of `build` hashes, so that an edit that leaves the card as it was
    /// does not render the index again.
    pub(crate) fn key_bytes(&self, out: &mut Vec<u8>) {
        fn field(out: &mut Vec<u8>, bytes: &[u8]) {
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(bytes);
        }
        fn optional(out: &mut Vec<u8>, text: Option<&str>) {
            match text {
                Some(text) => field(out, text.as_bytes()),
                None => out.push(0xff),
            }
        }
        fn decimals(out: &mut Vec<u8>, card: &CheckedCard<Decimal>) {
            for value in [card.declared, card.computed] {
                match value {
                    Some(value) => field(out, &value.serialize()),
                    None => out.push(0xff),
                }
            }
            field(out, format!("{:?}", card.agrees).as_bytes());
        }
        field(out, format!("{:?}", self.kind).as_bytes());
        field(out, self.name.as_bytes());
        field(out, format!("{:?}", self.year).as_bytes());
        field(out, self.profile.as_bytes());
        for part in &self.header {
            optional(out, part.as_deref());
        }
        field(out, &(self.extra.len() as u64).to_le_bytes());
        for (key, value) in &self.extra {
            field(out, key.as_bytes());
            field(out, value.as_bytes());
        }
        decimals(out, &self.execution_rate);
        decimals(out, &self.total);
        optional(out, self.grade.declared.as_deref());
        optional(out, self.grade.computed.as_deref());
        field(out, format!("{:?}", self.grade.agrees).as_bytes());
        field(out, &(self.errors as u64).to_le_bytes());
        field(out, &(self.warnings as u64).to_le_bytes());
    }

    pub(crate) fn evaluation(&self) -> Evaluation {
        let [supervising_department, implementing_unit, contact_person, contact_phone] =
            self.header.clone();
        let bare = |severity| DiagnosticRecord {
            code: String::new(),
            severity,
            message: String::new(),
            help: String::new(),
            source: String::new(),
            file: None,
            line: 0,
            column: 0,
            start: 0,
            end: 0,
            notes: Vec::new(),
            fact: None,
            labels: Vec::new(),
        };
        let mut diagnostics = vec![bare(Severity::Error); self.errors];
        diagnostics.extend(std::iter::repeat_n(bare(Severity::Warning), self.warnings));
        Evaluation {
            schema: jixiao::model::SCHEMA,
            kind: self.kind.into(),
            name: self.name.clone(),
            year: self.year,
            profile: self.profile.clone(),
            workspace: None,
            header: Header {
                supervising_department,
                implementing_unit,
                contact_person,
                contact_phone,
                extra: self
                    .extra
                    .iter()
                    .map(|(key, value)| ExtraField {
                        key: key.clone(),
                        value: value.clone(),
                    })
                    .collect(),
            },
            budget: Budget {
                unit: MoneyUnit::TenThousandYuan,
                rows: Vec::new(),
                total: FundTotals {
                    initial_budget: Checked::default(),
                    adjusted_budget: Checked::default(),
                    executed: Checked::default(),
                },
                weight: Number(Decimal::ZERO),
                execution_rate: number_checked(&self.execution_rate),
                rate_on_initial_budget: None,
                declared_rate_uses_initial_budget: false,
                execution_score: Checked::default(),
                basis: Basis::Computed,
                reason: None,
                rate_difference: None,
                score_difference: None,
            },
            goals: Vec::new(),
            indicators: Vec::new(),
            categories: Vec::new(),
            indicator_subtotal: Subtotal {
                weight: Checked::default(),
                score: Checked::default(),
            },
            weights_total: Number(Decimal::ZERO),
            total: number_checked(&self.total),
            total_difference: None,
            grade: Checked {
                declared: self.grade.declared.clone(),
                computed: self.grade.computed.clone(),
                agrees: self.grade.agrees,
            },
            diagnostics,
        }
    }
}

impl BuildCache {
    /// An empty cache for the jixiao `jixiao` (see [`BuildCache::jixiao`]).
    pub(crate) fn new(jixiao: String) -> BuildCache {
        BuildCache {
            format: FORMAT.to_string(),
            jixiao,
            sources: BTreeMap::new(),
        }
    }

    /// Reads the cache `text` left by a build, keeping it only when it is of this format and
    /// was written by this `jixiao`; anything else (no file, a corrupted or foreign file, an
    /// older jixiao's) is an empty cache.
    pub(crate) fn parse(text: &str, jixiao: &str) -> BuildCache {
        match serde_json::from_str::<BuildCache>(text) {
            Ok(cache) if cache.format == FORMAT && cache.jixiao == jixiao => cache,
            _ => BuildCache::new(jixiao.to_string()),
        }
    }

    /// The cache as written to disk: one line, sources in name order, so the same build writes
    /// the same bytes.
    pub(crate) fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default() + "\n"
    }

    /// The identity of the running jixiao: its version and `build_id` (`build.rs`'s hash of
    /// its sources, templates, dependencies and compiler).
    pub(crate) fn jixiao_identity(build_id: &str) -> String {
        format!("{} {build_id}", env!("CARGO_PKG_VERSION"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_gives_back_what_the_index_reads() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples/renda-2021/department.jx"),
        )
        .unwrap_or_default();
        let compiled = jixiao::compile(&text, None, &jixiao::Options::default());
        let Some(form) = compiled.forms.first() else {
            panic!("the example compiles to a form");
        };
        let card = IndexCard::of(&form.evaluation);
        let back = card.evaluation();
        assert_eq!(IndexCard::of(&back), card);
        // Through the cache's text and back.
        let json = serde_json::to_string(&card).unwrap_or_default();
        let read: Result<IndexCard, _> = serde_json::from_str(&json);
        assert_eq!(read.ok(), Some(card));
        assert_eq!(back.total, form.evaluation.total);
        assert_eq!(back.grade, form.evaluation.grade);
        assert_eq!(
            back.budget.execution_rate,
            form.evaluation.budget.execution_rate
        );
        assert_eq!(back.header, form.evaluation.header);
    }

    #[test]
    fn a_foreign_or_older_cache_is_ignored() {
        let mut cache = BuildCache::new("1.0 ab".to_string());
        cache.sources.insert(
            "a.jx".to_string(),
            CachedSource {
                hash: "00".to_string(),
                headers: None,
                report: None,
            },
        );
        let text = cache.text();
        assert_eq!(BuildCache::parse(&text, "1.0 ab"), cache);
        assert!(BuildCache::parse(&text, "1.0 cd").sources.is_empty());
        assert!(BuildCache::parse(&text[..text.len() / 2], "1.0 ab")
            .sources
            .is_empty());
        assert!(BuildCache::parse("# jixiao-manifest/2\n", "1.0 ab")
            .sources
            .is_empty());
    }
}
