//! Issue 13, the editor's data step over the real app (egui_kittest): "Add series from CSV…"
//! → pick a file of data/ → choose columns and a filter → the series shows on the stage while
//! the dialog is open → OK writes it into the scene's plot in the working copy (Esc leaves
//! nothing behind); a file from elsewhere is copied in only after asking.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use storyplot::action::{Action, DataStepAction};
use storyplot::app::App;
use storyplot::model::datastep::ColumnKind;
use storyplot::model::date::Precision;
use storyplot::model::source::DirSource;
use storyplot::view::Modal;

/// Stock prices as a widely used sample file writes them: `Jan 1 2000` dates, one file for
/// several symbols.
const PRICES: &str = "symbol,date,price\nMSFT,Jan 1 2018,39.81\nMSFT,Feb 1 2018,36.35\nAAPL,Jan 1 2018,25.94\nAAPL,Feb 1 2018,28.66\nAAPL,Mar 1 2018,33.95\nAAPL,Apr 1 2018,31.01\nAAPL,May 1 2018,21.00\nAAPL,Jun 1 2018,26.19\n";

fn harness(f: &Fixture) -> Harness<'static, App> {
    f.write_bytes("data/prices.csv", PRICES.as_bytes());
    let deck = storyplot::model::load(&DirSource::open(f.path()).unwrap())
        .deck
        .unwrap();
    let mut app = App::new(deck, "fixture");
    app.doc.source_dir = Some(f.path().to_owned());
    app.doc.workspace = Some(storyplot::model::workspace::Workspace::open(f.path()).unwrap());
    let mut h = Harness::builder()
        // tall enough for the form's plot section, where the button is
        .with_size([1600.0, 1500.0])
        .with_step_dt(1.0 / 30.0)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run_steps(2);
    h.key_press(Key::E);
    h.run_steps(3);
    h
}

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(3);
}

fn data_step(h: &Harness<'_, App>) -> storyplot::view::DataStep {
    match &h.state().modal {
        Some(Modal::DataStep(d)) => (**d).clone(),
        other => panic!("the data step is not open: {other:?}"),
    }
}

fn scene_text(h: &Harness<'_, App>) -> String {
    h.state()
        .doc
        .workspace
        .as_ref()
        .unwrap()
        .text("01-war.ron")
        .unwrap()
}

/// The series of scene 0 of the deck the stage shows now: (id, points).
fn stage_series(h: &Harness<'_, App>) -> Vec<(String, Vec<[f64; 2]>)> {
    let view = h.state().stage_view();
    view.deck.scenes[0]
        .plot
        .as_ref()
        .unwrap()
        .series
        .iter()
        .map(|s| (s.id.clone(), s.points.to_vec()))
        .collect()
}

fn day_x(y: i32, m: u32, d: u32) -> f64 {
    storyplot::model::Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
        .unwrap()
        .x_days()
}

