//! `cargo bench --bench perf`: frame cost, large series, loading and reloading, measured side by
//! side in one run. Prints a table and writes the same figures to `target/perf.json`.
//!
//! Frames are timed as the CPU work of one frame: egui's `Context::run_ui` plus tessellation, at
//! 1920×1080, with no display. These machines are shared and noisy: compare ratios, not absolute
//! times, and read the medians.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may stop on broken fixtures

use std::path::Path;
use std::time::{Duration, Instant};

use egui::{Context, Pos2, RawInput, Rect, Vec2};
use storyplot::app::App;
use storyplot::model::nav::Position;
use storyplot::model::source::DirSource;

#[path = "bigdeck.rs"]
mod bigdeck;

const SIZE: Vec2 = Vec2::new(1920.0, 1080.0);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs `frames` frames of `ui_fn` and returns the time of each, in ms (after `warmup`).
fn time_frames(
    ctx: &Context,
    warmup: usize,
    frames: usize,
    mut ui_fn: impl FnMut(&mut egui::Ui),
) -> Vec<f64> {
    let mut times = Vec::with_capacity(frames);
    let mut t = 0.0;
    for i in 0..warmup + frames {
        t += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SIZE)),
            time: Some(t),
            ..Default::default()
        };
        let start = Instant::now();
        let mut out = ctx.run_ui(input, &mut ui_fn);
        let primitives = ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(primitives);
        out.textures_delta.clear();
        if i >= warmup {
            times.push(elapsed);
        }
    }
    times
}

fn bundled() -> storyplot::model::Deck {
    storyplot::model::load(&storyplot::bundled::source())
        .deck
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn scenes_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes")
}

/// A deck with one scene plotting `n` daily points of a noisy series with a few spikes.
fn million_point_deck(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let mut csv = String::with_capacity(n * 24);
    csv.push_str("date,value\n");
    let start = storyplot::model::Date::parse("2000-01-01")
        .unwrap()
        .x_days();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for i in 0..n {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise = (seed % 1000) as f64 / 1000.0;
        let spike = if i % 99_991 == 0 { 40.0 } else { 0.0 };
        let d = storyplot::model::Date::from_x_days(start + i as f64);
        csv.push_str(&format!(
            "{d},{:.3}\n",
            (i as f64 / 5000.0).sin() * 10.0 + noise + spike
        ));
    }
    std::fs::write(dir.join("data/big.csv"), csv).unwrap();
    std::fs::write(
        dir.join("deck.ron"),
        r#"(title: "Big", eras: [(id: "all", label: "All", from: "1000-01-01", to: "9999-12-31")], scenes: ["big.ron"])"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("big.ron"),
        r#"(id: "big", date: "2000-01-01", title: "A million points", era: "all",
            excerpts: [(quote: "Many points.", attribution: (outlet: "Bench", date: "2025-05"))],
            plot: (y_label: "Value", series: [(id: "big", label: "Big", file: "data/big.csv", x: "date", y: "value", kind: Line,
                   source: (title: "Generated", publisher: "Storyplot bench"))]))"#,
    )
    .unwrap();
}

/// A deck of `n` scenes, each a copy of a bundled scene with its own id and date.
fn many_scene_deck(dir: &Path, n: usize) {
    copy_dir(&scenes_dir().join("data"), &dir.join("data"));
    let template = std::fs::read_to_string(scenes_dir().join("03-list-3-retaliation.ron")).unwrap();
    let mut names = Vec::new();
    for i in 0..n {
        let name = format!("{i:03}.ron");
        let text = template.replacen(
            r#"id: "list-3-retaliation""#,
            &format!(r#"id: "scene-{i}""#),
            1,
        );
        std::fs::write(dir.join(&name), text).unwrap();
        names.push(format!("{name:?}"));
    }
    let deck = std::fs::read_to_string(scenes_dir().join("deck.ron")).unwrap();
    let start = deck.find("scenes: [").unwrap();
    let end = deck[start..].find(']').unwrap() + start + 1;
    let deck = format!(
        "{}scenes: [{}]{}",
        &deck[..start],
        names.join(", "),
        &deck[end..]
    );
    std::fs::write(dir.join("deck.ron"), deck).unwrap();
}

/// Issue 13: the big-CSV deck loaded through the model's loader, in MB of the file per second.
fn csv_parse_mb_per_s() -> (&'static str, f64, String) {
    let deck = bigdeck::ensure_big_deck(&Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let bytes = std::fs::metadata(deck.join("data/big.csv")).unwrap().len() as f64;
    let source = DirSource::open(&deck).unwrap();
    let mut t = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let loaded = storyplot::model::load(&source);
        t.push(start.elapsed().as_secs_f64());
        let points = loaded
            .deck
            .map(|d| d.scenes[0].plot.as_ref().unwrap().series[0].points.len());
        assert_eq!(
            points,
            Some(bigdeck::DAYS),
            "{:?}",
            loaded.diagnostics.first()
        );
    }
    let secs = median(t);
    (
        "csv_parse_mb_per_s",
        bytes / 1e6 / secs,
        format!(
            "MB/s (not ms): {:.1} MB deck, one series of {} rows, loaded in {:.0} ms",
            bytes / 1e6,
            bigdeck::DAYS,
            secs * 1000.0
        ),
    )
}

/// The bundled deck to a web site (every scene page, chart and data file), median of 3; and
/// the site's size in bytes.
fn export_html_bundled() -> (&'static str, f64, String) {
    let deck = bundled();
    let fonts = storyplot::fonts::FontSet::system();
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let options = storyplot::export::Options {
        html_dir: Some(site.clone()),
        ..Default::default()
    };
    let mut t = Vec::new();
    let mut report = storyplot::export::Report::default();
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&site);
        let start = Instant::now();
        report = storyplot::export::export(&deck, &options, fonts, &mut |_| {}).unwrap();
        t.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let bytes: u64 = report
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    (
        "export_html_bundled_ms",
        median(t),
        format!(
            "the bundled deck to a web site, every step ({} files, {:.2} MB)",
            report.files.len(),
            bytes as f64 / 1e6
        ),
    )
}

