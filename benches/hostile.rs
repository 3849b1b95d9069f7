//! Speed targets for hostile input (issue 20), `cargo bench --bench hostile`: the form whose one
//! indicator line repeats `偏差 x`, compiled and rendered for a terminal (what `jixiao check`
//! does). Targets, on a release build: the 90 KB form under 1 s and 100 MB (`jixiao check`
//! measured 0.18 s and 19 MB), the 1 MB form under 5 s and 200 MB (1.3 s and 141 MB); memory
//! is measured with `/usr/bin/time -v target/release/jixiao check FILE` (BENCHMARKS.md).

use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};
use jixiao::{compile, render_human, Options};
use std::hint::black_box;

/// A project form whose one indicator line repeats `偏差 x` `times` times.
fn repeated_attribute(times: usize) -> String {
    format!(
        "项目 \"测试项目\" 2021 {{\n    资金 万元 {{\n        财政拨款 100 100 100\n        分值 10\n    }}\n    产出指标 {{\n        数量指标 {{\n            \"开展培训次数\" 目标 10次 实际 10次 分值 90{}\n        }}\n    }}\n}}\n",
        " 偏差 x".repeat(times)
    )
}

pub(crate) fn hostile(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("hostile");
    group.sample_size(10);
    for (label, times) in [("90 KB", 10_000), ("1 MB", 111_000)] {
        let source = repeated_attribute(times);
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_function(
            BenchmarkId::new("repeated_attribute_check", label),
            |bencher| {
                bencher.iter(|| {
                    let compilation =
                        compile(black_box(&source), Some("x.jx"), &Options::default());
                    black_box(render_human(
                        "x.jx",
                        &source,
                        &compilation.diagnostics,
                        Default::default(),
                    ))
                });
            },
        );
    }
    group.finish();
}

// criterion_group! defines an undocumented `pub fn benches`.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::hostile);
}
use group::benches;
criterion_main!(benches);