#[test]
fn pick_a_file_choose_columns_and_the_series_appears_in_the_scene() {
    let f = Fixture::new();
    let mut h = harness(&f);
    let before = scene_text(&h);
    click(&mut h, "Add series from CSV…");
    let d = data_step(&h);
    assert_eq!(d.scene_file, "01-war.ron");
    assert_eq!(d.files, vec!["data/prices.csv", "data/t.csv"]);

    click(&mut h, "data/prices.csv");
    let d = data_step(&h);
    let table = d.table.clone().unwrap().unwrap();
    assert_eq!(table.headers, vec!["symbol", "date", "price"]);
    assert_eq!(
        table.kinds,
        vec![
            ColumnKind::Text,
            ColumnKind::Dates(Precision::Day),
            ColumnKind::Numbers
        ]
    );
    assert_eq!(table.delimiter, b',');
    assert_eq!(table.total_rows, 8);
    assert_eq!(table.distinct[0], vec!["MSFT", "AAPL"]);
    // the table is on screen as the loader reads it
    assert_eq!(h.query_all_by_label("Jan 1 2018").count(), 2);
    assert!(h.query_by_label("dates (days)").is_some());

    click(&mut h, "x: date");
    click(&mut h, "y: price");
    click(&mut h, "filter column: symbol");
    click(&mut h, "filter value: AAPL");
    let d = data_step(&h);
    assert_eq!((d.x, d.y, d.filter_column), (Some(1), Some(2), Some(0)));
    assert_eq!(d.filter_value.as_deref(), Some("AAPL"));

    // previewed on the stage, nothing written yet
    let series = stage_series(&h);
    assert_eq!(series.len(), 3, "{series:?}");
    assert_eq!(series[2].0, "aapl-price");
    assert_eq!(series[2].1.len(), 6);
    assert_eq!(series[2].1[0], [day_x(2018, 1, 1), 25.94]);
    assert_eq!(series[2].1[5], [day_x(2018, 6, 1), 26.19]);
    assert_eq!(scene_text(&h), before);
    assert!(!h.state().is_dirty());
    assert_eq!(
        h.state().doc.deck.scenes[0]
            .plot
            .as_ref()
            .unwrap()
            .series
            .len(),
        2
    );

    // Enter takes OK
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert_eq!(h.state().modal, None);
    let text = scene_text(&h);
    assert_ne!(text, before);
    let scene: storyplot::model::file::SceneFile = storyplot::model::codec::parse(&text).unwrap();
    let s = &scene.plot.unwrap().series[2];
    assert_eq!(
        (s.id.as_str(), s.file.as_str(), s.x.as_str(), s.y.as_str()),
        ("aapl-price", "data/prices.csv", "date", "price")
    );
    assert_eq!(s.filter.get("symbol").map(String::as_str), Some("AAPL"));
    let source = s.source.as_ref().unwrap();
    assert_eq!((source.title.as_str(), source.publisher.as_str()), ("", ""));
    assert!(h.state().is_dirty());
    // on the stage, as the deck itself now
    let series = stage_series(&h);
    assert_eq!(series.len(), 3);
    assert_eq!(series[2].1.len(), 6);
    assert_eq!(
        h.state().doc.deck.scenes[0].plot.as_ref().unwrap().series[2].id,
        "aapl-price"
    );
    // the stage says what is missing from its source
    assert!(
        h.query_all_by_label_contains("(publisher to fill in), (title to fill in)")
            .count()
            >= 1
    );
    // flagged until the source is filled in
    let flagged: Vec<String> = h
        .state()
        .doc
        .problems
        .iter()
        .map(|p| p.headline())
        .filter(|p| p.contains("aapl-price"))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(
        flagged[0].contains("warning: series \"aapl-price\" has its source to fill in: title"),
        "{}",
        flagged[0]
    );
    // one undo step takes it back
    h.state_mut().apply(Action::Undo, 10.0);
    assert_eq!(scene_text(&h), before);
}

#[test]
fn escape_cancels_and_leaves_no_change_behind() {
    let f = Fixture::new();
    let mut h = harness(&f);
    let before = scene_text(&h);
    click(&mut h, "Add series from CSV…");
    click(&mut h, "data/t.csv");
    // the guess: dates for x, the number column for y; the loader says what is wrong
    let d = data_step(&h);
    assert_eq!((d.x, d.y), (Some(0), Some(2)));
    assert!(d.preview.is_none());
    assert!(
        d.problems[0].starts_with(
            "data/t.csv:3:1: 2 duplicate dates in column \"date\" (first: 2018-01-01) (series \"value\")"
        ),
        "{:?}",
        d.problems
    );
    assert!(
        h.query_by_label(&d.problems[0]).is_some(),
        "shown in the dialog"
    );
    click(&mut h, "filter column: who");
    click(&mut h, "filter value: CN");
    let d = data_step(&h);
    assert!(d.preview.is_some(), "{:?}", d.problems);
    assert_eq!(stage_series(&h).len(), 3);
    h.key_press(Key::Escape);
    h.run_steps(3);
    assert_eq!(h.state().modal, None);
    assert_eq!(scene_text(&h), before);
    assert!(!h.state().is_dirty());
    assert_eq!(stage_series(&h).len(), 2);
    assert!(!h.state().doc.workspace.as_ref().unwrap().can_undo());
}

