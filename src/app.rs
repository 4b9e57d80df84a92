//! The app shell: the state of a presentation, the one place where actions are applied, and the
//! frame function that draws the stage and collects input. Side effects (window commands) happen
//! only here.

use std::path::PathBuf;

use egui::{Context, Key, ViewportCommand};
use serde::{Deserialize, Serialize};

use crate::action::{Action, Blank, LISTED, Overlay, action_for};
use crate::model::deck::{Deck, ThemeName};
use crate::model::nav::Position;
use crate::ui;

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
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            theme: None,
            font_scale: 1.0,
            last_deck: None,
            last_position: None,
        }
    }
}

pub const FONT_SCALE_MIN: f32 = 0.6;
pub const FONT_SCALE_MAX: f32 = 2.5;
const FONT_SCALE_STEP: f32 = 1.1;
/// Length of the eased x-range move between steps.
pub const TRANSITION_SECS: f64 = 0.45;

/// An eased move of the plot's x range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transition {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub start_secs: f64,
}

impl Transition {
    /// The range at `now_secs`, and whether the move is finished.
    pub fn at(&self, now_secs: f64) -> ((f64, f64), bool) {
        let t = ((now_secs - self.start_secs) / TRANSITION_SECS).clamp(0.0, 1.0);
        // ease in-out cubic
        let e = if t < 0.5 {
            4.0 * t * t * t
        } else {
            1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
        };
        let lerp = |a: f64, b: f64| a + (b - a) * e;
        (
            (lerp(self.from.0, self.to.0), lerp(self.from.1, self.to.1)),
            t >= 1.0,
        )
    }
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

/// What a cached reduced series was computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeriesViewKey {
    pub x0_bits: u64,
    pub x1_bits: u64,
    pub columns: usize,
    pub log: bool,
    /// Identity of the series' data (reloads bring new data).
    pub points: usize,
}

/// A series reduced for one view.
#[derive(Clone, Debug)]
pub struct SeriesView {
    pub key: SeriesViewKey,
    pub points: Vec<egui_plot::PlotPoint>,
}

/// Per-scene view state that the viewer changes with the mouse; reset on scene change.
#[derive(Clone, Debug, Default)]
pub struct PlotView {
    /// Each series reduced for the current view (by index).
    pub series_cache: std::collections::HashMap<usize, SeriesView>,
    /// Series the viewer hid with the legend (by index).
    pub hidden: std::collections::BTreeSet<usize>,
    /// `Some(true)` when the viewer switched the log scale on (overrides the scene's scale).
    pub log_override: Option<bool>,
    /// The x range the plot showed last frame.
    pub last_x: Option<(f64, f64)>,
    /// The plot's screen/plot mapping last frame (for tests and linked hover).
    pub last_transform: Option<egui_plot::PlotTransform>,
    /// A running x-range move.
    pub transition: Option<Transition>,
    /// Set bounds to the step's range on the next frame without easing.
    pub snap: bool,
    /// Reset zoom on the next frame.
    pub reset: bool,
}

