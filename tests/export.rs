//! Issue 11: the story exported headless (no window, no GPU) to PDF, PNG and SVG, checked
//! structurally: page count, text layer, outline, links, picture sizes, SVG that parses; and
//! Chinese text drawn with a fallback font, with `check` warning when no font has a character.
//! The PDF checks use poppler's `pdfinfo`/`pdftotext` (`.ci/run` installs poppler-utils and
//! fonts-noto-cjk).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use std::path::Path;
use std::process::Command;

use storyplot::action::Action;
use storyplot::export::{self, Options, Pages};
use storyplot::fonts::FontSet;
use storyplot::model::deck::Deck;
use storyplot::model::load;

fn bundled() -> Deck {
    load(&storyplot::bundled::source()).deck.unwrap()
}

fn steps(deck: &Deck) -> usize {
    deck.scenes.iter().map(|s| s.steps.len()).sum()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test (apt-get install poppler-utils): {e}")
    });
    assert!(out.status.success(), "{name} {args:?} failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without any whitespace, so line breaks and word gaps do not matter.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// How often `needle` occurs in `haystack` (link actions are written outside compressed
/// streams, so their URIs can be found in the file's bytes).
fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

#[test]
fn the_bundled_deck_exports_to_a_pdf_with_text_outline_links_and_sources() {
    let deck = bundled();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("handout.pdf");
    let opts = Options {
        pdf: Some(pdf.clone()),
        date: "29 November 2026".to_owned(),
        ..Options::default()
    };
    let mut lines = Vec::new();
    let report = export::export(&deck, &opts, FontSet::system(), &mut |l| {
        lines.push(l.to_owned())
    })
    .unwrap();
    let n = steps(&deck);
    assert_eq!(report.pages, n + 2, "steps + title + sources");
    // Progress: one line per scene.
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("scene ")).count(),
        deck.scenes.len()
    );

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(pages, n + 2);
    assert!(info.contains(&deck.title), "{info}");

    let text = squeeze(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    for scene in &deck.scenes {
        for e in &scene.excerpts {
            assert!(
                text.contains(&squeeze(&e.quote)),
                "quote of {} not in the text layer: {}",
                scene.id,
                e.quote
            );
        }
        for series in scene.plot.iter().flat_map(|p| p.series.iter()) {
            assert!(
                text.contains(&squeeze(&series.source.title)),
                "source title not in the text layer: {}",
                series.source.title
            );
        }
        for check in &scene.checks {
            assert!(text.contains(&squeeze(&check.claim)), "{}", check.claim);
        }
    }
    assert!(text.contains("Sources"));

    // Fonts embedded (every font line of pdffonts says "yes" under emb).
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!font_lines.is_empty());
    for l in &font_lines {
        let cols: Vec<&str> = l.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {l}");
    }

    // Outline (as poppler reads it): one entry per scene, then the Sources page.
    let xml = tool(
        "pdftohtml",
        &["-xml", "-stdout", "-i", pdf.to_str().unwrap()],
    );
    let entries: Vec<&str> = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<item"))
        .collect();
    assert_eq!(entries.len(), deck.scenes.len() + 1, "outline: {entries:?}");
    for (entry, scene) in entries.iter().zip(&deck.scenes) {
        let first_word = scene.title.split_whitespace().next().unwrap();
        assert!(entry.contains(first_word), "{entry} is not {}", scene.title);
    }
    assert!(entries[deck.scenes.len()].contains("Sources"));
    // A link annotation to every source URL.
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    for scene in &deck.scenes {
        for series in scene.plot.iter().flat_map(|p| p.series.iter()) {
            if series.source.url.is_empty() {
                continue;
            }
            let uri = format!("/URI({})", series.source.url);
            assert!(
                count(&bytes, uri.as_bytes()) > 0,
                "no link annotation to {}",
                series.source.url
            );
        }
    }
    // Small enough to mail.
    assert!(bytes.len() < 5 * 1024 * 1024, "{} bytes", bytes.len());
}