#[test]
fn a_file_from_elsewhere_is_copied_in_only_after_asking() {
    let f = Fixture::new();
    let mut h = harness(&f);
    let elsewhere = tempfile::tempdir().unwrap();
    let from = elsewhere.path().join("fred.csv");
    std::fs::write(
        &from,
        "observation_date,GDP\n2019-01-01,21001.6\n2019-04-01,.\n2019-07-01,21540.3\n",
    )
    .unwrap();
    click(&mut h, "Add series from CSV…");
    let app = h.state_mut();
    app.apply(Action::ModalText(from.display().to_string()), 1.0);
    app.apply(Action::Data(DataStepAction::AskCopy), 1.0);
    assert!(matches!(&app.modal, Some(Modal::DataStep(d)) if d.asking));
    assert!(!f.file("data/fred.csv").exists(), "not before the answer");
    // Enter answers yes
    app.apply(Action::ModalConfirm, 1.0);
    assert_eq!(
        std::fs::read_to_string(f.file("data/fred.csv")).unwrap(),
        std::fs::read_to_string(&from).unwrap()
    );
    let Some(Modal::DataStep(d)) = &app.modal else {
        panic!("the data step closed");
    };
    assert_eq!(d.file.as_deref(), Some("data/fred.csv"));
    assert!(d.files.contains(&"data/fred.csv".to_owned()));
    let table = d.table.clone().unwrap().unwrap();
    assert_eq!(table.headers, vec!["observation_date", "GDP"]);
    assert_eq!((d.x, d.y), (Some(0), Some(1)));
    // a second copy of the same name is refused, nothing overwritten
    app.apply(Action::ModalText(from.display().to_string()), 2.0);
    app.apply(Action::Data(DataStepAction::AskCopy), 2.0);
    let Some(Modal::DataStep(d)) = &app.modal else {
        panic!("the data step closed");
    };
    assert!(!d.asking);
    assert_eq!(
        d.error.as_deref(),
        Some("data/fred.csv already exists in the deck: pick it from the list")
    );
}

#[test]
fn the_keyboard_alone_picks_a_file_and_columns() {
    let f = Fixture::new();
    let mut h = harness(&f);
    click(&mut h, "Add series from CSV…");
    // Tab goes through the dialog's choices only; Space picks.
    h.key_press(Key::Tab);
    h.run_steps(2);
    h.key_press(Key::Space);
    h.run_steps(3);
    let d = data_step(&h);
    assert_eq!(d.file.as_deref(), Some("data/prices.csv"));
    // next: the second file, the copy box and its button (disabled), then the columns:
    // x: symbol, x: date, x: price, y: symbol
    for _ in 0..6 {
        h.key_press(Key::Tab);
        h.run_steps(1);
    }
    h.key_press(Key::Space);
    h.run_steps(3);
    assert_eq!(data_step(&h).y, Some(0), "y: symbol");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().modal, None);
    assert!(!h.state().is_dirty());
}

#[test]
fn a_world_bank_download_is_read_wide_from_the_row_the_filter_picks() {
    let f = Fixture::new();
    f.write_bytes(
        "data/wdi.csv",
        b"\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2025-04-15\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"2017\",\"2018\",\"2019\",\"2020\",\"2021\",\"2022\",\n\"China\",\"CHN\",\"Exports (% of GDP)\",\"19.7\",\"19.1\",\"18.4\",\"18.6\",\"20.0\",\"20.7\",\n\"United States\",\"USA\",\"Exports (% of GDP)\",\"12.1\",\"12.3\",\"11.7\",\"10.2\",\"..\",\"11.6\",\n",
    );
    let mut h = harness(&f);
    let before = scene_text(&h);
    click(&mut h, "Add series from CSV…");
    click(&mut h, "data/wdi.csv");
    let d = data_step(&h);
    let table = d.table.clone().unwrap().unwrap();
    assert_eq!(table.skipped_lines, 4);
    assert_eq!(table.total_rows, 2);
    assert!(d.wide, "seen as wide");
    assert!(d.preview.is_none(), "no row chosen yet");
    click(&mut h, "filter column: Country Code");
    click(&mut h, "filter value: USA");
    let series = stage_series(&h);
    assert_eq!(series.len(), 3, "{:?}", data_step(&h).problems);
    assert_eq!(series[2].0, "usa");
    // years at 1 July; the ".." of 2021 is a gap
    let xs: Vec<f64> = series[2].1.iter().map(|p| p[0]).collect();
    assert_eq!(
        xs,
        [2017, 2018, 2019, 2020, 2022]
            .iter()
            .map(|y| day_x(*y, 7, 1))
            .collect::<Vec<_>>()
    );
    assert_eq!(series[2].1[4][1], 11.6);
    assert_eq!(scene_text(&h), before);
    h.key_press(Key::Enter);
    h.run_steps(3);
    let text = scene_text(&h);
    let scene: storyplot::model::file::SceneFile = storyplot::model::codec::parse(&text).unwrap();
    let s = &scene.plot.unwrap().series[2];
    assert!(s.wide);
    assert_eq!(
        s.filter.get("Country Code").map(String::as_str),
        Some("USA")
    );
    assert_eq!(stage_series(&h)[2].1.len(), 5);
}

