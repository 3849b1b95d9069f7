//! `gen-corpus`: writes a deterministic corpus of realistic, valid `.jx` forms for benchmarks.
//!
//! ```text
//! cargo run --release --bin gen-corpus -- --forms 10000 --seed 1 --out /tmp/corpus
//! cargo run --release --bin gen-corpus -- --forms 20000 --seed 1 --out /tmp/big --one-file
//! ```
//!
//! Each form is a project (项目) or a department (部门整体) form with 20–40 indicators in the
//! standard category tree, goal texts of 300–1,500 CJK characters, one of the built-in profiles
//! (`Profile::BUILTIN`), and declared values (rates, coefficients, scores, totals) computed the
//! way `central-2020` computes them, so that a form checks with no error. About one form in eight
//! carries a deliberate declared mismatch (a wrong total, a rate on the wrong base, a wrong score):
//! warnings, never errors, as in the filed forms a reviewer receives.
//!
//! The random numbers come from a hand-rolled SplitMix64 rather than a crate: the corpus must be
//! byte-identical for a seed across machines and dependency upgrades (benchmark figures are quoted
//! against it), and the `rand` family does not promise a stable stream across versions.
//!
//! Every amount is an integer count of hundredths (or tenths) and every derived value is computed
//! with integer arithmetic rounded half up, the rule jixiao applies (四舍五入) to positive values.

