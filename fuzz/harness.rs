//! What each fuzz target does with its input. Shared by the targets in `fuzz/fuzz_targets/` and
//! by `tests/fuzz_regressions.rs`, so a saved input replays exactly the code the fuzzer ran.
//!
//! Nothing here asserts anything: a target fails only by panicking, hanging or running out of
//! memory.

use std::path::Path;
use std::sync::OnceLock;

use storyplot::model::codec;
use storyplot::model::diag::{Diagnostic, Severity, summary};
use storyplot::model::file::{DeckFile, SceneFile};
use storyplot::model::load;
use storyplot::model::locate::Locations;
use storyplot::model::source::MemorySource;
use storyplot::model::table::{CsvFile, FileOptions, Layout, ReadOptions};

/// Paths looked up in every scanned file: present in real files, absent, and odd.
const PATHS: &[&str] = &[
    "",
    "id",
    "title",
    "excerpts[0].quote",
    "excerpts[0].highlights[0].phrase",
    "plot.series[0].filter.series",
    "plot.series[1].source.url",
    "plot.annotations[2].date",
    "plot.x_range[1]",
    "steps[2].show[0]",
    "eras[0].color",
    "scenes[3]",
    "a.#key",
    "[.]",
];

/// `scene_file`: the bytes as a scene file and as a deck file (when they are UTF-8), and the
/// tolerant scanner that finds values by path.
pub fn scene_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match codec::parse::<SceneFile>(text) {
        Ok(scene) => {
            let _ = codec::to_canonical(&scene);
        }
        Err(e) => {
            let _ = codec::describe(&e.code);
        }
    }
    match codec::parse::<DeckFile>(text) {
        Ok(deck) => {
            let _ = codec::to_canonical(&deck);
        }
        Err(e) => {
            let _ = codec::describe(&e.code);
        }
    }
    let loc = Locations::scan(text);
    for path in PATHS {
        let _ = loc.find(path);
        let _ = loc.has(path);
    }
    // A path made of the input itself.
    let own: String = text.chars().take(64).collect();
    let _ = loc.find(&own);
}

/// Separates the parts of a `deck_load` input: scene, then CSV, then `deck.ron`.
pub const SEPARATOR: u8 = 0;

/// The bundled deck cut down to one scene: every file of it, the name of the scene the input
/// replaces, and a `deck.ron` that lists only that scene.
struct Base {
    files: Vec<(String, Vec<u8>)>,
    scene: String,
    deck: Vec<u8>,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let files: Vec<(String, Vec<u8>)> = storyplot::bundled::FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
            .collect();
        let deck_text = files
            .iter()
            .find(|(name, _)| name == load::DECK_FILE)
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
            .unwrap_or_default();
        let (scene, deck) = match codec::parse::<DeckFile>(deck_text) {
            Ok(mut deck) => {
                let scene = deck.scenes.first().cloned().unwrap_or_default();
                deck.scenes = vec![scene.clone()];
                (scene, codec::to_canonical(&deck).unwrap_or_default())
            }
            Err(_) => (String::new(), String::new()),
        };
        Base {
            files,
            scene,
            deck: deck.into_bytes(),
        }
    })
}

/// The name of the scene file a `deck_load` input replaces.
pub fn replaced_scene() -> &'static str {
    &base().scene
}

/// The deck a `deck_load` input stands for. Split at [`SEPARATOR`]: the first part is the scene
/// file's text, the second (if any) replaces every CSV file under `data/`, the third (if any)
/// replaces `deck.ron` (otherwise a `deck.ron` that lists just that scene).
pub fn deck_source(data: &[u8]) -> MemorySource {
    let base = base();
    let mut parts = data.splitn(3, |&b| b == SEPARATOR);
    let scene = parts.next().unwrap_or_default();
    let csv = parts.next();
    let deck = parts.next().unwrap_or(&base.deck);
    let files = base
        .files
        .iter()
        .map(|(name, bytes)| {
            let bytes = if *name == base.scene {
                scene
            } else if name == load::DECK_FILE {
                deck
            } else if let (true, Some(csv)) = (name.ends_with(".csv"), csv) {
                csv
            } else {
                bytes
            };
            (name.clone(), bytes.to_vec())
        })
        .collect();
    MemorySource::new("fuzz", files)
}

/// `deck_load`: the whole loader and validator on the deck of [`deck_source`], then every
/// diagnostic rendered as `storyplot check` prints it.
pub fn deck_load(data: &[u8]) {
    let loaded = load(&deck_source(data));
    for d in &loaded.diagnostics {
        let _ = d.to_string();
    }
    let _ = summary(loaded.scene_count, loaded.series_count, &loaded.diagnostics);
}

/// Filter or exclude pairs: column index and value.
type Pairs<'a> = &'a [(usize, &'a str)];

/// `csv_table`: the bytes as a CSV file (when they are UTF-8), with its dialect detected, then a
/// few series read from it (long and wide, with and without declared formats), with every
/// problem rendered as a diagnostic.
pub fn csv_table(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("data.csv");
    let render = |text: &str, span, message: String| {
        let _ = Diagnostic::at(Severity::Error, file, text, span, message).to_string();
    };
    let table = match CsvFile::open(text.to_owned(), &FileOptions::default()) {
        Ok(table) => table,
        Err((e, text)) => return render(&text, e.span, e.message),
    };
    let n = table.headers.len();
    let value = |i: usize| table.headers.get(i).map_or("", String::as_str);
    let filter = [(1, value(1))];
    let exclude = [(2, value(2))];
    let plain = ReadOptions::default();
    let declared = ReadOptions {
        x_format: Some("%d/%m/%Y".into()),
        decimal: Some(storyplot::model::numbers::Decimal::Comma),
        missing: Some(vec!["x".into()]),
    };
    let long = |x, y| Layout::Long { x, y };
    let choices: [(Layout, Pairs, Pairs, &ReadOptions); 6] = [
        (long(0, 1), &[], &[], &plain),
        (long(1, 0), &[], &[], &declared),
        (long(0, n.saturating_sub(1)), &filter, &[], &plain),
        (long(0, 1), &[], &exclude, &plain),
        (long(n, 0), &filter, &exclude, &plain),
        (Layout::Wide, &filter, &[], &plain),
    ];
    for (layout, filter, exclude, options) in choices {
        if let Err(errors) = table.extract(layout, filter, exclude, options) {
            for e in errors {
                render(table.text(), e.span, e.message);
            }
        }
    }
    for options in [
        FileOptions {
            delimiter: Some(b';'),
            skip_rows: Some(2),
        },
        FileOptions {
            delimiter: None,
            skip_rows: Some(0),
        },
    ] {
        if let Err((e, text)) = CsvFile::open(text.to_owned(), &options) {
            render(&text, e.span, e.message);
        }
    }
}
