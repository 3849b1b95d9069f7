//! Per-stage benchmarks on generated forms (`cargo bench --bench pipeline`).
//!
//! Stages: `parse` (pest + lowering), `compile` (parse + checks + evaluation; check+eval is the
//! difference), `to_json`, `to_json_compact` (the document `build` writes and embeds), `html`
//! (one form page with the built-in templates, its JSON included), `html_page_into` (the page
//! as `build` renders it: the JSON made once beforehand, bytes appended to a buffer), and the
//! physical limit of reading the same bytes, a memchr newline count. Figures are recorded in
//! BENCHMARKS.md.

use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};
use jixiao::Templates;
use jixiao::{compile, Options};
use std::hint::black_box;

#[allow(dead_code, unused_imports)]
#[path = "../src/bin/gen-corpus.rs"]
mod corpus;

/// Twenty generated forms (about 200 KB): the same forms `gen-corpus --seed 1` writes first.
fn forms() -> Vec<String> {
    (0..20)
        .map(|index| corpus::generate_form(1, index))
        .collect()
}

pub(crate) fn stages(criterion: &mut Criterion) {
    let forms = forms();
    let bytes: usize = forms.iter().map(String::len).sum();
    let options = Options::default();
    let compiled: Vec<_> = forms
        .iter()
        .map(|source| compile(source, Some("bench.jx"), &options))
        .collect();
    let templates = match Templates::builtin() {
        Ok(templates) => templates,
        Err(error) => panic!("built-in templates: {error}"),
    };

    let mut group = criterion.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("memchr_newlines", "20 forms"), |bencher| {
        bencher.iter(|| {
            forms
                .iter()
                .map(|source| memchr::memchr_iter(b'\n', black_box(source.as_bytes())).count())
                .sum::<usize>()
        });
    });
    group.bench_function(BenchmarkId::new("parse", "20 forms"), |bencher| {
        bencher.iter(|| {
            for source in &forms {
                black_box(jixiao::parse(black_box(source)));
            }
        });
    });
    group.bench_function(BenchmarkId::new("compile", "20 forms"), |bencher| {
        bencher.iter(|| {
            for source in &forms {
                black_box(compile(black_box(source), Some("bench.jx"), &options));
            }
        });
    });
    group.bench_function(BenchmarkId::new("to_json", "20 forms"), |bencher| {
        bencher.iter(|| {
            for compilation in &compiled {
                for form in &compilation.forms {
                    black_box(jixiao::to_json(&form.evaluation));
                }
            }
        });
    });
    group.bench_function(BenchmarkId::new("to_json_compact", "20 forms"), |bencher| {
        bencher.iter(|| {
            for compilation in &compiled {
                for form in &compilation.forms {
                    black_box(jixiao::to_json_compact(&form.evaluation));
                }
            }
        });
    });
    let documents: Vec<String> = compiled
        .iter()
        .flat_map(|compilation| &compilation.forms)
        .map(|form| jixiao::to_json_compact(&form.evaluation))
        .collect();
    let page_options = jixiao::PageOptions::default();
    group.bench_function(BenchmarkId::new("html_page_into", "20 forms"), |bencher| {
        let mut page = Vec::new();
        bencher.iter(|| {
            let forms = compiled.iter().flat_map(|compilation| &compilation.forms);
            for (form, document) in forms.zip(&documents) {
                page.clear();
                black_box(
                    templates
                        .render_page_into(&form.evaluation, &page_options, document, &mut page)
                        .ok(),
                );
            }
        });
    });
    group.bench_function(BenchmarkId::new("html", "20 forms"), |bencher| {
        bencher.iter(|| {
            for compilation in &compiled {
                for form in &compilation.forms {
                    black_box(templates.render_form(&form.evaluation).ok());
                }
            }
        });
    });
    group.finish();
}

// criterion_group! defines an undocumented `pub fn benches`.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::stages);
}
use group::benches;
criterion_main!(benches);