/// The running presentation.
pub struct App {
    pub deck: Deck,
    /// Where the deck came from, for the window title.
    pub deck_label: String,
    pub pos: Position,
    pub prefs: Prefs,
    pub blank: Option<Blank>,
    pub overlay: Option<Overlay>,
    /// Text of the jump box.
    pub jump_text: String,
    /// Why the last jump failed.
    pub jump_error: Option<String>,
    /// Digits typed on the stage, waiting for Enter.
    pub digits: String,
    /// The overview's selected scene.
    pub overview_cursor: usize,
    pub fullscreen: bool,
    pub plot_view: PlotView,
    /// The highlight or annotation id the pointer is on (linked hover), from the last frame.
    pub hovered_link: Option<String>,
    /// The id hovered this frame, becoming `hovered_link` at the end of it.
    pub hover_next: Option<String>,
    /// The timeline ribbon's rectangle last frame (for tests).
    pub timeline_rect: Option<egui::Rect>,
    /// The presenter window is open.
    pub presenter_open: bool,
    /// The stage and the presenter window swapped screens (the shell places them).
    pub screens_swapped: bool,
    /// The stage of the presenter's previews (current and next step), drawn from copies.
    pub presenter: Option<Box<crate::ui::presenter::Previews>>,
    /// Elapsed time since the talk started.
    pub stopwatch: Stopwatch,
    /// When autoplay is running: the time the current step started.
    pub autoplay_since: Option<f64>,
    /// Where the story was before a jump away from it.
    pub detour_from: Option<Position>,
    /// A preview copy: draws without interaction and pushes nothing that matters.
    pub preview: bool,
    /// The deck folder on disk, when the deck came from one (reloads read it again).
    pub source_dir: Option<PathBuf>,
    /// Watches `source_dir` for changes made in any editor.
    pub watcher: Option<crate::watch::DeckWatcher>,
    /// Problems of the files on disk when the last reload failed: the stage keeps showing the
    /// last good deck meanwhile. Also the warnings of the current deck.
    pub problems: Vec<crate::model::Diagnostic>,
    /// The editor panel is open.
    pub editor_open: bool,
    /// The author's working copy (decks opened from a folder).
    pub workspace: Option<crate::model::workspace::Workspace>,
    /// The editor panel's own state.
    pub editor: crate::ui::editor::EditorState,
    /// A file changed on disk under unsaved edits: the author chooses.
    pub conflict: Option<crate::model::workspace::Conflict>,
    /// Closing was asked for with unsaved changes: save, discard or cancel.
    pub close_prompt: bool,
    /// Closing may go ahead (the author chose).
    allow_close: bool,
    /// Wakes the window from other threads (the file watcher, a folder dialog).
    pub wake: Option<Context>,
    /// A deck to open once the author has saved or discarded (the unsaved prompt is up).
    pub pending_open: Option<PathBuf>,
    /// The folder prompt of "new deck", "open deck" or "save as".
    pub folder_prompt: Option<crate::ui::editor::FolderPrompt>,
    /// A scene file waiting for "delete" to be confirmed.
    pub confirm_delete: Option<String>,
    /// A short message for the author (saved, or why not).
    pub status: Option<String>,
    /// Actions collected during the frame, applied at its end.
    pending: Vec<Action>,
    /// Set when the window should follow `fullscreen` at the end of the frame.
    fullscreen_changed: bool,
    /// Set when the theme or font scale needs applying to the context.
    style_dirty: bool,
    /// The window title last sent, so it is sent only when it changes.
    last_title: String,
    fonts_installed: bool,
}

impl App {
    pub fn new(deck: Deck, deck_label: impl Into<String>) -> App {
        App {
            deck,
            deck_label: deck_label.into(),
            pos: Position::default(),
            prefs: Prefs::default(),
            blank: None,
            overlay: None,
            jump_text: String::new(),
            jump_error: None,
            digits: String::new(),
            overview_cursor: 0,
            fullscreen: false,
            plot_view: PlotView {
                snap: true,
                ..PlotView::default()
            },
            hovered_link: None,
            hover_next: None,
            timeline_rect: None,
            presenter_open: false,
            screens_swapped: false,
            presenter: None,
            stopwatch: Stopwatch {
                running_since: Some(0.0),
                banked_secs: 0.0,
            },
            autoplay_since: None,
            detour_from: None,
            preview: false,
            source_dir: None,
            watcher: None,
            problems: Vec::new(),
            editor_open: false,
            workspace: None,
            editor: Default::default(),
            conflict: None,
            close_prompt: false,
            allow_close: false,
            pending_open: None,
            wake: None,
            folder_prompt: None,
            confirm_delete: None,
            status: None,
            pending: Vec::new(),
            fullscreen_changed: false,
            style_dirty: true,
            last_title: String::new(),
            fonts_installed: false,
        }
    }

    /// Starts at `pos` (clamped into the deck).
    pub fn with_position(mut self, pos: Position) -> App {
        self.pos = pos.clamped(&self.deck);
        self
    }

    pub fn with_prefs(mut self, prefs: Prefs) -> App {
        self.prefs = prefs;
        self.prefs.font_scale = self.prefs.font_scale.clamp(FONT_SCALE_MIN, FONT_SCALE_MAX);
        self.style_dirty = true;
        self
    }

    /// Queues an action for the end of the frame.
    pub fn push(&mut self, action: Action) {
        self.pending.push(action);
    }

    pub fn theme(&self) -> ThemeName {
        self.prefs.theme.unwrap_or(self.deck.theme)
    }

