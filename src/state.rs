//! The state of a presentation, in parts that each own one concern — the document (deck, files,
//! working copy), the show (where the story is, clocks, blank, fullscreen), preferences and the
//! one [`Modal`] — and [`State::apply`], the one place where they change. `apply` never draws
//! and never talks to the window: what needs the outside world (window commands, writing files,
//! dialogs) comes back as [`Effect`]s for the shell to run. Nothing here imports egui's drawing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use serde::{Deserialize, Serialize};

use crate::action::{Action, Blank, Edit};
use crate::model::deck::{Deck, Scene, Step, ThemeName};
use crate::model::diag::Severity;
use crate::model::load::{LoadOptions, load_with};
use crate::model::memo::Cache;
use crate::model::nav::Position;
use crate::model::source::DirSource;
use crate::model::workspace::Workspace;
use crate::model::{Diagnostic, Loaded};
use crate::view::{
    AfterPrompt, EditorView, ExportPrompt, FolderPrompt, FolderPurpose, Loading, Modal, Pace,
    PlotSettings, PresenterView, StageView, Stopwatch,
};

/// What is remembered between runs (eframe persistence): preferences, never content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The viewer's theme; `None` follows the deck.
    pub theme: Option<ThemeName>,
    /// Multiplies all text and line sizes.
    pub font_scale: f32,
    /// The deck folder last opened (`None`: the bundled story).
    pub last_deck: Option<PathBuf>,
    /// Scene id and step where the viewer left off.
    pub last_position: Option<(String, usize)>,
    /// Plot ranges change at once between steps instead of easing (and egui's own animations
    /// are off): for viewers whom motion distracts or makes unwell.
    pub reduce_motion: bool,
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            theme: None,
            font_scale: 1.0,
            last_deck: None,
            last_position: None,
            reduce_motion: false,
        }
    }
}

pub const FONT_SCALE_MIN: f32 = 0.6;
pub const FONT_SCALE_MAX: f32 = 2.5;
const FONT_SCALE_STEP: f32 = 1.1;
/// CSV files larger than this are read off the UI thread the first time.
pub const BACKGROUND_READ_BYTES: u64 = 4 * 1024 * 1024;

/// Wakes the window from another thread (the file watcher, a background read).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// What [`State::apply`] asks the shell to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Enter or leave fullscreen.
    Fullscreen(bool),
    /// Theme or text size changed: apply the style again.
    Restyle,
    /// Close the window (nothing unsaved, or the author chose).
    Close,
    /// Write the changed files; then, if they were all written, do `then`.
    Save { then: Option<AfterPrompt> },
    /// Open the deck in this folder in place of this one (unsaved edits were settled).
    OpenDeck(PathBuf),
    /// Write a new deck (starter or a copy of this one) into `path`, then open it.
    WriteDeck {
        purpose: FolderPurpose,
        path: PathBuf,
    },
    /// Open the system's folder dialog (on its own thread).
    BrowseFolder,
    /// Copy a CSV file from elsewhere into the deck's `data/` folder as `name` (the data step;
    /// the author said yes), then tell the data step.
    CopyCsv {
        from: PathBuf,
        to: PathBuf,
        name: String,
    },
    /// Export the deck as it is now (unsaved edits included) on a thread.
    Export(Box<crate::export::Options>),
    /// Stop the running export.
    CancelExport,
    /// Put the current step's chart on the clipboard as a picture.
    CopyImage,
    /// Ask where to save the current step's chart (PNG or SVG), then save it.
    SaveImage,
    /// Put this text on the system clipboard.
    CopyText(String),
    /// Ask where to save `text` (the chart's data as CSV), suggesting `name`, then save it.
    SaveText { name: String, text: String },
}

/// The deck on show and where it comes from.
pub struct Document {
    pub deck: Deck,
    /// Where the deck came from, for the window title.
    pub label: String,
    /// The deck folder on disk, when the deck came from one (reloads read it again).
    pub source_dir: Option<PathBuf>,
    /// Problems of the files on disk (or as edited): with errors, the stage keeps the last good
    /// deck meanwhile. Also the warnings of the current deck.
    pub problems: Vec<Diagnostic>,
    /// The author's working copy (decks opened from a folder).
    pub workspace: Option<Workspace>,
    /// Watches `source_dir` for changes made in any editor.
    pub watcher: Option<crate::watch::DeckWatcher>,
    /// The deck is a stand-in shown while the real one is read for the first time.
    pub placeholder: bool,
    /// Counts the decks put on the stage: what drawing caches from the deck is keyed by it.
    pub revision: u64,
    /// What earlier loads computed: validated scenes, series read from CSV files.
    cache: Arc<Mutex<Cache>>,
    /// A big data file being read on another thread.
    job: Option<Job>,
    /// A load was wanted while the job held the cache: load again when it ends.
    stale: bool,
    pub wake: Option<Waker>,
}

struct Job {
    what: String,
    started_secs: f64,
    done: mpsc::Receiver<()>,
    /// The thread said it is done (seen by `wait_for_job`).
    finished: bool,
}

/// Where the story is and what the audience sees besides the deck.
#[derive(Clone, Debug, PartialEq)]
pub struct Show {
    pub pos: Position,
    /// Where the story was before a jump away from it.
    pub detour_from: Option<Position>,
    /// When autoplay is running: the time the current step started.
    pub autoplay_since: Option<f64>,
    /// Elapsed time since the talk started.
    pub stopwatch: Stopwatch,
    pub blank: Option<Blank>,
    /// Digits typed on the stage, waiting for Enter.
    pub digits: String,
    pub fullscreen: bool,
    /// The presenter window is open.
    pub presenter_open: bool,
    /// The stage and the presenter window swapped screens (the shell places them).
    pub screens_swapped: bool,
    /// The editor panel is open.
    pub editor_open: bool,
    /// The viewer's changes to the current plot.
    pub plot: PlotSettings,
    /// The highlight or annotation id the pointer is on (linked hover), from the last frame.
    pub hovered_link: Option<String>,
}

impl Default for Show {
    fn default() -> Show {
        Show {
            pos: Position::default(),
            detour_from: None,
            autoplay_since: None,
            stopwatch: Stopwatch {
                running_since: Some(0.0),
                banked_secs: 0.0,
            },
            blank: None,
            digits: String::new(),
            fullscreen: false,
            presenter_open: false,
            screens_swapped: false,
            editor_open: false,
            plot: PlotSettings::default(),
            hovered_link: None,
        }
    }
}

/// Everything a presentation is, apart from drawing.
pub struct State {
    pub doc: Document,
    pub show: Show,
    pub prefs: Prefs,
    pub modal: Option<Modal>,
    /// A short message for the author (saved, or why not).
    pub status: Option<String>,
    /// Where to start once a deck read in the background arrives (`--scene`, or where the
    /// viewer left off).
    pub start_at: Option<String>,
}

