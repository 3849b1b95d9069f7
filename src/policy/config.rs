//! Workspace configuration: `jixiao.toml` at the root of a directory of forms.
//!
//! ```toml
//! profile = "central-2020"          # default profile for forms that name none
//!
//! [settings]                        # single settings overridden on top of every profile
//! tolerance = "0.5"                 # points: a declared score agrees within this
//! decimals = 2                      # each computed score is rounded to this many places
//! reverse_rule = "linear"           # "ratio" (default) or "linear"
//! rate_base = "adjusted"            # "adjusted" (default, 全年预算数) or "initial" (年初预算数)
//! execution_weight = "10"           # points, when a form states none
//! over_completion_threshold = "130" # percent of the target
//! missed_deadline_share = "0"       # percent of the weight a missed deadline earns
//! execution_reason_threshold = "90" # percent; a reason is required below it
//! require_weights = true
//! grades = { "优" = "90", "良" = "80", "中" = "60", "差" = "0" }   # TOML keys in CJK are quoted
//! level_words = { "较好" = "achieved", "合格" = "achieved" }
//!
//! [settings.layout]                 # the printed layout the pages follow (no number changes)
//! template = "chongqing"            # "central-2020" (default), "chongqing" or "sichuan"
//! weight = "权重分值"               # any single column header (see policy::layout)
//! ```
//!
//! Decimal settings are strings so that they stay exact. Every setting is documented in
//! docs/LANGUAGE.md ("Profiles and jixiao.toml").

