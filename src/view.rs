//! What drawing code gets: read-only views of the state (shared references only) and an
//! [`Outbox`] for what the viewer asked for. Drawing never holds the state owner: every change
//! it wants is an [`Action`] in the outbox, applied at the end of the frame. The same views draw
//! the stage, the presenter's previews, the overview's thumbnails and (later) export pages.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::action::Action;
use crate::model::Diagnostic;
use crate::model::deck::{Deck, Scene, Step, ThemeName, YScale};
use crate::model::nav::Position;
use crate::model::workspace::{Conflict, Workspace};

/// Scenes per row in the overview.
pub const OVERVIEW_COLUMNS: usize = 4;

/// What overlays the stage and owns the keyboard: one at a time, so two dialogs at once cannot
/// be written down. Esc cancels (or closes) it; Enter takes its default button.
#[derive(Clone, Debug, PartialEq)]
pub enum Modal {
    /// The list of shortcuts.
    Help,
    /// The grid of all scenes, with the selected card.
    Overview { cursor: usize },
    /// The jump box: what was typed, and why the last try failed.
    Jump { text: String, error: Option<String> },
    /// Unsaved changes before closing the window or opening another deck.
    ClosePrompt { then: AfterPrompt },
    /// A file changed on disk while it holds unsaved edits: which to keep.
    Conflict(Conflict),
    /// New deck, open deck or save as: a folder, typed or picked with the system's dialog.
    Folder(FolderPrompt),
    /// Taking a scene file out of the deck.
    ConfirmDelete { file: String },
    /// "Add series from CSV…": a file of the deck's `data/`, its columns, a filter, a preview.
    DataStep(Box<DataStep>),
    /// The export dialog (Ctrl+P): a PDF handout of the story as the stage shows it.
    Export(ExportPrompt),
    /// The plotted series of the step on show as a table, with the row the keyboard is on.
    Table { row: usize },
}

impl Modal {
    /// The buttons of a dialog, in Tab order, and which one Enter takes (`None` for modals
    /// that are not dialogs).
    pub fn buttons(&self) -> Option<(&'static [&'static str], usize)> {
        match self {
            Modal::ClosePrompt { .. } => Some((&["Save", "Discard", "Cancel"], 0)),
            Modal::Conflict(_) => Some((&["Keep my changes", "Take the version on disk"], 0)),
            Modal::ConfirmDelete { .. } => Some((&["Delete", "Cancel"], 1)),
            _ => None,
        }
    }
}

/// The editor's data step: a CSV file of the deck's `data/` folder shown as the loader reads
/// it, its columns for x and y and a filter, and the scene previewed with the series on the
/// stage. Nothing is written until OK; Esc leaves no change behind.
#[derive(Clone, Debug, PartialEq)]
pub struct DataStep {
    /// The scene file the series goes into.
    pub scene_file: String,
    /// The CSV files of `data/`, deck-relative (`data/gdp.csv`).
    pub files: Vec<String>,
    pub file: Option<String>,
    /// The chosen file as the loader reads it, or why it does not read.
    pub table: Option<Result<crate::model::datastep::CsvPreview, String>>,
    /// Column indexes of the chosen file.
    pub x: Option<usize>,
    pub y: Option<usize>,
    pub filter_column: Option<usize>,
    pub filter_value: Option<String>,
    /// For `03/04/2019` dates: day first (`%d/%m/%Y`) or month first.
    pub day_first: Option<bool>,
    /// A wide table: dates from the header, values from the row the filter selects.
    pub wide: bool,
    /// A CSV file elsewhere to copy into `data/`, as typed; `asking`: the copy waits for a yes.
    pub copy_path: String,
    pub asking: bool,
    /// The deck with the series added, as the stage shows it while the dialog is open.
    pub preview: Option<std::sync::Arc<Deck>>,
    /// What the loader says about the series (problems the deck did not have before).
    pub problems: Vec<String>,
    /// Why the last request failed.
    pub error: Option<String>,
}