impl Document {
    fn new(deck: Deck, label: String) -> Document {
        Document {
            deck,
            label,
            source_dir: None,
            problems: Vec::new(),
            workspace: None,
            watcher: None,
            placeholder: false,
            revision: 0,
            cache: Arc::new(Mutex::new(Cache::default())),
            job: None,
            stale: false,
            wake: None,
        }
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.workspace.as_ref().is_some_and(|w| w.is_dirty())
    }

    /// Whether any problem is an error (the files on disk do not load).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }

    /// How many scenes and series the loads through this document's cache validated and read
    /// (for tests and benchmarks).
    pub fn counters(&self) -> crate::model::memo::Counters {
        self.cache.lock().map(|c| c.counters).unwrap_or_default()
    }

    /// A big file being read, for the progress indication.
    pub fn loading(&self, now_secs: f64) -> Option<Loading> {
        self.job.as_ref().map(|j| Loading {
            what: j.what.clone(),
            secs: (now_secs - j.started_secs).max(0.0),
        })
    }

    /// Waits for the background read (tests, benchmarks, `--exit` paths).
    pub fn wait_for_job(&mut self) {
        if let Some(job) = &mut self.job {
            let _ = job.done.recv();
            job.finished = true;
        }
    }

    /// Loads the deck as it is now (edited texts over the folder), reusing what did not change.
    /// `None` when nothing new can go on the stage: the bundled deck, a deck with errors (see
    /// `problems`), or big data still being read (a background read starts, or is running).
    fn load_current(&mut self, now_secs: f64) -> Option<Deck> {
        let dir = self.source_dir.clone()?;
        let cache = Arc::clone(&self.cache);
        let Ok(mut cache) = cache.try_lock() else {
            // The background read holds the cache: load again when it is done.
            self.stale = true;
            return None;
        };
        let options = LoadOptions {
            defer_bytes: Some(BACKGROUND_READ_BYTES),
        };
        let loaded = match &self.workspace {
            Some(ws) => load_with(&ws.overlay(), &mut cache, options),
            None => match DirSource::open(&dir) {
                Ok(source) => load_with(&source, &mut cache, options),
                Err(e) => {
                    self.problems =
                        vec![Diagnostic::whole_file(Severity::Error, &e.path, e.reason)];
                    return None;
                }
            },
        };
        drop(cache);
        self.take_loaded(loaded, now_secs)
    }

    fn take_loaded(&mut self, loaded: Loaded, now_secs: f64) -> Option<Deck> {
        if !loaded.pending.is_empty() {
            self.start_job(&loaded.pending, None, now_secs);
            return None;
        }
        self.problems = loaded.diagnostics;
        loaded.deck.filter(|d| !d.scenes.is_empty())
    }

    /// Reads the big files of the deck as it is now on another thread, into the cache; with
    /// `replaced` (a file's name and text), of the deck as the data step previews it.
    pub(crate) fn start_job(
        &mut self,
        files: &[String],
        replaced: Option<(String, String)>,
        now_secs: f64,
    ) {
        if self.job.is_some() {
            self.stale = true;
            return;
        }
        let Some(dir) = self.source_dir.clone() else {
            return;
        };
        let snapshot = match &self.workspace {
            Some(ws) => Ok(ws.snapshot_source()),
            None => Workspace::open(&dir).map(|ws| ws.snapshot_source()),
        };
        let Ok(snapshot) = snapshot else { return };
        let bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
            .map(|m| m.len())
            .sum();
        let what = format!(
            "{} ({})",
            files.join(", "),
            crate::model::limits::bytes_text(bytes)
        );
        let (tx, rx) = mpsc::channel();
        let cache = Arc::clone(&self.cache);
        let wake = self.wake.clone();
        std::thread::spawn(move || {
            if let Ok(mut cache) = cache.lock() {
                let _ = match &replaced {
                    Some((name, text)) => {
                        let source = crate::model::datastep::Replaced {
                            inner: &snapshot,
                            name,
                            text,
                        };
                        load_with(&source, &mut cache, LoadOptions::default())
                    }
                    None => load_with(&snapshot, &mut cache, LoadOptions::default()),
                };
            }
            let _ = tx.send(());
            if let Some(wake) = wake {
                wake();
            }
        });
        self.job = Some(Job {
            what,
            started_secs: now_secs,
            done: rx,
            finished: false,
        });
    }

    /// The deck as edited, with `name`'s text replaced by `text` (the data step's preview),
    /// loaded through this document's cache. `None` without a working copy, or while a
    /// background read holds the cache. Big files not read yet are left `pending`, for a
    /// background read ([`Document::start_job`]).
    pub(crate) fn load_replaced(&self, name: &str, text: &str) -> Option<Loaded> {
        let ws = self.workspace.as_ref()?;
        let mut cache = self.cache.try_lock().ok()?;
        let overlay = ws.overlay();
        let source = crate::model::datastep::Replaced {
            inner: &overlay,
            name,
            text,
        };
        let options = LoadOptions {
            defer_bytes: Some(BACKGROUND_READ_BYTES),
        };
        Some(load_with(&source, &mut cache, options))
    }

    /// Whether a finished background read means the deck should load again.
    fn job_finished(&mut self) -> bool {
        let done = match &self.job {
            Some(job) => {
                job.finished || !matches!(job.done.try_recv(), Err(mpsc::TryRecvError::Empty))
            }
            None => false,
        };
        if done {
            self.job = None;
            self.stale = false;
        }
        done
    }
}

impl State {
    pub fn new(deck: Deck, label: impl Into<String>) -> State {
        State {
            doc: Document::new(deck, label.into()),
            show: Show::default(),
            prefs: Prefs::default(),
            modal: None,
            status: None,
            start_at: None,
        }
    }

    /// A stand-in deck while the deck in `dir` is read for the first time (big data files).
    pub fn placeholder(dir: &Path) -> State {
        let mut state = State::new(placeholder_deck(dir), dir.display().to_string());
        state.doc.placeholder = true;
        state
    }

    pub fn theme(&self) -> ThemeName {
        self.prefs.theme.unwrap_or(self.doc.deck.theme)
    }

    pub fn scene(&self) -> &Scene {
        let scenes = &self.doc.deck.scenes;
        &scenes[self.show.pos.scene.min(scenes.len() - 1)]
    }

    pub fn step(&self) -> &Step {
        let scene = self.scene();
        &scene.steps[self.show.pos.step.min(scene.steps.len() - 1)]
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// Whether the files on disk (or as edited) have errors: the stage shows the last good deck.
    pub fn has_errors(&self) -> bool {
        self.doc.has_errors()
    }

    /// Whether the plot is on a log scale now.
    pub fn log_scale(&self) -> bool {
        self.stage_view().log_scale()
    }

    /// The stage as the audience sees it now.
    pub fn stage_view(&self) -> StageView<'_> {
        // The data step previews its series on the stage while it is open.
        let deck = match &self.modal {
            Some(Modal::DataStep(d)) => d.preview.as_deref().unwrap_or(&self.doc.deck),
            _ => &self.doc.deck,
        };
        StageView {
            deck,
            pos: self.show.pos,
            theme: self.theme(),
            interactive: true,
            hovered_link: self.show.hovered_link.as_deref(),
            plot: &self.show.plot,
            digits: &self.show.digits,
            problems: &self.doc.problems,
            fullscreen: self.show.fullscreen,
            editing: self.show.editor_open && self.doc.workspace.is_some(),
            loading: None,
            reduce_motion: self.prefs.reduce_motion,
            revision: self.doc.revision,
            pointer_resting: false,
        }
    }

