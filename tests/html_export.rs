//! Issue 12: the bundled story exported headless (`storyplot export --html DIR`) to a static web
//! site, checked as a browser and a student would find it: every scene page exists and links
//! to its neighbours; every step's chart is SVG that parses, has a text alternative and a hover
//! text per point; every quote is in the page as text; nothing is loaded from the network (the
//! only http(s) addresses are the sources' links); each data CSV holds the numbers of
//! `scenes/data` for the rows it plots; speaker notes only with `--notes`; under 10 MB.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use storyplot::export::html::page_name;
use storyplot::model::deck::Deck;
use storyplot::model::file::SceneFile;
use storyplot::model::load;
use storyplot::model::nav::Position;

fn bundled() -> Deck {
    load(&storyplot::bundled::source()).deck.unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Exports the bundled deck with the real binary, as a user would.
fn export_site(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .arg("export")
        .arg("--html")
        .arg(&site)
        .args(extra)
        .current_dir(repo())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("web page 1/"), "progress per scene: {err}");
    (dir, site)
}

/// The page's text as a reader gets it: tags removed, entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The `<svg …>…</svg>` elements of a page, in order.
fn svgs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// The `href` of the Previous and Next links of step `num`'s pager.
fn pager_links(html: &str, num: usize) -> (String, String) {
    let start = html
        .find(&format!("<section class=\"step\" id=\"{num}\""))
        .unwrap_or_else(|| panic!("no section for step {num}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    let pager = &section[section.find("<nav class=\"pager\"").unwrap()..];
    let href = |class: &str| {
        let at = pager.find(&format!("class=\"button {class}\"")).unwrap();
        let a = &pager[at..];
        let h = a.find("href=\"").unwrap() + 6;
        a[h..h + a[h..].find('"').unwrap()].to_owned()
    };
    (href("prev"), href("next"))
}

fn expected_href(deck: &Deck, here: Position, to: Option<Position>) -> String {
    match to {
        Some(p) if p.scene == here.scene => format!("#{}", p.step + 1),
        Some(p) => format!("{}#{}", page_name(&deck.scenes[p.scene]), p.step + 1),
        None => "index.html".to_owned(),
    }
}