impl DataStep {
    /// The author's choice, once a file and both columns are chosen.
    pub fn choice(&self) -> Option<crate::model::datastep::Choice> {
        let Some(Ok(table)) = &self.table else {
            return None;
        };
        let name = |i: Option<usize>| i.and_then(|i| table.headers.get(i)).cloned();
        let filter = match (name(self.filter_column), &self.filter_value) {
            (Some(c), Some(v)) => Some((c, v.clone())),
            _ => None,
        };
        let sep = table
            .rows
            .iter()
            .filter_map(|r| self.x.and_then(|x| r.get(x)))
            .find_map(|c| c.chars().find(|ch| matches!(ch, '/' | '-' | '.')))
            .unwrap_or('/');
        if self.wide {
            return Some(crate::model::datastep::Choice {
                file: self.file.clone()?,
                x: String::new(),
                y: String::new(),
                filter: Some(filter?),
                x_format: None,
                wide: true,
            });
        }
        Some(crate::model::datastep::Choice {
            file: self.file.clone()?,
            x: name(self.x)?,
            y: name(self.y)?,
            wide: false,
            filter,
            x_format: self.day_first.map(|d| {
                if d {
                    format!("%d{sep}%m{sep}%Y")
                } else {
                    format!("%m{sep}%d{sep}%Y")
                }
            }),
        })
    }
}

/// The export dialog: where the PDF goes, its choices, and how the export is doing.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportPrompt {
    /// The PDF file to write.
    pub path: String,
    pub choices: ExportChoices,
    /// Pages drawn so far and in all, while the export runs (on its own thread).
    pub running: Option<(usize, usize)>,
    /// What the last export did: the file written, or why it failed.
    pub outcome: Option<Result<String, String>>,
}

/// The export dialog's choices (as `storyplot export`'s `--pages scenes`, `--notes`,
/// `--paper a4`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportChoices {
    pub per_scene: bool,
    pub notes: bool,
    pub a4: bool,
    /// Also a PNG and an SVG of each page's step, in `<name>-png/` and `<name>-svg/` beside
    /// the PDF.
    pub pictures: bool,
    /// Also the story as a web site (`index.html`, a page per scene, the data as CSV) in
    /// `<name>-web/` beside the PDF.
    pub web: bool,
}

/// What happens once the close prompt is answered with Save or Discard.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterPrompt {
    /// Close the window.
    Quit,
    /// Open the deck in this folder.
    Open(PathBuf),
}

/// What a folder prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderPurpose {
    /// A minimal valid deck in an empty folder.
    NewDeck,
    /// Another deck.
    OpenDeck,
    /// This deck, as edited, copied into an empty folder.
    SaveAs,
}

impl FolderPurpose {
    pub fn title(self) -> &'static str {
        match self {
            FolderPurpose::NewDeck => "New deck",
            FolderPurpose::OpenDeck => "Open deck",
            FolderPurpose::SaveAs => "Save deck as",
        }
    }
}

/// The folder prompt: what it is for, the path typed (or picked), why it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct FolderPrompt {
    pub purpose: FolderPurpose,
    pub path: String,
    pub error: Option<String>,
    /// The system's folder dialog is open (on its own thread).
    pub browsing: bool,
}

/// The viewer's changes to the current scene's plot; reset when the scene changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlotSettings {
    /// Series hidden with the legend (by index).
    pub hidden: BTreeSet<usize>,
    /// `Some(true)` when the viewer switched the log scale on (overrides the scene's scale).
    pub log_override: Option<bool>,
    /// Counts "reset the plot" requests: the plot resets its zoom when this changes.
    pub resets: u64,
}

/// The presenter's elapsed-time clock: runs from the first frame, can be paused and reset.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Stopwatch {
    /// When the current run started (app seconds); `None` while paused.
    pub running_since: Option<f64>,
    /// Time counted before the current run.
    pub banked_secs: f64,
}

impl Stopwatch {
    pub fn elapsed_secs(&self, now_secs: f64) -> f64 {
        self.banked_secs + self.running_since.map_or(0.0, |s| (now_secs - s).max(0.0))
    }
    pub fn toggle(&mut self, now_secs: f64) {
        match self.running_since.take() {
            Some(since) => self.banked_secs += (now_secs - since).max(0.0),
            None => self.running_since = Some(now_secs),
        }
    }
    pub fn reset(&mut self, now_secs: f64) {
        self.banked_secs = 0.0;
        if self.running_since.is_some() {
            self.running_since = Some(now_secs);
        }
    }
}

