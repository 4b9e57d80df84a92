//! Issue 2: the bundled deck loads clean, is kept in canonical form, round-trips, and no
//! mangled version of it makes the loader panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use storyplot::model::codec;
use storyplot::model::file::{DeckFile, SceneFile, SeriesFile};
use storyplot::model::load;
use storyplot::model::source::{DirSource, MemorySource};

fn bundled_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes");
    for dir in [root.clone(), root.join("data")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let name = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_bundled_deck_has_no_errors_and_no_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes");
    let loaded = load(&DirSource::open(&dir).unwrap());
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "{}", shown.join(""));
    let deck = loaded.deck.unwrap();
    assert!(deck.scenes.len() >= 12, "only {} scenes", deck.scenes.len());
    // the dated scenes in date order, from the Made in China 2025 launch to after the article
    let dated: Vec<_> = deck.scenes.iter().filter_map(|s| s.date).collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dated:?}");
    assert_eq!(deck.scenes[0].date.map(|d| d.year()), Some(2015));
    // the analysis of 2004-2024 data is not pinned to a day of May 2025 (issue 14)
    for id in [
        "world-factory",
        "gdp-vs-consumption",
        "consumption-gap",
        "trade-surplus",
        "mic2025-scorecard",
    ] {
        let s = &deck.scenes[deck.scene_index(id).unwrap()];
        assert_eq!(s.date, None, "{id}");
        assert!(s.period.is_some(), "{id}");
    }
    assert!(deck.scenes.iter().any(|s| s.epilogue));
    // every plotted series names its source
    for s in deck
        .scenes
        .iter()
        .filter_map(|s| s.plot.as_ref())
        .flat_map(|p| &p.series)
    {
        assert!(
            !s.source.publisher.is_empty() && !s.source.title.is_empty(),
            "{}",
            s.id
        );
    }
    // the two claims the data does not support are fact-checked on a scene
    let checks: Vec<&str> = deck
        .scenes
        .iter()
        .flat_map(|s| &s.checks)
        .map(|c| c.claim.as_str())
        .collect();
    assert!(checks.iter().any(|c| c.contains("next four")), "{checks:?}");
    assert!(
        checks.iter().any(|c| c.contains("13 per cent")),
        "{checks:?}"
    );
}

#[test]
fn the_embedded_copy_matches_the_folder() {
    let embedded: Vec<(String, Vec<u8>)> = storyplot::bundled::FILES
        .iter()
        .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
        .collect();
    let on_disk: Vec<(String, Vec<u8>)> = bundled_files()
        .into_iter()
        .filter(|(n, _)| n.ends_with(".ron") || n.ends_with(".csv") || n.ends_with(".md"))
        .collect();
    assert_eq!(
        embedded.iter().map(|f| &f.0).collect::<Vec<_>>(),
        on_disk.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(
        embedded == on_disk,
        "the binary embeds a stale copy of scenes/"
    );
    let loaded = load(&storyplot::bundled::source());
    assert_eq!(loaded.errors(), 0);
}

#[test]
fn bundled_files_are_in_canonical_form_and_round_trip() {
    for (name, bytes) in bundled_files() {
        if !name.ends_with(".ron") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let canonical = if name == "deck.ron" {
            let deck: DeckFile = codec::parse(&text).unwrap();
            let out = codec::to_canonical(&deck).unwrap();
            assert_eq!(codec::parse::<DeckFile>(&out).unwrap(), deck, "{name}");
            out
        } else {
            let scene: SceneFile = codec::parse(&text).unwrap();
            let out = codec::to_canonical(&scene).unwrap();
            assert_eq!(codec::parse::<SceneFile>(&out).unwrap(), scene, "{name}");
            out
        };
        assert!(
            canonical == text,
            "{name} is not in canonical form; run `cargo run -- format scenes`"
        );
    }
}

#[test]
fn awkward_text_round_trips() {
    let mut scene: SceneFile = codec::parse(
        r#"(id: "x", date: "2020-01-01", title: "t", era: "e", excerpts: [(quote: "q", attribution: (outlet: "o", date: "2020-01"))])"#,
    )
    .unwrap();
    for text in [
        "quote \"marks\" and \\ backslash",
        "curly \u{201c}quotes\u{201d} — dashes, emoji 🏭, CJK 自力更生",
        "new\nlines\tand tabs",
        "r#\"raw-looking\"#",
        "",
    ] {
        scene.title = text.to_owned();
        scene.excerpts[0].quote = text.to_owned();
        scene.notes = text.to_owned();
        let out = codec::to_canonical(&scene).unwrap();
        assert_eq!(
            codec::parse::<SceneFile>(&out).unwrap(),
            scene,
            "{text:?} -> {out}"
        );
    }
}

#[test]
fn the_format_guide_example_parses() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes/FORMAT.md"))
            .unwrap();
    let blocks: Vec<&str> = guide
        .split("```ron\n")
        .skip(1)
        .filter_map(|b| b.split("\n```").next())
        .collect();
    assert_eq!(
        blocks.len(),
        6,
        "expected the deck.ron, the scene example, the analysis scene and three series examples"
    );
    codec::parse::<DeckFile>(blocks[0]).unwrap();
    let (mut scenes, mut series) = (0, 0);
    for block in &blocks[1..] {
        if codec::parse::<SceneFile>(block).is_ok() {
            scenes += 1;
            continue;
        }
        codec::parse::<SeriesFile>(block).unwrap();
        series += 1;
    }
    assert_eq!((scenes, series), (2, 3));
}