#[test]
fn the_site_has_every_scene_and_step_linked_with_charts_quotes_and_data() {
    let deck = bundled();
    let (_tmp, site) = export_site(&[]);

    // index.html: the title, the timeline and the list, a link to every scene.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(text_of(&index).contains(&deck.title));
    assert!(index.contains("aria-label=\"Timeline of the scenes\""));
    for era in &deck.eras {
        assert!(text_of(&index).contains(&era.label), "era {}", era.label);
    }
    for s in &deck.scenes {
        let href = format!("href=\"{}#1\"", page_name(s));
        // one marker on the timeline and one entry in the list
        assert!(index.matches(&href).count() >= 2, "{href} in index.html");
    }

    let mut charts = 0;
    let mut tips = 0;
    for (i, scene) in deck.scenes.iter().enumerate() {
        let page = site.join(page_name(scene));
        let html =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let text = text_of(&html);
        assert!(text.contains(&scene.title), "{}", scene.id);
        let n = scene.steps.len();
        assert_eq!(html.matches("<section class=\"step\"").count(), n);
        for k in 0..n {
            let here = Position::new(i, k);
            let (prev, next) = pager_links(&html, k + 1);
            assert_eq!(prev, expected_href(&deck, here, here.previous(&deck)));
            assert_eq!(next, expected_href(&deck, here, here.next(&deck)));
            // a link to another page names a page that exists
            for href in [&prev, &next] {
                let file = href.split('#').next().unwrap();
                if !file.is_empty() {
                    assert!(site.join(file).is_file(), "{href} from {}", scene.id);
                }
            }
        }
        // Every quote as text, in every step's section.
        let sections: Vec<&str> = html.split("<section class=\"step\"").skip(1).collect();
        assert_eq!(sections.len(), n);
        for (k, section) in sections.iter().enumerate() {
            let words = text_of(section);
            for e in &scene.excerpts {
                assert!(
                    words.contains(e.quote.as_str()),
                    "{} step {}: {}",
                    scene.id,
                    k + 1,
                    e.quote
                );
            }
        }
        // One chart per step of a scene with a plot, each a parsed SVG with its text
        // alternative and a hover text on each plotted point.
        let found = svgs(&html);
        let expected = if scene.plot.is_some() { n } else { 0 };
        assert_eq!(found.len(), expected, "{}", scene.id);
        for (k, svg) in found.iter().enumerate() {
            let doc = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{} step {}: {e}", scene.id, k + 1));
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"));
            let alt = storyplot::model::describe::describe(scene, k).unwrap();
            assert_eq!(root.attribute("aria-label"), Some(alt.as_str()));
            assert!(
                !doc.descendants().any(|d| d.has_tag_name("image")),
                "no raster pictures"
            );
            // No whole-chart hover title (the description is beside it), and the chart's
            // source link areas stay out of the Tab order (the Sources list has them).
            assert!(!root.children().any(|c| c.has_tag_name("title")));
            for a in doc.descendants().filter(|d| d.has_tag_name("a")) {
                assert_eq!(a.attribute("tabindex"), Some("-1"));
            }
            // Ids are unique per step, so the clip paths of one chart do not clip another.
            let prefix = format!("s{}-", k + 1);
            for d in doc.descendants().filter(|d| d.has_tag_name("clipPath")) {
                assert!(d.attribute("id").unwrap().starts_with(&prefix));
            }
            let rows = storyplot::model::plotted::plotted_rows(scene, k, &BTreeSet::new())
                .unwrap()
                .len();
            let titled: Vec<String> = doc
                .descendants()
                .filter(|d| d.has_tag_name("circle"))
                .filter_map(|c| c.children().find(|t| t.has_tag_name("title")))
                .filter_map(|t| t.text().map(str::to_owned))
                .collect();
            assert!(titled.len() <= rows && !titled.is_empty() || rows == 0);
            tips += titled.len();
            charts += 1;
        }
        // The data link of each step with a chart names a file that exists.
        for k in 0..expected {
            let name = storyplot::model::plotted::csv_name(i, &scene.id, k);
            assert!(html.contains(&format!("href=\"data/{name}\"")), "{name}");
            assert!(site.join("data").join(&name).is_file(), "{name}");
        }
    }
    assert!(charts > 40, "{charts} charts");
    assert!(tips > charts, "{tips} point texts on {charts} charts");

    // A known point: the US average of 12% on 24 September 2018 has its own hover text.
    let list3 = std::fs::read_to_string(site.join("list-3-retaliation.html")).unwrap();
    assert!(
        list3.contains("<title>24 September 2018: 12% (US tariff on Chinese goods"),
        "{}",
        &list3[..2000]
    );

    // Speaker notes are not published without --notes.
    for scene in deck.scenes.iter().filter(|s| !s.notes.is_empty()) {
        let html = std::fs::read_to_string(site.join(page_name(scene))).unwrap();
        assert!(!text_of(&html).contains(scene.notes.trim()), "{}", scene.id);
        assert!(!html.contains("Speaker notes"));
    }

    no_network_references(&deck, &site);
    data_matches_the_deck_files(&deck, &site);

    let bytes: u64 = walk(&site)
        .iter()
        .map(|p| p.metadata().unwrap().len())
        .sum();
    assert!(bytes < 10 * 1024 * 1024, "the site is {bytes} bytes");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Every `http://` or `https://` in the site's files is a source's URL (a link, never a
/// script, style, font or picture) or an XML namespace name.
fn no_network_references(deck: &Deck, site: &Path) {
    let mut allowed: BTreeSet<String> =
        ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]
            .into_iter()
            .map(str::to_owned)
            .collect();
    for s in deck.scenes.iter().filter_map(|s| s.plot.as_ref()) {
        for series in &s.series {
            allowed.insert(series.source.url.replace('&', "&amp;"));
        }
    }
    let mut seen = 0;
    for path in walk(site) {
        let name = path.to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            continue; // the data's citations, read by people, not loaded by the page
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for scheme in ["http://", "https://"] {
            for (at, _) in text.match_indices(scheme) {
                let url: String = text[at..]
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | '<' | ' ' | ')' | '\n'))
                    .collect();
                assert!(allowed.contains(&url), "{name}: {url}");
                let before = &text[at.saturating_sub(12)..at];
                assert!(
                    !before.contains("src=") && !before.contains("url("),
                    "{name}: {url} is loaded, not linked"
                );
                seen += 1;
            }
        }
        assert!(!text.contains("fetch("), "{name} fetches");
        assert!(!text.contains("@import"), "{name} imports");
        if name.ends_with(".html") {
            for tag in ["<script src=\"", "<link rel=\"stylesheet\" href=\""] {
                for (at, _) in text.match_indices(tag) {
                    let rest = &text[at + tag.len()..];
                    let target = &rest[..rest.find('"').unwrap()];
                    assert!(
                        target == "story.js" || target == "style.css",
                        "{name}: {target}"
                    );
                }
            }
        }
    }
    assert!(seen > 10, "the source links are there ({seen})");
}

