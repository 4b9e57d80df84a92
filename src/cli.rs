//! The command line: `storyplot [DECK_DIR] [--scene ID[#STEP]] [--present] [--screen N]`,
//! `storyplot --list-screens`, `storyplot check [DECK_DIR]` and
//! `storyplot describe [DECK_DIR] [--scene ID[#STEP]]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::model::diag::summary;
use crate::model::load;
use crate::model::source::{DeckSource, DirSource};

#[derive(Debug, Parser)]
#[command(
    name = "storyplot",
    version,
    about = "Tell a policy story in class: timeline scenes with plots and annotated excerpts"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Deck folder to open (default: the bundled story)
    pub deck: Option<PathBuf>,
    /// Start at this scene: an id, a number, optionally with #STEP (e.g. truce#2)
    #[arg(long, value_name = "ID[#STEP]")]
    pub scene: Option<String>,
    /// Start fullscreen, ready to present
    #[arg(long)]
    pub present: bool,
    /// Open the presenter window (notes, timer, next step) at start
    #[arg(long)]
    pub presenter: bool,
    /// Put the stage on this screen (a number from --list-screens; default: with two screens,
    /// the one that is not the laptop's)
    #[arg(long, value_name = "N")]
    pub screen: Option<usize>,
    /// Print the screens the app sees (number, name, size, position, scale), then exit
    #[arg(long)]
    pub list_screens: bool,
    /// Print a line to stderr for every frame painted (to check that the app idles)
    #[arg(long)]
    pub frame_stats: bool,
    /// Print the time from process start to the first frame, then exit
    #[arg(long)]
    pub exit_after_first_frame: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a deck and print every problem; exit 0 when there are no errors, 1 otherwise,
    /// 2 when the folder cannot be read
    Check {
        /// Deck folder (default: scenes)
        deck: Option<PathBuf>,
    },
    /// Print what a screen reader reads for each step's plot, one `scene-id#step: text` line
    /// per step (steps count from 1, as on screen and in --scene); exit 1 when the deck has
    /// errors, 2 when the folder cannot be read or the scene is unknown
    Describe {
        /// Deck folder (default: scenes)
        deck: Option<PathBuf>,
        /// Only this scene (an id or a number from 1), or only one step of it with #STEP
        #[arg(long, value_name = "ID[#STEP]")]
        scene: Option<String>,
    },
    /// Export the story as a handout: a PDF (one page per step, title page, outline, Sources
    /// page), PNG and SVG pictures of each step, a static web site; no window or GPU needed.
    /// Exit 0 when written, 1 when the deck has errors or a file cannot be written, 2 when the
    /// folder cannot be read
    Export {
        /// Deck folder (default: the bundled story)
        deck: Option<PathBuf>,
        /// Write the PDF handout here
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Write one PNG per step into this folder (NN-scene-id-sK.png, in story order)
        #[arg(long, value_name = "DIR")]
        png: Option<PathBuf>,
        /// Write one SVG per step into this folder (same names as the PNGs)
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Write the story as a static web site into this folder: index.html, one page per
        /// scene (scene-id.html#STEP, steps from 1), data/*.csv; works offline from file://
        #[arg(long, value_name = "DIR")]
        html: Option<PathBuf>,
        /// One page per step, or per scene (its last step)
        #[arg(long, value_enum, default_value_t = crate::export::Pages::Steps)]
        pages: crate::export::Pages,
        /// Add the speaker notes under each page (and to each step of the web site)
        #[arg(long)]
        notes: bool,
        /// PDF page: 16:9 (wide) or A4 portrait with room for notes
        #[arg(long, value_enum, default_value_t = crate::export::Paper::Wide)]
        paper: crate::export::Paper,
        /// Size of each picture in pixels, and the size the stage is laid out at
        #[arg(long, value_name = "WxH", default_value = "1920x1080", value_parser = crate::export::parse_size)]
        size: (u32, u32),
    },
    /// Rewrite a valid deck's files in the canonical form the app writes (comments are lost)
    #[command(hide = true)]
    Format {
        /// Deck folder (default: scenes)
        deck: Option<PathBuf>,
    },
}