/// A tiny deterministic generator (xorshift), so failures can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 => out.truncate(rng.below(out.len() + 1)),
            1 => {
                for _ in 0..=rng.below(8) {
                    let i = rng.below(out.len());
                    if let Some(b) = out.get_mut(i) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
            2 => {
                let text = String::from_utf8_lossy(&out).into_owned();
                let mut lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let at = rng.below(lines.len());
                    let n = 1 + rng.below(4);
                    lines.drain(at..(at + n).min(lines.len()));
                }
                out = lines.join("\n").into_bytes();
            }
            3 => {
                let i = rng.below(out.len() + 1);
                let junk: &[&[u8]] = &[
                    b"(", b")", b"[", b"]", b"\"", b",", b":", b"#", b"\xff", b"r#\"", b"NaN",
                    b"-1e999", b"//", b"/*", b"Some(", b"\n",
                ];
                let j = junk[rng.below(junk.len())];
                out.splice(i..i, j.iter().copied());
            }
            4 => {
                // duplicate a slice somewhere else
                if out.len() > 2 {
                    let a = rng.below(out.len());
                    let b = (a + rng.below(200)).min(out.len());
                    let piece = out[a..b].to_vec();
                    let at = rng.below(out.len());
                    out.splice(at..at, piece);
                }
            }
            _ => {
                let i = rng.below(out.len());
                if i < out.len() {
                    out.remove(i);
                }
            }
        }
    }
    out
}

#[test]
fn no_mangled_file_panics_the_loader() {
    let files = bundled_files();
    let mut rng = Rng(0x5EED_CAFE_F00D_1234);
    let mut rejected = 0;
    let rounds = 3000;
    for round in 0..rounds {
        let victim = rng.below(files.len());
        let mut mangled = files.clone();
        mangled[victim].1 = mutate(&mut rng, &files[victim].1);
        let source = MemorySource::new("deck", mangled);
        let loaded = std::panic::catch_unwind(|| load(&source));
        let loaded = match loaded {
            Ok(l) => l,
            Err(_) => panic!(
                "round {round}: loader panicked on a mutation of {}",
                files[victim].0
            ),
        };
        if loaded.deck.is_none() {
            rejected += 1;
            assert!(loaded.errors() > 0, "round {round}: no deck but no error");
        }
        for d in &loaded.diagnostics {
            let _ = d.to_string();
        }
    }
    // Most mutations must be caught; a few (in a comment, or in a note) are harmless.
    assert!(
        rejected > rounds / 3,
        "only {rejected} of {rounds} mutations were rejected"
    );
}
