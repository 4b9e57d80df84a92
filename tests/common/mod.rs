//! A small deck written into a temporary folder, for tests that break it on purpose.

#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};

pub const DECK: &str = r#"(
    title: "Fixture",
    eras: [
        (id: "war", label: "Trade war", from: "2018-01-01", to: "2020-12-31"),
    ],
    scenes: [
        "01-war.ron",
        "02-deal.ron",
    ],
)
"#;

pub const WAR: &str = r#"(
    id: "trade-war",
    date: "2018-07-06",
    title: "The trade war begins",
    era: "war",
    excerpts: [
        (
            quote: "The US president launched the initial phase of his trade war.",
            attribution: (outlet: "Financial Times", date: "2025-05"),
            highlights: [
                (id: "phase", phrase: "initial phase", note: "25% on $34bn", annotation: "list-1"),
            ],
        ),
    ],
    plot: (
        y_label: "Average tariff",
        series: [
            (
                id: "us_avg_tariff",
                label: "US",
                file: "data/t.csv",
                x: "date",
                y: "value",
                filter: {"who": "US"},
                kind: Step,
                source: (title: "Chart", publisher: "PIIE"),
            ),
            (
                id: "cn_avg_tariff",
                label: "China",
                file: "data/t.csv",
                x: "date",
                y: "value",
                filter: {"who": "CN"},
                kind: Step,
                source: (title: "Chart", publisher: "PIIE"),
            ),
        ],
        annotations: [
            Event(id: "list-1", date: "2018-07-06", label: "List 1"),
            Callout(id: "peak", series: "us_avg_tariff", date: "2019-09-01", label: "21%"),
        ],
    ),
    steps: [
        (),
        (show: ["phase", "list-1"]),
    ],
)
"#;

pub const DEAL: &str = r#"(
    id: "phase-one",
    date: "2020-01-15",
    title: "Phase One",
    era: "war",
    excerpts: [
        (
            quote: "A deal.",
            attribution: (outlet: "Financial Times", date: "2025-05-20"),
        ),
    ],
)
"#;

pub const CSV: &str = "date,who,value\n2018-01-01,US,3.1\n2018-01-01,CN,8.0\n2018-09-24,US,12.0\n2018-09-24,CN,18.3\n2019-09-01,US,21.0\n";

/// A temporary deck folder holding the fixture, with `edits` applied: `(file, from, to)`
/// replaces the first `from` in that file's text by `to`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        for (name, text) in Self::files() {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        Fixture { dir }
    }

    pub fn files() -> Vec<(&'static str, &'static str)> {
        vec![
            ("deck.ron", DECK),
            ("01-war.ron", WAR),
            ("02-deal.ron", DEAL),
            ("data/t.csv", CSV),
        ]
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces the first `from` by `to` in `name`; panics when `from` is absent (a broken test).
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.file(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    pub fn write_bytes(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.file(name), bytes).unwrap();
    }
}

/// A primary click at `pos` (a screen point with no widget of its own: a plot, the timeline).
pub fn click_at<S>(h: &mut egui_kittest::Harness<'_, S>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.run_steps(1);
    }
}

/// The app on the fixture's folder (its working copy on), in a harness of `size`, after two
/// frames.
pub fn folder_harness(
    f: &Fixture,
    size: [f32; 2],
) -> egui_kittest::Harness<'static, storyplot::app::App> {
    use storyplot::app::App;
    let source = storyplot::model::source::DirSource::open(f.path()).unwrap();
    let deck = storyplot::model::load(&source).deck.unwrap();
    let mut app = App::new(deck, "fixture");
    app.doc.source_dir = Some(f.path().to_owned());
    app.doc.workspace = Some(storyplot::model::workspace::Workspace::open(f.path()).unwrap());
    let mut h = egui_kittest::Harness::builder()
        .with_size(size)
        .with_step_dt(1.0 / 30.0)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run_steps(2);
    h
}

/// The bundled deck, loaded.
pub fn bundled_deck() -> storyplot::model::Deck {
    storyplot::model::load(&storyplot::bundled::source())
        .deck
        .unwrap()
}

/// The app on the bundled deck at 1280×720, 60 frames a second, after two frames.
pub fn bundled_harness() -> egui_kittest::Harness<'static, storyplot::app::App> {
    use storyplot::app::App;
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 720.0])
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(bundled_deck(), "bundled"),
        );
    h.run_steps(2);
    h
}