/// Each row of each data CSV is a record of the series' file in `scenes/data` (the series'
/// filter and exclusions hold, the date and the value are the file's), and each step's file
/// has as many rows as the step plots.
fn data_matches_the_deck_files(deck: &Deck, site: &Path) {
    let mut checked = 0;
    for (i, scene) in deck.scenes.iter().enumerate() {
        let Some(plot) = &scene.plot else { continue };
        let raw_text = std::fs::read_to_string(repo().join("scenes").join(&scene.file)).unwrap();
        let raw: SceneFile = storyplot::model::codec::parse(&raw_text).unwrap();
        let raw_series = &raw.plot.as_ref().unwrap().series;
        for k in 0..scene.steps.len() {
            let name = storyplot::model::plotted::csv_name(i, &scene.id, k);
            let csv_text = std::fs::read_to_string(site.join("data").join(&name)).unwrap();
            assert!(csv_text.starts_with(&format!("# {}\n", deck.title)));
            let body: String = csv_text
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| format!("{l}\n"))
                .collect();
            let mut reader = csv::Reader::from_reader(body.as_bytes());
            assert_eq!(
                reader.headers().unwrap().iter().collect::<Vec<_>>(),
                ["date", "series", "value", "unit", "source"]
            );
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            let plotted =
                storyplot::model::plotted::plotted_rows(scene, k, &BTreeSet::new()).unwrap();
            assert_eq!(rows.len(), plotted.len(), "{name}");
            for row in &rows {
                let (date, label, value) = (&row[0], &row[1], &row[2]);
                let value: f64 = value.parse().unwrap();
                let index = plot
                    .series
                    .iter()
                    .position(|s| s.label.trim() == label)
                    .unwrap_or_else(|| panic!("{name}: no series {label}"));
                let spec = &raw_series[index];
                // The source's URL is in the header comment.
                let url = &plot.series[index].source.url;
                assert!(
                    csv_text.contains(&format!("#   URL: {url}\n")),
                    "{name}: {url}"
                );
                let data = records(&spec.file);
                let found = data.iter().any(|r| {
                    spec.filter.iter().all(|(c, v)| r.get(c) == Some(v))
                        && !spec.exclude.iter().any(|(c, v)| r.get(c) == Some(v))
                        && r.get(&spec.x).map(String::as_str) == Some(date)
                        && r.get(&spec.y).and_then(|y| y.parse::<f64>().ok()) == Some(value)
                });
                assert!(
                    found,
                    "{name}: {date} {value} of {label} is not a row of {}",
                    spec.file
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} rows checked");
}

/// A data file of the bundled deck, as records by column name.
fn records(file: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(repo().join("scenes").join(file)).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn speaker_notes_are_published_only_when_asked() {
    let mut deck = bundled();
    deck.scenes.truncate(2);
    let with_notes = deck.scenes.iter().find(|s| !s.notes.is_empty()).unwrap();
    let notes = with_notes.notes.clone();
    let page = page_name(with_notes);
    let dir = tempfile::tempdir().unwrap();
    for (asked, sub) in [(true, "with"), (false, "without")] {
        let opts = storyplot::export::Options {
            html_dir: Some(dir.path().join(sub)),
            notes: asked,
            ..Default::default()
        };
        storyplot::export::export(
            &deck,
            &opts,
            storyplot::fonts::FontSet::system(),
            &mut |_| {},
        )
        .unwrap();
        let html = std::fs::read_to_string(dir.path().join(sub).join(&page)).unwrap();
        assert_eq!(text_of(&html).contains(notes.trim()), asked, "{sub}");
        assert_eq!(html.contains("<h3>Speaker notes</h3>"), asked, "{sub}");
    }
}

/// In the app: right-click on the plot offers "Copy data as CSV" and "Save data as…"; the copy
/// puts the same CSV as the site's data file on the clipboard. Ctrl+Shift+D and Ctrl+D are
/// their keys.
#[test]
fn right_click_on_the_plot_copies_the_charts_data_as_csv() {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    use storyplot::action::{Action, action_for};
    use storyplot::app::App;
    assert_eq!(
        action_for(Modifiers::COMMAND | Modifiers::SHIFT, Key::D),
        Some(Action::CopyDataCsv)
    );
    assert_eq!(
        action_for(Modifiers::COMMAND, Key::D),
        Some(Action::SaveData)
    );
    let deck = bundled();
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(deck.clone(), "bundled"),
        );
    h.run_steps(2);
    let at = h
        .state()
        .ui
        .stage
        .plot
        .last_transform
        .unwrap()
        .frame()
        .center();
    h.hover_at(at);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(3);
    h.get_by_label("Save data as…");
    h.get_by_label("Copy data as CSV").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        });
    let expected =
        storyplot::model::plotted::plotted_csv(&deck.title, &deck.scenes[0], 0, &BTreeSet::new());
    assert_eq!(copied, expected);
}