use super::{GradeBand, LayoutSettings, Level, Profile, RateBase, ReverseRule};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The contents of a `jixiao.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceConfig {
    /// Default profile for forms that name none.
    pub profile: Option<String>,
    /// Overrides applied on top of every profile.
    #[serde(default)]
    pub settings: Settings,
}

/// Single settings that override a profile's. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Largest difference, points, at which a declared score agrees.
    pub tolerance: Option<String>,
    /// Decimals of each computed score.
    pub decimals: Option<u32>,
    /// `ratio` or `linear`.
    pub reverse_rule: Option<ReverseRule>,
    /// `adjusted` or `initial`.
    pub rate_base: Option<RateBase>,
    /// Points of the execution rate when a form states none.
    pub execution_weight: Option<String>,
    /// Percent of the target from which over-completion needs a note.
    pub over_completion_threshold: Option<String>,
    /// Percent of the weight a missed deadline earns (when the unit declares no lower score).
    pub missed_deadline_share: Option<String>,
    /// Percent of execution below which a reason is required.
    pub execution_reason_threshold: Option<String>,
    /// Whether indicators must carry weights.
    pub require_weights: Option<bool>,
    /// Grade → lowest total (points).
    pub grades: Option<BTreeMap<String, String>>,
    /// Word → level (`achieved`, `partly_achieved`, `not_achieved`), added to the profile's.
    pub level_words: Option<BTreeMap<String, Level>>,
    /// `[settings.layout]`: the printed layout the pages follow (a built-in one, single labels).
    pub layout: Option<LayoutSettings>,
}

impl Settings {
    /// The settings that are set, as `key = value` lines in field order (the record of what a
    /// workspace changed, written into the JSON beside the profile's name).
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let mut push = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                lines.push(format!("{key} = {value}"));
            }
        };
        push("tolerance", self.tolerance.clone());
        push(
            "decimals",
            self.decimals.map(|decimals| decimals.to_string()),
        );
        push(
            "reverse_rule",
            self.reverse_rule.map(|rule| {
                match rule {
                    ReverseRule::Ratio => "ratio",
                    ReverseRule::Linear => "linear",
                }
                .to_string()
            }),
        );
        push(
            "rate_base",
            self.rate_base.map(|base| {
                match base {
                    RateBase::Adjusted => "adjusted",
                    RateBase::Initial => "initial",
                }
                .to_string()
            }),
        );
        push("execution_weight", self.execution_weight.clone());
        push(
            "over_completion_threshold",
            self.over_completion_threshold.clone(),
        );
        push(
            "execution_reason_threshold",
            self.execution_reason_threshold.clone(),
        );
        push(
            "require_weights",
            self.require_weights.map(|required| required.to_string()),
        );
        push(
            "grades",
            self.grades.as_ref().map(|grades| {
                let bands: Vec<String> = grades
                    .iter()
                    .map(|(grade, minimum)| format!("{grade} ≥ {minimum}"))
                    .collect();
                bands.join(", ")
            }),
        );
        push(
            "level_words",
            self.level_words.as_ref().map(|words| {
                let words: Vec<String> = words
                    .iter()
                    .map(|(word, level)| format!("{word} → {}", level.official_name()))
                    .collect();
                words.join(", ")
            }),
        );
        push(
            "layout",
            self.layout.as_ref().and_then(LayoutSettings::summary),
        );
        lines
    }
}

impl<'de> Deserialize<'de> for ReverseRule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "ratio" => Ok(ReverseRule::Ratio),
            "linear" => Ok(ReverseRule::Linear),
            other => Err(serde::de::Error::custom(format!(
                "unknown reverse_rule `{other}` (ratio | linear)"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "achieved" | "达成" => Ok(Level::Achieved),
            "partly_achieved" | "部分达成" => Ok(Level::PartlyAchieved),
            "not_achieved" | "未达成" => Ok(Level::NotAchieved),
            other => Err(serde::de::Error::custom(format!(
                "unknown level `{other}` (achieved | partly_achieved | not_achieved)"
            ))),
        }
    }
}

/// A problem with a configuration file: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong (with line and column when TOML reports them).
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}: {}", self.path.display(), self.message)
    }
}

impl WorkspaceConfig {
    /// The name of the workspace configuration file. Finding it is the caller's job (the
    /// command line looks in the directory of the forms and its parents): the library reads no
    /// file system.
    pub const FILE_NAME: &'static str = "jixiao.toml";

    /// Parses the text of a `jixiao.toml`; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<WorkspaceConfig, ConfigError> {
        let config: WorkspaceConfig = toml::from_str(text).map_err(|error| ConfigError {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        if let Some(Err(unknown)) = config.profile.as_deref().map(Profile::resolve) {
            return Err(ConfigError {
                path: path.to_path_buf(),
                message: unknown.to_string(),
            });
        }
        // Validate the settings once, on the default profile, so errors surface at load time.
        Profile::default()
            .with_settings(&config.settings)
            .map_err(|message| ConfigError {
                path: path.to_path_buf(),
                message: at_line(text, message),
            })?;
        Ok(config)
    }
}

/// `message` about the setting it names (`setting `name`: …`) prefixed with the line of the
/// text where that setting is written, as TOML's own errors are.
fn at_line(text: &str, message: String) -> String {
    let name = message
        .strip_prefix("setting `")
        .and_then(|rest| rest.split('`').next());
    let line = name.and_then(|name| {
        text.lines().position(|line| {
            line.trim_start()
                .strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
    });
    match line {
        Some(index) => format!("line {}: {message}", index + 1),
        None => message,
    }
}

/// The largest decimal setting in absolute value: the bound of points and percentages of the
/// language (`jixiao::MAX_POINTS`, `jixiao::MAX_PERCENT`; a test in `syntax::limits` keeps them
/// equal), so that no setting can overflow the scoring arithmetic.
pub(crate) const MAX_SETTING: i64 = 1_000_000;
/// The most decimals of a decimal setting (`jixiao::MAX_DECIMALS`).
pub(crate) const MAX_SETTING_DECIMALS: u32 = 6;

/// A decimal setting: points (weights, tolerance, grade minimums) or percent (thresholds).
fn decimal(name: &str, text: &str) -> Result<Decimal, String> {
    let value = Decimal::from_str(text.trim().trim_end_matches('%'))
        .map_err(|_| format!("setting `{name}`: `{text}` is not a number"))?;
    if value.abs() > Decimal::from(MAX_SETTING) {
        return Err(format!(
            "setting `{name}`: `{text}` is out of range (at most {MAX_SETTING} in absolute value)"
        ));
    }
    if value.normalize().scale() > MAX_SETTING_DECIMALS {
        return Err(format!(
            "setting `{name}`: `{text}` is out of range (at most {MAX_SETTING_DECIMALS} decimals)"
        ));
    }
    Ok(value)
}

impl Profile {
    /// This profile with `settings` applied. Errors name the bad setting.
    pub fn with_settings(mut self, settings: &Settings) -> Result<Profile, String> {
        if let Some(text) = &settings.tolerance {
            self.tolerance = decimal("tolerance", text)?;
        }
        if let Some(decimals) = settings.decimals {
            if decimals > 6 {
                return Err(format!("setting `decimals`: {decimals} is more than 6"));
            }
            self.decimals = decimals;
        }
        if let Some(rule) = settings.reverse_rule {
            self.reverse_rule = rule;
        }
        if let Some(base) = settings.rate_base {
            self.rate_base = base;
        }
        if let Some(text) = &settings.execution_weight {
            self.execution_weight = decimal("execution_weight", text)?;
        }
        if let Some(text) = &settings.over_completion_threshold {
            self.over_completion_threshold = decimal("over_completion_threshold", text)?;
        }
        if let Some(text) = &settings.missed_deadline_share {
            let share = decimal("missed_deadline_share", text)?;
            if share < Decimal::ZERO || share > Decimal::ONE_HUNDRED {
                return Err(format!(
                    "setting `missed_deadline_share`: {share} is not between 0 and 100"
                ));
            }
            self.missed_deadline_share = share;
        }
        if let Some(text) = &settings.execution_reason_threshold {
            self.execution_reason_threshold = Some(decimal("execution_reason_threshold", text)?);
        }
        if let Some(require) = settings.require_weights {
            self.require_weights = require;
        }
        if let Some(grades) = &settings.grades {
            let mut bands = grades
                .iter()
                .map(|(grade, minimum)| {
                    Ok(GradeBand {
                        grade: grade.clone(),
                        minimum: decimal("grades", minimum)?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            bands.sort_by_key(|band| std::cmp::Reverse(band.minimum));
            if bands.is_empty() {
                return Err("setting `grades`: at least one grade is needed".to_string());
            }
            self.grades = bands;
        }
        if let Some(words) = &settings.level_words {
            // Configured words come first, so they win over the profile's.
            let mut merged: Vec<(String, Level)> = words
                .iter()
                .map(|(word, level)| (word.clone(), *level))
                .collect();
            merged.extend(self.level_words);
            self.level_words = merged;
        }
        if let Some(layout) = &settings.layout {
            self.layout = self.layout.with_settings(layout)?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_deadline_share_is_a_percentage() {
        let share = |text: &str| {
            let settings = Settings {
                missed_deadline_share: Some(text.to_string()),
                ..Settings::default()
            };
            Profile::central_2020()
                .with_settings(&settings)
                .map(|profile| profile.missed_deadline_share)
        };
        assert_eq!(share("50"), Ok(Decimal::from(50)));
        assert_eq!(share("0%"), Ok(Decimal::ZERO));
        assert!(share("120").is_err());
        assert!(share("half").is_err());
    }

    #[test]
    fn settings_override_the_profile() {
        let config = WorkspaceConfig::parse(
            "profile = \"execution-20\"\n[settings]\ntolerance = \"0.5\"\nreverse_rule = \"linear\"\ngrades = { A = \"85\", B = \"0\" }\nlevel_words = { \"合格\" = \"achieved\" }\n",
            Path::new("jixiao.toml"),
        )
        .unwrap();
        let profile = Profile::builtin(config.profile.as_deref().unwrap())
            .unwrap()
            .with_settings(&config.settings)
            .unwrap();
        assert_eq!(profile.execution_weight, Decimal::from(20));
        assert_eq!(profile.tolerance, Decimal::new(5, 1));
        assert_eq!(profile.reverse_rule, ReverseRule::Linear);
        assert_eq!(profile.grade(Decimal::from(86)), "A");
        assert_eq!(profile.grade(Decimal::from(84)), "B");
        assert_eq!(profile.level_of("合格"), Some(Level::Achieved));
    }

    #[test]
    fn bad_settings_are_reported_with_their_name() {
        let error = WorkspaceConfig::parse(
            "[settings]\ntolerance = \"half\"\n",
            Path::new("jixiao.toml"),
        )
        .unwrap_err();
        assert!(error.message.contains("tolerance"), "{error}");
        let error = WorkspaceConfig::parse(
            "[settings]\ntolerence = \"0.5\"\n",
            Path::new("jixiao.toml"),
        )
        .unwrap_err();
        assert!(error.message.contains("tolerence"), "{error}");
        let error = WorkspaceConfig::parse(
            "[settings]\nexecution_weight = \"79228162514264337593543950335\"\n",
            Path::new("jixiao.toml"),
        )
        .unwrap_err();
        assert!(error.message.contains("execution_weight"), "{error}");
        assert!(error.message.contains("out of range"), "{error}");
        assert!(error.message.starts_with("line 2: "), "{error}");
        let error = WorkspaceConfig::parse("profile = \"nowhere\"\n", Path::new("jixiao.toml"))
            .unwrap_err();
        assert!(error.message.contains("nowhere"), "{error}");
    }
}