/// The label solver alone on the step with the most labels, as the stage hands it over at
/// 1920x1080.
fn label_layout_busiest_ms(deck: &storyplot::model::Deck) -> (&'static str, f64, String) {
    let ctx = Context::default();
    let mut app = App::new(deck.clone(), "bundled");
    let mut busiest: Option<(usize, Position, storyplot::model::labels::Input)> = None;
    for (s, scene) in deck.scenes.iter().enumerate() {
        for k in 0..scene.steps.len() {
            app.state.show.pos = Position::new(s, k);
            app.ui = Default::default();
            time_frames(&ctx, 0, 3, |ui| app.ui(ui));
            if let Some(layout) = &app.ui.stage.plot.layout {
                let n = layout.input.labels.len();
                if busiest.as_ref().is_none_or(|(m, _, _)| n > *m) {
                    busiest = Some((n, Position::new(s, k), layout.input.clone()));
                }
            }
        }
    }
    let (n, pos, input) = busiest.unwrap();
    let mut t = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        std::hint::black_box(storyplot::model::labels::solve(std::hint::black_box(
            &input,
        )));
        t.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    (
        "label_layout_busiest_ms",
        median(t),
        format!(
            "solving {n} labels of scene {} step {} (1920x1080)",
            pos.scene + 1,
            pos.step + 1
        ),
    )
}

