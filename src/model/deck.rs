//! The validated deck: what `load` builds from the files once every check has passed. Every
//! reference is resolved (era and series by index, highlights by byte range), every date
//! parsed, every colour known. The UI reads these and never re-checks.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use super::date::{Date, Precision};
pub use super::file::{Cut, SeriesKind, ThemeName, Verdict, YScale};

/// A colour, `#RRGGBB` in files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }

    /// Parses `#RRGGBB`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Rgb::new(byte(0)?, byte(2)?, byte(4)?))
    }
}

/// The Okabe–Ito palette, distinguishable with the common colour-vision deficiencies; series
/// without a colour take these in order.
pub const PALETTE: [Rgb; 8] = [
    Rgb::new(0x00, 0x72, 0xB2), // blue
    Rgb::new(0xD5, 0x5E, 0x00), // vermillion
    Rgb::new(0x00, 0x9E, 0x73), // bluish green
    Rgb::new(0xE6, 0x9F, 0x00), // orange
    Rgb::new(0xCC, 0x79, 0xA7), // reddish purple
    Rgb::new(0x56, 0xB4, 0xE9), // sky blue
    Rgb::new(0xF0, 0xE4, 0x42), // yellow
    Rgb::new(0x00, 0x00, 0x00), // black
];

#[derive(Clone, Debug, PartialEq)]
pub struct Deck {
    pub title: String,
    pub subtitle: String,
    pub author: String,
    pub theme: ThemeName,
    pub target_duration_mins: Option<f32>,
    pub default_step_secs: f32,
    pub eras: Vec<Era>,
    pub scenes: Vec<Scene>,
}

/// A source of a deck's data: the series it feeds and their caveats, each once, in deck order
/// (the handout's and the web site's Sources lists).
#[derive(Clone, Debug, PartialEq)]
pub struct SourceUse<'a> {
    pub source: &'a Source,
    pub series: Vec<&'a str>,
    pub caveats: Vec<&'a str>,
}

impl Deck {
    /// Every distinct source of the deck's plots, in the order they first appear.
    pub fn sources(&self) -> Vec<SourceUse<'_>> {
        let mut uses: Vec<SourceUse> = Vec::new();
        let all = self
            .scenes
            .iter()
            .filter_map(|s| s.plot.as_ref())
            .flat_map(|p| p.series.iter());
        for s in all {
            let i = match uses.iter().position(|u| *u.source == s.source) {
                Some(i) => i,
                None => {
                    uses.push(SourceUse {
                        source: &s.source,
                        series: Vec::new(),
                        caveats: Vec::new(),
                    });
                    uses.len() - 1
                }
            };
            let Some(u) = uses.get_mut(i) else { continue };
            if !u.series.contains(&s.label.as_str()) {
                u.series.push(&s.label);
            }
            if !s.caveat.is_empty() && !u.caveats.contains(&s.caveat.as_str()) {
                u.caveats.push(&s.caveat);
            }
        }
        uses
    }

    /// Index of the scene with this id.
    pub fn scene_index(&self, id: &str) -> Option<usize> {
        self.scenes.iter().position(|s| s.id == id)
    }

    /// Number of plotted series over all scenes.
    pub fn series_count(&self) -> usize {
        self.scenes
            .iter()
            .filter_map(|s| s.plot.as_ref())
            .map(|p| p.series.len())
            .sum()
    }

    /// The earliest and latest date of any dated scene (the timeline's extent); analysis
    /// scenes without a date do not count.
    pub fn date_extent(&self) -> Option<(Date, Date)> {
        let first = self.scenes.iter().filter_map(|s| s.date).min()?;
        let last = self
            .scenes
            .iter()
            .filter_map(|s| s.end_date.or(s.date))
            .max()?;
        Some((first, last))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Era {
    pub id: String,
    pub label: String,
    pub from: Date,
    pub to: Date,
    pub color: Option<Rgb>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub id: String,
    /// The scene file's name inside the deck folder.
    pub file: String,
    /// When the scene happens; `None` for an analysis scene, shown apart on the timeline.
    pub date: Option<Date>,
    /// The end of a dated scene's range.
    pub end_date: Option<Date>,
    /// The period an analysis scene's data covers (only when `date` is `None`).
    pub period: Option<Period>,
    pub title: String,
    /// Index into `Deck::eras`.
    pub era: usize,
    pub epilogue: bool,
    pub excerpts: Vec<Excerpt>,
    pub notes: String,
    pub checks: Vec<FactCheck>,
    pub plot: Option<Plot>,
    /// Resolved states, at least one; `steps[0]` is the opening state.
    pub steps: Vec<Step>,
    pub duration_secs: Option<f32>,
}

impl Scene {
    /// `19 May 2025`, `6 Jul 2018 – 15 Jan 2020`, `Analysis of 2004–2024` or `Analysis`.
    pub fn date_text(&self) -> String {
        match (self.date, self.end_date, self.period) {
            (Some(date), Some(end), _) => format!("{} – {}", date.long(), end.long()),
            (Some(date), None, _) => date.long(),
            (None, _, Some(period)) => format!("Analysis of {}", period.text()),
            (None, _, None) => "Analysis".to_owned(),
        }
    }
}

/// The span of time an analysis scene looks at, each end as precise as it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub from_precision: Precision,
    pub to: Date,
    pub to_precision: Precision,
}