use clap::Parser;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "gen-corpus",
    about = "Write N realistic, valid .jx forms, deterministic for a seed"
)]
struct Arguments {
    /// How many forms to write.
    #[arg(long)]
    forms: usize,
    /// The seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The output directory (created if missing); forms go into subdirectories of 100.
    #[arg(long)]
    out: PathBuf,
    /// Write every form into one file, `OUT/all.jx`, instead of one file per form.
    #[arg(long)]
    one_file: bool,
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    match write_corpus(&arguments) {
        Ok(bytes) => {
            eprintln!(
                "gen-corpus: {} forms, {bytes} bytes in {}",
                arguments.forms,
                arguments.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("gen-corpus: {}: {error}", arguments.out.display());
            ExitCode::from(2)
        }
    }
}

/// Writes the corpus and returns the number of bytes written.
fn write_corpus(arguments: &Arguments) -> std::io::Result<u64> {
    std::fs::create_dir_all(&arguments.out)?;
    let mut total = 0u64;
    if arguments.one_file {
        let mut text = String::new();
        for index in 0..arguments.forms {
            text.push_str(&generate_form(arguments.seed, index));
            text.push('\n');
        }
        total += text.len() as u64;
        std::fs::write(arguments.out.join("all.jx"), text)?;
        return Ok(total);
    }
    for index in 0..arguments.forms {
        let text = generate_form(arguments.seed, index);
        total += text.len() as u64;
        let path = form_path(&arguments.out, index);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(total)
}

/// `OUT/d012/f01234.jx`: a hundred forms per directory, like a county's submissions.
fn form_path(out: &Path, index: usize) -> PathBuf {
    out.join(format!("d{:03}", index / 100))
        .join(format!("f{index:05}.jx"))
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and good enough for test data.
struct Random(u64);

impl Random {
    /// A generator for form `index` of corpus `seed`: forms are independent of each other, so
    /// a corpus of 1,000 forms is the first 1,000 forms of a corpus of 10,000.
    fn for_form(seed: u64, index: usize) -> Random {
        let mut random = Random(seed ^ 0x9E37_79B9_7F4A_7C15);
        let mixed = random.next() ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
        Random(mixed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    /// `true` with probability `numerator / denominator`.
    fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.next() % denominator < numerator
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// `numerator / denominator` rounded half up (all values here are positive).
fn divide_rounded(numerator: u64, denominator: u64) -> u64 {
    (2 * numerator + denominator) / (2 * denominator)
}

/// Hundredths as a decimal without trailing zeros: 950 → `9.5`, 1000 → `10`, 921 → `9.21`.
fn hundredths(value: u64) -> String {
    let (whole, fraction) = (value / 100, value % 100);
    match fraction {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// Tenths as a decimal: 965 → `96.5`, 970 → `97`.
fn tenths(value: u64) -> String {
    match value % 10 {
        0 => (value / 10).to_string(),
        f => format!("{}.{f}", value / 10),
    }
}

const PLACES: &[&str] = &[
    "渝北",
    "江北",
    "沙坪坝",
    "九龙坡",
    "南岸",
    "北碚",
    "巴南",
    "长寿",
    "江津",
    "合川",
    "永川",
    "綦江",
    "大足",
    "璧山",
    "铜梁",
    "潼南",
    "荣昌",
    "开州",
    "梁平",
    "武隆",
    "城口",
    "丰都",
    "垫江",
    "忠县",
    "云阳",
    "奉节",
    "巫山",
    "巫溪",
    "石柱",
    "秀山",
    "酉阳",
    "彭水",
];
const DEPARTMENTS: &[&str] = &[
    "教育委员会",
    "卫生健康委员会",
    "农业农村委员会",
    "水利局",
    "交通局",
    "民政局",
    "财政局",
    "文化和旅游发展委员会",
    "生态环境局",
    "住房和城乡建设委员会",
    "人力资源和社会保障局",
    "应急管理局",
    "市场监督管理局",
    "人大常委会办公室",
    "林业局",
    "体育局",
];
const PROJECTS: &[&str] = &[
    "农村饮水安全巩固提升工程",
    "义务教育薄弱环节改善与能力提升",
    "基层医疗卫生机构能力建设",
    "高标准农田建设",
    "农村公路养护",
    "城乡居民养老保险补助",
    "公共文化场馆免费开放",
    "地质灾害防治",
    "城市生活垃圾分类",
    "中小河流治理",
    "乡村振兴衔接资金",
    "人代会及常委会经费",
    "森林防火能力建设",
    "全民健身设施补短板",
    "残疾人康复救助",
    "老旧小区改造",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "明", "华", "建平", "丽", "强", "敏", "伟", "静", "军", "芳", "涛", "燕",
];

/// Phrases the goal texts are built from (taken from the vocabulary of filed forms).
const GOAL_PHRASES: &[&str] = &[
    "深入贯彻落实党中央国务院决策部署",
    "坚持以人民为中心的发展思想",
    "全面完成年度目标任务",
    "进一步健全长效管护机制",
    "加强资金使用全过程监管",
    "确保项目按期完工并通过验收",
    "提升基层公共服务能力和水平",
    "推动区域经济社会高质量发展",
    "强化绩效目标管理和结果应用",
    "群众满意度稳步提升",
    "规范项目招投标和政府采购程序",
    "及时足额拨付补助资金",
    "加强项目库建设和前期论证",
    "聚焦群众急难愁盼问题",
    "完善制度建设并严格执行财务管理办法",
    "开展专项督查和跟踪问效",
    "巩固拓展脱贫攻坚成果",
    "持续改善城乡人居环境",
    "切实发挥财政资金使用效益",
    "建立健全部门协同联动工作机制",
];
const ACHIEVED_PHRASES: &[&str] = &[
    "一是按计划完成各项建设任务",
    "二是资金拨付及时规范",
    "三是项目管理制度进一步健全",
    "全年共组织专项检查多次",
    "受益群众反映良好",
    "各项产出指标均达到预期",
    "社会效益和可持续影响逐步显现",
    "部分指标因客观原因略有偏差",
    "已制定整改措施并落实到位",
    "项目档案资料完整规范",
    "未发生安全责任事故",
    "绩效自评结果已按规定公开",
];
const DEVIATION_NOTES: &[&str] = &[
    "受材料价格上涨影响，部分工程量调整至下年度实施，已纳入下年度计划",
    "因天气原因工期延后，已督促施工单位加快进度",
    "部分受益对象信息核实时间较长，已建立动态核查机制",
    "采购流程较长导致进度滞后，下年度提前启动采购",
    "超额完成系临时增加任务所致，相关经费已统筹安排",
];

/// Integer units for counted targets, with the range of a typical target.
const COUNT_UNITS: &[(&str, u64, u64)] = &[
    ("次", 2, 30),
    ("场", 10, 200),
    ("人", 500, 30000),
    ("个", 3, 60),
    ("公里", 5, 200),
    ("所", 2, 40),
    ("户", 100, 5000),
    ("座", 1, 12),
];
const COUNT_SUBJECTS: &[&str] = &[
    "开展培训",
    "新建改造设施",
    "受益人口",
    "覆盖行政村",
    "完成巡查",
    "开展宣传活动",
    "资助困难学生",
    "改造供水管网",
    "举办文化活动",
    "新增就业岗位",
    "开展督导检查",
    "建设示范点",
];
const RATE_SUBJECTS: &[&str] = &[
    "工程验收合格率",
    "资金拨付到位率",
    "政策知晓率",
    "设备完好率",
    "任务按期完成率",
    "项目档案完整率",
    "质量抽检合格率",
    "信息公开率",
    "问题整改完成率",
    "补助发放准确率",
];
const COST_SUBJECTS: &[&str] = &[
    "单位工程造价",
    "人均补助成本",
    "单场活动平均成本",
    "每公里养护成本",
    "设备采购单价",
];
const QUALITATIVE_SUBJECTS: &[&str] = &[
    "促进区域经济社会发展",
    "群众生活条件改善",
    "生态环境持续改善",
    "长效管护机制建立",
    "公共服务水平提升",
    "社会稳定和谐",
    "部门协同机制运行",
    "制度建设完善程度",
];
const SATISFACTION_SUBJECTS: &[&str] = &["受益群众满意度", "服务对象满意度", "社会公众满意度"];

/// Where indicators go: the standard level-1 categories and their level-2 categories.
const TREE: &[(&str, &[&str])] = jixiao::TAXONOMY;

/// One generated indicator line and its computed score in hundredths.
struct Indicator {
    text: String,
    score: u64,
}

/// Generates form `index` of the corpus for `seed`. The result compiles with no error.
pub(crate) fn generate_form(seed: u64, index: usize) -> String {
    let mut random = Random::for_form(seed, index);
    let is_department = random.chance(2, 5);
    let profile = *random.pick(jixiao::Profile::BUILTIN);
    let mismatched = random.chance(1, 8);
    let place = *random.pick(PLACES);
    let year = random.range(2019, 2025);
    let mut out = String::with_capacity(16 * 1024);

    let name = if is_department {
        format!("{place}区{}", random.pick(DEPARTMENTS))
    } else {
        format!("{place}区{}（{index}）", random.pick(PROJECTS))
    };
    let _ = writeln!(
        out,
        "// {}绩效目标自评表（{year}年度）— 由 gen-corpus 生成（seed {seed}，第 {index} 份）",
        if is_department {
            "部门整体支出"
        } else {
            "项目支出"
        }
    );
    let kind = if is_department {
        "部门整体"
    } else {
        "项目"
    };
    let _ = writeln!(out, "{kind} \"{name}\" {year} {{");
    let supervisor = format!("{place}区{}", random.pick(DEPARTMENTS));
    let _ = writeln!(out, "    主管部门 \"{supervisor}\"");
    if !is_department {
        let _ = writeln!(out, "    实施单位 \"{supervisor}\"");
    }
    let _ = writeln!(
        out,
        "    联系人 \"{}{}\"",
        random.pick(SURNAMES),
        random.pick(GIVEN)
    );
    let _ = writeln!(
        out,
        "    联系电话 \"023-{:08}\"",
        random.range(10_000_000, 99_999_999)
    );
    // One form in six names no profile and is scored under the default, as many filed forms are.
    let profile = if random.chance(1, 6) {
        "central-2020"
    } else {
        let _ = writeln!(out, "    评分规则 {profile}");
        profile
    };
    generate_form_with(&mut random, out, profile, mismatched, is_department)
}

/// The rest of a form after its header fields.
fn generate_form_with(
    random: &mut Random,
    mut out: String,
    profile: &str,
    mismatched: bool,
    is_department: bool,
) -> String {
    let budget_weight: u64 = if profile == "execution-20" { 20 } else { 10 };
    let mismatch_kind = random.range(0, 2);

    // The budget: amounts in hundredths of 万元.
    let initial = random.range(5_000, 500_000);
    let adjusted = initial * random.range(80, 120) / 100;
    let executed = adjusted * random.range(82, 100) / 100;
    let rate = divide_rounded(executed * 10_000, adjusted); // hundredths of a percent
    let execution_score = divide_rounded(budget_weight * 100 * executed, adjusted);
    let mut budget = String::new();
    let _ = writeln!(budget, "    资金 万元 {{");
    if is_department {
        let _ = writeln!(budget, "        年初预算数 {}", hundredths(initial));
        let _ = writeln!(budget, "        全年预算数 {}", hundredths(adjusted));
        let _ = writeln!(budget, "        全年执行数 {}", hundredths(executed));
    } else {
        // Two or three fund sources and their total row, which must add up exactly.
        let fiscal = (
            initial * random.range(60, 95) / 100,
            adjusted * random.range(60, 95) / 100,
        );
        let fiscal_executed = executed.min(fiscal.1) * random.range(85, 100) / 100;
        let other = (
            initial - fiscal.0,
            adjusted - fiscal.1,
            executed - fiscal_executed,
        );
        let _ = writeln!(
            budget,
            "        合计      {}  {}  {}",
            hundredths(initial),
            hundredths(adjusted),
            hundredths(executed)
        );
        let _ = writeln!(
            budget,
            "        财政拨款  {}  {}  {}",
            hundredths(fiscal.0),
            hundredths(fiscal.1),
            hundredths(fiscal_executed)
        );
        let _ = writeln!(
            budget,
            "        其他资金  {}  {}  {}",
            hundredths(other.0),
            hundredths(other.1),
            hundredths(other.2)
        );
    }
    let _ = writeln!(budget, "        分值 {budget_weight}");
    if mismatched && mismatch_kind == 0 {
        // The classic mistake: the rate on 年初预算数 (W0302).
        let wrong = divide_rounded(executed * 10_000, initial);
        let _ = writeln!(budget, "        执行率 {}%", hundredths(wrong));
    } else {
        let _ = writeln!(budget, "        执行率 {}%", hundredths(rate));
    }
    let _ = writeln!(budget, "        得分 {}", hundredths(execution_score));
    if rate < 9_000 {
        let _ = writeln!(budget, "        原因 \"{}\"", random.pick(DEVIATION_NOTES));
    }
    let _ = writeln!(budget, "    }}");

    // The indicators: weights are whole points adding up to 100 minus the execution weight.
    let count = random.range(20, 40) as usize;
    let indicator_total = 100 - budget_weight;
    let shares: [u64; 3] = match profile {
        "sichuan-2023" => [55, 25, 10],
        "execution-20" => [40, 30, 10],
        _ => [50, 30, 10],
    };
    debug_assert_eq!(shares.iter().sum::<u64>(), indicator_total);
    // Indicators per level-1 category: at least 2 each, satisfaction at most 4.
    let satisfaction = random.range(1, 3) as usize;
    let outcome = (count - satisfaction) * 2 / 5;
    let output = count - satisfaction - outcome;
    let counts = [output, outcome, satisfaction];

    let mut names = std::collections::HashSet::new();
    let mut indicator_score_sum = 0u64;
    let mut tree = String::new();
    let wrong_indicator = if mismatched && mismatch_kind == 2 {
        Some(random.range(0, count as u64 - 1) as usize)
    } else {
        None
    };
    let mut position = 0usize;
    for (level1_index, (level1, level2s)) in TREE.iter().enumerate() {
        let weights = split(shares[level1_index], counts[level1_index]);
        let _ = writeln!(tree, "    {level1} {}分 {{", shares[level1_index]);
        // Spread the category's indicators over its level-2 categories, in order.
        let groups = level2s.len().min(counts[level1_index]);
        let mut start = 0;
        for (group, level2) in level2s.iter().take(groups).enumerate() {
            let end = counts[level1_index] * (group + 1) / groups;
            if end == start {
                continue;
            }
            let _ = writeln!(tree, "        {level2} {{");
            for weight in &weights[start..end] {
                let indicator = generate_indicator(
                    random,
                    level1_index,
                    level2,
                    *weight,
                    is_department,
                    &mut names,
                    wrong_indicator == Some(position),
                );
                indicator_score_sum += indicator.score;
                tree.push_str(&indicator.text);
                position += 1;
            }
            let _ = writeln!(tree, "        }}");
            start = end;
        }
        let _ = writeln!(tree, "    }}");
    }

    let total = execution_score + indicator_score_sum;
    let declared_total = if mismatched && mismatch_kind == 1 {
        total + random.range(50, 300)
    } else {
        total
    };
    let grade = match total {
        t if t >= 9_000 => "优",
        t if t >= 8_000 => "良",
        t if t >= 6_000 => "中",
        _ => "差",
    };
    let _ = writeln!(out, "    自评总得分 {}", hundredths(declared_total));
    let _ = writeln!(out, "    评价等级 {grade}");
    out.push('\n');
    out.push_str(&budget);
    out.push('\n');
    let _ = writeln!(out, "    年度总体目标 {{");
    let _ = writeln!(out, "        预期目标 \"\"\"");
    goal_text(random, GOAL_PHRASES, &mut out);
    let _ = writeln!(out, "        \"\"\"");
    let _ = writeln!(out, "        实际完成 \"\"\"");
    goal_text(random, ACHIEVED_PHRASES, &mut out);
    let _ = writeln!(out, "        \"\"\"");
    let _ = writeln!(out, "    }}\n");
    out.push_str(&tree);
    let _ = writeln!(
        out,
        "\n    绩效指标总分 分值 {indicator_total} 得分 {}",
        hundredths(indicator_score_sum)
    );
    out.push_str("}\n");
    out
}

/// Splits `total` points into `parts` whole weights differing by at most one.
fn split(total: u64, parts: usize) -> Vec<u64> {
    let base = total / parts as u64;
    let remainder = (total % parts as u64) as usize;
    (0..parts)
        .map(|index| base + u64::from(index < remainder))
        .collect()
}

/// A goal text of 300–1,500 characters, wrapped at about 60 characters a line.
fn goal_text(random: &mut Random, phrases: &[&str], out: &mut String) {
    let length = random.range(300, 1_500) as usize;
    let mut written = 0;
    let mut line = 0;
    out.push_str("            ");
    while written < length {
        let phrase = random.pick(phrases);
        out.push_str(phrase);
        let punctuation = if random.chance(1, 3) { "。" } else { "，" };
        out.push_str(punctuation);
        let added = phrase.chars().count() + 1;
        written += added;
        line += added;
        if line > 60 && written < length {
            out.push_str("\n            ");
            line = 0;
        }
    }
    out.push('\n');
}

/// One indicator line (or block) of weight `weight` in a level-2 category.
fn generate_indicator(
    random: &mut Random,
    level1_index: usize,
    level2: &str,
    weight: u64,
    declares: bool,
    names: &mut std::collections::HashSet<String>,
    wrong_score: bool,
) -> Indicator {
    // The attributes and the coefficient as a fraction numerator / denominator.
    let (subject, attributes, numerator, denominator, needs_note): (&str, String, u64, u64, bool) =
        match (level1_index, level2) {
            (2, _) => {
                // Satisfaction: ≥90% or 95% target, tenths of a percent.
                let target = *random.pick(&[900u64, 950]);
                let actual = if random.chance(1, 8) {
                    target - random.range(5, 40)
                } else {
                    random.range(target, 1_000)
                };
                (
                    *random.pick(SATISFACTION_SUBJECTS),
                    format!("目标 ≥{}%  实际 {}%", tenths(target), tenths(actual)),
                    actual.min(target),
                    target,
                    actual < target,
                )
            }
            (0, "成本指标") => {
                // A cost: lower is better; hundredths of 万元.
                let target = random.range(50, 2_000);
                let actual = if random.chance(1, 6) {
                    target + target * random.range(1, 15) / 100
                } else {
                    target * random.range(80, 100) / 100
                };
                (
                    *random.pick(COST_SUBJECTS),
                    format!(
                        "单位 万元  目标 ≤{}万元  实际 {}万元",
                        hundredths(target),
                        hundredths(actual)
                    ),
                    target.min(actual),
                    actual.max(1),
                    actual > target,
                )
            }
            (0, "质量指标" | "时效指标") => {
                if random.chance(1, 4) {
                    // An interval target.
                    let actual = random.range(90, 100);
                    (
                        *random.pick(RATE_SUBJECTS),
                        format!("目标 90%~100%  实际 {actual}%"),
                        1,
                        1,
                        false,
                    )
                } else {
                    let target = *random.pick(&[900u64, 950, 980, 1_000]);
                    let actual = if random.chance(1, 8) {
                        target - random.range(10, 80)
                    } else {
                        random.range(target, 1_000)
                    };
                    (
                        *random.pick(RATE_SUBJECTS),
                        format!("目标 ≥{}%  实际 {}%", tenths(target), tenths(actual)),
                        actual.min(target),
                        target,
                        actual < target,
                    )
                }
            }
            (0, _) => {
                // A count: whole units, positive.
                let (unit, low, high) = *random.pick(COUNT_UNITS);
                let target = random.range(low, high);
                let actual = if random.chance(1, 8) && target > 1 {
                    target - random.range(1, (target / 3).max(1))
                } else {
                    // Below 130% of the target, where over-completion needs no note.
                    target + random.range(0, target * 29 / 100)
                };
                (
                    *random.pick(COUNT_SUBJECTS),
                    format!("单位 {unit}  目标 ≥{target}{unit}  实际 {actual}{unit}"),
                    actual.min(target),
                    target,
                    actual < target,
                )
            }
            _ => {
                // Outcomes: qualitative, achieved or partly achieved with a declared coefficient.
                if random.chance(1, 10) {
                    let coefficient = *random.pick(&[65u64, 70, 75]);
                    (
                        *random.pick(QUALITATIVE_SUBJECTS),
                        format!("定性  目标 明显提高  实际 有所提高  等级 部分达成  系数 {coefficient}%"),
                        coefficient,
                        100,
                        true,
                    )
                } else {
                    let word = *random.pick(&["优", "明显提高", "按时完成", "有效改善"]);
                    (
                        *random.pick(QUALITATIVE_SUBJECTS),
                        format!("定性  目标 {word}  实际 {word}"),
                        1,
                        1,
                        false,
                    )
                }
            }
        };
    let score = divide_rounded(weight * 100 * numerator, denominator);
    let mut name = subject.to_string();
    let mut suffix = 2;
    while !names.insert(name.clone()) {
        name = format!("{subject}（{suffix}）");
        suffix += 1;
    }
    let mut text = format!("            \"{name}\"  {attributes}  分值 {weight}");
    // Department forms print the 得分系数 and 得分 columns; project forms often only the score.
    let has_coefficient = attributes.contains("系数");
    if declares && !has_coefficient {
        let percent = divide_rounded(numerator * 10_000, denominator);
        let _ = write!(text, "  系数 {}%", hundredths(percent));
    }
    // A qualitative score outside its level's band would be an error (E0108), not a mismatch.
    // A score above the weight would be a warning too (W0408): then one point below instead.
    let declared_score = if wrong_score && !attributes.contains("定性") {
        if score + 100 <= weight * 100 {
            score + 100
        } else if score >= 100 {
            score - 100
        } else {
            score
        }
    } else {
        score
    };
    let _ = write!(text, "  得分 {}", hundredths(declared_score));
    if needs_note {
        let _ = write!(text, "  偏差 \"{}\"", random.pick(DEVIATION_NOTES));
    }
    text.push('\n');
    Indicator { text, score }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao::{compile, Options};

    #[test]
    fn generated_forms_compile_without_errors() {
        let mut warned = 0;
        for index in 0..100 {
            let source = generate_form(7, index);
            let compilation = compile(&source, Some("generated.jx"), &Options::default());
            let errors: Vec<_> = compilation
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .map(|diagnostic| format!("{} {}", diagnostic.code.as_str(), diagnostic.message))
                .collect();
            assert!(errors.is_empty(), "form {index}: {errors:?}\n{source}");
            assert_eq!(compilation.forms.len(), 1);
            if !compilation.diagnostics.is_empty() {
                warned += 1;
            }
        }
        // Some forms carry deliberate mismatches, most do not.
        assert!((1..50).contains(&warned), "{warned} forms with warnings");
    }

    #[test]
    fn generation_is_deterministic_and_realistic() {
        assert_eq!(generate_form(3, 17), generate_form(3, 17));
        assert_ne!(generate_form(3, 17), generate_form(4, 17));
        let source = generate_form(3, 17);
        let indicators = source
            .lines()
            .filter(|line| line.contains("分值") && line.contains('"'))
            .count();
        assert!((20..=40).contains(&indicators), "{indicators} indicators");
    }

    #[test]
    fn rounding_helpers() {
        assert_eq!(hundredths(950), "9.5");
        assert_eq!(hundredths(1000), "10");
        assert_eq!(hundredths(921), "9.21");
        assert_eq!(hundredths(5), "0.05");
        assert_eq!(tenths(965), "96.5");
        assert_eq!(divide_rounded(5, 2), 3);
        assert_eq!(split(90, 4), vec![23, 23, 22, 22]);
    }
}