    pub fn scene(&self) -> &crate::model::deck::Scene {
        // `pos` is always clamped into the deck, which has at least one scene.
        &self.deck.scenes[self.pos.scene.min(self.deck.scenes.len() - 1)]
    }

    pub fn step(&self) -> &crate::model::deck::Step {
        let scene = self.scene();
        &scene.steps[self.pos.step.min(scene.steps.len() - 1)]
    }

    /// Applies one action now. Returns whether anything changed.
    pub fn apply(&mut self, action: Action, now_secs: f64) -> bool {
        if self.blank.is_some() && !matches!(action, Action::Unblank | Action::AutoAdvance) {
            // Any key returns from a blank screen; it does not also act.
            self.blank = None;
            return true;
        }
        if action.navigates() {
            // Taking the story in hand pauses autoplay.
            self.autoplay_since = None;
        }
        match action {
            Action::Next => self.go(self.pos.next(&self.deck), now_secs),
            Action::Previous => self.go(self.pos.previous(&self.deck), now_secs),
            Action::First => self.go(Some(Position::default()), now_secs),
            Action::Last => self.go(Some(Position::last(&self.deck)), now_secs),
            Action::GoTo(p) => {
                self.overlay = None;
                let to = p.clamped(&self.deck);
                if self.detour_from.is_none() && to != self.pos {
                    self.detour_from = Some(self.pos);
                }
                self.go(Some(to), now_secs)
            }
            Action::ReturnFromDetour => match self.detour_from.take() {
                Some(back) => {
                    self.autoplay_since = None;
                    self.go(Some(back.clamped(&self.deck)), now_secs);
                    true
                }
                None => false,
            },
            Action::AutoAdvance => {
                let next = self.pos.next(&self.deck);
                if next.is_none() {
                    self.autoplay_since = None;
                    return true;
                }
                self.go(next, now_secs);
                self.autoplay_since = Some(now_secs);
                true
            }
            Action::ToggleAutoplay => {
                self.autoplay_since = match self.autoplay_since {
                    Some(_) => None,
                    None => Some(now_secs),
                };
                true
            }
            Action::TogglePresenter => {
                self.presenter_open = !self.presenter_open;
                true
            }
            Action::SwapScreens => {
                self.screens_swapped = !self.screens_swapped;
                true
            }
            Action::ToggleTimer => {
                self.stopwatch.toggle(now_secs);
                true
            }
            Action::ResetTimer => {
                self.stopwatch.reset(now_secs);
                true
            }
            Action::ToggleEditor => {
                self.editor_open = !self.editor_open;
                true
            }
            Action::Save => {
                self.save();
                true
            }
            Action::AddCallout {
                series,
                date,
                value,
            } => self.add_callout(&series, date, value, now_secs),
            Action::OpenDeck(dir) => {
                if self.is_dirty() {
                    self.pending_open = Some(dir);
                    self.close_prompt = true;
                    return true;
                }
                match self.open_folder(&dir) {
                    Ok(()) => true,
                    Err(e) => {
                        self.status = Some(e);
                        false
                    }
                }
            }
            Action::Undo | Action::Redo => {
                let done = self.workspace.as_mut().is_some_and(|ws| {
                    if action == Action::Undo {
                        ws.undo()
                    } else {
                        ws.redo()
                    }
                });
                if done {
                    self.revalidate();
                }
                done
            }
            Action::BlankBlack => {
                self.blank = Some(Blank::Black);
                true
            }
            Action::BlankWhite => {
                self.blank = Some(Blank::White);
                true
            }
            Action::Unblank => self.blank.take().is_some(),
            Action::ToggleFullscreen => {
                self.fullscreen = !self.fullscreen;
                self.fullscreen_changed = true;
                true
            }
            Action::Escape => {
                if self.overlay.is_some() || !self.digits.is_empty() {
                    self.overlay = None;
                    self.digits.clear();
                    true
                } else if self.fullscreen {
                    self.fullscreen = false;
                    self.fullscreen_changed = true;
                    true
                } else {
                    false
                }
            }
            Action::ToggleOverview => self.toggle_overlay(Overlay::Overview),
            Action::ToggleHelp => self.toggle_overlay(Overlay::Help),
            Action::OpenJump => {
                self.jump_text.clear();
                self.jump_error = None;
                self.overlay = Some(Overlay::Jump);
                true
            }
            Action::FontBigger => self.set_font_scale(self.prefs.font_scale * FONT_SCALE_STEP),
            Action::FontSmaller => self.set_font_scale(self.prefs.font_scale / FONT_SCALE_STEP),
            Action::FontReset => self.set_font_scale(1.0),
            Action::CycleTheme => {
                self.prefs.theme = Some(match self.theme() {
                    ThemeName::Light => ThemeName::Dark,
                    ThemeName::Dark => ThemeName::HighContrast,
                    ThemeName::HighContrast => ThemeName::Light,
                });
                self.style_dirty = true;
                true
            }
            Action::ToggleLogScale => {
                let current = self.log_scale();
                self.plot_view.log_override = Some(!current);
                self.plot_view.reset = true;
                true
            }
            Action::ResetPlot => {
                self.plot_view.hidden.clear();
                self.plot_view.log_override = None;
                self.plot_view.reset = true;
                true
            }
            Action::CloseOverlay => self.overlay.take().is_some(),
            Action::ToggleSeries(i) => {
                if !self.plot_view.hidden.remove(&i) {
                    self.plot_view.hidden.insert(i);
                }
                true
            }
        }
    }