fn main() {
    let mut results: Vec<(&str, f64, String)> = Vec::new();
    // `cargo bench --bench perf -- export_html_bundled_ms`: that measure alone (printed, not
    // written to perf.json).
    if std::env::args().any(|a| a == "export_html_bundled_ms") {
        let (key, ms, what) = export_html_bundled();
        println!("{key:<24} {ms:>10.3}  {what}");
        return;
    }
    results.push(csv_parse_mb_per_s());

    // Baseline: an empty UI.
    let ctx = Context::default();
    let empty = median(time_frames(&ctx, 5, 200, |ui| {
        egui::CentralPanel::default().show(ui, |_| {});
    }));
    results.push(("frame_empty_ms", empty, "empty UI, 1920x1080".into()));

    // Every step of every bundled scene.
    let deck = bundled();
    let mut step_medians = Vec::new();
    let ctx = Context::default();
    let mut app = App::new(deck.clone(), "bundled");
    for (s, scene) in deck.scenes.iter().enumerate() {
        for k in 0..scene.steps.len() {
            app.state.show.pos = Position::new(s, k);
            app.ui = Default::default();
            let times = time_frames(&ctx, 4, 15, |ui| app.ui(ui));
            step_medians.push(median(times));
        }
    }
    let steps = step_medians.len();
    // Sanity: a scene frame really draws the stage.
    let mut out = ctx.run_ui(
        RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SIZE)),
            ..Default::default()
        },
        |ui| app.ui(ui),
    );
    let prims = ctx.tessellate(std::mem::take(&mut out.shapes), out.pixels_per_point);
    out.textures_delta.clear();
    let vertices: usize = prims
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    println!(
        "a scene frame: {} clipped primitives, {vertices} vertices",
        prims.len()
    );
    let worst = step_medians.iter().copied().fold(0.0, f64::max);
    results.push((
        "frame_scene_median_ms",
        median(step_medians),
        format!("median over {steps} steps"),
    ));
    results.push(("frame_scene_max_ms", worst, "the worst step".into()));
    results.push(label_layout_busiest_ms(&deck));
    // `cargo bench --bench perf -- labels`: only the measures above.
    if std::env::args().skip(1).any(|a| a == "labels") {
        for (key, ms, what) in &results {
            println!("{key:<24} {ms:>10.3}  {what}");
        }
        return;
    }

    // One million points: handed to egui_plot as is, and through the app's series path.
    let n = 1_000_000;
    let raw: Vec<egui_plot::PlotPoint> = (0..n)
        .map(|i| egui_plot::PlotPoint::new(i as f64, (i as f64 / 5000.0).sin() * 10.0))
        .collect();
    let ctx = Context::default();
    let raw_ms = median(time_frames(&ctx, 2, 10, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            egui_plot::Plot::new("raw").show(ui, |p| {
                p.line(egui_plot::Line::new(
                    "raw",
                    egui_plot::PlotPoints::Borrowed(&raw),
                ));
            });
        });
    }));
    results.push((
        "frame_1m_raw_ms",
        raw_ms,
        "1,000,000 points straight to egui_plot".into(),
    ));

    let tmp = tempfile::tempdir().unwrap();
    million_point_deck(tmp.path(), n);
    let loaded = storyplot::model::load(&DirSource::open(tmp.path()).unwrap());
    let big = loaded
        .deck
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let ctx = Context::default();
    let mut app = App::new(big, "big");
    let app_ms = median(time_frames(&ctx, 3, 30, |ui| app.ui(ui)));
    results.push((
        "frame_1m_app_ms",
        app_ms,
        format!(
            "the same size through the app (decimated): {:.0}x faster",
            raw_ms / app_ms
        ),
    ));

    // Loading
    let src = storyplot::bundled::source();
    let mut t = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        std::hint::black_box(storyplot::model::load(&src));
        t.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    results.push((
        "load_bundled_ms",
        median(t),
        "load + validate the bundled deck (in memory)".into(),
    ));

    let many = tempfile::tempdir().unwrap();
    many_scene_deck(many.path(), 500);
    let source = DirSource::open(many.path()).unwrap();
    let check = storyplot::model::load(&source);
    assert_eq!(check.errors(), 0, "{:?}", check.diagnostics.first());
    let mut t = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        std::hint::black_box(storyplot::model::load(&source));
        t.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    results.push((
        "load_500_ms",
        median(t),
        "load + validate a generated 500-scene deck from disk".into(),
    ));

    // Reload through the real watcher: write a changed scene file, wait for the new content.
    let deck_dir = tempfile::tempdir().unwrap();
    copy_dir(&scenes_dir(), deck_dir.path());
    let mut app = App::new(bundled(), "bundled");
    app.state.doc.source_dir = Some(deck_dir.path().to_owned());
    app.state.doc.watcher =
        Some(storyplot::watch::DeckWatcher::new(deck_dir.path(), || {}).unwrap());
    let file = deck_dir.path().join("05-phase-one.ron");
    let original = std::fs::read_to_string(&file).unwrap();
    let phase_one = app
        .state
        .doc
        .deck
        .scenes
        .iter()
        .position(|s| s.file == "05-phase-one.ron")
        .unwrap();
    let old_title = app.state.doc.deck.scenes[phase_one].title.clone();
    let mut t = Vec::new();
    for i in 0..15 {
        let title = format!("Phase One, edit {i}");
        std::fs::write(&file, original.replacen(&old_title, &title, 1)).unwrap();
        let start = Instant::now();
        while app.state.doc.deck.scenes[phase_one].title != title {
            app.poll_reload();
            std::thread::sleep(Duration::from_micros(500));
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "reload never came"
            );
        }
        t.push(start.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(150));
        app.poll_reload();
    }
    results.push((
        "reload_ms",
        median(t),
        format!(
            "write to state, through the watcher (debounce {} ms)",
            storyplot::watch::DEBOUNCE.as_millis()
        ),
    ));

    // A deck with big data (≈45 MB, ≈2 M rows, one series uses it): an edit and a reload of
    // one scene must not read it again.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let big_dir = bigdeck::ensure_big_deck(&target);
    let csv_bytes = std::fs::metadata(big_dir.join("data/big.csv"))
        .unwrap()
        .len();
    let origin = storyplot::shell::DeckOrigin::Folder(big_dir.clone());
    let started = Instant::now();
    let opening = origin.open();
    let first_frame_ready_ms = started.elapsed().as_secs_f64() * 1000.0;
    let screen = storyplot::shell::Screen::new(
        opening,
        &origin,
        Default::default(),
        &Default::default(),
        None,
    );
    let storyplot::shell::Screen::Running(mut app) = screen else {
        panic!("the big deck opens");
    };
    app.state.doc.wait_for_job();
    app.state.tick(0.0);
    let open_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(app.state.doc.deck.scenes.len(), 2, "the big deck is in");
    results.push((
        "open_big_window_ready_ms",
        first_frame_ready_ms,
        format!(
            "big deck ({:.0} MB): until the window can show (data read after)",
            csv_bytes as f64 / 1e6
        ),
    ));
    results.push((
        "open_big_data_in_ms",
        open_ms,
        "big deck: until its data is in (read off the UI thread)".into(),
    ));
    app.state.show.editor_open = true;
    let ctx = Context::default();
    time_frames(&ctx, 3, 1, |ui| app.ui(ui));
    let reads_before = app.state.doc.counters().series_read;
    let mut t = Vec::new();
    let mut title = String::from("One country of many");
    for _ in 0..30 {
        title.push('x');
        let text = bigdeck::BIG_SCENE.replacen("One country of many", &title, 1);
        app.push(storyplot::action::Action::Edit(
            storyplot::action::Edit::Text {
                file: "01-big.ron".into(),
                text,
                field: "01-big.ron/title".into(),
            },
        ));
        t.extend(time_frames(&ctx, 0, 1, |ui| app.ui(ui)));
        assert_eq!(app.state.doc.deck.scenes[0].title, title);
    }
    assert_eq!(
        app.state.doc.counters().series_read,
        reads_before,
        "an edit reads no CSV again"
    );
    results.push((
        "edit_keystroke_ms",
        median(t),
        "big deck: one character into a title, through the app (apply + frame)".into(),
    ));
    assert!(app.state.save(), "the edits are written");
    let scene_file = big_dir.join("01-big.ron");
    let mut t = Vec::new();
    for i in 0..30 {
        let title = format!("Reloaded {i}");
        std::fs::write(
            &scene_file,
            bigdeck::BIG_SCENE.replacen("One country of many", &title, 1),
        )
        .unwrap();
        let start = Instant::now();
        app.apply(
            storyplot::action::Action::FilesChanged(vec![scene_file.clone()]),
            0.0,
        );
        t.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(app.state.doc.deck.scenes[0].title, title);
    }
    std::fs::write(&scene_file, bigdeck::BIG_SCENE).unwrap();
    assert_eq!(
        app.state.doc.counters().series_read,
        reads_before,
        "a reload of one scene reads no CSV again"
    );
    results.push((
        "reload_one_scene_big_deck_ms",
        median(t),
        "big deck: one scene file rewritten, from the reload call to the app holding it".into(),
    ));

    // Handouts: the whole bundled deck to a PDF (every step), and one step to a PNG.
    let deck = bundled();
    let fonts = storyplot::fonts::FontSet::system();
    let out_dir = tempfile::tempdir().unwrap();
    let pdf = out_dir.path().join("handout.pdf");
    let options = storyplot::export::Options {
        pdf: Some(pdf.clone()),
        ..Default::default()
    };
    let mut t = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        storyplot::export::export(&deck, &options, fonts, &mut |_| {}).unwrap();
        t.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let pdf_bytes = std::fs::metadata(&pdf).unwrap().len();
    results.push((
        "export_pdf_bundled_ms",
        median(t),
        format!(
            "the bundled deck to PDF, every step ({:.2} MB)",
            pdf_bytes as f64 / 1e6
        ),
    ));
    let pos = Position::new(8, 3.min(deck.scenes[8].steps.len() - 1));
    let mut t = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let frame = storyplot::export::step_frame(&deck, pos, egui::vec2(1920.0, 1080.0), fonts);
        let png = storyplot::export::png_of(&frame, fonts, 1920, 1080).unwrap();
        t.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(png);
    }
    results.push((
        "export_png_step_ms",
        median(t),
        "one step to a 1920x1080 PNG (draw, vector form, rasterise)".into(),
    ));
    results.push(export_html_bundled());

    println!("\n{:<24} {:>10}  what", "measure", "ms");
    for (key, ms, what) in &results {
        println!("{key:<24} {ms:>10.3}  {what}");
    }
    let json = format!(
        "{{{}}}\n",
        results
            .iter()
            .map(|(k, v, _)| format!("\"{k}\": {v:.4}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/perf.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, json).unwrap();
    println!("\nwritten to {}", out.display());
}
