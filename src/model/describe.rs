//! What a screen reader reads for a scene's plot at each step: plain sentences generated from the
//! data the step shows (the view's dates, each visible series in legend order, the callouts,
//! events and spans on show), or the author's own `description` from the scene file.
//!
//! Every number in a generated text is a value of the data (a point of a visible series or a
//! callout's value) or a date: nothing is computed (no differences, no counts), so nothing can
//! be said that the data does not hold. Sparse series (`Step`, `Points`) are read as levels on
//! their dates, never as a trend between them.

use super::date::{Date, Precision};
use super::deck::{AnnotationKind, Plot, Scene, Series, SeriesKind, Step};

/// An author's description longer than this gets a warning from `check`: a screen reader reads
/// it at every step.
pub const DESCRIPTION_WARN_CHARS: usize = 600;

/// In an author's description, stands for the generated text.
pub const DATA_PLACEHOLDER: &str = "{data}";

/// A sparse series with at most this many levels in view has each one read out; past it, only
/// the first, last, lowest and highest.
const LEVELS_LISTED: usize = 8;

/// The text for step `step` of `scene`: the author's (the step's `description`, else the plot's)
/// with `{data}` replaced by the generated text, or the generated text when there is none.
/// `None` when the scene has no such step.
pub fn describe(scene: &Scene, step: usize) -> Option<String> {
    let at = scene.steps.get(step)?;
    let author = if at.description.trim().is_empty() {
        scene.plot.as_ref().map_or("", |p| p.description.as_str())
    } else {
        at.description.as_str()
    };
    let text = if author.trim().is_empty() {
        generate(scene, at)
    } else if author.contains(DATA_PLACEHOLDER) {
        author.replace(DATA_PLACEHOLDER, &generate(scene, at))
    } else {
        author.to_owned()
    };
    Some(text.trim().to_owned())
}

/// The description generated from the data that `step` shows of `scene`'s plot.
pub fn generate(scene: &Scene, step: &Step) -> String {
    let Some(plot) = scene.plot.as_ref() else {
        return "This scene has no chart.".to_owned();
    };
    let (x0, x1) = view_days(plot, step);
    let mut sentences = Vec::new();

    let range = match step.x_range {
        Some((from, to)) => range_text(from, to),
        None => data_range_text(plot, step),
    };
    // `Chart: Title. Y label, in percent, from May 2018 to June 2019.` (the title alone when it
    // says the same as the y label).
    let title = no_stop(&plot.title);
    let y_label = no_stop(&plot.y_label);
    let mut axis = vec![y_label.to_owned()];
    if !plot.y_unit.trim().is_empty() {
        axis.push(format!("in {}", unit_name(plot.y_unit.trim())));
    }
    if plot.y_scale == super::deck::YScale::Log {
        axis.push("on a log scale".to_owned());
    }
    axis.push(format!("from {range}"));
    if title.is_empty() || title.eq_ignore_ascii_case(y_label) {
        sentences.push(format!("Chart: {}.", axis.join(", ")));
    } else {
        sentences.push(format!("Chart: {title}."));
        sentences.push(format!("{}.", axis.join(", ")));
    }

    for (i, s) in plot.series.iter().enumerate() {
        if step.series.get(i).copied().unwrap_or(true) {
            sentences.push(series_sentence(s, unit_of(s, plot), (x0, x1)));
        }
    }

    // Callouts by series in legend order, each series' by date; then events and spans by date,
    // one sentence each with the date first, since their labels may hold commas and semicolons.
    let shown: Vec<&super::deck::Annotation> = plot
        .annotations
        .iter()
        .filter(|a| step.shows(&a.id))
        .collect();
    for (i, s) in plot.series.iter().enumerate() {
        let mut marks: Vec<(Date, String)> = shown
            .iter()
            .filter_map(|a| match a.kind {
                AnnotationKind::Callout {
                    series,
                    date,
                    value,
                } if series == i && in_view(date, (x0, x1)) => {
                    let decimals = decimals_of(&visible_values(s, (x0, x1)), value);
                    let amount = value_text(value, unit_of(s, plot), decimals);
                    Some((
                        date,
                        format!(
                            "{} at {amount} {}",
                            quoted(&a.label),
                            at_date(date, s.precision)
                        ),
                    ))
                }
                _ => None,
            })
            .collect();
        marks.sort_by_key(|(date, _)| *date);
        let marks: Vec<String> = marks.into_iter().map(|(_, text)| text).collect();
        if marks.is_empty() {
            continue;
        }
        let on = if plot.series.len() > 1 {
            format!(" on {}", no_stop(&s.label))
        } else {
            String::new()
        };
        sentences.push(format!("Labels{on}: {}.", marks.join("; ")));
    }
    let mut marks: Vec<(Date, String)> = shown
        .iter()
        .filter_map(|a| match a.kind {
            AnnotationKind::Event { date } if in_view(date, (x0, x1)) => Some((
                date,
                format!("Event on {}: {}.", long_date(date), no_stop(&a.label)),
            )),
            AnnotationKind::Span { from, to } if from.x_days() <= x1 && to.x_days() >= x0 => {
                Some((
                    from,
                    format!(
                        "Shaded from {} to {}: {}.",
                        long_date(from),
                        long_date(to),
                        no_stop(&a.label)
                    ),
                ))
            }
            _ => None,
        })
        .collect();
    marks.sort_by_key(|(date, _)| *date);
    sentences.extend(marks.into_iter().map(|(_, text)| text));
    if let Some(cursor) = step.cursor.filter(|c| in_view(*c, (x0, x1))) {
        sentences.push(format!("A vertical line marks {}.", long_date(cursor)));
    }
    sentences.join(" ")
}