/// Rewrites each scene file and `deck.ron` of a deck that has no errors into canonical form.
/// Returns the exit code; refuses (1) when the deck has errors, so nothing is lost.
pub fn format(dir: &Path, out: &mut dyn Write) -> i32 {
    use crate::model::codec;
    use crate::model::file::DeckFile;
    let source = match DirSource::open(dir) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(out, "{e}");
            return 2;
        }
    };
    let loaded = load(&source);
    if loaded.errors() > 0 {
        for d in &loaded.diagnostics {
            let _ = write!(out, "{d}");
        }
        let _ = writeln!(out, "not formatting: the deck has errors");
        return 1;
    }
    let deck_text = std::fs::read_to_string(dir.join(crate::model::load::DECK_FILE))
        .ok()
        .and_then(|t| codec::parse::<DeckFile>(&t).ok())
        .and_then(|d| codec::to_canonical(&d).ok());
    let mut files: Vec<(String, String)> = Vec::new();
    if let Some(text) = deck_text {
        files.push((crate::model::load::DECK_FILE.to_owned(), text));
    }
    for (name, scene) in &loaded.scene_files {
        if let Some(text) = scene.as_ref().and_then(|s| codec::to_canonical(s).ok()) {
            files.push((name.clone(), text));
        }
    }
    let mut code = 0;
    for (name, text) in files {
        let path = match source.resolve(&name) {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(out, "{}: {e}", dir.join(&name).display());
                code = 1;
                continue;
            }
        };
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        match crate::model::save::write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(out, "formatted {}", dir.join(&name).display());
            }
            Err(e) => {
                let _ = writeln!(out, "{}: cannot write: {e}", dir.join(&name).display());
                code = 1;
            }
        }
    }
    code
}

/// Runs `check` on `dir`, writing the report to `out`; returns the exit code.
pub fn check(dir: &Path, out: &mut dyn Write) -> i32 {
    let source = match DirSource::open(dir) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(out, "{e}");
            return 2;
        }
    };
    check_source(&source, out)
}

/// Runs `check` on any deck source, with the system's fonts.
pub fn check_source(source: &dyn DeckSource, out: &mut dyn Write) -> i32 {
    check_source_with(source, crate::fonts::FontSet::system(), out)
}

/// Runs `check` on any deck source: the deck's problems, then a warning for each character
/// that none of `fonts` can draw (first place in each file).
pub fn check_source_with(
    source: &dyn DeckSource,
    fonts: &crate::fonts::FontSet,
    out: &mut dyn Write,
) -> i32 {
    let loaded = load(source);
    let mut diagnostics = loaded.diagnostics.clone();
    let mut names = vec![crate::model::load::DECK_FILE.to_owned()];
    names.extend(loaded.scene_files.iter().map(|(n, _)| n.clone()));
    for name in names {
        let Ok(bytes) = source.read(&name, crate::model::limits::SCENE_FILE_BYTES) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        diagnostics.extend(undrawable(&text, &source.display_path(&name), fonts));
    }
    for d in &diagnostics {
        let _ = write!(out, "{d}");
    }
    let _ = writeln!(
        out,
        "{}",
        summary(loaded.scene_count, loaded.series_count, &diagnostics)
    );
    if loaded.errors() > 0 { 1 } else { 0 }
}