impl Period {
    /// `2004–2024`, `May 2018–Jan 2020`.
    pub fn text(&self) -> String {
        format!(
            "{}\u{2013}{}",
            self.from.with_precision(self.from_precision),
            self.to.with_precision(self.to_precision)
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Excerpt {
    pub quote: String,
    /// Which ends were cut from the article's sentence.
    pub cut: Cut,
    pub attribution: Attribution,
    pub highlights: Vec<Highlight>,
}

impl Excerpt {
    /// The highlights `step` shows, in the order they appear in the quote.
    pub fn shown_highlights(&self, step: &Step) -> Vec<&Highlight> {
        let mut shown: Vec<&Highlight> = self
            .highlights
            .iter()
            .filter(|h| step.shows(&h.id))
            .collect();
        shown.sort_by_key(|h| h.range.start);
        shown
    }

    /// What goes before and after the quoted words: the quotation marks, with an ellipsis
    /// outside them where the sentence was cut (`…“` and `”…`).
    pub fn marks(&self) -> (&'static str, &'static str) {
        let open = if self.cut.start {
            "\u{2026}\u{201c}"
        } else {
            "\u{201c}"
        };
        let close = if self.cut.end {
            "\u{201d}\u{2026}"
        } else {
            "\u{201d}"
        };
        (open, close)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribution {
    pub outlet: String,
    pub author: String,
    pub date: Date,
    pub precision: Precision,
    pub headline: String,
    pub speaker: String,
    /// The quote holds the speaker's own words in quotation marks (set at load).
    pub speaker_quoted: bool,
}

impl Attribution {
    /// Whose words these are: `Joe Leahy, Financial Times, May 2025`; with a speaker,
    /// `Xi Jinping, quoted by Joe Leahy, …` when the quote holds the speaker's own words in
    /// quotation marks, and `Western chambers of commerce, as reported by Joe Leahy, …` when
    /// the article gives a view in its own words.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        let when = self.date.with_precision(self.precision);
        if self.speaker.is_empty() {
            if !self.author.is_empty() {
                parts.push(self.author.clone());
            }
            parts.push(self.outlet.clone());
        } else {
            let verb = if self.speaker_quoted {
                "quoted by"
            } else {
                "as reported by"
            };
            parts.push(self.speaker.clone());
            if self.author.is_empty() {
                parts.push(format!("{verb} {}", self.outlet));
            } else {
                parts.push(format!("{verb} {}", self.author));
                parts.push(self.outlet.clone());
            }
        }
        parts.push(when);
        parts.join(", ")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    pub id: String,
    /// Byte range of the phrase in the quote (on character boundaries).
    pub range: Range<usize>,
    pub note: String,
    /// Index into the scene's `Plot::annotations`.
    pub annotation: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactCheck {
    pub claim: String,
    pub verdict: Verdict,
    pub finding: String,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Partly => "partly holds",
            Verdict::NotReproduced => "not reproduced by the data",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    pub title: String,
    pub y_label: String,
    pub y_unit: String,
    /// Says on screen that this plot measures something different from the previous scene's.
    pub measure_note: String,
    pub y_scale: YScale,
    pub x_range: Option<(Date, Date)>,
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<Series>,
    pub annotations: Vec<Annotation>,
    /// The author's screen-reader text for every step (empty: generated; see `describe`).
    pub description: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub color: Rgb,
    pub kind: SeriesKind,
    pub source: Source,
    /// The data file inside the deck, e.g. `data/tariffs.csv`.
    pub file: String,
    pub caveat: String,
    /// Whether x values were days, months or years.
    pub precision: Precision,
    /// `[x_days, value]`, x strictly increasing. Shared between scenes that plot the same rows.
    pub points: Arc<Vec<[f64; 2]>>,
    /// The smallest and largest value, computed once at load (the UI never scans the points).
    pub y_min: f64,
    pub y_max: f64,
}

impl Series {
    /// The value at `date`: the point on that date, or for steps the last one before it.
    pub fn value_at(&self, date: Date) -> Option<f64> {
        let x = date.x_days();
        let i = self.points.partition_point(|p| p[0] <= x);
        let before = i.checked_sub(1).and_then(|j| self.points.get(j))?;
        if before[0] == x || self.kind == SeriesKind::Step {
            Some(before[1])
        } else {
            None
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub url: String,
}

impl Source {
    /// `Publisher, "Title"`; a part left empty (a source still to fill in, which `check` flags)
    /// says so.
    pub fn text(&self) -> String {
        let publisher = match self.publisher.trim() {
            "" => "(publisher to fill in)",
            p => p,
        };
        match self.title.trim() {
            "" => format!("{publisher}, (title to fill in)"),
            t => format!("{publisher}, \u{201c}{t}\u{201d}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub id: String,
    pub label: String,
    pub kind: AnnotationKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationKind {
    Event {
        date: Date,
    },
    Span {
        from: Date,
        to: Date,
    },
    /// A label on a point of series `series` (index into `Plot::series`).
    Callout {
        series: usize,
        date: Date,
        value: f64,
    },
}

/// What the audience sees at one step of a scene.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Step {
    /// Highlight and annotation ids on show.
    pub visible: BTreeSet<String>,
    /// One flag per plot series.
    pub series: Vec<bool>,
    pub x_range: Option<(Date, Date)>,
    pub cursor: Option<Date>,
    pub notes: String,
    pub duration_secs: Option<f32>,
    /// The author's screen-reader text for this step only (empty: the plot's, or generated).
    pub description: String,
}

impl Step {
    pub fn shows(&self, id: &str) -> bool {
        self.visible.contains(id)
    }
}

/// The distinct caveats of the series on show, in order, each with the positions (in `series`)
/// of the series it is about.
pub fn caveat_groups<'a>(series: &[&'a Series]) -> Vec<(&'a str, Vec<usize>)> {
    let mut caveats: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        if s.caveat.is_empty() {
            continue;
        }
        match caveats.iter_mut().find(|(c, _)| *c == s.caveat) {
            Some((_, members)) => members.push(i),
            None => caveats.push((&s.caveat, vec![i])),
        }
    }
    caveats
}

/// The caveats of the series on show, one line each, the same text once. When the series on
/// show do not all share a caveat, its line names the ones it is about ("Caveat (China): …"),
/// so a reader does not take one series' caveat for another's.
pub fn caveat_lines<'a>(series: impl IntoIterator<Item = &'a Series>) -> Vec<String> {
    let series: Vec<&Series> = series.into_iter().collect();
    caveat_groups(&series)
        .into_iter()
        .map(|(caveat, members)| {
            if members.len() == series.len() {
                format!("Caveat: {caveat}")
            } else {
                let labels: Vec<&str> = members
                    .iter()
                    .filter_map(|&i| series.get(i).map(|s| s.label.as_str()))
                    .collect();
                format!("Caveat ({}): {caveat}", labels.join("; "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribution(speaker: &str, author: &str, speaker_quoted: bool) -> Attribution {
        Attribution {
            outlet: "Financial Times".to_owned(),
            author: author.to_owned(),
            date: Date::from_ymd(2025, 5, 1).unwrap(),
            precision: Precision::Month,
            headline: String::new(),
            speaker: speaker.to_owned(),
            speaker_quoted,
        }
    }

    #[test]
    fn attributions_say_whose_words_and_who_reports_them() {
        let cases = [
            (
                attribution("", "Joe Leahy", false),
                "Joe Leahy, Financial Times, May 2025",
            ),
            (
                attribution("Western chambers of commerce", "Joe Leahy", false),
                "Western chambers of commerce, as reported by Joe Leahy, Financial Times, May 2025",
            ),
            (
                attribution("Xi Jinping", "Joe Leahy", true),
                "Xi Jinping, quoted by Joe Leahy, Financial Times, May 2025",
            ),
            (
                attribution("Economists", "", false),
                "Economists, as reported by Financial Times, May 2025",
            ),
            (attribution("", "", false), "Financial Times, May 2025"),
        ];
        for (a, text) in cases {
            assert_eq!(a.text(), text);
        }
    }

    #[test]
    fn cut_quotes_get_an_ellipsis_outside_the_quotation_marks() {
        let mut excerpt = Excerpt {
            quote: "favour domestic producers".to_owned(),
            cut: Cut::default(),
            attribution: attribution("", "", false),
            highlights: Vec::new(),
        };
        assert_eq!(excerpt.marks(), ("\u{201c}", "\u{201d}"));
        excerpt.cut = Cut {
            start: true,
            end: false,
        };
        assert_eq!(excerpt.marks(), ("\u{2026}\u{201c}", "\u{201d}"));
        excerpt.cut = Cut {
            start: true,
            end: true,
        };
        assert_eq!(excerpt.marks(), ("\u{2026}\u{201c}", "\u{201d}\u{2026}"));
    }

    #[test]
    fn analysis_scenes_show_their_period_and_leave_the_date_extent_alone() {
        let day = |y, m, d| Date::from_ymd(y, m, d).unwrap();
        let scene = |date: Option<Date>, period: Option<Period>| Scene {
            id: "s".to_owned(),
            file: "s.ron".to_owned(),
            date,
            end_date: None,
            period,
            title: "t".to_owned(),
            era: 0,
            epilogue: false,
            excerpts: Vec::new(),
            notes: String::new(),
            checks: Vec::new(),
            plot: None,
            steps: vec![Step::default()],
            duration_secs: None,
        };
        let period = Period {
            from: day(2004, 7, 1),
            from_precision: Precision::Year,
            to: day(2024, 7, 1),
            to_precision: Precision::Year,
        };
        assert_eq!(
            scene(None, Some(period)).date_text(),
            "Analysis of 2004\u{2013}2024"
        );
        assert_eq!(scene(None, None).date_text(), "Analysis");
        assert_eq!(
            scene(Some(day(2025, 5, 19)), None).date_text(),
            "19 May 2025"
        );
        let deck = Deck {
            title: "d".to_owned(),
            subtitle: String::new(),
            author: String::new(),
            theme: ThemeName::Light,
            target_duration_mins: None,
            default_step_secs: 8.0,
            eras: Vec::new(),
            scenes: vec![
                scene(Some(day(2018, 7, 6)), None),
                scene(None, Some(period)),
                scene(Some(day(2020, 1, 15)), None),
            ],
        };
        assert_eq!(
            deck.date_extent(),
            Some((day(2018, 7, 6), day(2020, 1, 15)))
        );
    }

    #[test]
    fn colours_parse_strictly() {
        assert_eq!(Rgb::parse("#0072B2"), Some(Rgb::new(0, 0x72, 0xB2)));
        for bad in ["0072B2", "#0072B", "#0072B2F", "#00 2B2", "#ééé", ""] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn caveats_name_their_series_unless_all_share_them() {
        let series = |label: &str, caveat: &str| Series {
            id: label.to_lowercase(),
            label: label.to_owned(),
            unit: "%".to_owned(),
            color: Rgb::new(0, 0, 0),
            kind: SeriesKind::Line,
            source: Source {
                title: "T".to_owned(),
                publisher: "P".to_owned(),
                url: String::new(),
            },
            file: "data/x.csv".to_owned(),
            caveat: caveat.to_owned(),
            precision: Precision::Year,
            points: Arc::new(vec![[0.0, 1.0]]),
            y_min: 1.0,
            y_max: 1.0,
        };
        let a = series("China", "Leaves out Taiwan; lowers China's share.");
        let b = series("United States", "Leaves out Taiwan.");
        let c = series("Japan", "Leaves out Taiwan.");
        assert_eq!(
            caveat_lines([&a, &b, &c]),
            [
                "Caveat (China): Leaves out Taiwan; lowers China's share.",
                "Caveat (United States; Japan): Leaves out Taiwan."
            ]
        );
        assert_eq!(caveat_lines([&b, &c]), ["Caveat: Leaves out Taiwan."]);
        let none = series("Germany", "");
        assert_eq!(
            caveat_lines([&b, &none]),
            ["Caveat (United States): Leaves out Taiwan."]
        );
        assert!(caveat_lines([&none]).is_empty());
    }

    #[test]
    fn a_deck_lists_each_source_once_with_its_series_and_caveats() {
        let deck = crate::model::load(&crate::bundled::source()).deck.unwrap();
        let uses = deck.sources();
        for (k, u) in uses.iter().enumerate() {
            assert!(!uses[k + 1..].iter().any(|v| v.source == u.source), "{u:?}");
        }
        let plot = deck.scenes[0].plot.as_ref().unwrap();
        let unsd = uses
            .iter()
            .find(|u| *u.source == plot.series[0].source)
            .unwrap();
        for s in &plot.series {
            assert_eq!(unsd.series.iter().filter(|l| **l == s.label).count(), 1);
            assert_eq!(unsd.caveats.iter().filter(|c| **c == s.caveat).count(), 1);
        }
    }
}