/// The x range (days) the stage shows at `step`: the step's range, or the data's with the same
/// margin the plot adds when the scene gives none.
pub fn view_days(plot: &Plot, step: &Step) -> (f64, f64) {
    match step.x_range {
        Some((from, to)) => (from.x_days(), to.x_days()),
        None => data_extent(plot, step),
    }
}

/// The view a step opens on when neither it nor its plot names a range: what the step reveals
/// (the series it shows, and the dates of the events, spans and callouts on show), with a
/// margin of 3 % (at least 30 days) on each side.
pub fn data_extent(plot: &Plot, step: &Step) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for (i, s) in plot.series.iter().enumerate() {
        if !step.series.get(i).copied().unwrap_or(true) {
            continue;
        }
        if let (Some(a), Some(b)) = (s.points.first(), s.points.last()) {
            lo = lo.min(a[0]);
            hi = hi.max(b[0]);
        }
    }
    for a in plot.annotations.iter().filter(|a| step.shows(&a.id)) {
        let (from, to) = match a.kind {
            crate::model::deck::AnnotationKind::Event { date }
            | crate::model::deck::AnnotationKind::Callout { date, .. } => (date, date),
            crate::model::deck::AnnotationKind::Span { from, to } => (from, to),
        };
        lo = lo.min(from.x_days());
        hi = hi.max(to.x_days());
    }
    if lo.is_finite() && hi.is_finite() {
        let pad = ((hi - lo) * 0.03).max(30.0);
        (lo - pad, hi + pad)
    } else {
        (0.0, 365.25)
    }
}

fn in_view(date: Date, (x0, x1): (f64, f64)) -> bool {
    let x = date.x_days();
    x >= x0 && x <= x1
}

/// The points of `s` inside the view.
fn visible_points(s: &Series, (x0, x1): (f64, f64)) -> &[[f64; 2]] {
    let start = s.points.partition_point(|p| p[0] < x0);
    let end = s.points.partition_point(|p| p[0] <= x1);
    s.points.get(start..end).unwrap_or(&[])
}

fn visible_values(s: &Series, view: (f64, f64)) -> Vec<f64> {
    visible_points(s, view).iter().map(|p| p[1]).collect()
}

fn unit_of<'a>(s: &'a Series, plot: &'a Plot) -> &'a str {
    if s.unit.trim().is_empty() {
        plot.y_unit.trim()
    } else {
        s.unit.trim()
    }
}

