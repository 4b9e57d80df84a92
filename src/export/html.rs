//! The story as a static web site for students at home: `index.html` (the deck's title, the
//! timeline with its eras, the list of scenes), one page per scene (`<scene-id>.html`, its
//! steps addressed by `#1`, `#2`, … as the stage counts them), `data/*.csv` with the points each
//! chart plots (see [`crate::model::plotted`]), one stylesheet and one small script. Nothing is
//! fetched: each chart is the step's vector SVG (drawn by the stage's own plot code), inline in
//! its page, and the pages work from `file://` with no server and no network.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::svg::{PointTip, SvgExtras, escape};
use super::{ExportError, Report, chart_frame_mapped, write};
use crate::fonts::FontSet;
use crate::model::deck::{Deck, Excerpt, Scene, Verdict};
use crate::model::describe;
use crate::model::nav::Position;
use crate::model::plotted;
use crate::view::PlotSettings;

/// The size each chart is laid out at, in points (the SVG scales to the page).
pub const CHART_SIZE: (u32, u32) = (640, 480);

/// The stylesheet every page links to.
pub const STYLE_CSS: &str = include_str!("site/style.css");
/// The script every page loads: step navigation (keys, swipe, buttons, the address) and the
/// data points' texts on a tap.
pub const STORY_JS: &str = include_str!("site/story.js");

/// The page of a scene: `trade-war-begins.html` (an id that is not a safe file name, or that
/// would be `index`, gets `scene-` before it).
pub fn page_name(scene: &Scene) -> String {
    let safe: String = scene
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() || safe == "index" {
        format!("scene-{safe}.html")
    } else {
        format!("{safe}.html")
    }
}

/// The address of a step (counted from 0 inside the program): `trade-war-begins.html#3`.
pub fn step_href(deck: &Deck, pos: Position) -> String {
    deck.scenes.get(pos.scene).map_or_else(
        || "index.html".to_owned(),
        |s| format!("{}#{}", page_name(s), pos.step + 1),
    )
}

/// Writes the site of `deck` into `dir`. `notes` adds the speaker notes to each step.
/// `progress` gets the steps drawn so far, all steps, and a line when a scene starts; `cancel`
/// stops it between steps.
pub fn write_site(
    deck: &Deck,
    dir: &Path,
    notes: bool,
    fonts: &FontSet,
    progress: &mut dyn FnMut(usize, usize, Option<&str>),
    cancel: &AtomicBool,
    report: &mut Report,
) -> Result<(), ExportError> {
    let total: usize = deck.scenes.iter().map(|s| s.steps.len().max(1)).sum();
    let mut done = 0;
    write(&dir.join("style.css"), STYLE_CSS.as_bytes(), report)?;
    write(&dir.join("story.js"), STORY_JS.as_bytes(), report)?;
    write(&dir.join("index.html"), index_page(deck).as_bytes(), report)?;
    for (i, scene) in deck.scenes.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        let line = format!("web page {}/{} {}", i + 1, deck.scenes.len(), scene.id);
        progress(done, total, Some(&line));
        let mut steps = Vec::with_capacity(scene.steps.len());
        for k in 0..scene.steps.len() {
            if cancel.load(Ordering::Relaxed) {
                return Err(ExportError::Cancelled);
            }
            let pos = Position::new(i, k);
            let csv = plotted::plotted_csv(&deck.title, scene, k, &Default::default());
            let csv_name = csv.as_ref().map(|text| {
                let name = plotted::csv_name(i, &scene.id, k);
                (name, text)
            });
            if let Some((name, text)) = &csv_name {
                write(&dir.join("data").join(name), text.as_bytes(), report)?;
            }
            let chart = scene
                .plot
                .is_some()
                .then(|| chart_svg(deck, pos, fonts, &format!("s{}-", k + 1)));
            steps.push(StepParts {
                chart,
                csv: csv_name.map(|(n, _)| n),
            });
            done += 1;
            progress(done, total, None);
        }
        let page = scene_page(deck, i, &steps, notes);
        write(&dir.join(page_name(scene)), page.as_bytes(), report)?;
    }
    Ok(())
}

/// What a step's section shows besides its text: the chart's SVG and its CSV file's name.
struct StepParts {
    chart: Option<String>,
    csv: Option<String>,
}