/// Whether the presenter is ahead of or behind the planned pace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    Ahead,
    OnTime,
    Behind,
}

/// Where drawing code puts what the viewer asked for during a frame.
#[derive(Debug, Default)]
pub struct Outbox {
    /// Applied in order at the end of the frame.
    pub actions: Vec<Action>,
    /// The highlight or annotation id under the pointer this frame (linked hover).
    pub hover: Option<String>,
}

impl Outbox {
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }
}

/// A data file being read off the UI thread, for the progress indication.
#[derive(Clone, Debug, PartialEq)]
pub struct Loading {
    /// What is read, e.g. `data/big.csv (46 MB)`.
    pub what: String,
    /// Seconds since it started.
    pub secs: f64,
}

/// One step of one scene as the audience sees it: everything the stage function reads.
#[derive(Clone, Copy, Debug)]
pub struct StageView<'a> {
    pub deck: &'a Deck,
    pub pos: Position,
    pub theme: ThemeName,
    /// `false` for previews, thumbnails and exports: nothing reacts to the pointer.
    pub interactive: bool,
    /// The highlight or annotation the pointer is on (from the last frame).
    pub hovered_link: Option<&'a str>,
    pub plot: &'a PlotSettings,
    /// Digits typed on the stage, waiting for Enter.
    pub digits: &'a str,
    /// Problems of the deck files (errors: the stage shows the last good deck).
    pub problems: &'a [Diagnostic],
    pub fullscreen: bool,
    /// The editor is open (a click on the plot adds a callout).
    pub editing: bool,
    pub loading: Option<&'a Loading>,
    /// Steps change the plot's range at once instead of easing.
    pub reduce_motion: bool,
    /// Which deck this is (see `Document::revision`): what drawing caches from it is keyed by it.
    pub revision: u64,
    /// In fullscreen the pointer has rested a while: it is hidden, and no tooltip or hover
    /// highlight shows until it moves (nothing stays on the projector for the whole talk).
    pub pointer_resting: bool,
}

impl<'a> StageView<'a> {
    /// A still view of `pos`: no pointer, no hover, the scene's own plot settings.
    pub fn still(deck: &'a Deck, pos: Position, theme: ThemeName, plot: &'a PlotSettings) -> Self {
        StageView {
            deck,
            pos: pos.clamped(deck),
            theme,
            interactive: false,
            hovered_link: None,
            plot,
            digits: "",
            problems: &[],
            fullscreen: false,
            editing: false,
            loading: None,
            reduce_motion: false,
            revision: 0,
            pointer_resting: false,
        }
    }

    pub fn scene(&self) -> &'a Scene {
        // `pos` is always clamped into the deck, which has at least one scene.
        let scenes = &self.deck.scenes;
        &scenes[self.pos.scene.min(scenes.len() - 1)]
    }

    pub fn step(&self) -> &'a Step {
        let scene = self.scene();
        &scene.steps[self.pos.step.min(scene.steps.len() - 1)]
    }

    /// Whether the plot is on a log scale now.
    pub fn log_scale(&self) -> bool {
        let declared = self
            .scene()
            .plot
            .as_ref()
            .is_some_and(|p| p.y_scale == YScale::Log);
        self.plot.log_override.unwrap_or(declared)
    }

    /// Whether any problem is an error (the files on disk do not load).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }
}

/// What the editor panel reads.
#[derive(Clone, Copy, Debug)]
pub struct EditorView<'a> {
    pub deck: &'a Deck,
    /// The scene on the stage.
    pub pos: Position,
    pub workspace: Option<&'a Workspace>,
    pub problems: &'a [Diagnostic],
    pub status: Option<&'a str>,
    pub now_secs: f64,
}

/// What the presenter window reads, besides the stage views of now and next.
#[derive(Clone, Copy, Debug)]
pub struct PresenterView<'a> {
    pub deck: &'a Deck,
    pub pos: Position,
    pub theme: ThemeName,
    pub stopwatch: &'a Stopwatch,
    pub autoplay_remaining_secs: Option<f64>,
    pub detour_from: Option<Position>,
    pub pace: Pace,
    /// Where the plan says the talk should be now.
    pub planned_secs: f64,
    pub problems: &'a [Diagnostic],
    pub now_secs: f64,
}