    /// Whether the plot is on a log scale now.
    pub fn log_scale(&self) -> bool {
        let declared = self
            .scene()
            .plot
            .as_ref()
            .is_some_and(|p| p.y_scale == crate::model::deck::YScale::Log);
        self.plot_view.log_override.unwrap_or(declared)
    }

    fn toggle_overlay(&mut self, overlay: Overlay) -> bool {
        if self.overlay == Some(overlay) {
            self.overlay = None;
        } else {
            self.overlay = Some(overlay);
            self.overview_cursor = self.pos.scene;
        }
        true
    }

    fn set_font_scale(&mut self, scale: f32) -> bool {
        let scale = scale.clamp(FONT_SCALE_MIN, FONT_SCALE_MAX);
        let changed = (scale - self.prefs.font_scale).abs() > f32::EPSILON;
        self.prefs.font_scale = scale;
        self.style_dirty |= changed;
        changed
    }

    /// Moves to `to`; a new scene resets the plot view, a new step in the same scene eases the
    /// x range.
    fn go(&mut self, to: Option<Position>, now_secs: f64) -> bool {
        let Some(to) = to else { return false };
        if to == self.pos {
            return false;
        }
        let same_scene = to.scene == self.pos.scene;
        self.pos = to;
        self.digits.clear();
        if same_scene {
            let target = self.step().x_range.map(|(a, b)| (a.x_days(), b.x_days()));
            match (self.plot_view.last_x, target) {
                (Some(from), Some(to)) if from != to => {
                    self.plot_view.transition = Some(Transition {
                        from,
                        to,
                        start_secs: now_secs,
                    });
                }
                _ => {}
            }
        } else {
            self.plot_view = PlotView {
                snap: true,
                ..PlotView::default()
            };
        }
        self.prefs.last_position = Some((self.scene().id.clone(), self.pos.step));
        if self.detour_from == Some(self.pos) {
            // Back where the story was: the detour is over.
            self.detour_from = None;
        }
        true
    }

    /// Reloads the deck from its folder. A deck with errors leaves the last good one on the
    /// stage and its problems in `problems`; a good one replaces it, keeping the scene (by id)
    /// and the step (clamped). Returns whether the stage changed.
    pub fn reload(&mut self) -> bool {
        let Some(dir) = self.source_dir.clone() else {
            return false;
        };
        let loaded = match crate::model::source::DirSource::open(&dir) {
            Ok(source) => crate::model::load(&source),
            Err(e) => {
                self.problems = vec![crate::model::Diagnostic::whole_file(
                    crate::model::diag::Severity::Error,
                    &e.path,
                    e.reason,
                )];
                return false;
            }
        };
        match loaded.deck {
            Some(deck) if !deck.scenes.is_empty() => {
                self.problems = loaded.diagnostics;
                self.replace_deck(deck);
                true
            }
            _ => {
                self.problems = loaded.diagnostics;
                false
            }
        }
    }