/// One sentence for one series: a trend for dense series, levels for sparse ones.
fn series_sentence(s: &Series, unit: &str, view: (f64, f64)) -> String {
    let points = visible_points(s, view);
    // A step line enters the view at the level set before it.
    let held = (s.kind == SeriesKind::Step)
        .then(|| {
            let i = s.points.partition_point(|p| p[0] < view.0);
            i.checked_sub(1).and_then(|j| s.points.get(j)).copied()
        })
        .flatten();
    let mut values: Vec<f64> = points.iter().map(|p| p[1]).collect();
    values.extend(held.map(|p| p[1]));
    let decimals = decimals_of(&values, f64::NAN);
    let amount = |v: f64| value_text(v, unit, decimals);
    let when = |x: f64| at_date(Date::from_x_days(x), s.precision);
    let label = no_stop(s.label.trim());
    if points.is_empty() && held.is_none() {
        return format!("{label} has no values in this view.");
    }
    match s.kind {
        SeriesKind::Step | SeriesKind::Points => {
            let listed: Vec<[f64; 2]> = held.into_iter().chain(points.iter().copied()).collect();
            let from = |p: &[f64; 2]| {
                let d = Date::from_x_days(p[0]);
                if s.kind == SeriesKind::Step {
                    format!("{} from {}", amount(p[1]), date_text(d, s.precision))
                } else {
                    format!("{} {}", amount(p[1]), at_date(d, s.precision))
                }
            };
            if listed.len() <= LEVELS_LISTED {
                let items: Vec<String> = listed.iter().map(from).collect();
                let lead = if s.kind == SeriesKind::Step {
                    format!("{label}, in steps: ")
                } else {
                    format!("{label}, levels on separate dates: ")
                };
                format!("{lead}{}.", join_and(&items))
            } else {
                let (first, last) = (listed[0], listed[listed.len() - 1]);
                let (lo, hi) = extremes(&listed);
                let mut text = format!(
                    "{label}, {}: first {}, last {}",
                    if s.kind == SeriesKind::Step {
                        "in steps"
                    } else {
                        "levels on separate dates"
                    },
                    from(&first),
                    from(&last)
                );
                // the extremes, unless the first or last value already is one
                if hi[1] > first[1].max(last[1]) {
                    text.push_str(&format!("; highest {}", from(&hi)));
                }
                if lo[1] < first[1].min(last[1]) {
                    text.push_str(&format!("; lowest {}", from(&lo)));
                }
                text.push('.');
                text
            }
        }
        SeriesKind::Line | SeriesKind::Bar => {
            let (Some(first), Some(last)) = (points.first(), points.last()) else {
                return format!("{label} has no values in this view.");
            };
            if points.len() == 1 {
                return format!("{label} was {} {}.", amount(first[1]), when(first[0]));
            }
            let verb = if last[1] > first[1] {
                "rose"
            } else if last[1] < first[1] {
                "fell"
            } else {
                "was the same"
            };
            let mut text = if verb == "was the same" {
                format!(
                    "{label} was {} {} and {} {}",
                    amount(first[1]),
                    when(first[0]),
                    amount(last[1]),
                    when(last[0])
                )
            } else {
                format!(
                    "{label} {verb} from {} {} to {} {}",
                    amount(first[1]),
                    when(first[0]),
                    amount(last[1]),
                    when(last[0])
                )
            };
            let (lo, hi) = extremes(points);
            let mut extra = Vec::new();
            if hi[1] > first[1].max(last[1]) {
                extra.push(format!("highest {} {}", amount(hi[1]), when(hi[0])));
            }
            if lo[1] < first[1].min(last[1]) {
                extra.push(format!("lowest {} {}", amount(lo[1]), when(lo[0])));
            }
            if !extra.is_empty() {
                text.push_str(&format!("; {}", extra.join(", ")));
            }
            text.push('.');
            text
        }
    }
}

/// The lowest and highest point (the first of equals).
fn extremes(points: &[[f64; 2]]) -> ([f64; 2], [f64; 2]) {
    let first = points.first().copied().unwrap_or([0.0, 0.0]);
    points.iter().fold((first, first), |(lo, hi), p| {
        (
            if p[1] < lo[1] { *p } else { lo },
            if p[1] > hi[1] { *p } else { hi },
        )
    })
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Decimals that show every value as the data gives it (at most 2), so a series reads
/// `3.8% … 12.0%`, not `3.8% … 12%`. `extra` (a callout's value) counts too.
fn decimals_of(values: &[f64], extra: f64) -> usize {
    values
        .iter()
        .chain(std::iter::once(&extra))
        .filter(|v| v.is_finite())
        .map(|v| {
            (0..2)
                .find(|&k| {
                    let scaled = v.abs() * 10f64.powi(k);
                    (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0)
                })
                .map_or(2, |k| k as usize)
        })
        .max()
        .unwrap_or(0)
}

/// A value with its unit, as it is read out: `12.0%`, `438.9 billion US dollars`,
/// `minus 295.4 billion US dollars`, `1,234 tonnes`.
pub fn value_text(value: f64, unit: &str, decimals: usize) -> String {
    let number = number_text(value, decimals);
    match unit.trim() {
        "" => number,
        "%" => format!("{number}%"),
        other => format!("{number} {}", unit_name(other)),
    }
}

/// `1,234.5`, `minus 3.8`: grouped thousands, a spoken minus.
fn number_text(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let zero = text.trim_matches(['0', '.']).is_empty();
    let sign = if value < 0.0 && !zero { "minus " } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A unit as it is read: `%` is `percent`; `US$ bn` is `billion US dollars`; others as written.
fn unit_name(unit: &str) -> String {
    let mut scale = Vec::new();
    let mut rest = Vec::new();
    for word in unit.split_whitespace() {
        match word {
            "%" => rest.push("percent"),
            "bn" => scale.push("billion"),
            "mn" | "m" => scale.push("million"),
            "tn" => scale.push("trillion"),
            "US$" => rest.push("US dollars"),
            "$" => rest.push("dollars"),
            "€" => rest.push("euros"),
            "£" => rest.push("pounds"),
            other => rest.push(other),
        }
    }
    scale.extend(rest);
    scale.join(" ")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month(date: Date) -> &'static str {
    usize::try_from(date.month() - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("")
}

/// `6 July 2018`: month names in full, as a screen reader should say them.
pub fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), month(date), date.year())
}