/// The chart of a step as an inline SVG: its description as the text alternative, ids
/// prefixed with `prefix`, a hover text on every plotted point.
fn chart_svg(deck: &Deck, pos: Position, fonts: &FontSet, prefix: &str) -> String {
    let (w, h) = CHART_SIZE;
    let settings = PlotSettings::default();
    let size = egui::vec2(w as f32, h as f32);
    let (frame, transform) = chart_frame_mapped(deck, pos, &settings, size, fonts);
    let scene = deck.scenes.get(pos.scene);
    let alt = scene.and_then(|s| describe::describe(s, pos.step));
    let tips = match (scene, transform) {
        (Some(scene), Some(t)) => point_tips(scene, pos.step, &t),
        _ => Vec::new(),
    };
    super::svg::to_svg_with(
        &frame,
        fonts,
        w,
        h,
        &SvgExtras {
            alt: alt.as_deref(),
            id_prefix: prefix,
            tips: &tips,
            no_title: true,
            links_unfocusable: true,
        },
    )
}

/// `12%`, `421 US$ bn`.
fn amount(value: f64, unit: &str) -> String {
    let v = plotted::value_text(value);
    match unit.trim() {
        "" => v,
        u if u.starts_with('%') => format!("{v}{u}"),
        u => format!("{v} {u}"),
    }
}

/// A hover text on each point the step plots, where the plot draws it.
fn point_tips(scene: &Scene, step: usize, t: &egui_plot::PlotTransform) -> Vec<PointTip> {
    let Some(plot) = scene.plot.as_ref() else {
        return Vec::new();
    };
    let log = plot.y_scale == crate::model::deck::YScale::Log;
    let frame = t.frame().expand(1.0);
    let rows = plotted::plotted_rows(scene, step, &Default::default()).unwrap_or_default();
    rows.iter()
        .filter_map(|row| {
            let s = plot.series.get(row.series)?;
            let y = if log {
                row.value.max(f64::MIN_POSITIVE).log10()
            } else {
                row.value
            };
            let at = t.position_from_point(&egui_plot::PlotPoint::new(row.date.x_days(), y));
            if !frame.contains(at) {
                return None;
            }
            let unit = if s.unit.trim().is_empty() {
                plot.y_unit.as_str()
            } else {
                s.unit.as_str()
            };
            Some(PointTip {
                x: at.x,
                y: at.y,
                text: format!(
                    "{}: {} ({})",
                    describe::date_text(row.date, row.precision),
                    amount(row.value, unit),
                    s.label.trim()
                ),
            })
        })
        .collect()
}

/// The start of every page: the document's head with `title`, the body's data attributes.
fn head(out: &mut String, title: &str, body_attrs: &str) {
    let _ = write!(
        out,
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{}</title>
<link rel="stylesheet" href="style.css">
<script src="story.js" defer></script>
</head>
<body{body_attrs}>
<a class="skip" href="#main">Skip to the content</a>
"##,
        escape(title)
    );
}

fn foot(out: &mut String) {
    out.push_str("</body>\n</html>\n");
}