    /// Puts `deck` on the stage, staying on the same scene id and step where they still exist.
    pub fn replace_deck(&mut self, deck: Deck) {
        let id = self.scene().id.clone();
        let step = self.pos.step;
        let story = self.detour_from.and_then(|p| {
            self.deck
                .scenes
                .get(p.scene)
                .map(|s| (s.id.clone(), p.step))
        });
        self.deck = deck;
        self.pos = match self.deck.scene_index(&id) {
            Some(i) => Position::new(i, step),
            None => self.pos,
        }
        .clamped(&self.deck);
        self.detour_from = story.and_then(|(id, step)| {
            self.deck
                .scene_index(&id)
                .map(|i| Position::new(i, step).clamped(&self.deck))
        });
        self.plot_view = PlotView {
            snap: true,
            ..PlotView::default()
        };
        self.presenter = None;
        self.overview_cursor = self.overview_cursor.min(self.deck.scenes.len() - 1);
    }

    /// Reloads when the watcher saw a change. With a working copy, files with unsaved edits
    /// that changed on disk become a conflict to settle; the rest follow the disk. Returns
    /// whether it reloaded.
    pub fn poll_reload(&mut self) -> bool {
        let changes = self
            .watcher
            .as_ref()
            .map(|w| w.changes())
            .unwrap_or_default();
        if changes.is_empty() {
            return false;
        }
        if self.workspace.is_none() {
            self.reload();
            return true;
        }
        let dir = self.source_dir.clone().unwrap_or_default();
        let dir = dir.canonicalize().unwrap_or(dir);
        if let Some(ws) = self.workspace.as_mut() {
            for path in &changes {
                let real = path.canonicalize().unwrap_or_else(|_| path.clone());
                let Ok(rel) = real.strip_prefix(&dir) else {
                    continue;
                };
                let name = rel.to_string_lossy().replace('\\', "/");
                if let Some(c) = ws.disk_changed(&name) {
                    self.conflict = Some(c);
                }
            }
        }
        self.revalidate();
        true
    }

    /// Loads the deck as edited (working copy over the folder) and puts it on the stage when it
    /// is valid; otherwise the stage keeps the last good deck and `problems` says why.
    pub fn revalidate(&mut self) {
        let Some(ws) = self.workspace.as_ref() else {
            self.reload();
            return;
        };
        let loaded = crate::model::load(&ws.overlay());
        self.problems = loaded.diagnostics;
        if let Some(deck) = loaded.deck
            && !deck.scenes.is_empty()
        {
            self.replace_deck(deck);
        }
    }

    /// Writes the changed files; says what happened in `status`.
    pub fn save(&mut self) {
        let Some(ws) = self.workspace.as_mut() else {
            self.status = Some(
                "this is the copy of the story built into the program: open a deck folder to edit and save"
                    .to_owned(),
            );
            return;
        };
        self.status = Some(match ws.save() {
            Ok(names) if names.is_empty() => "nothing to save".to_owned(),
            Ok(names) => format!("saved {}", names.join(", ")),
            Err((name, e)) => format!("{name}: cannot save: {e}"),
        });
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.workspace.as_ref().is_some_and(|w| w.is_dirty())
    }

    /// The author chose to save or discard before closing (or before opening another deck).
    pub fn close_now(&mut self, ctx: &Context, save: bool) {
        if save {
            self.save();
            if self.is_dirty() {
                return; // the save failed: the status says why; stay open
            }
        }
        self.close_prompt = false;
        if let Some(dir) = self.pending_open.take() {
            if let Err(e) = self.open_folder(&dir) {
                self.status = Some(e);
            }
            return;
        }
        self.allow_close = true;
        ctx.send_viewport_cmd(ViewportCommand::Close);
    }

    /// Opens the deck in `dir` in place of this one: its working copy, its watcher, its first
    /// scene. Unsaved edits of the old deck are dropped (callers ask first).
    pub fn open_folder(&mut self, dir: &std::path::Path) -> Result<(), String> {
        let source = crate::model::source::DirSource::open(dir).map_err(|e| e.to_string())?;
        let loaded = crate::model::load(&source);
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
        self.deck = deck;
        self.pos = Position::default();
        self.problems = loaded.diagnostics;
        self.source_dir = Some(dir.to_owned());
        self.workspace = crate::model::workspace::Workspace::open(dir).ok();
        let wake = self.wake.clone();
        self.watcher = crate::watch::DeckWatcher::new(dir, move || {
            if let Some(ctx) = &wake {
                ctx.request_repaint();
            }
        })
        .ok();
        self.deck_label = dir.display().to_string();
        self.prefs.last_deck = Some(dir.canonicalize().unwrap_or_else(|_| dir.to_owned()));
        self.detour_from = None;
        self.presenter = None;
        self.plot_view = PlotView {
            snap: true,
            ..PlotView::default()
        };
        self.status = Some(format!("opened {}", dir.display()));
        Ok(())
    }