#[path = "../benches/bigdeck.rs"]
mod bigdeck;

/// A CSV over the size the deck reads in the background (4 MiB) is read off the UI thread for
/// the preview too, as the deck's own big files are: the stage says what is being read, and
/// the series is previewed when it is in.
#[test]
fn a_big_file_is_previewed_after_a_read_in_the_background() {
    let f = Fixture::new();
    // 25 countries × 10,000 days, 22 bytes a row: about 5.5 MB
    let big = tempfile::tempdir().unwrap();
    bigdeck::write_deck(big.path(), 25, 10_000);
    let bytes = std::fs::read(big.path().join("data/big.csv")).unwrap();
    assert!(bytes.len() as u64 > storyplot::state::BACKGROUND_READ_BYTES);
    f.write_bytes("data/big.csv", &bytes);
    let deck = storyplot::model::load(&DirSource::open(f.path()).unwrap())
        .deck
        .unwrap();
    let mut app = App::new(deck, "fixture");
    app.doc.source_dir = Some(f.path().to_owned());
    app.doc.workspace = Some(storyplot::model::workspace::Workspace::open(f.path()).unwrap());
    assert!(app.doc.loading(0.0).is_none());
    let data = |a: DataStepAction| Action::Data(a);
    app.apply(data(DataStepAction::Open), 1.0);
    app.apply(data(DataStepAction::PickFile("data/big.csv".into())), 1.0);
    app.apply(data(DataStepAction::X(1)), 1.0);
    app.apply(data(DataStepAction::Y(2)), 1.0);
    app.apply(data(DataStepAction::FilterColumn(Some(0))), 1.0);
    app.apply(data(DataStepAction::FilterValue(Some("C003".into()))), 1.0);
    let step = |app: &App| match &app.modal {
        Some(Modal::DataStep(d)) => (**d).clone(),
        other => panic!("the data step is not open: {other:?}"),
    };
    // Not previewed yet: being read on another thread, which the stage shows.
    assert!(step(&app).preview.is_none());
    assert!(
        step(&app)
            .problems
            .iter()
            .any(|p| p.contains("the preview comes when it is done")),
        "{:?}",
        step(&app).problems
    );
    assert!(
        app.doc
            .loading(1.0)
            .is_some_and(|l| l.what.contains("data/big.csv")),
        "a background read"
    );
    // Each finished read is taken up once a frame (tick); a choice made while one ran may need
    // another.
    for t in 2..8 {
        app.state.doc.wait_for_job();
        app.state.tick(f64::from(t));
        if app.doc.loading(f64::from(t)).is_none() {
            break;
        }
    }
    assert!(app.doc.loading(9.0).is_none());
    let d = step(&app);
    assert!(
        d.problems.iter().all(|p| !p.contains("preview comes")),
        "{:?}",
        d.problems
    );
    let preview = d.preview.expect("previewed once read");
    let series = preview.scenes[0]
        .plot
        .as_ref()
        .unwrap()
        .series
        .last()
        .unwrap();
    assert_eq!(series.points.len(), 10_000);
    // The first row of C003 in the file: 1990-01-01.
    assert_eq!(series.points[0][0], day_x(1990, 1, 1));
}
