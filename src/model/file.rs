//! The scene and deck files exactly as authors write them (RON, see `scenes/FORMAT.md`).
//!
//! These types are the editable document: they are what the app reads, edits and writes back
//! in canonical form. Nothing here is checked beyond RON syntax and field names; `validate`
//! turns them into the types in `deck` that cannot be wrong.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// `deck.ron`: the story's title, its eras and the ordered list of scene files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeckFile {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subtitle: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Theme the deck opens in unless the viewer chose another one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeName>,
    /// Planned length of the whole talk, for the presenter's countdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_duration_mins: Option<f32>,
    /// How long autoplay stays on a step whose scene gives no duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_step_secs: Option<f32>,
    /// Named periods shaded on the timeline; every scene belongs to one.
    pub eras: Vec<EraFile>,
    /// Scene files, relative to the deck folder, in story order.
    pub scenes: Vec<String>,
}

/// A colour theme by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeName {
    #[default]
    Light,
    Dark,
    HighContrast,
}

/// A named period of the story: `(id: "trade-war", label: "Trade war", from: "2018-03-22", to: "2020-01-15")`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EraFile {
    pub id: String,
    pub label: String,
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// One scene file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneFile {
    /// Stable and unique in the deck; used in links such as `truce#2`.
    pub id: String,
    /// `YYYY-MM-DD`: when the scene happens, and where it sits on the timeline. Empty (left
    /// out) for an analysis scene, which the timeline shows apart from the dated events.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Optional end of a date range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// For an analysis scene (no `date`): the period its data covers, `("2004", "2024")`, each
    /// end `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<(String, String)>,
    pub title: String,
    /// An era id from `deck.ron`.
    pub era: String,
    /// Marks a scene about events after the article (shown with an "after the article" badge).
    #[serde(default, skip_serializing_if = "is_false")]
    pub epilogue: bool,
    pub excerpts: Vec<ExcerptFile>,
    /// Speaker notes, shown only in the presenter window.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Where the data does not support a claim: shown on the scene.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<FactCheckFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plot: Option<PlotFile>,
    /// What the audience sees step by step; step 0 is the opening state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepFile>,
    /// Autoplay time per step of this scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f32>,
}

/// A verbatim passage from the article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcerptFile {
    /// Verbatim text, a sentence or two.
    pub quote: String,
    /// Where the quote was cut out of a longer sentence: shown as an ellipsis outside the
    /// quotation marks.
    #[serde(default, skip_serializing_if = "Cut::is_whole")]
    pub cut: Cut,
    /// The quote is the article's headline or standfirst, which has no full stop.
    #[serde(default, skip_serializing_if = "is_false")]
    pub heading: bool,
    pub attribution: AttributionFile,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<HighlightFile>,
}

/// Which ends of a quote were cut from the article's sentence: `cut: (start: true, end: true)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    /// The quote begins inside a sentence.
    #[serde(default, skip_serializing_if = "is_false")]
    pub start: bool,
    /// The quote stops before its sentence ends.
    #[serde(default, skip_serializing_if = "is_false")]
    pub end: bool,
}