    /// Adds a callout on `series` at `date` and `value` to the current scene, ready to be
    /// labelled in the editor's form.
    fn add_callout(
        &mut self,
        series: &str,
        date: crate::model::Date,
        value: f64,
        now_secs: f64,
    ) -> bool {
        use crate::model::file::{AnnotationFile, SceneFile};
        let file = self.scene().file.clone();
        let Some(ws) = self.workspace.as_mut() else {
            return false;
        };
        let Some(mut scene) = ws
            .text(&file)
            .ok()
            .and_then(|t| crate::model::codec::parse::<SceneFile>(&t).ok())
        else {
            self.status = Some(format!(
                "{file} does not parse: fix it before adding a callout"
            ));
            return false;
        };
        let Some(plot) = scene.plot.as_mut() else {
            return false;
        };
        let ids: Vec<String> = plot
            .annotations
            .iter()
            .map(|a| a.id().to_owned())
            .chain(
                scene
                    .excerpts
                    .iter()
                    .flat_map(|e| e.highlights.iter().map(|h| h.id.clone())),
            )
            .collect();
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
                crate::ui::plot::format_number(rounded)
            ),
            value: Some(rounded),
        });
        let Ok(text) = crate::model::codec::to_canonical(&scene) else {
            return false;
        };
        ws.set_text(
            &file,
            text,
            &format!("{file}/add-callout/{now_secs}"),
            now_secs,
        );
        self.revalidate();
        self.editor.tab = crate::ui::editor::Tab::Form;
        self.status = Some(format!(
            "added callout \"{id}\" on {date}: label it in the form"
        ));
        true
    }

    /// Whether any problem is an error (the files on disk do not load).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(crate::model::Diagnostic::is_error)
    }

    /// How long autoplay stays on the step at `pos`.
    pub fn step_secs(&self, pos: Position) -> f64 {
        let scene = self.deck.scenes.get(pos.scene);
        let step = scene.and_then(|s| s.steps.get(pos.step));
        f64::from(
            step.and_then(|s| s.duration_secs)
                .or(scene.and_then(|s| s.duration_secs))
                .unwrap_or(self.deck.default_step_secs),
        )
    }

    /// Seconds until autoplay advances, while it runs.
    pub fn autoplay_remaining(&self, now_secs: f64) -> Option<f64> {
        self.autoplay_since
            .map(|since| (self.step_secs(self.pos) - (now_secs - since)).max(0.0))
    }

    /// The planned time at which the talk reaches `pos` (planned step times, scaled to the
    /// deck's target duration when it has one), and the planned total.
    pub fn planned_secs(&self, pos: Position) -> (f64, f64) {
        let mut before = 0.0;
        let mut total = 0.0;
        for (i, scene) in self.deck.scenes.iter().enumerate() {
            for k in 0..scene.steps.len() {
                let secs = self.step_secs(Position::new(i, k));
                if Position::new(i, k) < pos {
                    before += secs;
                }
                total += secs;
            }
        }
        match self.deck.target_duration_mins {
            Some(mins) if total > 0.0 => {
                let target = f64::from(mins) * 60.0;
                (before * target / total, target)
            }
            _ => (before, total),
        }
    }

    /// Ahead, on time or behind the plan, with a minute's tolerance.
    pub fn pace(&self, now_secs: f64) -> Pace {
        let (planned, _) = self.planned_secs(self.pos);
        let elapsed = self.stopwatch.elapsed_secs(now_secs);
        if elapsed + 60.0 < planned {
            Pace::Ahead
        } else if elapsed > planned + 60.0 {
            Pace::Behind
        } else {
            Pace::OnTime
        }
    }

    /// Reads this frame's key presses into actions (nothing while a text field has focus).
    pub fn read_keys(&mut self, ctx: &Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let events = ctx.input(|i| i.events.clone());
        for event in events {
            let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            if typing {
                continue;
            }
            if self.blank.is_some() {
                self.push(Action::Unblank);
                continue;
            }
            if self.overlay == Some(Overlay::Overview) && self.overview_key(key) {
                continue;
            }
            if !modifiers.command && !modifiers.ctrl {
                if let Some(d) = digit(key) {
                    if self.digits.len() < 4 {
                        self.digits.push(d);
                    }
                    continue;
                }
                if key == Key::Enter && !self.digits.is_empty() {
                    let n: usize = self.digits.parse().unwrap_or(0);
                    self.digits.clear();
                    if n >= 1 && n <= self.deck.scenes.len() {
                        self.push(Action::GoTo(Position::new(n - 1, 0)));
                    }
                    continue;
                }
            }
            if let Some(action) = action_for(modifiers, key) {
                self.push(action);
            }
        }
    }

    /// Arrow keys and Enter inside the overview. Returns whether the key was used.
    fn overview_key(&mut self, key: Key) -> bool {
        let n = self.deck.scenes.len();
        let cols = ui::overlay::OVERVIEW_COLUMNS;
        let c = self.overview_cursor;
        self.overview_cursor = match key {
            Key::ArrowRight => (c + 1).min(n - 1),
            Key::ArrowLeft => c.saturating_sub(1),
            Key::ArrowDown => (c + cols).min(n - 1),
            Key::ArrowUp => c.saturating_sub(cols),
            Key::Enter | Key::Space => {
                self.push(Action::GoTo(Position::new(c, 0)));
                return true;
            }
            _ => return false,
        };
        true
    }

    /// Draws one frame and applies what the viewer asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.wake.is_none() {
            self.wake = Some(ctx.clone());
        }
        if !self.fonts_installed {
            ui::theme::install_fonts(&ctx);
            self.fonts_installed = true;
        }
        if self.style_dirty {
            ui::theme::apply(&ctx, self.theme(), self.prefs.font_scale);
            self.style_dirty = false;
        }
        if !self.fullscreen_changed
            && let Some(fullscreen) = ctx.input(|i| i.viewport().fullscreen)
        {
            // The window manager may have changed it (e.g. a desktop shortcut).
            self.fullscreen = fullscreen;
        }
        self.poll_reload();
        if self.workspace.is_some() {
            // Save, undo and redo work while typing in the editor: take them before the text
            // fields see them (a text field's own undo would fight ours).
            for action in [Action::Redo, Action::Undo, Action::Save] {
                for s in action.shortcuts() {
                    let shortcut = egui::KeyboardShortcut::new(s.modifiers, s.key);
                    if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                        self.push(action.clone());
                    }
                }
            }
        }
        self.read_keys(&ctx);
        self.hover_next = None;
        ui::stage::stage_ui(ui, self);
        ui::overlay::overlays_ui(ui, self);
        if self.presenter_open {
            ui::presenter::show_presenter_window(&ctx, self);
        }
        self.hovered_link = self.hover_next.take();
        let now = ctx.input(|i| i.time);
        if let Some(remaining) = self.autoplay_remaining(now) {
            if remaining <= 0.0 {
                self.push(Action::AutoAdvance);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(remaining));
            }
        }
        let actions = std::mem::take(&mut self.pending);
        for action in actions {
            self.apply(action, now);
        }
        if self.fullscreen_changed {
            ctx.send_viewport_cmd(ViewportCommand::Fullscreen(self.fullscreen));
            self.fullscreen_changed = false;
        }
        // Closing with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested()) && self.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.close_prompt = true;
        }
        let dirty = if self.is_dirty() { "• " } else { "" };
        let title = format!("{dirty}{} — {}", self.scene().title, self.deck.title);
        if title != self.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }
}

fn digit(key: Key) -> Option<char> {
    let d = match key {
        Key::Num0 => '0',
        Key::Num1 => '1',
        Key::Num2 => '2',
        Key::Num3 => '3',
        Key::Num4 => '4',
        Key::Num5 => '5',
        Key::Num6 => '6',
        Key::Num7 => '7',
        Key::Num8 => '8',
        Key::Num9 => '9',
        _ => return None,
    };
    Some(d)
}

/// All listed actions, for help.
pub fn help_rows() -> Vec<(String, &'static str, &'static str)> {
    LISTED
        .iter()
        .map(|a| (a.shortcut_text(), a.label(), a.description()))
        .collect()
}