/// The export dialog's web choice asks for the site in `<name>-web/` beside the PDF.
#[test]
fn the_export_dialog_can_ask_for_the_web_site_beside_the_pdf() {
    use storyplot::action::Action;
    use storyplot::state::Effect;
    let mut app = storyplot::app::App::new(bundled(), "bundled");
    let s = &mut app.state;
    s.apply(Action::OpenExport, 0.0);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("class.pdf");
    s.apply(Action::ModalText(pdf.display().to_string()), 0.0);
    s.apply(
        Action::SetExportChoices(storyplot::view::ExportChoices {
            web: true,
            ..Default::default()
        }),
        0.0,
    );
    let effects = s.apply(Action::StartExport, 0.0);
    let [Effect::Export(opts)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(opts.html_dir, Some(dir.path().join("class-web")));
    assert_eq!(opts.pdf, Some(pdf));
    // Without the choice, no site.
    s.apply(
        Action::ExportFinished(Ok(dir.path().join("class.pdf"))),
        0.0,
    );
    s.apply(
        Action::SetExportChoices(storyplot::view::ExportChoices::default()),
        0.0,
    );
    let effects = s.apply(Action::StartExport, 0.0);
    let [Effect::Export(opts)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(opts.html_dir, None);
}

/// The same choice by hand: Ctrl+P, then the dialog's web checkbox.
#[test]
fn the_export_dialog_has_a_web_site_checkbox() {
    use egui_kittest::kittest::Queryable;
    use storyplot::view::Modal;
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(
            |ui, app: &mut storyplot::app::App| app.ui(ui),
            storyplot::app::App::new(bundled(), "bundled"),
        );
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run_steps(2);
    let web = |h: &egui_kittest::Harness<'_, storyplot::app::App>| match &h.state().modal {
        Some(Modal::Export(p)) => p.choices.web,
        other => panic!("the export dialog is not open: {other:?}"),
    };
    assert!(!web(&h));
    h.get_by_label_contains("Also a web site for students")
        .click();
    h.run_steps(2);
    assert!(web(&h));
}