/// A warning at the first place of each character in `text` that no font of `fonts` draws.
pub fn undrawable(
    text: &str,
    path: &Path,
    fonts: &crate::fonts::FontSet,
) -> Vec<crate::model::Diagnostic> {
    use crate::model::diag::{Diagnostic, Severity};
    use crate::model::locate::Span;
    let mut seen: Vec<char> = Vec::new();
    let mut found = Vec::new();
    for (offset, c) in text.char_indices() {
        if c.is_ascii() || seen.contains(&c) || fonts.can_draw(c) {
            continue;
        }
        seen.push(c);
        found.push(Diagnostic::at(
            Severity::Warning,
            path,
            text,
            Span::at_offset(text, offset),
            format!(
                "no font can draw '{c}' (U+{:04X}): it shows as a box; install a font that has it (e.g. Debian's fonts-noto-cjk for Chinese)",
                c as u32
            ),
        ));
    }
    found
}

/// Runs `describe` on `dir`: each step's description as `scene-id#step: text`, steps counted
/// from 1 as the stage and `--scene` count them. Returns the exit code: 0; 1 when the deck has
/// errors (they are printed instead); 2 when the folder cannot be read or the scene is unknown
/// (as the app).
pub fn describe(dir: &Path, scene: Option<&str>, out: &mut dyn Write) -> i32 {
    let source = match DirSource::open(dir) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(out, "{e}");
            return 2;
        }
    };
    describe_source(&source, scene, out)
}

/// Runs `describe` on any deck source.
pub fn describe_source(source: &dyn DeckSource, scene: Option<&str>, out: &mut dyn Write) -> i32 {
    use crate::model::describe::describe;
    use crate::model::nav::Position;
    let loaded = load(source);
    let Some(deck) = loaded.deck.as_ref() else {
        for d in &loaded.diagnostics {
            let _ = write!(out, "{d}");
        }
        let _ = writeln!(
            out,
            "{}",
            summary(loaded.scene_count, loaded.series_count, &loaded.diagnostics)
        );
        return 1;
    };
    // Every step of every scene, of one scene, or one step (`ID#STEP`).
    let positions: Vec<Position> = match scene {
        None => deck
            .scenes
            .iter()
            .enumerate()
            .flat_map(|(i, s)| (0..s.steps.len()).map(move |k| Position::new(i, k)))
            .collect(),
        Some(text) => match Position::parse(text, deck) {
            Ok(pos) if text.contains('#') => vec![pos],
            Ok(pos) => {
                let steps = deck.scenes.get(pos.scene).map_or(0, |s| s.steps.len());
                (0..steps).map(|k| Position::new(pos.scene, k)).collect()
            }
            Err(e) => {
                let _ = writeln!(out, "--scene {text}: {e}");
                return 2;
            }
        },
    };
    for pos in positions {
        if let Some(s) = deck.scenes.get(pos.scene)
            && let Some(text) = describe(s, pos.step)
        {
            let _ = writeln!(out, "{}#{}: {text}", s.id, pos.step + 1);
        }
    }
    0
}

/// Runs `export`: loads the deck (`None`: the bundled story), writes what `opts` asks, prints
/// progress and problems to `err`. Returns the exit code.
pub fn export(deck_dir: Option<&Path>, opts: &crate::export::Options, err: &mut dyn Write) -> i32 {
    let loaded = match deck_dir {
        Some(dir) => match DirSource::open(dir) {
            Ok(source) => load(&source),
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return 2;
            }
        },
        None => load(&crate::bundled::source()),
    };
    let Some(deck) = loaded.deck.as_ref().filter(|_| loaded.errors() == 0) else {
        for d in &loaded.diagnostics {
            let _ = write!(err, "{d}");
        }
        let _ = writeln!(err, "not exporting: the deck has errors");
        return 1;
    };
    let fonts = crate::fonts::FontSet::system();
    let started = std::time::Instant::now();
    let result = crate::export::export(deck, opts, fonts, &mut |line| {
        let _ = writeln!(err, "{line}");
    });
    match result {
        Ok(report) => {
            let _ = writeln!(
                err,
                "wrote {} file(s){} in {:.1} s",
                report.files.len(),
                if report.pages > 0 {
                    format!(" ({} PDF pages)", report.pages)
                } else {
                    String::new()
                },
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            1
        }
    }
}