impl Cut {
    /// Neither end cut: the quote is whole sentences.
    pub fn is_whole(&self) -> bool {
        !self.start && !self.end
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionFile {
    pub outlet: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub headline: String,
    /// Whose words or view the article reports, when they are not the journalist's own
    /// (`"Xi Jinping"`, `"Western chambers of commerce"`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub speaker: String,
}

/// A phrase of the quote to highlight, with a margin note and an optional plot link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightFile {
    /// Unique within the scene (highlights and annotations share one namespace).
    pub id: String,
    /// Must occur verbatim in the quote.
    pub phrase: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Id of the plot annotation this phrase lights up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactCheckFile {
    /// The article's claim, in the article's words where quoted.
    pub claim: String,
    pub verdict: Verdict,
    /// What the data says, with the numbers.
    pub finding: String,
}

/// How a claim fares against the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Holds,
    Partly,
    NotReproduced,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlotFile {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub y_label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub y_unit: String,
    /// Shown beside the plot title when this plot measures something different from the
    /// previous scene's: "Headline rates, not the averages of the previous scenes".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure_note: String,
    #[serde(default, skip_serializing_if = "YScale::is_linear")]
    pub y_scale: YScale,
    /// `("2015-01-01", "2025-12-31")`: the opening view; default fits the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_range: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<SeriesFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<AnnotationFile>,
    /// The text a screen reader reads for the plot at every step, instead of the one generated
    /// from the data; `{data}` in it stands for the generated text. A step's own wins.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum YScale {
    #[default]
    Linear,
    Log,
}

impl YScale {
    fn is_linear(&self) -> bool {
        *self == YScale::Linear
    }
}

/// One plotted series: which CSV rows and columns, how to draw it, and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    pub id: String,
    pub label: String,
    /// CSV file relative to the deck folder, e.g. `data/tariffs.csv`.
    pub file: String,
    /// Column holding dates (`YYYY-MM-DD`, `Jan 1 2000`, `2019-Q1`, ...: see FORMAT.md) or
    /// years (`YYYY`). Empty for a `wide` series.
    #[serde(default)]
    pub x: String,
    /// Column holding numbers; missing-value markers are gaps. Empty for a `wide` series.
    #[serde(default)]
    pub y: String,
    /// Keep only rows whose column equals the value, for every pair.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filter: BTreeMap<String, String>,
    /// Drop rows whose column equals the value, for any pair.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exclude: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// `#RRGGBB`; default: the next colour of the colour-blind-safe palette.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    pub kind: SeriesKind,
    pub source: Option<SourceFile>,
    /// What the series is not (shown under the plot), e.g. "trade-weighted average, not the headline rate".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caveat: String,
    /// strftime-style shape of the x column's dates, e.g. `"%d/%m/%Y"`, when it cannot be
    /// detected (`03/04/2019`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_format: Option<String>,
    /// A wide table (one row per country, one column per year): x from the header's date
    /// columns, y from the one row `filter` selects; `x` and `y` stay empty.
    #[serde(default, skip_serializing_if = "is_false")]
    pub wide: bool,
    /// The field separator, `","`, `";"`, `"\t"` or `"|"`; detected when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The decimal mark, `"."` or `","`; detected per column when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal: Option<String>,
    /// Lines before the header (metadata); detected when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_rows: Option<usize>,
    /// Cells that mark a missing value (a gap); default: empty, `.`, `..`, `NA`, `N/A`,
    /// `n/a`, `-`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<String>>,
}

/// How a series is drawn. Sparse data should be `Step` or `Points`, never a smooth `Line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesKind {
    Line,
    Step,
    Bar,
    Points,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    pub title: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// Marks on the plot. Each has an id, unique within the scene.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum AnnotationFile {
    /// A labelled vertical line on a date.
    Event {
        id: String,
        date: String,
        label: String,
    },
    /// A shaded date range.
    Span {
        id: String,
        from: String,
        to: String,
        label: String,
    },
    /// A label on one point of a series; the value defaults to the series' value on that date.
    Callout {
        id: String,
        series: String,
        date: String,
        label: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<f64>,
    },
}

impl AnnotationFile {
    pub fn id(&self) -> &str {
        match self {
            AnnotationFile::Event { id, .. }
            | AnnotationFile::Span { id, .. }
            | AnnotationFile::Callout { id, .. } => id,
        }
    }
}

/// One click's worth of change inside a scene. Unset fields keep the previous step's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    /// Highlight and annotation ids revealed from this step on. Ids that no step reveals are
    /// visible from the start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub show: Vec<String>,
    /// Ids hidden again from this step on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hide: Vec<String>,
    /// The series visible from this step on (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<String>>,
    /// The x range this step moves to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_range: Option<(String, String)>,
    /// A vertical time cursor on this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Speaker notes for this step.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Autoplay time for this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f32>,
    /// The screen-reader text for the plot at this step only (as the plot's `description`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}