/// `6 July 2018`, `July 2018` or `2018`, as precise as the data.
pub fn date_text(date: Date, precision: Precision) -> String {
    match precision {
        Precision::Day => long_date(date),
        Precision::Month => format!("{} {}", month(date), date.year()),
        Precision::Quarter => format!("the {} quarter of {}", ordinal_quarter(date), date.year()),
        Precision::Year => date.year().to_string(),
    }
}

/// `first` … `fourth`: the quarter a date falls in, as said aloud.
fn ordinal_quarter(date: Date) -> &'static str {
    match (date.month() + 2) / 3 {
        1 => "first",
        2 => "second",
        3 => "third",
        _ => "fourth",
    }
}

/// `on 6 July 2018`, `in July 2018`, `in 2018`.
fn at_date(date: Date, precision: Precision) -> String {
    match precision {
        Precision::Day => format!("on {}", long_date(date)),
        _ => format!("in {}", date_text(date, precision)),
    }
}

fn last_of_month(date: Date) -> bool {
    date.day()
        .checked_add(1)
        .and_then(|d| Date::from_ymd(date.year(), date.month(), d))
        .is_none()
}

/// A view's dates as precisely as they were chosen: `2004 to 2024`, `May 2018 to June 2019` or
/// `20 March 2025 to 10 May 2025`.
fn range_text(from: Date, to: Date) -> String {
    if (from.month(), from.day(), to.month(), to.day()) == (1, 1, 12, 31) {
        if from.year() == to.year() {
            format!("January to December {}", from.year())
        } else {
            format!("{} to {}", from.year(), to.year())
        }
    } else if from.day() == 1 && last_of_month(to) {
        format!(
            "{} to {}",
            date_text(from, Precision::Month),
            date_text(to, Precision::Month)
        )
    } else {
        format!("{} to {}", long_date(from), long_date(to))
    }
}

/// With no view set, the dates of the visible data.
fn data_range_text(plot: &Plot, step: &Step) -> String {
    let visible = plot
        .series
        .iter()
        .enumerate()
        .filter(|(i, _)| step.series.get(*i).copied().unwrap_or(true))
        .map(|(_, s)| s);
    let mut first: Option<(f64, Precision)> = None;
    let mut last: Option<(f64, Precision)> = None;
    for s in visible {
        if let (Some(a), Some(b)) = (s.points.first(), s.points.last()) {
            if first.is_none_or(|(x, _)| a[0] < x) {
                first = Some((a[0], s.precision));
            }
            if last.is_none_or(|(x, _)| b[0] > x) {
                last = Some((b[0], s.precision));
            }
        }
    }
    match (first, last) {
        (Some((a, pa)), Some((b, pb))) => format!(
            "{} to {}",
            date_text(Date::from_x_days(a), pa),
            date_text(Date::from_x_days(b), pb)
        ),
        _ => "no data".to_owned(),
    }
}

/// A label in quotation marks, without a closing full stop.
fn quoted(label: &str) -> String {
    format!("\u{201c}{}\u{201d}", no_stop(label.trim()))
}