#[test]
fn pngs_and_svgs_have_story_order_names_the_asked_size_and_parse() {
    let deck = bundled();
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        png_dir: Some(dir.path().join("png")),
        svg_dir: Some(dir.path().join("svg")),
        pages: Pages::Scenes,
        size: (640, 360),
        ..Options::default()
    };
    export::export(&deck, &opts, FontSet::system(), &mut |_| {}).unwrap();
    let names = |sub: &str, ext: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.path().join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .collect();
        v.sort();
        v
    };
    let pngs = names("png", ".png");
    let expected: Vec<String> = deck
        .scenes
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{:02}-{}-s{}.png", i + 1, s.id, s.steps.len()))
        .collect();
    assert_eq!(pngs, expected, "sorted names follow the story");
    for name in &pngs {
        let bytes = std::fs::read(dir.path().join("png").join(name)).unwrap();
        let decoded = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (640, 360), "{name}");
        // Not blank: the picture has dark (text) pixels and light (paper) pixels.
        let dark = decoded.pixels().iter().filter(|p| p.red() < 80).count();
        assert!(dark > 500, "{name} looks empty: {dark} dark pixels");
    }
    let svgs = names("svg", ".svg");
    assert_eq!(svgs.len(), pngs.len());
    for (name, scene) in svgs.iter().zip(&deck.scenes) {
        let text = std::fs::read_to_string(dir.path().join("svg").join(name)).unwrap();
        let tree = resvg::usvg::Tree::from_str(&text, &resvg::usvg::Options::default())
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        assert_eq!(tree.size().width(), 640.0);
        assert!(!text.contains("<image"), "{name} embeds a picture");
        assert!(text.contains("<text"), "{name} has no text");
        // The scene's title is in it as text (split in words).
        let first_word = scene.title.split_whitespace().next().unwrap();
        assert!(
            text.contains(&svg_escape(first_word)),
            "{name}: {first_word}"
        );
        // A chart's text alternative is its step's generated description.
        // (one page per scene: its last step)
        if let Some(alt) = storyplot::model::describe::describe(scene, scene.steps.len() - 1) {
            assert!(
                text.contains(&format!("<title>{}</title>", svg_escape(&alt))),
                "{name}: no description as its title"
            );
            assert!(text.contains(r#"role="img""#), "{name}");
        }
    }
}

fn svg_escape(s: &str) -> String {
    storyplot::export::svg::escape(s)
}

#[test]
fn file_stems_sort_in_story_order() {
    let deck = bundled();
    let all = export::positions(&deck, Pages::Steps);
    assert_eq!(all.len(), steps(&deck));
    let stems: Vec<String> = all.iter().map(|p| export::file_stem(&deck, *p)).collect();
    let mut sorted = stems.clone();
    sorted.sort();
    assert_eq!(stems, sorted);
    assert!(stems[0].starts_with("01-"));
}

#[test]
fn size_is_parsed_and_checked() {
    assert_eq!(export::parse_size("1920x1080"), Ok((1920, 1080)));
    assert_eq!(export::parse_size("800X450"), Ok((800, 450)));
    assert!(export::parse_size("1920").is_err());
    assert!(export::parse_size("0x10").is_err());
}

const CHINESE: &str = "中国制造2025";

/// The fixture deck with a Chinese scene title.
fn chinese_fixture() -> common::Fixture {
    let f = common::Fixture::new();
    f.edit(
        "01-war.ron",
        "title: \"The trade war begins\"",
        &format!("title: \"The trade war begins: {CHINESE}\""),
    );
    f
}

#[test]
fn a_chinese_title_is_real_text_in_the_pdf_with_a_fallback_font() {
    let fonts = FontSet::system();
    assert!(
        fonts.can_draw('中'),
        "no system font draws Chinese: install fonts-noto-cjk"
    );
    let f = chinese_fixture();
    let source = storyplot::model::source::DirSource::open(f.path()).unwrap();
    let deck = load(&source).deck.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("zh.pdf");
    let opts = Options {
        pdf: Some(pdf.clone()),
        svg_dir: Some(dir.path().join("svg")),
        ..Options::default()
    };
    export::export(&deck, &opts, fonts, &mut |_| {}).unwrap();
    let text = squeeze(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(text.contains(CHINESE), "{text}");
    let pdffonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let family = &fonts.faces[fonts.face_for('中')].family;
    assert!(
        pdffonts
            .to_lowercase()
            .contains(&family.replace(' ', "").to_lowercase()),
        "the fallback {family} is not in {pdffonts}"
    );
    // The SVG names the fallback family for the Chinese run.
    let svg_dir = dir.path().join("svg");
    let first = std::fs::read_dir(&svg_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let svg = std::fs::read_to_string(first.path()).unwrap();
    assert!(
        svg.contains(&format!("font-family=\"{family}\"")),
        "{family}"
    );
}

#[test]
fn check_warns_where_no_font_can_draw_a_character() {
    let f = chinese_fixture();
    let source = storyplot::model::source::DirSource::open(f.path()).unwrap();
    let latin_only = FontSet::with_fallbacks(Vec::new());
    let mut out = Vec::new();
    let code = storyplot::cli::check_source_with(&source, &latin_only, &mut out);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "a warning, not an error: {out}");
    let file = f.file("01-war.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().position(|l| l.contains(CHINESE)).unwrap() + 1;
    let col = text.lines().nth(line - 1).unwrap().find('中').unwrap();
    let col = text.lines().nth(line - 1).unwrap()[..col].chars().count() + 1;
    let place = format!("{}:{line}:{col}", file.display());
    assert!(out.contains(&place), "{place} not in\n{out}");
    assert!(out.contains("U+4E2D"), "{out}");
    // The bundled story needs no more than DejaVu Sans.
    let mut out = Vec::new();
    storyplot::cli::check_source_with(&storyplot::bundled::source(), &latin_only, &mut out);
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains("no font can draw"), "{out}");
    // With the system's fallback, the same deck draws: no such warning.
    if FontSet::system().can_draw('中') {
        let mut out = Vec::new();
        storyplot::cli::check_source_with(&source, FontSet::system(), &mut out);
        assert!(!String::from_utf8(out).unwrap().contains("no font can draw"));
    }
}

#[test]
fn a_still_frame_keeps_text_as_text() {
    let deck = bundled();
    let fonts = FontSet::with_fallbacks(Vec::new());
    let pos = storyplot::model::nav::Position::new(1, 0);
    let frame = export::step_frame(&deck, pos, egui::vec2(1280.0, 720.0), &fonts);
    let text = squeeze(&frame.text());
    let scene = &deck.scenes[1];
    assert!(text.contains(&squeeze(&scene.title)), "{text}");
    assert!(text.contains(&squeeze(&scene.excerpts[0].quote)));
    // No header buttons on a still page.
    assert!(!text.contains("Fullscreen"), "{text}");
    // Paths too: the plot's lines.
    assert!(
        frame
            .items
            .iter()
            .filter(|(_, i)| matches!(i, export::vector::Item::Path(_)))
            .count()
            > 20
    );
    let _ = Path::new("");
}

/// Ctrl+P opens the export dialog over the stage; Enter exports the deck as it is (on a
/// thread, the stage keeps drawing) and the dialog says where the file went.
#[test]
fn ctrl_p_exports_from_the_app_on_a_thread_and_says_where() {
    use egui::{Key, Modifiers};
    use storyplot::app::App;
    use storyplot::view::Modal;
    let deck = bundled();
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(deck.clone(), "bundled"),
        );
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run_steps(2);
    let Some(Modal::Export(prompt)) = &h.state().modal else {
        panic!("no export dialog: {:?}", h.state().modal);
    };
    assert!(prompt.path.ends_with(".pdf"), "{}", prompt.path);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("from-app.pdf");
    h.state_mut()
        .apply(Action::ModalText(pdf.display().to_string()), 0.0);
    h.state_mut().apply(
        Action::SetExportChoices(storyplot::view::ExportChoices {
            per_scene: true,
            pictures: true,
            ..Default::default()
        }),
        0.0,
    );
    h.key_press(Key::Enter);
    h.run_steps(1);
    assert!(
        matches!(&h.state().modal, Some(Modal::Export(p)) if p.running.is_some()),
        "{:?}",
        h.state().modal
    );
    // The export runs on its own thread: frames go on meanwhile.
    let mut outcome = None;
    for _ in 0..6000 {
        h.run_steps(1);
        if let Some(Modal::Export(p)) = &h.state().modal
            && let Some(o) = &p.outcome
        {
            outcome = Some(o.clone());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(outcome, Some(Ok(pdf.display().to_string())));
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.contains(&format!("Pages:           {}", deck.scenes.len() + 2)),
        "{info}"
    );
    // The pictures, one per page's step, beside the PDF.
    for kind in ["png", "svg"] {
        let n = std::fs::read_dir(dir.path().join(format!("from-app-{kind}")))
            .unwrap()
            .count();
        assert_eq!(n, deck.scenes.len(), "{kind}");
    }
    // Esc closes the dialog.
    h.key_press(Key::Escape);
    h.run_steps(1);
    assert_eq!(h.state().modal, None);
}

/// Cancel stops a running export: no file, and the dialog says so.
#[test]
fn a_cancelled_export_writes_nothing() {
    let deck = bundled();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("never.pdf");
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let opts = Options {
        pdf: Some(pdf.clone()),
        ..Options::default()
    };
    let result = export::export_with(&deck, &opts, FontSet::system(), &mut |_, _, _| {}, &cancel);
    assert!(matches!(result, Err(export::ExportError::Cancelled)));
    assert!(!pdf.exists());
}

#[test]
fn the_dialog_proposes_an_absolute_path_beside_the_deck_folder() {
    let p = storyplot::state::default_export_path(Some(std::path::Path::new("scenes")));
    let p = std::path::PathBuf::from(p);
    assert!(p.is_absolute(), "{}", p.display());
    assert_eq!(p.file_name().unwrap(), "scenes-handout.pdf");
    let cwd = std::env::current_dir().unwrap();
    assert_eq!(p.parent().unwrap(), cwd);
}

/// Ctrl+Shift+C (or right-click on the plot, Copy image) puts the current step's chart on the
/// clipboard as a picture; the context menu offers both picture actions.
#[test]
fn copy_image_puts_the_chart_on_the_clipboard() {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    use storyplot::app::App;
    let mut h = egui_kittest::Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(bundled(), "bundled"),
        );
    h.run_steps(2);
    // The keys (several events, so several frames: check the mapping, then one frame).
    assert_eq!(
        storyplot::action::action_for(Modifiers::COMMAND | Modifiers::SHIFT, Key::C),
        Some(Action::CopyImage)
    );
    h.state_mut().apply(Action::CopyImage, 0.0);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some((image.size, image.pixels.clone())),
            _ => None,
        });
    let (size, pixels) = copied.expect("no picture on the clipboard");
    assert_eq!(size, [1280, 800]);
    // A picture, not a blank: paper and ink.
    assert!(pixels.iter().filter(|p| p.r() < 80).count() > 1000);
    assert!(pixels.iter().filter(|p| p.r() > 240).count() > 100_000);
    // Right-click on the plot: the menu names both.
    let plot = h.state().ui.stage.plot.last_transform.unwrap();
    let at = plot.frame().center();
    h.hover_at(at);
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(3);
    h.get_by_label("Copy image");
    h.get_by_label("Save image as…");
}