/// `index.html`: the title, the timeline with its eras, the list of scenes, the sources.
fn index_page(deck: &Deck) -> String {
    let mut o = String::with_capacity(32 * 1024);
    head(&mut o, &deck.title, r#" class="index""#);
    o.push_str("<header class=\"deck\">\n");
    let _ = writeln!(o, "<h1>{}</h1>", escape(&deck.title));
    if !deck.subtitle.is_empty() {
        let _ = writeln!(o, "<p class=\"subtitle\">{}</p>", escape(&deck.subtitle));
    }
    if !deck.author.is_empty() {
        let _ = writeln!(o, "<p class=\"author\">{}</p>", escape(&deck.author));
    }
    o.push_str("</header>\n<main id=\"main\">\n");
    if let Some(first) = deck.scenes.first() {
        let _ = writeln!(
            o,
            "<p class=\"start\"><a class=\"button\" href=\"{}#1\">Start the story →</a></p>",
            page_name(first)
        );
    }
    o.push_str("<section aria-labelledby=\"timeline-h\">\n<h2 id=\"timeline-h\">Timeline</h2>\n");
    timeline_svg(&mut o, deck);
    o.push_str("</section>\n");
    o.push_str("<section aria-labelledby=\"scenes-h\">\n<h2 id=\"scenes-h\">Scenes</h2>\n");
    let mut era: Option<usize> = None;
    let mut open = false;
    for (i, s) in deck.scenes.iter().enumerate() {
        if era != Some(s.era) {
            if open {
                o.push_str("</ol>\n");
            }
            era = Some(s.era);
            let label = deck.eras.get(s.era).map_or("", |e| e.label.as_str());
            let _ = writeln!(
                o,
                "<h3>{}</h3>\n<ol class=\"scenes\" start=\"{}\">",
                escape(label),
                i + 1
            );
            open = true;
        }
        let steps = s.steps.len();
        let _ = writeln!(
            o,
            "<li><a href=\"{}#1\"><span class=\"when\">{}</span> <span class=\"title\">{}</span></a>{} <span class=\"count\">{} {}</span></li>",
            page_name(s),
            escape(&s.date_text()),
            escape(&s.title),
            if s.epilogue {
                " <span class=\"badge\">after the article</span>"
            } else {
                ""
            },
            steps,
            if steps == 1 { "step" } else { "steps" }
        );
    }
    if open {
        o.push_str("</ol>\n");
    }
    o.push_str("</section>\n");
    sources_section(&mut o, deck);
    o.push_str(
        "<p class=\"help\">On a scene: → or Space for the next step, ← or Shift+Space for the previous one (PageDown and PageUp too), or swipe. Each step has its own address (<code>scene.html#2</code>: step 2, counted from 1 as on the stage).</p>\n",
    );
    o.push_str("</main>\n");
    foot(&mut o);
    o
}

/// The ribbon as in the app: eras shaded along a date axis, one marker (a link) per dated
/// scene, analysis scenes (no date) in a group of their own after them.
fn timeline_svg(o: &mut String, deck: &Deck) {
    const W: f32 = 1000.0;
    const H: f32 = 120.0;
    let scale = crate::ui::timeline::TimeScale::new(deck, 20.0, W - 20.0);
    let _ = writeln!(
        o,
        r#"<div class="timeline"><svg viewBox="0 0 {W} {H}" role="group" aria-label="Timeline of the scenes">"#
    );
    let dated_right = scale.group_left.unwrap_or(W - 20.0);
    // Eras, clipped to the dated part.
    for (k, era) in deck.eras.iter().enumerate() {
        let x0 = scale.x(era.from.x_days()).max(20.0);
        let x1 = scale.x(era.to.x_days()).min(dated_right);
        if x1 <= x0 {
            continue;
        }
        let fill = era.color.map_or_else(
            || "#dddddd".to_owned(),
            |c| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b),
        );
        let _ = writeln!(
            o,
            r#"<rect class="era" x="{x0:.1}" y="18" width="{:.1}" height="44" fill="{fill}"><title>{}</title></rect>"#,
            x1 - x0,
            escape(&era.label)
        );
        let _ = writeln!(
            o,
            r#"<text class="era-label" x="{:.1}" y="{}" >{}</text>"#,
            x0 + 3.0,
            if k % 2 == 0 { 12 } else { 76 },
            escape(&era.label)
        );
    }
    // Years along the axis.
    if let Some((a, b)) = deck.date_extent() {
        for year in a.year()..=b.year() {
            let Some(d) = crate::model::Date::from_ymd(year, 1, 1) else {
                continue;
            };
            let x = scale.x(d.x_days());
            if x <= 20.0 || x >= dated_right {
                continue;
            }
            let _ = writeln!(
                o,
                r#"<line class="tick" x1="{x:.1}" x2="{x:.1}" y1="62" y2="90"/><text class="year" x="{:.1}" y="102">{year}</text>"#,
                x + 2.0
            );
        }
    }
    if let Some(g) = scale.group_left {
        let _ = writeln!(
            o,
            r#"<line class="group" x1="{g:.1}" x2="{g:.1}" y1="14" y2="96"/><text class="year" x="{:.1}" y="102">Analysis</text>"#,
            g + 4.0
        );
    }
    for (i, (s, x)) in deck.scenes.iter().zip(&scale.scene_x).enumerate() {
        let label = format!("Scene {}: {}, {}", i + 1, s.title, s.date_text());
        let _ = writeln!(
            o,
            r#"<a href="{}#1" aria-label="{}"><title>{}</title><circle class="marker" cx="{x:.1}" cy="40" r="9"/><text class="num" x="{x:.1}" y="44">{}</text></a>"#,
            page_name(s),
            escape(&label),
            escape(&label),
            i + 1
        );
    }
    o.push_str("</svg></div>\n");
}