fn no_stop(text: &str) -> &str {
    text.trim().trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::deck::{Deck, Scene};
    use crate::model::source::MemorySource;

    fn bundled() -> Deck {
        crate::model::load(&crate::bundled::source()).deck.unwrap()
    }

    /// The test's own month names and date forms, so that a wrong date in the generator is not
    /// copied into the expectation.
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    fn spoken(d: Date, p: Precision) -> String {
        let (y, m, day) = (d.year(), NAMES[(d.month() - 1) as usize], d.day());
        match p {
            Precision::Day => format!("{day} {m} {y}"),
            Precision::Month => format!("{m} {y}"),
            Precision::Quarter => {
                let q = ["first", "second", "third", "fourth"][((d.month() - 1) / 3) as usize];
                format!("the {q} quarter of {y}")
            }
            Precision::Year => format!("{y}"),
        }
    }

    /// How each unit of the bundled deck is read after a number.
    fn unit_suffix(unit: &str) -> &'static str {
        match unit {
            "%" => "%",
            "US$ bn" => " billion US dollars",
            other => panic!("the test does not know how unit {other:?} is read: add it"),
        }
    }

    /// Every number in `text`: its value, its decimals and its byte range. `minus ` before it
    /// makes it negative; `,` groups thousands.
    fn numbers(text: &str) -> Vec<(f64, usize, std::ops::Range<usize>)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || ((bytes[i] == b',' || bytes[i] == b'.')
                        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            let raw = &text[start..i];
            let digits = raw.replace(',', "");
            let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len());
            let mut value: f64 = digits.parse().unwrap();
            let mut begin = start;
            if text[..start].ends_with("minus ") {
                value = -value;
                begin = start - "minus ".len();
            }
            out.push((value, decimals, begin..i));
        }
        out
    }

    fn close(printed: f64, decimals: usize, value: f64) -> bool {
        (printed - value).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
    }

    /// The amounts written just before `date_phrase` (after `on`, `in` or `from`), each with the
    /// text between the number and the preposition (its unit).
    fn amounts_before(text: &str, date_phrase: &str) -> Vec<(f64, usize, String)> {
        let mut found = Vec::new();
        for (at, _) in text.match_indices(date_phrase) {
            // the phrase must end where a word ends
            let after = text[at + date_phrase.len()..].chars().next();
            if after.is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            let before = &text[..at];
            let Some(head) = ["on ", "in ", "from "]
                .iter()
                .find_map(|p| before.strip_suffix(p))
            else {
                continue;
            };
            let head = head.strip_suffix(' ').unwrap_or(head);
            if let Some((v, d, range)) = numbers(head).into_iter().last() {
                let unit = head[range.end..].to_owned();
                if unit.len() <= 24 {
                    found.push((v, d, unit));
                }
            }
        }
        found
    }

    /// Whether `text` gives `value` (in `unit`) right before the date `when`.
    fn says(text: &str, value: f64, unit: &str, when: &str) -> bool {
        amounts_before(text, when)
            .iter()
            .any(|(v, d, u)| close(*v, *d, value) && u == unit_suffix(unit))
    }

    fn in_view(x: f64, view: (f64, f64)) -> bool {
        x >= view.0 && x <= view.1
    }

    /// Checks one generated description against the data of its step; returns what is wrong.
    fn problems(scene: &Scene, k: usize, text: &str) -> Vec<String> {
        let mut bad = Vec::new();
        let step = &scene.steps[k];
        let plot = scene.plot.as_ref().unwrap();
        let view = match step.x_range {
            Some((a, b)) => (a.x_days(), b.x_days()),
            None => data_extent(plot, step),
        };
        let visible: Vec<&Series> = plot
            .series
            .iter()
            .enumerate()
            .filter(|(i, _)| step.series[*i])
            .map(|(_, s)| s)
            .collect();
        // Every visible series by name, with its first, last, lowest and highest value in view
        // on their dates, in its unit.
        for s in &visible {
            if !text.contains(&s.label) {
                bad.push(format!("series {:?} not named", s.label));
            }
            let unit = if s.unit.is_empty() {
                &plot.y_unit
            } else {
                &s.unit
            };
            let pts: Vec<[f64; 2]> = s
                .points
                .iter()
                .copied()
                .filter(|p| in_view(p[0], view))
                .collect();
            if pts.is_empty() {
                continue;
            }
            let lo = pts.iter().min_by(|a, b| a[1].total_cmp(&b[1])).unwrap();
            let hi = pts.iter().max_by(|a, b| a[1].total_cmp(&b[1])).unwrap();
            for (what, p) in [
                ("first", pts[0]),
                ("last", pts[pts.len() - 1]),
                ("lowest", *lo),
                ("highest", *hi),
            ] {
                // a value held on several dates may be given on another of them
                let dates: Vec<String> = pts
                    .iter()
                    .filter(|q| q[1] == p[1])
                    .map(|q| spoken(Date::from_x_days(q[0]), s.precision))
                    .collect();
                if !dates.iter().any(|d| says(text, p[1], unit, d)) {
                    bad.push(format!(
                        "{what} value {} of {:?} on {} not given",
                        p[1], s.label, dates[0]
                    ));
                }
            }
        }
        // No hidden series is named (unless a label shown for something else contains it).
        let shown_labels: Vec<&str> = plot
            .annotations
            .iter()
            .filter(|a| step.shows(&a.id))
            .map(|a| a.label.as_str())
            .chain(visible.iter().map(|s| s.label.as_str()))
            .collect();
        for (i, s) in plot.series.iter().enumerate() {
            let callout_on_it = plot.annotations.iter().any(|a| {
                step.shows(&a.id)
                    && matches!(a.kind, AnnotationKind::Callout { series, .. } if series == i)
            });
            if !step.series[i]
                && !callout_on_it
                && !shown_labels.iter().any(|l| l.contains(&s.label))
                && text.contains(&s.label)
            {
                bad.push(format!("hidden series {:?} named", s.label));
            }
        }
        // Each callout on show in the view: its label, its value on its date, in its unit.
        for a in plot.annotations.iter().filter(|a| step.shows(&a.id)) {
            match a.kind {
                AnnotationKind::Callout {
                    series,
                    date,
                    value,
                } if in_view(date.x_days(), view) => {
                    let s = &plot.series[series];
                    let unit = if s.unit.is_empty() {
                        &plot.y_unit
                    } else {
                        &s.unit
                    };
                    if !text.contains(a.label.trim_end_matches('.')) {
                        bad.push(format!("callout {:?} not named", a.label));
                    }
                    if !says(text, value, unit, &spoken(date, s.precision)) {
                        bad.push(format!(
                            "callout {:?}: {value} on {} not given",
                            a.label,
                            spoken(date, s.precision)
                        ));
                    }
                }
                AnnotationKind::Event { date } if in_view(date.x_days(), view) => {
                    let said = format!(
                        "on {}: {}",
                        spoken(date, Precision::Day),
                        a.label.trim_end_matches('.')
                    );
                    if !text.contains(&said) {
                        bad.push(format!("event {said:?} not given"));
                    }
                }
                AnnotationKind::Span { from, to }
                    if from.x_days() <= view.1 && to.x_days() >= view.0 =>
                {
                    let said = format!(
                        "from {} to {}: {}",
                        spoken(from, Precision::Day),
                        spoken(to, Precision::Day),
                        a.label.trim_end_matches('.')
                    );
                    if !text.contains(&said) {
                        bad.push(format!("span {said:?} not given"));
                    }
                }
                _ => {}
            }
        }
        // No number that the data does not hold: take out the author's text (titles, labels)
        // and every date of the scene, then each number left must be a value of a visible
        // series or of a callout on show.
        let mut rest = text.to_owned();
        let mut author: Vec<&str> = vec![plot.title.as_str(), plot.y_label.as_str()];
        author.extend(plot.series.iter().map(|s| s.label.as_str()));
        author.extend(
            plot.annotations
                .iter()
                .map(|a| a.label.trim_end_matches('.')),
        );
        author.sort_by_key(|a| std::cmp::Reverse(a.len()));
        for a in author.iter().filter(|a| !a.is_empty()) {
            rest = rest.replace(a, " ");
        }
        let mut dates: Vec<Date> = plot
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| Date::from_x_days(p[0])))
            .collect();
        for a in &plot.annotations {
            match a.kind {
                AnnotationKind::Event { date } | AnnotationKind::Callout { date, .. } => {
                    dates.push(date)
                }
                AnnotationKind::Span { from, to } => dates.extend([from, to]),
            }
        }
        dates.extend(step.x_range.iter().flat_map(|(a, b)| [*a, *b]));
        dates.extend(step.cursor);
        let mut phrases: Vec<String> = dates
            .iter()
            .flat_map(|d| {
                [Precision::Day, Precision::Month, Precision::Year].map(|p| spoken(*d, p))
            })
            .collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for p in &phrases {
            rest = rest.replace(p.as_str(), " ");
        }
        let mut held: Vec<f64> = visible
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p[1]))
            .collect();
        held.extend(
            plot.annotations
                .iter()
                .filter(|a| step.shows(&a.id))
                .filter_map(|a| match a.kind {
                    AnnotationKind::Callout { value, .. } => Some(value),
                    _ => None,
                }),
        );
        for (v, d, _) in numbers(&rest) {
            if !held.iter().any(|h| close(v, d, *h)) {
                bad.push(format!("number {v} is not in the data"));
            }
        }
        // The view's dates.
        if let Some((a, b)) = step.x_range {
            for y in [a.year(), b.year()] {
                if !text.contains(&y.to_string()) {
                    bad.push(format!("the view's year {y} is not given"));
                }
            }
        }
        bad
    }

    #[test]
    fn every_step_of_the_bundled_deck_is_described_from_its_data() {
        let deck = bundled();
        let mut failures = Vec::new();
        let mut steps = 0;
        for scene in &deck.scenes {
            for (k, step) in scene.steps.iter().enumerate() {
                let text = generate(scene, step);
                steps += 1;
                for p in problems(scene, k, &text) {
                    failures.push(format!("{}#{k}: {p}\n    {text}", scene.id));
                }
            }
        }
        assert!(steps >= 50, "only {steps} steps");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_checker_catches_a_wrong_number_a_wrong_date_and_a_missing_series() {
        // The checks above must be able to fail: feed them broken texts.
        let deck = bundled();
        let scene = deck
            .scene_index("list-3-retaliation")
            .map(|i| &deck.scenes[i])
            .unwrap();
        let text = generate(scene, &scene.steps[1]);
        assert!(problems(scene, 1, &text).is_empty(), "{text}");
        let wrong_number = text.replacen("12.0%", "12.5%", 1);
        assert_ne!(wrong_number, text);
        assert!(!problems(scene, 1, &wrong_number).is_empty());
        let wrong_date = text.replacen("24 September 2018", "25 September 2018", 1);
        assert_ne!(wrong_date, text);
        assert!(!problems(scene, 1, &wrong_date).is_empty());
        let label = &scene.plot.as_ref().unwrap().series[1].label;
        let missing = text.replace(label.as_str(), "it");
        assert!(!problems(scene, 1, &missing).is_empty());
        let wrong_unit = text.replace("12.0% on", "12.0 points on");
        assert!(!problems(scene, 1, &wrong_unit).is_empty());
    }

    /// A one-scene deck from a scene body and CSV rows (`date,who,value`).
    fn mini(plot: &str, steps: &str, csv: &str) -> Scene {
        let deck = r#"(title: "T", eras: [(id: "e", label: "E", from: "2000-01-01", to: "2030-12-31")], scenes: ["s.ron"])"#;
        let scene = format!(
            r#"(id: "s", date: "2019-01-01", title: "S", era: "e",
               excerpts: [(quote: "Q.", attribution: (outlet: "O", date: "2025-05"))],
               plot: {plot}, steps: {steps})"#
        );
        let files = vec![
            ("deck.ron".to_owned(), deck.as_bytes().to_vec()),
            ("s.ron".to_owned(), scene.into_bytes()),
            (
                "data/d.csv".to_owned(),
                format!("date,who,value\n{csv}").into_bytes(),
            ),
        ];
        let loaded = crate::model::load(&MemorySource::new("<mini>", files));
        assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
        loaded.deck.unwrap().scenes.remove(0)
    }

    fn series(id: &str, who: &str, kind: &str, unit: &str) -> String {
        format!(
            r#"(id: "{id}", label: "{id} label", file: "data/d.csv", x: "date", y: "value",
                filter: {{"who": "{who}"}}, unit: "{unit}", kind: {kind},
                source: (title: "T", publisher: "P"))"#
        )
    }

    #[test]
    fn dense_series_read_as_a_trend_with_their_peak_and_sparse_ones_as_levels() {
        let csv = "2019-01,a,1.5\n2019-02,a,9\n2019-03,a,4\n2019-04,a,2\n2019-05,a,3\n2019-06,a,2.25\n\
                   2018-06-01,b,10\n2019-03-15,b,25\n";
        let plot = format!(
            r#"(title: "Both", y_label: "Rate", y_unit: "%", series: [{}, {}],
                annotations: [Event(id: "e", date: "2019-03-15", label: "Rise.")])"#,
            series("a", "a", "Line", "%"),
            series("b", "b", "Step", "%")
        );
        let scene = mini(
            &plot,
            r#"[(x_range: ("2019-01-01", "2019-06-30"), hide: ["e"]), (show: ["e"], series: ["b"], cursor: "2019-03-15")]"#,
            csv,
        );
        assert_eq!(
            generate(&scene, &scene.steps[0]),
            "Chart: Both. Rate, in percent, from January 2019 to June 2019. \
             a label rose from 1.50% in January 2019 to 2.25% in June 2019; highest 9.00% in \
             February 2019. b label, in steps: 10% from 1 June 2018 and 25% from 15 March 2019."
        );
        assert_eq!(
            generate(&scene, &scene.steps[1]),
            "Chart: Both. Rate, in percent, from January 2019 to June 2019. \
             b label, in steps: 10% from 1 June 2018 and 25% from 15 March 2019. \
             Event on 15 March 2019: Rise. A vertical line marks 15 March 2019."
        );
    }

    #[test]
    fn an_authors_text_replaces_the_generated_one_or_wraps_it() {
        let csv = "2019-01-01,a,1\n2019-06-01,a,2\n";
        let plot = format!(
            r#"(y_label: "Rate", description: "Before. {{data}} After.", series: [{}])"#,
            series("a", "a", "Points", "")
        );
        let scene = mini(&plot, r#"[(), (description: "Mine alone."), ()]"#, csv);
        let generated = generate(&scene, &scene.steps[0]);
        assert_eq!(
            generated,
            "Chart: Rate, from 1 January 2019 to 1 June 2019. \
             a label, levels on separate dates: 1 on 1 January 2019 and 2 on 1 June 2019."
        );
        assert_eq!(
            describe(&scene, 0).unwrap(),
            format!("Before. {generated} After.")
        );
        assert_eq!(describe(&scene, 1).unwrap(), "Mine alone.");
        // a step's text is for that step only
        assert_eq!(
            describe(&scene, 2).unwrap(),
            format!("Before. {generated} After.")
        );
        assert_eq!(describe(&scene, 3), None);
    }

    #[test]
    fn units_and_numbers_read_aloud() {
        assert_eq!(
            value_text(-295.4, "US$ bn", 1),
            "minus 295.4 billion US dollars"
        );
        assert_eq!(value_text(1234.5, "", 1), "1,234.5");
        assert_eq!(value_text(12.0, "%", 1), "12.0%");
        assert_eq!(value_text(7.0, "tonnes", 0), "7 tonnes");
        assert_eq!(decimals_of(&[3.8, 12.0], f64::NAN), 1);
        assert_eq!(decimals_of(&[145.0, 125.0], 10.0), 0);
        assert_eq!(decimals_of(&[0.125], f64::NAN), 2);
        let d = Date::parse("2018-07-06").unwrap();
        assert_eq!(long_date(d), "6 July 2018");
        assert_eq!(date_text(d, Precision::Year), "2018");
        let (a, b) = (
            Date::parse("2018-05-01").unwrap(),
            Date::parse("2019-06-30").unwrap(),
        );
        assert_eq!(range_text(a, b), "May 2018 to June 2019");
        let (a, b) = (
            Date::parse("2004-01-01").unwrap(),
            Date::parse("2024-12-31").unwrap(),
        );
        assert_eq!(range_text(a, b), "2004 to 2024");
        let (a, b) = (
            Date::parse("2025-03-20").unwrap(),
            Date::parse("2025-05-10").unwrap(),
        );
        assert_eq!(range_text(a, b), "20 March 2025 to 10 May 2025");
    }

    #[test]
    fn with_no_range_named_a_step_opens_on_what_it_reveals() {
        let deck = bundled();
        let mut scene = deck.scenes[0].clone();
        let plot = scene.plot.as_mut().unwrap();
        plot.x_range = None;
        // An event well after the data, shown only at the last step.
        plot.annotations.push(crate::model::deck::Annotation {
            id: "later".to_owned(),
            label: "Later".to_owned(),
            kind: crate::model::deck::AnnotationKind::Event {
                date: Date::from_ymd(2030, 1, 1).unwrap(),
            },
        });
        let last = scene.steps.len() - 1;
        for st in &mut scene.steps {
            st.x_range = None;
        }
        scene.steps[last].visible.insert("later".to_owned());
        // The first step shows only the first series.
        scene.steps[0].series = vec![true, false];
        let plot = scene.plot.as_ref().unwrap();
        let first = &plot.series[0].points;
        let (a, b) = data_extent(plot, &scene.steps[0]);
        let span = first.last().unwrap()[0] - first.first().unwrap()[0];
        assert!((a - (first.first().unwrap()[0] - span * 0.03)).abs() < 1e-6);
        assert!((b - (first.last().unwrap()[0] + span * 0.03)).abs() < 1e-6);
        let (_, b_last) = data_extent(plot, &scene.steps[last]);
        let later = Date::from_ymd(2030, 1, 1).unwrap().x_days();
        assert!(
            b_last > later && b > 0.0 && b < later,
            "{b} {b_last} {later}"
        );
        // The description speaks of the same view.
        assert_eq!(
            view_days(plot, &scene.steps[last]),
            (data_extent(plot, &scene.steps[last]))
        );
    }
}