    pub fn editor_view(&self, now_secs: f64) -> EditorView<'_> {
        EditorView {
            deck: &self.doc.deck,
            pos: self.show.pos,
            workspace: self.doc.workspace.as_ref(),
            problems: &self.doc.problems,
            status: self.status.as_deref(),
            now_secs,
        }
    }

    pub fn presenter_view(&self, now_secs: f64) -> PresenterView<'_> {
        PresenterView {
            deck: &self.doc.deck,
            pos: self.show.pos,
            theme: self.theme(),
            stopwatch: &self.show.stopwatch,
            autoplay_remaining_secs: self.autoplay_remaining(now_secs),
            detour_from: self.show.detour_from,
            pace: self.pace(now_secs),
            planned_secs: self.planned_secs(self.show.pos).0,
            problems: &self.doc.problems,
            now_secs,
        }
    }

    /// Applies one action. Returns what the shell must do for it.
    pub fn apply(&mut self, action: Action, now_secs: f64) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.show.blank.is_some()
            && !matches!(
                action,
                Action::Unblank | Action::AutoAdvance | Action::FilesChanged(_)
            )
        {
            // Any key returns from a blank screen; it does not also act.
            self.show.blank = None;
            return effects;
        }
        if action.navigates() {
            // Taking the story in hand pauses autoplay.
            self.show.autoplay_since = None;
        }
        match action {
            Action::Next => {
                self.go(self.show.pos.next(&self.doc.deck));
            }
            Action::Previous => {
                self.go(self.show.pos.previous(&self.doc.deck));
            }
            Action::First => {
                self.go(Some(Position::default()));
            }
            Action::Last => {
                self.go(Some(Position::last(&self.doc.deck)));
            }
            Action::GoTo(p) => {
                if matches!(
                    self.modal,
                    Some(Modal::Overview { .. } | Modal::Jump { .. } | Modal::Help)
                ) {
                    self.modal = None;
                }
                let to = p.clamped(&self.doc.deck);
                if self.show.detour_from.is_none() && to != self.show.pos {
                    self.show.detour_from = Some(self.show.pos);
                }
                self.go(Some(to));
            }
            Action::ReturnFromDetour => {
                if let Some(back) = self.show.detour_from.take() {
                    self.show.autoplay_since = None;
                    self.go(Some(back.clamped(&self.doc.deck)));
                }
            }
            Action::AutoAdvance => {
                let next = self.show.pos.next(&self.doc.deck);
                if next.is_none() {
                    self.show.autoplay_since = None;
                } else {
                    self.go(next);
                    self.show.autoplay_since = Some(now_secs);
                }
            }
            Action::ToggleAutoplay => {
                self.show.autoplay_since = match self.show.autoplay_since {
                    Some(_) => None,
                    None => Some(now_secs),
                };
            }
            Action::TogglePresenter => self.show.presenter_open = !self.show.presenter_open,
            Action::SwapScreens => self.show.screens_swapped = !self.show.screens_swapped,
            Action::ToggleTimer => self.show.stopwatch.toggle(now_secs),
            Action::ResetTimer => self.show.stopwatch.reset(now_secs),
            Action::ToggleEditor => self.show.editor_open = !self.show.editor_open,
            Action::Save => {
                if self.doc.workspace.is_some() {
                    effects.push(Effect::Save { then: None });
                } else {
                    self.status = Some(
                        "this is the copy of the story built into the program: open a deck folder to edit and save"
                            .to_owned(),
                    );
                }
            }
            Action::Undo | Action::Redo => {
                let done = self.doc.workspace.as_mut().is_some_and(|ws| {
                    if action == Action::Undo {
                        ws.undo()
                    } else {
                        ws.redo()
                    }
                });
                if done {
                    self.revalidate(now_secs);
                }
            }
            Action::Edit(edit) => self.edit(edit, now_secs),
            Action::AskDelete(file) => self.modal = Some(Modal::ConfirmDelete { file }),
            Action::OpenDeck(dir) => {
                if self.is_dirty() {
                    self.modal = Some(Modal::ClosePrompt {
                        then: AfterPrompt::Open(dir),
                    });
                } else {
                    self.modal = None;
                    effects.push(Effect::OpenDeck(dir));
                }
            }
            Action::OpenFolderPrompt(purpose) => {
                self.modal = Some(Modal::Folder(FolderPrompt {
                    purpose,
                    path: String::new(),
                    error: None,
                    browsing: false,
                }));
            }
            Action::BrowseFolder => {
                if let Some(Modal::Folder(p)) = &mut self.modal
                    && !p.browsing
                {
                    p.browsing = true;
                    effects.push(Effect::BrowseFolder);
                }
            }
            Action::FolderPicked(picked) => {
                if let Some(Modal::Folder(p)) = &mut self.modal {
                    p.browsing = false;
                    match picked {
                        Some(path) => {
                            p.path = path.display().to_string();
                            p.error = None;
                        }
                        None => {
                            p.error = Some(
                                "no folder chosen (or no folder dialog on this system): type the folder's path"
                                    .to_owned(),
                            );
                        }
                    }
                }
            }
            Action::RequestClose => {
                // With nothing unsaved the window simply closes.
                if self.is_dirty() {
                    self.modal = Some(Modal::ClosePrompt {
                        then: AfterPrompt::Quit,
                    });
                }
            }
            Action::FilesChanged(paths) => self.files_changed(&paths, now_secs),
            Action::Data(a) => effects.extend(self.data_step(a, now_secs)),
            Action::BlankBlack => self.show.blank = Some(Blank::Black),
            Action::BlankWhite => self.show.blank = Some(Blank::White),
            Action::Unblank => self.show.blank = None,
            Action::ToggleFullscreen => {
                self.show.fullscreen = !self.show.fullscreen;
                effects.push(Effect::Fullscreen(self.show.fullscreen));
            }
            Action::Escape => {
                if self.modal.is_some() || !self.show.digits.is_empty() {
                    self.close_modal();
                    self.show.digits.clear();
                } else if self.show.fullscreen {
                    self.show.fullscreen = false;
                    effects.push(Effect::Fullscreen(false));
                }
            }
            Action::ToggleOverview => {
                self.modal = match self.modal {
                    Some(Modal::Overview { .. }) => None,
                    _ => Some(Modal::Overview {
                        cursor: self.show.pos.scene,
                    }),
                }
            }
            Action::ToggleHelp => {
                self.modal = match self.modal {
                    Some(Modal::Help) => None,
                    _ => Some(Modal::Help),
                }
            }
            Action::OpenJump => {
                self.modal = Some(Modal::Jump {
                    text: String::new(),
                    error: None,
                });
            }
            Action::FontBigger => {
                self.set_font_scale(self.prefs.font_scale * FONT_SCALE_STEP, &mut effects)
            }
            Action::FontSmaller => {
                self.set_font_scale(self.prefs.font_scale / FONT_SCALE_STEP, &mut effects)
            }
            Action::FontReset => self.set_font_scale(1.0, &mut effects),
            Action::CycleTheme => {
                self.prefs.theme = Some(match self.theme() {
                    ThemeName::Light => ThemeName::Dark,
                    ThemeName::Dark => ThemeName::HighContrast,
                    ThemeName::HighContrast => ThemeName::Light,
                });
                effects.push(Effect::Restyle);
            }
            Action::ToggleLogScale => {
                let current = self.stage_view().log_scale();
                self.show.plot.log_override = Some(!current);
                self.show.plot.resets += 1;
            }
            Action::ResetPlot => {
                self.show.plot.hidden.clear();
                self.show.plot.log_override = None;
                self.show.plot.resets += 1;
            }
            Action::ToggleSeries(i) => {
                if !self.show.plot.hidden.remove(&i) {
                    self.show.plot.hidden.insert(i);
                }
            }
            Action::CloseModal => {
                // Closing the export dialog stops its export.
                if let Some(Modal::Export(p)) = &self.modal
                    && p.running.is_some()
                {
                    effects.push(Effect::CancelExport);
                }
                self.close_modal();
            }
            Action::ModalConfirm => effects.extend(self.confirm_modal(now_secs)),
            Action::Choose(i) => effects.extend(self.choose(i, now_secs)),
            Action::OverviewMove { dx, dy } => {
                let n = self.doc.deck.scenes.len() as isize;
                if let Some(Modal::Overview { cursor }) = &mut self.modal {
                    let cols = crate::view::OVERVIEW_COLUMNS as isize;
                    let to = *cursor as isize + dx + dy * cols;
                    *cursor = to.clamp(0, n - 1) as usize;
                }
            }
            Action::ModalText(text) => match &mut self.modal {
                Some(Modal::Jump { text: t, .. }) => *t = text,
                Some(Modal::Folder(p)) => p.path = text,
                Some(Modal::DataStep(d)) => {
                    d.copy_path = text;
                    d.asking = false;
                }
                Some(Modal::Export(p)) if p.running.is_none() => p.path = text,
                _ => {}
            },
            Action::OpenExport => {
                if !matches!(self.modal, Some(Modal::Export(_))) {
                    self.modal = Some(Modal::Export(ExportPrompt {
                        path: default_export_path(self.doc.source_dir.as_deref()),
                        choices: crate::view::ExportChoices::default(),
                        running: None,
                        outcome: None,
                    }));
                }
            }
            Action::SetExportChoices(c) => {
                if let Some(Modal::Export(p)) = &mut self.modal
                    && p.running.is_none()
                {
                    p.choices = c;
                }
            }
            Action::StartExport => effects.extend(self.start_export()),
            Action::CopyImage => effects.push(Effect::CopyImage),
            Action::SaveImage => effects.push(Effect::SaveImage),
            Action::CancelExport => {
                if let Some(Modal::Export(p)) = &mut self.modal
                    && p.running.is_some()
                {
                    effects.push(Effect::CancelExport);
                }
            }
            Action::ExportProgress { done, total } => {
                if let Some(Modal::Export(p)) = &mut self.modal
                    && p.running.is_some()
                {
                    p.running = Some((done, total));
                }
            }
            Action::ExportFinished(result) => {
                if let Some(Modal::Export(p)) = &mut self.modal {
                    p.running = None;
                    p.outcome = Some(result.map(|path| path.display().to_string()));
                }
            }
            Action::ToggleTable => {
                self.modal = match self.modal {
                    Some(Modal::Table { .. }) => None,
                    _ => Some(Modal::Table { row: 0 }),
                }
            }
            Action::TableMove(by) => {
                let rows = self.table().map_or(0, |t| t.rows.len());
                if let Some(Modal::Table { row }) = &mut self.modal {
                    let to = (*row as isize).saturating_add(by);
                    *row = to.clamp(0, rows.saturating_sub(1) as isize) as usize;
                }
            }
            Action::CopyTable => {
                if let Some(t) = self.table() {
                    self.status = Some(format!(
                        "copied {} rows of {} columns",
                        t.rows.len(),
                        t.header.len()
                    ));
                    effects.push(Effect::CopyText(t.to_tsv()));
                }
            }
            Action::CopyDataCsv => {
                if let Some((_, text)) = self.data_csv() {
                    self.status = Some("the chart's data copied as CSV".to_owned());
                    effects.push(Effect::CopyText(text));
                }
            }
            Action::SaveData => {
                if let Some((name, text)) = self.data_csv() {
                    effects.push(Effect::SaveText { name, text });
                }
            }
            Action::ToggleReduceMotion => {
                self.prefs.reduce_motion = !self.prefs.reduce_motion;
                effects.push(Effect::Restyle);
            }
            Action::TypeDigit(d) => {
                if self.show.digits.len() < 4 {
                    self.show.digits.push(d);
                }
            }
        }
        effects
    }

    /// The data the chart on the stage plots as CSV ([`crate::model::plotted`]: the series
    /// shown and not hidden, in the step's view), and a file name for it.
    pub fn data_csv(&self) -> Option<(String, String)> {
        let pos = self.show.pos;
        let scene = self.scene();
        let text = crate::model::plotted::plotted_csv(
            &self.doc.deck.title,
            scene,
            pos.step,
            &self.show.plot.hidden,
        )?;
        Some((
            crate::model::plotted::csv_name(pos.scene, &scene.id, pos.step),
            text,
        ))
    }

    /// The table view of the step on the stage: the series shown and not hidden, in its view.
    pub fn table(&self) -> Option<crate::model::wide::WideTable> {
        crate::model::wide::wide_table(self.scene(), self.show.pos.step, &self.show.plot.hidden)
    }

    /// Esc or Cancel: the modal closes, nothing else changes.
    fn close_modal(&mut self) {
        self.modal = None;
    }

    /// Enter in a modal.
    fn confirm_modal(&mut self, now_secs: f64) -> Vec<Effect> {
        match self.modal.clone() {
            Some(Modal::Overview { cursor }) => {
                self.apply(Action::GoTo(Position::new(cursor, 0)), now_secs)
            }
            Some(Modal::Jump { text, .. }) if text.trim().is_empty() => {
                // Nothing typed yet: a short hint, not the list of every id.
                self.modal = Some(Modal::Jump {
                    text,
                    error: Some(format!(
                        "type a scene number from 1 to {}, or an id",
                        self.doc.deck.scenes.len()
                    )),
                });
                Vec::new()
            }
            Some(Modal::Jump { text, .. }) => match Position::parse(&text, &self.doc.deck) {
                Ok(p) => self.apply(Action::GoTo(p), now_secs),
                Err(e) => {
                    self.modal = Some(Modal::Jump {
                        text,
                        error: Some(e),
                    });
                    Vec::new()
                }
            },
            Some(Modal::Folder(prompt)) => self.submit_folder(prompt),
            Some(Modal::DataStep(d)) if d.asking => {
                self.data_step(crate::action::DataStepAction::ConfirmCopy(true), now_secs)
            }
            Some(Modal::DataStep(_)) => self.data_step_ok(now_secs),
            Some(Modal::Export(_)) => self.start_export(),
            Some(Modal::Help) => {
                self.modal = None;
                Vec::new()
            }
            Some(m) => match m.buttons() {
                Some((_, default)) => self.choose(default, now_secs),
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    /// A button of the open dialog (see [`Modal::buttons`]).
    fn choose(&mut self, button: usize, now_secs: f64) -> Vec<Effect> {
        let Some(modal) = self.modal.clone() else {
            return Vec::new();
        };
        match (modal, button) {
            (Modal::ClosePrompt { then }, 0) => vec![Effect::Save { then: Some(then) }],
            (Modal::ClosePrompt { then }, 1) => {
                self.modal = None;
                // Discard: the edits are dropped with the working copy.
                match then {
                    AfterPrompt::Quit => vec![Effect::Close],
                    AfterPrompt::Open(dir) => vec![Effect::OpenDeck(dir)],
                }
            }
            (Modal::Conflict(_), 0 | 1) => {
                self.edit(
                    Edit::SettleConflict {
                        keep_mine: button == 0,
                    },
                    now_secs,
                );
                Vec::new()
            }
            (Modal::ConfirmDelete { file }, 0) => {
                self.modal = None;
                self.edit(Edit::RemoveScene { file }, now_secs);
                Vec::new()
            }
            _ => {
                self.modal = None;
                Vec::new()
            }
        }
    }

    /// The export dialog's Export: the options it describes, for the shell to run; nothing
    /// while one runs or when no file is named.
    fn start_export(&mut self) -> Vec<Effect> {
        let Some(Modal::Export(p)) = &mut self.modal else {
            return Vec::new();
        };
        if p.running.is_some() {
            return Vec::new();
        }
        let path = p.path.trim();
        if path.is_empty() {
            p.outcome = Some(Err("type the PDF file's path".to_owned()));
            return Vec::new();
        }
        let mut path = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        let c = p.choices;
        let pages = if c.per_scene {
            crate::export::Pages::Scenes
        } else {
            crate::export::Pages::Steps
        };
        let total = crate::export::positions(&self.doc.deck, pages).len();
        p.running = Some((0, total));
        p.outcome = None;
        let pictures = |kind: &str| {
            c.pictures.then(|| {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                path.with_file_name(format!("{stem}-{kind}"))
            })
        };
        let web = c.web.then(|| {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            path.with_file_name(format!("{stem}-web"))
        });
        vec![Effect::Export(Box::new(crate::export::Options {
            png_dir: pictures("png"),
            svg_dir: pictures("svg"),
            html_dir: web,
            pdf: Some(path),
            pages,
            notes: c.notes,
            paper: if c.a4 {
                crate::export::Paper::A4
            } else {
                crate::export::Paper::Wide
            },
            ..crate::export::Options::default()
        }))]
    }

    fn submit_folder(&mut self, prompt: FolderPrompt) -> Vec<Effect> {
        let path = prompt.path.trim();
        if path.is_empty() {
            self.modal = Some(Modal::Folder(FolderPrompt {
                error: Some("type a folder's path, or Browse".to_owned()),
                ..prompt
            }));
            return Vec::new();
        }
        let path = PathBuf::from(path);
        match prompt.purpose {
            FolderPurpose::OpenDeck => self.apply(Action::OpenDeck(path), 0.0),
            purpose => vec![Effect::WriteDeck { purpose, path }],
        }
    }

    fn set_font_scale(&mut self, scale: f32, effects: &mut Vec<Effect>) {
        let scale = scale.clamp(FONT_SCALE_MIN, FONT_SCALE_MAX);
        if (scale - self.prefs.font_scale).abs() > f32::EPSILON {
            self.prefs.font_scale = scale;
            effects.push(Effect::Restyle);
        }
    }

    /// Moves to `to`; a new scene starts its plot afresh.
    fn go(&mut self, to: Option<Position>) -> bool {
        let Some(to) = to else { return false };
        // A typed number is used up even when it names the scene on show.
        self.show.digits.clear();
        if to == self.show.pos {
            return false;
        }
        if to.scene != self.show.pos.scene {
            self.show.plot = PlotSettings::default();
        }
        self.show.pos = to;
        self.show.digits.clear();
        self.prefs.last_position = Some((self.scene().id.clone(), self.show.pos.step));
        if self.show.detour_from == Some(self.show.pos) {
            // Back where the story was: the detour is over.
            self.show.detour_from = None;
        }
        true
    }

    /// An edit of the working copy, validated at once: only what it touched is validated again.
    fn edit(&mut self, edit: Edit, now_secs: f64) {
        let scene_file = self.scene().file.clone();
        let Some(ws) = self.doc.workspace.as_mut() else {
            self.status = Some(
                "this is the copy of the story built into the program: save it as a deck folder to edit it"
                    .to_owned(),
            );
            return;
        };
        let mut go_to: Option<String> = None;
        let changed = match edit {
            Edit::Text { file, text, field } => ws.set_text(&file, text, &field, now_secs),
            Edit::AddScene { after, duplicate } => {
                match ws.add_scene(&after, duplicate, now_secs) {
                    Ok(new) => {
                        go_to = Some(new.id);
                        true
                    }
                    Err(e) => {
                        self.status = Some(e.to_string());
                        false
                    }
                }
            }
            Edit::MoveScene { file, by } => match ws.move_scene(&file, by, now_secs) {
                Ok(moved) => moved,
                Err(e) => {
                    self.status = Some(e.to_string());
                    false
                }
            },
            Edit::RemoveScene { file } => match ws.remove_scene(&file, now_secs) {
                Ok(()) => true,
                Err(e) => {
                    self.status = Some(e.to_string());
                    false
                }
            },
            Edit::AddCallout {
                series,
                date,
                value,
            } => match add_callout(ws, &scene_file, &series, date, value, now_secs) {
                Ok(id) => {
                    self.status = Some(format!(
                        "added callout \"{id}\" on {date}: label it in the form"
                    ));
                    true
                }
                Err(why) => {
                    self.status = Some(why);
                    false
                }
            },
            Edit::SettleConflict { keep_mine } => match self.modal.take() {
                Some(Modal::Conflict(c)) => {
                    ws.settle(&c, keep_mine, now_secs);
                    true
                }
                other => {
                    self.modal = other;
                    false
                }
            },
        };
        if changed {
            self.revalidate(now_secs);
        }
        if let Some(id) = go_to
            && let Some(i) = self.doc.deck.scene_index(&id)
        {
            self.go(Some(Position::new(i, 0)));
        }
    }

    /// Loads the deck as edited (or as on disk) and puts it on the stage when it is valid;
    /// otherwise the stage keeps the last good deck and `problems` says why.
    pub fn revalidate(&mut self, now_secs: f64) {
        if let Some(deck) = self.doc.load_current(now_secs) {
            self.replace_deck(deck);
        }
    }

    /// Files changed on disk. With a working copy, files with unsaved edits that changed on
    /// disk become a conflict to settle; the rest follow the disk.
    fn files_changed(&mut self, paths: &[PathBuf], now_secs: f64) {
        if let (Some(ws), Some(dir)) = (self.doc.workspace.as_mut(), &self.doc.source_dir) {
            let dir = dir.canonicalize().unwrap_or_else(|_| dir.clone());
            for path in paths {
                let real = path.canonicalize().unwrap_or_else(|_| path.clone());
                let Ok(rel) = real.strip_prefix(&dir) else {
                    continue;
                };
                let name = rel.to_string_lossy().replace('\\', "/");
                if let Some(c) = ws.disk_changed(&name) {
                    self.modal = Some(Modal::Conflict(c));
                }
            }
        }
        self.revalidate(now_secs);
    }

    /// Once a frame: a finished background read loads the deck again.
    pub fn tick(&mut self, now_secs: f64) {
        let stale = self.doc.stale;
        if self.doc.job_finished() || (stale && self.doc.job.is_none()) {
            self.doc.stale = false;
            self.revalidate(now_secs);
            // The data step's preview may have waited for its file.
            self.refresh_data_preview(now_secs);
        }
    }

    /// Puts `deck` on the stage, staying on the same scene id and step where they still exist.
    pub fn replace_deck(&mut self, deck: Deck) {
        if self.doc.placeholder {
            // The real deck has arrived: start where the viewer asked to.
            self.doc.placeholder = false;
            self.doc.deck = deck;
            self.doc.revision += 1;
            let start = match self.start_at.take() {
                Some(text) => Position::parse(&text, &self.doc.deck).ok(),
                None => restored(&self.prefs, &self.doc.deck),
            }
            .unwrap_or_default();
            self.show.pos = start.clamped(&self.doc.deck);
            self.show.plot = PlotSettings::default();
            return;
        }
        let id = self.scene().id.clone();
        let step = self.show.pos.step;
        let story = self.show.detour_from.and_then(|p| {
            self.doc
                .deck
                .scenes
                .get(p.scene)
                .map(|s| (s.id.clone(), p.step))
        });
        let old_scene = self.show.pos.scene;
        self.doc.deck = deck;
        self.doc.revision += 1;
        self.show.pos = match self.doc.deck.scene_index(&id) {
            Some(i) => Position::new(i, step),
            None => self.show.pos,
        }
        .clamped(&self.doc.deck);
        self.show.detour_from = story.and_then(|(id, step)| {
            self.doc
                .deck
                .scene_index(&id)
                .map(|i| Position::new(i, step).clamped(&self.doc.deck))
        });
        if self.show.pos.scene != old_scene {
            self.show.plot = PlotSettings::default();
        }
        let n = self.doc.deck.scenes.len();
        if let Some(Modal::Overview { cursor }) = &mut self.modal {
            *cursor = (*cursor).min(n - 1);
        }
    }

    /// Writes the changed files; says what happened in `status`. Returns whether everything
    /// was written.
    pub fn save(&mut self) -> bool {
        let Some(ws) = self.doc.workspace.as_mut() else {
            return false;
        };
        let result = ws.save();
        let ok = result.is_ok();
        self.status = Some(match result {
            Ok(names) if names.is_empty() => "nothing to save".to_owned(),
            Ok(names) => format!("saved {}", names.join(", ")),
            Err((name, e)) => format!("{name}: cannot save: {e}"),
        });
        ok
    }

    /// Opens the deck in `dir` in place of this one: its working copy, its watcher, its first
    /// scene. Unsaved edits of the old deck are dropped (callers ask first).
    pub fn open_folder(&mut self, dir: &Path, now_secs: f64) -> Result<(), String> {
        let source = DirSource::open(dir).map_err(|e| e.to_string())?;
        let mut cache = Cache::default();
        let loaded = load_with(&source, &mut cache, LoadOptions::default());
        let errors = loaded.errors();
        let first = loaded
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.headline())
            .unwrap_or_default();
        let Some(deck) = loaded.deck.filter(|d| !d.scenes.is_empty()) else {
            return Err(format!(
                "{} does not open: {errors} problem(s); first: {first}",
                dir.display()
            ));
        };
        let _ = now_secs;
        self.doc.deck = deck;
        self.doc.revision += 1;
        self.doc.problems = loaded.diagnostics;
        self.doc.cache = Arc::new(Mutex::new(cache));
        self.doc.job = None;
        self.doc.placeholder = false;
        self.doc.source_dir = Some(dir.to_owned());
        self.doc.workspace = Workspace::open(dir).ok();
        let wake = self.doc.wake.clone();
        self.doc.watcher = crate::watch::DeckWatcher::new(dir, move || {
            if let Some(w) = &wake {
                w();
            }
        })
        .ok();
        self.doc.label = dir.display().to_string();
        self.prefs.last_deck = Some(dir.canonicalize().unwrap_or_else(|_| dir.to_owned()));
        self.show.pos = Position::default();
        self.show.detour_from = None;
        self.show.plot = PlotSettings::default();
        self.modal = None;
        self.status = Some(format!("opened {}", dir.display()));
        Ok(())
    }

    /// Connects the deck on show to its folder: working copy, file watcher, and the cache its
    /// first load filled. A stand-in deck (see [`State::placeholder`]) starts reading the real
    /// one, off the UI thread when its data is big.
    pub fn attach_folder(&mut self, dir: &Path, cache: Cache, wake: Option<Waker>) {
        self.doc.source_dir = Some(dir.to_owned());
        self.doc.workspace = Workspace::open(dir).ok();
        self.doc.cache = Arc::new(Mutex::new(cache));
        self.doc.wake = wake.clone();
        match crate::watch::DeckWatcher::new(dir, move || {
            if let Some(w) = &wake {
                w();
            }
        }) {
            Ok(w) => self.doc.watcher = Some(w),
            Err(e) => eprintln!(
                "storyplot: {}: not watching for changes: {e}",
                dir.display()
            ),
        }
        if self.doc.placeholder {
            self.revalidate(0.0);
        }
    }

    /// How long autoplay stays on the step at `pos`.
    pub fn step_secs(&self, pos: Position) -> f64 {
        let deck = &self.doc.deck;
        let scene = deck.scenes.get(pos.scene);
        let step = scene.and_then(|s| s.steps.get(pos.step));
        f64::from(
            step.and_then(|s| s.duration_secs)
                .or(scene.and_then(|s| s.duration_secs))
                .unwrap_or(deck.default_step_secs),
        )
    }

    /// Seconds until autoplay advances, while it runs.
    pub fn autoplay_remaining(&self, now_secs: f64) -> Option<f64> {
        self.show
            .autoplay_since
            .map(|since| (self.step_secs(self.show.pos) - (now_secs - since)).max(0.0))
    }

    /// The planned time at which the talk reaches `pos` (planned step times, scaled to the
    /// deck's target duration when it has one), and the planned total.
    pub fn planned_secs(&self, pos: Position) -> (f64, f64) {
        let mut before = 0.0;
        let mut total = 0.0;
        for (i, scene) in self.doc.deck.scenes.iter().enumerate() {
            for k in 0..scene.steps.len() {
                let secs = self.step_secs(Position::new(i, k));
                if Position::new(i, k) < pos {
                    before += secs;
                }
                total += secs;
            }
        }
        match self.doc.deck.target_duration_mins {
            Some(mins) if total > 0.0 => {
                let target = f64::from(mins) * 60.0;
                (before * target / total, target)
            }
            _ => (before, total),
        }
    }

    /// Ahead, on time or behind the plan, with a minute's tolerance.
    pub fn pace(&self, now_secs: f64) -> Pace {
        let (planned, _) = self.planned_secs(self.show.pos);
        let elapsed = self.show.stopwatch.elapsed_secs(now_secs);
        if elapsed + 60.0 < planned {
            Pace::Ahead
        } else if elapsed > planned + 60.0 {
            Pace::Behind
        } else {
            Pace::OnTime
        }
    }
}

/// Where the viewer left off in `deck` last time (the scene by id, the step clamped).
pub fn restored(prefs: &Prefs, deck: &Deck) -> Option<Position> {
    let (id, step) = prefs.last_position.as_ref()?;
    deck.scene_index(id)
        .map(|i| Position::new(i, *step).clamped(deck))
}

/// Adds a callout on `series` at `date` and `value` to scene file `file`, ready to be labelled
/// in the editor's form. Returns its id.
fn add_callout(
    ws: &mut Workspace,
    file: &str,
    series: &str,
    date: crate::model::Date,
    value: f64,
    now_secs: f64,
) -> Result<String, String> {
    use crate::model::file::{AnnotationFile, SceneFile};
    let mut scene = ws
        .text(file)
        .ok()
        .and_then(|t| crate::model::codec::parse::<SceneFile>(&t).ok())
        .ok_or_else(|| format!("{file} does not parse: fix it before adding a callout"))?;
    let ids: Vec<String> = scene
        .plot
        .iter()
        .flat_map(|p| p.annotations.iter().map(|a| a.id().to_owned()))
        .chain(
            scene
                .excerpts
                .iter()
                .flat_map(|e| e.highlights.iter().map(|h| h.id.clone())),
        )
        .collect();
    let plot = scene
        .plot
        .as_mut()
        .ok_or_else(|| format!("{file} has no plot"))?;
    let id = (1..)
        .map(|k| format!("callout-{k}"))
        .find(|id| !ids.contains(id))
        .unwrap_or_default();
    let rounded = (value * 10.0).round() / 10.0;
    plot.annotations.push(AnnotationFile::Callout {
        id: id.clone(),
        series: series.to_owned(),
        date: date.to_string(),
        label: format!(
            "{} {}",
            date.month_year(),
            crate::model::number::format_number(rounded)
        ),
        value: Some(rounded),
    });
    let text = crate::model::codec::to_canonical(&scene).map_err(|e| e.to_string())?;
    ws.set_text(
        file,
        text,
        &format!("{file}/add-callout/{now_secs}"),
        now_secs,
    );
    Ok(id)
}

/// The stand-in deck shown while a deck is read for the first time.
fn placeholder_deck(dir: &Path) -> Deck {
    use crate::model::deck::{Era, Step};
    let date = crate::model::Date::from_x_days(0.0);
    Deck {
        title: dir.display().to_string(),
        subtitle: String::new(),
        author: String::new(),
        theme: ThemeName::default(),
        target_duration_mins: None,
        default_step_secs: 8.0,
        eras: vec![Era {
            id: "loading".to_owned(),
            label: String::new(),
            from: date,
            to: date,
            color: None,
        }],
        scenes: vec![Scene {
            id: "loading".to_owned(),
            file: String::new(),
            date: Some(date),
            end_date: None,
            period: None,
            title: format!("Opening {}…", dir.display()),
            era: 0,
            epilogue: false,
            excerpts: Vec::new(),
            notes: String::new(),
            checks: Vec::new(),
            plot: None,
            steps: vec![Step::default()],
            duration_secs: None,
        }],
    }
}

/// Where the export dialog proposes to write: `handout.pdf` beside the deck's folder (not in it,
/// where the watcher looks), or in the working directory for the bundled story.
pub fn default_export_path(deck_dir: Option<&Path>) -> String {
    // `scenes` has no parent to name: make it absolute first.
    let deck_dir = deck_dir.and_then(|d| std::path::absolute(d).ok());
    let deck_dir = deck_dir.as_deref();
    let dir = deck_dir
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let name = deck_dir
        .and_then(Path::file_name)
        .map(|n| format!("{}-handout.pdf", n.to_string_lossy()))
        .unwrap_or_else(|| "handout.pdf".to_owned());
    dir.join(name).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> State {
        let deck = crate::model::load(&crate::bundled::source())
            .deck
            .unwrap_or_else(|| panic!("the bundled deck loads"));
        State::new(deck, "bundled")
    }

    #[test]
    fn a_blank_screen_swallows_the_next_key() {
        let mut s = bundled();
        s.apply(Action::BlankBlack, 0.0);
        assert_eq!(s.show.blank, Some(Blank::Black));
        let effects = s.apply(Action::Next, 1.0);
        assert!(effects.is_empty());
        assert_eq!(s.show.blank, None);
        assert_eq!(s.show.pos, Position::default(), "the key only unblanked");
        s.apply(Action::Next, 2.0);
        assert_eq!(s.show.pos, Position::new(0, 1));
    }

    #[test]
    fn a_jump_sets_a_detour_and_coming_back_clears_it() {
        let mut s = bundled();
        s.apply(Action::Next, 0.0);
        let story = s.show.pos;
        s.apply(Action::GoTo(Position::new(5, 0)), 0.0);
        assert_eq!(s.show.detour_from, Some(story));
        assert_eq!(s.show.pos, Position::new(5, 0));
        // a second jump keeps the first place
        s.apply(Action::GoTo(Position::new(7, 0)), 0.0);
        assert_eq!(s.show.detour_from, Some(story));
        s.apply(Action::ReturnFromDetour, 0.0);
        assert_eq!(s.show.pos, story);
        assert_eq!(s.show.detour_from, None);
        // walking back by hand also ends it
        s.apply(Action::GoTo(Position::new(0, 0)), 0.0);
        assert_eq!(s.show.detour_from, Some(story));
        s.apply(Action::Next, 0.0);
        assert_eq!(s.show.detour_from, None);
    }

    #[test]
    fn navigating_pauses_autoplay() {
        let mut s = bundled();
        s.apply(Action::ToggleAutoplay, 0.0);
        assert!(s.show.autoplay_since.is_some());
        s.apply(Action::AutoAdvance, 8.0);
        assert!(
            s.show.autoplay_since.is_some(),
            "its own advance keeps it running"
        );
        s.apply(Action::Previous, 9.0);
        assert_eq!(s.show.autoplay_since, None);
    }

    #[test]
    fn modals_are_one_at_a_time_and_escape_closes_them() {
        let mut s = bundled();
        s.apply(Action::ToggleHelp, 0.0);
        s.apply(Action::ToggleOverview, 0.0);
        assert_eq!(s.modal, Some(Modal::Overview { cursor: 0 }));
        s.apply(Action::OverviewMove { dx: 1, dy: 1 }, 0.0);
        assert_eq!(
            s.modal,
            Some(Modal::Overview {
                cursor: 1 + crate::view::OVERVIEW_COLUMNS
            })
        );
        s.apply(Action::ModalConfirm, 0.0);
        assert_eq!(s.modal, None);
        assert_eq!(
            s.show.pos,
            Position::new(1 + crate::view::OVERVIEW_COLUMNS, 0)
        );
        s.apply(Action::OpenJump, 0.0);
        s.apply(Action::ModalConfirm, 0.0);
        let hint = format!(
            "type a scene number from 1 to {}, or an id",
            s.doc.deck.scenes.len()
        );
        assert!(
            matches!(&s.modal, Some(Modal::Jump { error: Some(e), .. }) if *e == hint),
            "an empty Enter: {:?}",
            s.modal
        );
        s.apply(Action::ModalText("nope".into()), 0.0);
        s.apply(Action::ModalConfirm, 0.0);
        assert!(
            matches!(&s.modal, Some(Modal::Jump { error: Some(_), .. })),
            "{:?}",
            s.modal
        );
        s.apply(Action::Escape, 0.0);
        assert_eq!(s.modal, None);
    }

    #[test]
    fn close_with_nothing_unsaved_is_not_held_up() {
        let mut s = bundled();
        assert_eq!(s.apply(Action::RequestClose, 0.0), vec![]);
        assert_eq!(s.modal, None);
    }

    #[test]
    fn the_table_cursor_stays_on_the_rows_and_copy_hands_the_shell_the_tsv() {
        let mut s = bundled();
        let scene = s
            .doc
            .deck
            .scenes
            .iter()
            .position(|sc| sc.plot.is_some())
            .unwrap_or_else(|| panic!("a plotted scene"));
        s.apply(Action::GoTo(Position::new(scene, 0)), 0.0);
        s.apply(Action::ToggleTable, 0.0);
        assert_eq!(s.modal, Some(Modal::Table { row: 0 }));
        let rows = s.table().map_or(0, |t| t.rows.len());
        assert!(rows > 2, "{rows}");
        s.apply(Action::TableMove(-1), 0.0);
        assert_eq!(s.modal, Some(Modal::Table { row: 0 }));
        s.apply(Action::TableMove(2), 0.0);
        assert_eq!(s.modal, Some(Modal::Table { row: 2 }));
        s.apply(Action::TableMove(isize::MAX), 0.0);
        assert_eq!(s.modal, Some(Modal::Table { row: rows - 1 }));
        s.apply(Action::TableMove(isize::MIN), 0.0);
        assert_eq!(s.modal, Some(Modal::Table { row: 0 }));
        let tsv = s.table().map(|t| t.to_tsv());
        let effects = s.apply(Action::CopyTable, 0.0);
        assert_eq!(effects, vec![Effect::CopyText(tsv.unwrap_or_default())]);
        // Hiding a series takes its column out of what is copied.
        s.apply(Action::CloseModal, 0.0);
        let columns = s.table().map_or(0, |t| t.header.len());
        s.apply(Action::ToggleSeries(0), 0.0);
        assert_eq!(s.table().map_or(0, |t| t.header.len()), columns - 1);
        s.apply(Action::ToggleTable, 0.0);
        s.apply(Action::ToggleTable, 0.0);
        assert_eq!(s.modal, None, "D again closes it");
    }

    #[test]
    fn copy_and_save_data_hand_the_shell_the_charts_csv_without_hidden_series() {
        let mut s = bundled();
        let scene = s
            .doc
            .deck
            .scene_index("trade-war-begins")
            .unwrap_or_else(|| panic!("the bundled scene"));
        s.apply(Action::GoTo(Position::new(scene, 1)), 0.0);
        let effects = s.apply(Action::CopyDataCsv, 0.0);
        let [Effect::CopyText(csv)] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert!(csv.contains("step 2 of 4"), "{csv}");
        assert!(csv.contains("\ndate,series,value,unit,source\n"));
        assert!(
            csv.contains("2018-07-05,US tariff on Chinese goods (trade-weighted average),3.8,%,")
        );
        let effects = s.apply(Action::SaveData, 0.0);
        assert_eq!(
            effects,
            vec![Effect::SaveText {
                name: "03-trade-war-begins-s2.csv".to_owned(),
                text: csv.clone(),
            }]
        );
        // A series hidden in the legend is left out, as from the table.
        s.apply(Action::ToggleSeries(0), 0.0);
        let effects = s.apply(Action::CopyDataCsv, 0.0);
        let [Effect::CopyText(fewer)] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        assert!(!fewer.contains(",US tariff on Chinese goods"), "{fewer}");
        assert!(fewer.contains(",China's tariff on US goods"));
    }

    #[test]
    fn reduced_motion_is_a_remembered_preference() {
        let mut s = bundled();
        assert!(!s.prefs.reduce_motion);
        assert_eq!(
            s.apply(Action::ToggleReduceMotion, 0.0),
            vec![Effect::Restyle]
        );
        assert!(s.prefs.reduce_motion);
        assert!(s.stage_view().reduce_motion);
        let text = ron::to_string(&s.prefs).unwrap_or_default();
        let back: Prefs = ron::from_str(&text).unwrap_or_default();
        assert!(back.reduce_motion, "{text}");
        // Preferences saved before the field existed still load, with motion on.
        let old: Prefs = ron::from_str("(font_scale: 1.2)").unwrap_or_default();
        assert!(!old.reduce_motion);
        assert!((old.font_scale - 1.2).abs() < 1e-6);
    }

    #[test]
    fn typing_the_number_of_the_scene_on_show_uses_it_up() {
        let mut s = bundled();
        s.apply(Action::GoTo(Position::new(2, 0)), 0.0);
        s.apply(Action::TypeDigit('3'), 0.0);
        s.apply(Action::GoTo(Position::new(2, 0)), 0.0);
        assert_eq!(s.show.digits, "", "a later 8 is scene 8, not 38");
    }
}