/// Every distinct source of the deck with its link, the series it feeds and their caveats.
fn sources_section(o: &mut String, deck: &Deck) {
    o.push_str("<section aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n<ul class=\"sources\">\n");
    for u in deck.sources() {
        o.push_str("<li>");
        source_link(o, u.source);
        let _ = write!(
            o,
            "<br><span class=\"series\">Series: {}</span>",
            escape(&u.series.join("; "))
        );
        for c in u.caveats {
            let _ = write!(o, "<br><span class=\"caveat\">Caveat: {}</span>", escape(c));
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n</section>\n");
}

fn source_link(o: &mut String, source: &crate::model::deck::Source) {
    if source.url.trim().is_empty() {
        let _ = write!(o, "{}", escape(&source.text()));
    } else {
        let _ = write!(
            o,
            "<a href=\"{}\" rel=\"external noopener\">{}</a>",
            escape(source.url.trim()),
            escape(&source.text())
        );
    }
}

/// A scene's page: every step as a section (the script shows one at a time; without it they
/// stand one after the other), each with its own Previous and Next links.
fn scene_page(deck: &Deck, index: usize, steps: &[StepParts], notes: bool) -> String {
    let Some(scene) = deck.scenes.get(index) else {
        return String::new();
    };
    let mut o = String::with_capacity(128 * 1024);
    let prev = index
        .checked_sub(1)
        .and_then(|p| deck.scenes.get(p).map(|s| (p, s)));
    let next = deck.scenes.get(index + 1);
    let attrs = format!(
        r#" class="scene" data-steps="{}" data-prev="{}" data-next="{}""#,
        scene.steps.len(),
        prev.map_or_else(
            || "index.html".to_owned(),
            |(p, s)| step_href(deck, Position::new(p, s.steps.len().saturating_sub(1)))
        ),
        next.map_or_else(
            || "index.html".to_owned(),
            |s| format!("{}#1", page_name(s))
        )
    );
    head(&mut o, &format!("{} — {}", scene.title, deck.title), &attrs);
    let era = deck.eras.get(scene.era).map_or("", |e| e.label.as_str());
    let _ = writeln!(
        o,
        "<header class=\"bar\"><a href=\"index.html\" class=\"home\">{}</a><span class=\"where\">Scene {} of {}</span></header>",
        escape(&deck.title),
        index + 1,
        deck.scenes.len()
    );
    o.push_str("<main id=\"main\">\n");
    let _ = writeln!(
        o,
        "<p class=\"when\"><span class=\"date\">{}</span> · {}{}</p>",
        escape(&scene.date_text()),
        escape(era),
        if scene.epilogue {
            " <span class=\"badge\">after the article</span>"
        } else {
            ""
        }
    );
    let _ = writeln!(o, "<h1>{}</h1>", escape(&scene.title));
    let n = scene.steps.len();
    if n > 1 {
        o.push_str("<nav class=\"dots\" aria-label=\"Steps of this scene\">");
        for k in 1..=n {
            let _ = write!(o, "<a href=\"#{k}\" aria-label=\"Step {k} of {n}\">{k}</a>");
        }
        o.push_str("</nav>\n");
    }
    o.push_str("<p id=\"live\" class=\"sr\" aria-live=\"polite\"></p>\n");
    for (k, parts) in steps.iter().enumerate() {
        step_section(&mut o, deck, index, k, parts, notes);
    }
    o.push_str("<div id=\"tip\" role=\"tooltip\" hidden></div>\n</main>\n");
    foot(&mut o);
    o
}

fn step_section(
    o: &mut String,
    deck: &Deck,
    index: usize,
    k: usize,
    parts: &StepParts,
    notes: bool,
) {
    let Some(scene) = deck.scenes.get(index) else {
        return;
    };
    let Some(step) = scene.steps.get(k) else {
        return;
    };
    let n = scene.steps.len();
    let num = k + 1;
    let _ = writeln!(
        o,
        "<section class=\"step\" id=\"{num}\" aria-labelledby=\"h{num}\">\n<h2 id=\"h{num}\" tabindex=\"-1\">Step {num} of {n}</h2>\n<div class=\"cols\">\n<div class=\"words\">"
    );
    for excerpt in &scene.excerpts {
        excerpt_html(o, excerpt, step);
    }
    if !scene.checks.is_empty() {
        o.push_str("<h3 class=\"sr\">Fact-checks</h3>\n");
    }
    for check in &scene.checks {
        let (class, tag) = match check.verdict {
            Verdict::Holds => ("holds", "Fact-check: holds"),
            Verdict::Partly => ("partly", "Fact-check: partly"),
            Verdict::NotReproduced => ("not", "Fact-check: not reproduced by the data"),
        };
        let _ = writeln!(
            o,
            "<div class=\"check {class}\"><p class=\"tag\">{tag}</p><p class=\"claim\">{}</p><p>{}</p></div>",
            escape(&check.claim),
            escape(&check.finding)
        );
    }
    o.push_str("</div>\n");
    if let Some(svg) = &parts.chart {
        let plot_title = scene.plot.as_ref().map_or("", |p| p.title.as_str());
        let _ = writeln!(
            o,
            "<figure class=\"chart\" aria-label=\"Chart: {}\">",
            escape(plot_title)
        );
        o.push_str(svg);
        o.push_str("<figcaption>");
        if let Some(name) = &parts.csv {
            let _ = write!(
                o,
                "<a class=\"data\" href=\"data/{}\" download>Data (CSV)</a> ",
                escape(name)
            );
        }
        if let Some(text) = describe::describe(scene, k) {
            let _ = write!(
                o,
                "<details><summary>The chart in words</summary><p>{}</p></details>",
                escape(&text)
            );
        }
        o.push_str("</figcaption>\n</figure>\n");
    }
    o.push_str("</div>\n");
    // Sources of the series this step shows.
    if let Some(plot) = &scene.plot {
        let mut seen: Vec<&crate::model::deck::Source> = Vec::new();
        for (i, s) in plot.series.iter().enumerate() {
            if step.series.get(i).copied().unwrap_or(true) && !seen.contains(&&s.source) {
                seen.push(&s.source);
            }
        }
        if !seen.is_empty() {
            o.push_str("<div class=\"step-sources\"><h3>Sources</h3><ul>");
            for s in seen {
                o.push_str("<li>");
                source_link(o, s);
                o.push_str("</li>");
            }
            o.push_str("</ul></div>\n");
        }
    }
    if notes {
        let text = super::notes_of(deck, Position::new(index, k));
        if !text.is_empty() {
            let _ = writeln!(
                o,
                "<aside class=\"speaker\"><h3>Speaker notes</h3><p>{}</p></aside>",
                escape(&text).replace("\n\n", "</p><p>")
            );
        }
    }
    // Previous and Next: the neighbouring steps, across scenes; the contents at either end.
    let here = Position::new(index, k);
    let (prev_href, prev_label) = match here.previous(deck) {
        Some(p) if p.scene == index => (format!("#{}", p.step + 1), "Previous step"),
        Some(p) => (step_href(deck, p), "Previous scene"),
        None => ("index.html".to_owned(), "Contents"),
    };
    let (next_href, next_label) = match here.next(deck) {
        Some(p) if p.scene == index => (format!("#{}", p.step + 1), "Next step"),
        Some(p) => (step_href(deck, p), "Next scene"),
        None => ("index.html".to_owned(), "Contents"),
    };
    let _ = writeln!(
        o,
        "<nav class=\"pager\" aria-label=\"Step {num}\"><a class=\"button prev\" rel=\"prev\" href=\"{prev_href}\">← {prev_label}</a><span class=\"pos\">Scene {} of {} · step {num} of {n}</span><a class=\"button next\" rel=\"next\" href=\"{next_href}\">{next_label} →</a></nav>",
        index + 1,
        deck.scenes.len()
    );
    o.push_str("</section>\n");
}

/// An excerpt as the stage shows it at `step`: the quote with the phrases on show marked, the
/// attribution, and the margin notes of those phrases.
fn excerpt_html(o: &mut String, excerpt: &Excerpt, step: &crate::model::deck::Step) {
    let visible = excerpt.shown_highlights(step);
    let quote = &excerpt.quote;
    let (open, close) = excerpt.marks();
    o.push_str("<figure class=\"excerpt\"><blockquote><p>");
    o.push_str(&escape(open));
    let mut at = 0;
    let mut shown: Vec<&crate::model::deck::Highlight> = Vec::new();
    for h in &visible {
        if h.range.start < at {
            continue; // overlapping phrases: the first one wins, as on the stage
        }
        o.push_str(&escape(quote.get(at..h.range.start).unwrap_or("")));
        let _ = write!(
            o,
            "<mark>{}</mark>",
            escape(quote.get(h.range.clone()).unwrap_or(""))
        );
        at = h.range.end;
        shown.push(h);
    }
    o.push_str(&escape(quote.get(at..).unwrap_or("")));
    o.push_str(&escape(close));
    let _ = write!(
        o,
        "</p></blockquote><figcaption>— {}</figcaption>",
        escape(&excerpt.attribution.text())
    );
    let with_notes: Vec<_> = shown.iter().filter(|h| !h.note.is_empty()).collect();
    if !with_notes.is_empty() {
        o.push_str("<ul class=\"notes\">");
        for h in with_notes {
            let _ = write!(
                o,
                "<li><b>{}</b> {}</li>",
                escape(quote.get(h.range.clone()).unwrap_or("")),
                escape(&h.note)
            );
        }
        o.push_str("</ul>");
    }
    o.push_str("</figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_put_percent_signs_close_and_other_units_apart() {
        assert_eq!(amount(12.0, "%"), "12%");
        assert_eq!(amount(421.0, "US$ bn"), "421 US$ bn");
        assert_eq!(amount(3.5, ""), "3.5");
    }
}