#[test]
fn the_chart_alone_is_a_frame_with_its_title_and_sources() {
    let deck = bundled();
    let fonts = FontSet::with_fallbacks(Vec::new());
    let pos = storyplot::model::nav::Position::new(0, 0);
    let plot = storyplot::view::PlotSettings::default();
    let frame = export::chart_frame(&deck, pos, &plot, egui::vec2(1280.0, 800.0), &fonts);
    let text = squeeze(&frame.text());
    let p = deck.scenes[0].plot.as_ref().unwrap();
    assert!(text.contains(&squeeze(&p.title)), "{text}");
    assert!(text.contains(&squeeze(&p.series[0].source.title)), "{text}");
    // The quote is not part of the chart.
    assert!(!text.contains(&squeeze(&deck.scenes[0].excerpts[0].quote)));
}

/// The binary, with no display: progress per scene on stderr, exit 0; a missing folder is 2.
#[test]
fn the_export_command_runs_headless_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(["export", "--svg"])
        .arg(dir.path().join("svg"))
        .args(["--pages", "scenes", "--size", "320x180"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let deck = bundled();
    for (i, s) in deck.scenes.iter().enumerate() {
        let line = format!("scene {}/{} {}", i + 1, deck.scenes.len(), s.id);
        assert!(stderr.contains(&line), "{line} not in {stderr}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path().join("svg")).unwrap().count(),
        deck.scenes.len()
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .args(["export", "/nonexistent/deck", "--pdf"])
        .arg(dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let nothing = Command::new(env!("CARGO_BIN_EXE_storyplot"))
        .args(["export"])
        .output()
        .unwrap();
    assert_eq!(nothing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("nothing to export"));
}

/// The text strings that follow `key` in the dictionaries holding `marker` (e.g. the `/Alt`
/// of each `/S /Figure` structure element), decoded: krilla writes structure elements as plain
/// objects, their text as `(ASCII)` or `<FEFF UTF-16BE hex>`.
fn strings_after(bytes: &[u8], marker: &[u8], key: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], marker).map(|i| from + i) {
        from = at + marker.len();
        // The dictionary's object: back to its `obj`, on to its `endobj`.
        let start = rfind(&bytes[..at], b" obj").unwrap();
        let end = at + find(&bytes[at..], b"endobj").unwrap();
        let dict = &bytes[start..end];
        let Some(k) = find(dict, key) else { continue };
        let rest = &dict[k + key.len()..];
        let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap()..];
        out.push(pdf_string(rest));
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A PDF string at the start of `s`: a literal `( … )` or a hex `< … >` text string.
fn pdf_string(s: &[u8]) -> String {
    match s[0] {
        b'(' => {
            let mut out = Vec::new();
            let mut depth = 0;
            let mut i = 1;
            loop {
                match s[i] {
                    b'\\' => {
                        i += 1;
                        out.push(match s[i] {
                            b'n' => b'\n',
                            b'r' => b'\r',
                            b't' => b'\t',
                            c => c,
                        });
                    }
                    b'(' => {
                        depth += 1;
                        out.push(b'(');
                    }
                    b')' if depth == 0 => break,
                    b')' => {
                        depth -= 1;
                        out.push(b')');
                    }
                    c => out.push(c),
                }
                i += 1;
            }
            String::from_utf8(out).unwrap()
        }
        b'<' => {
            let end = s.iter().position(|b| *b == b'>').unwrap();
            let hex: Vec<u8> = s[1..end]
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            let bytes: Vec<u8> = hex
                .chunks(2)
                .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
                .collect();
            assert_eq!(&bytes[..2], &[0xFE, 0xFF], "a text string in UTF-16BE");
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        c => panic!("not a string: {}", c as char),
    }
}

/// Issue 15: the exported PDF is tagged (a structure tree a screen reader follows): each
/// chart is a Figure whose alternative text is its step's generated description, the page's
/// text is headings and paragraphs in reading order, and the document has a language.
#[test]
fn the_pdf_is_tagged_and_each_chart_is_a_figure_with_its_description() {
    let deck = bundled();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("tagged.pdf");
    let opts = Options {
        pdf: Some(pdf.clone()),
        pages: Pages::Scenes,
        size: (1280, 720),
        ..Options::default()
    };
    export::export(&deck, &opts, FontSet::system(), &mut |_| {}).unwrap();
    let bytes = std::fs::read(&pdf).unwrap();

    // One figure per chart, its /Alt the description of the page's step (the scene's last).
    let mut alts = strings_after(&bytes, b"/S/Figure", b"/Alt");
    alts.extend(strings_after(&bytes, b"/S /Figure", b"/Alt"));
    let mut expected: Vec<String> = deck
        .scenes
        .iter()
        .filter(|s| s.plot.is_some())
        .map(|s| storyplot::model::describe::describe(s, s.steps.len() - 1).unwrap())
        .collect();
    assert!(expected.len() >= 10, "the bundled deck has charts");
    assert_eq!(
        alts.len(),
        expected.len(),
        "figures with a text alternative"
    );
    alts.sort();
    expected.sort();
    assert_eq!(alts, expected);
    // The document's language, in the catalog and on the structure root.
    assert!(
        count(&bytes, b"/Lang(en)") + count(&bytes, b"/Lang (en)") >= 2,
        "no /Lang (en)"
    );

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    // The structure as poppler reads it: figures, headings and paragraphs, with the text of
    // each page in reading order (the scene's title before its first excerpt).
    let tree = tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    // A section per page: the title page, one per scene, the sources.
    let sections: Vec<&str> = tree.split("\n  Sect").skip(1).collect();
    assert_eq!(sections.len(), deck.scenes.len() + 2, "{tree}");
    let kinds = |section: &str, kind: &str| {
        section
            .lines()
            .filter(|l| l.trim_start().starts_with(kind))
            .count()
    };
    // The text of a section: poppler prints each line of text in double quotes.
    let text_of = |section: &str| -> String {
        section
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                (l.len() >= 2 && l.starts_with('"') && l.ends_with('"'))
                    .then(|| squeeze(&l[1..l.len() - 1]))
            })
            .collect()
    };
    assert_eq!(kinds(sections[0], "H1"), 1, "{}", sections[0]);
    assert!(text_of(sections[0]).starts_with(&squeeze(&deck.title)));
    for (scene, section) in deck.scenes.iter().zip(&sections[1..]) {
        assert_eq!(
            kinds(section, "Figure"),
            usize::from(scene.plot.is_some()),
            "{}: {section}",
            scene.id
        );
        // The slide's title is its one heading, read before the excerpts, which are
        // paragraphs.
        assert_eq!(kinds(section, "H1"), 1, "{}: {section}", scene.id);
        assert!(kinds(section, "P ") >= 3, "{}: {section}", scene.id);
        // Every paragraph has text to read (labels the plot clips away are the chart's).
        let lines: Vec<&str> = section.lines().collect();
        for w in lines.windows(2) {
            if w[0].trim_start().starts_with("P ") {
                assert_ne!(w[1].trim(), "\"\"", "{}: an empty paragraph", scene.id);
            }
        }
        let text = text_of(section);
        let title = text.find(&squeeze(&scene.title));
        assert!(title.is_some(), "{}: no title in {section}", scene.id);
        for e in &scene.excerpts {
            let quote = text.find(&squeeze(&e.quote));
            assert!(quote.is_some(), "{}: no quote in {section}", scene.id);
            assert!(title < quote, "{}: the title is read first", scene.id);
        }
    }
    assert!(text_of(sections[deck.scenes.len() + 1]).starts_with("Sources"));
    // The text layer is still the real text.
    let text = squeeze(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(text.contains(&squeeze(&deck.scenes[0].excerpts[0].quote)));
}
