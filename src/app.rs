//! One frame of the app: read input into actions, draw through read-only views of the
//! [`State`], then apply the actions (the one place the state changes, [`State::apply`]) and
//! run the effects they return (window commands, saving, opening decks, dialogs).

use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use egui::{Context, Key, ViewportCommand};

use crate::action::{Action, action_for};
use crate::model::deck::Deck;
use crate::model::nav::Position;
use crate::ui;
use crate::view::{FolderPurpose, Modal, Outbox, PlotSettings, StageView};

pub use crate::state::{Effect, FONT_SCALE_MAX, FONT_SCALE_MIN, Prefs, State};
pub use crate::view::{Pace, Stopwatch};

/// The running presentation: its state, what drawing keeps, and the shell's own bookkeeping.
pub struct App {
    pub state: State,
    /// Plot views and caches, editor buffers: drawing's own state.
    pub ui: ui::UiState,
    /// Actions pushed from outside a frame (tests, the shell), applied at the end of the next.
    pending: Vec<Action>,
    /// Window commands to send at the end of the frame.
    commands: Vec<ViewportCommand>,
    /// Closing may go ahead (the author chose, or nothing was unsaved).
    allow_close: bool,
    /// The theme or font scale needs applying to the context.
    style_dirty: bool,
    /// A control had the keyboard focus at the end of the last frame (egui drops it on Esc
    /// before the frame's keys are read).
    had_focus: bool,
    /// Text to put on the clipboard at the end of the frame.
    clipboard: Option<String>,
    /// The window title last sent, so it is sent only when it changes.
    last_title: String,
    fonts_installed: bool,
    /// The system's fallback font is in (loaded once a deck's text needs it), and the deck
    /// revision last checked for that.
    fallback_installed: bool,
    fonts_checked_for: Option<u64>,
    /// The system's folder dialog, answering on its own thread.
    browse: Option<mpsc::Receiver<Option<PathBuf>>>,
    /// A chart picture to put on the clipboard at the end of the frame.
    clipboard_image: Option<egui::ColorImage>,
    /// A chart being saved (the save dialog, then the file), answering on its own thread.
    image_saving: Option<Saving>,
    /// The chart's data being saved as CSV (the save dialog, then the file).
    data_saving: Option<Saving>,
    /// The running export: its progress and end, and the flag that stops it.
    export: Option<(mpsc::Receiver<Action>, Arc<std::sync::atomic::AtomicBool>)>,
    /// The dialog button the keyboard is on, and which modal it belongs to.
    pub dialog_choice: usize,
    dialog_of: Option<std::mem::Discriminant<Modal>>,
    /// When the pointer last moved (or the stage went fullscreen), for hiding it at rest.
    pointer_moved_secs: f64,
    /// Whether the stage was fullscreen last frame.
    was_fullscreen: bool,
}

/// In fullscreen, the pointer hides after resting this long (as PowerPoint's slide show does).
pub const POINTER_REST_SECS: f64 = 3.0;

impl std::ops::Deref for App {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

impl std::ops::DerefMut for App {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

impl App {
    pub fn new(deck: Deck, deck_label: impl Into<String>) -> App {
        App::from_state(State::new(deck, deck_label))
    }

    pub fn from_state(state: State) -> App {
        App {
            state,
            ui: ui::UiState::default(),
            pending: Vec::new(),
            commands: Vec::new(),
            allow_close: false,
            style_dirty: true,
            last_title: String::new(),
            clipboard: None,
            had_focus: false,
            fonts_installed: false,
            fallback_installed: false,
            fonts_checked_for: None,
            browse: None,
            export: None,
            clipboard_image: None,
            image_saving: None,
            data_saving: None,
            dialog_choice: 0,
            dialog_of: None,
            pointer_moved_secs: 0.0,
            was_fullscreen: false,
        }
    }

    /// Starts at `pos` (clamped into the deck).
    pub fn with_position(mut self, pos: Position) -> App {
        self.state.show.pos = pos.clamped(&self.state.doc.deck);
        self
    }

    pub fn with_prefs(mut self, prefs: Prefs) -> App {
        self.state.prefs = prefs;
        self.state.prefs.font_scale = self
            .state
            .prefs
            .font_scale
            .clamp(FONT_SCALE_MIN, FONT_SCALE_MAX);
        self.style_dirty = true;
        self
    }

    /// Queues an action for the end of the frame.
    pub fn push(&mut self, action: Action) {
        self.pending.push(action);
    }

    /// Applies one action now and runs its effects.
    pub fn apply(&mut self, action: Action, now_secs: f64) {
        let effects = self.state.apply(action, now_secs);
        for effect in effects {
            self.run(effect, now_secs);
        }
    }

    /// Does what an action needs of the outside world.
    fn run(&mut self, effect: Effect, now_secs: f64) {
        match effect {
            Effect::Fullscreen(on) => self.commands.push(ViewportCommand::Fullscreen(on)),
            Effect::Restyle => self.style_dirty = true,
            Effect::CopyText(text) => self.clipboard = Some(text),
            Effect::Close => {
                self.allow_close = true;
                self.commands.push(ViewportCommand::Close);
            }
            Effect::Save { then } => {
                let saved = self.state.save();
                match then {
                    Some(_) if !saved => {} // the status says why; the prompt stays
                    Some(then) => {
                        self.state.modal = None;
                        match then {
                            crate::view::AfterPrompt::Quit => self.run(Effect::Close, now_secs),
                            crate::view::AfterPrompt::Open(dir) => {
                                self.run(Effect::OpenDeck(dir), now_secs)
                            }
                        }
                    }
                    None => {}
                }
            }
            Effect::OpenDeck(dir) => {
                if let Err(e) = self.state.open_folder(&dir, now_secs) {
                    self.state.status = Some(e);
                }
            }
            Effect::WriteDeck { purpose, path } => {
                let files: Vec<(String, Vec<u8>)> = match (purpose, &self.state.doc.workspace) {
                    (FolderPurpose::SaveAs, Some(ws)) => ws.all_files(),
                    (FolderPurpose::SaveAs, None) => crate::bundled::FILES
                        .iter()
                        .filter(|(n, _)| !n.ends_with(".md") || n.starts_with("data/"))
                        .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
                        .collect(),
                    _ => crate::model::workspace::starter_deck()
                        .into_iter()
                        .map(|(n, t)| (n, t.into_bytes()))
                        .collect(),
                };
                match crate::model::workspace::write_new_deck(&path, &files) {
                    // The copy holds every edit: open it in place of this deck, whose unsaved
                    // edits now live there (nothing to ask, nothing to undo).
                    Ok(()) => {
                        if let Err(e) = self.state.open_folder(&path, now_secs) {
                            self.state.status = Some(e);
                        }
                    }
                    Err(e) => {
                        if let Some(Modal::Folder(p)) = &mut self.state.modal {
                            p.error = Some(e);
                        }
                    }
                }
            }
            Effect::CopyCsv { from, to, name } => {
                let copied = std::fs::copy(&from, &to).map(|_| name).map_err(|e| {
                    format!("cannot copy {} to {}: {e}", from.display(), to.display())
                });
                self.apply(
                    Action::Data(crate::action::DataStepAction::Copied(copied)),
                    now_secs,
                );
            }
            Effect::BrowseFolder => {
                let (tx, rx) = mpsc::channel();
                let wake = self.state.doc.wake.clone();
                std::thread::spawn(move || {
                    let picked = rfd::FileDialog::new().pick_folder();
                    let _ = tx.send(picked);
                    if let Some(wake) = wake {
                        wake();
                    }
                });
                self.browse = Some(rx);
            }
            Effect::Export(opts) => {
                let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
                self.export = Some((spawn_export(&self.state, *opts, cancel.clone()), cancel));
            }
            Effect::CopyImage => {
                let (w, h) = CHART_PX;
                let frame = crate::export::chart_frame(
                    &self.state.doc.deck,
                    self.state.show.pos,
                    &self.state.show.plot,
                    egui::vec2(w as f32, h as f32),
                    crate::fonts::FontSet::system(),
                );
                match crate::export::rgba_of(&frame, crate::fonts::FontSet::system(), w, h) {
                    Ok(rgba) => {
                        self.clipboard_image = Some(egui::ColorImage::from_rgba_unmultiplied(
                            [w as usize, h as usize],
                            &rgba,
                        ));
                        self.state.status = Some("chart copied as a picture".to_owned());
                        // Handed to the clipboard by the next frame.
                        if let Some(wake) = &self.state.doc.wake {
                            wake();
                        }
                    }
                    Err(e) => self.state.status = Some(format!("cannot copy the chart: {e}")),
                }
            }
            Effect::SaveImage => {
                if self.image_saving.is_none() {
                    self.image_saving = Some(spawn_save_image(&self.state));
                }
            }
            Effect::SaveText { name, text } => {
                if self.data_saving.is_none() {
                    self.data_saving = Some(spawn_save_text(&self.state, name, text));
                }
            }
            Effect::CancelExport => {
                if let Some((_, cancel)) = &self.export {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }
    }

    /// Reloads when the watcher saw a change. Returns whether it did.
    pub fn poll_reload(&mut self) -> bool {
        self.poll_reload_at(0.0)
    }

    fn poll_reload_at(&mut self, now_secs: f64) -> bool {
        let changes = self
            .state
            .doc
            .watcher
            .as_ref()
            .map(|w| w.changes())
            .unwrap_or_default();
        if changes.is_empty() {
            return false;
        }
        self.apply(Action::FilesChanged(changes), now_secs);
        true
    }

    /// Reads this frame's key presses into actions. While a modal is open, only its keys work.
    fn read_keys(&mut self, ctx: &Context, out: &mut Outbox) {
        read_keys(
            &self.state,
            &mut self.dialog_choice,
            self.had_focus,
            ctx,
            out,
        );
    }

    /// Draws one frame and applies what the viewer asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.state.doc.wake.is_none() {
            let waker = ctx.clone();
            self.state.doc.wake = Some(Arc::new(move || waker.request_repaint()));
        }
        if !self.fonts_installed {
            // DejaVu Sans only: the system's fallback (a CJK font is ~19 MB) is loaded when a
            // deck's text needs it, checked once per deck version (an edit may type Chinese).
            ui::theme::install_font_set(&ctx, crate::fonts::FontSet::bundled());
            self.fonts_installed = true;
        }
        if !self.fallback_installed && self.fonts_checked_for != Some(self.state.doc.revision) {
            self.fonts_checked_for = Some(self.state.doc.revision);
            if crate::fonts::deck_needs_fallback(&self.state.doc.deck) {
                ui::theme::install_fonts(&ctx);
                self.fallback_installed = true;
            }
        }
        if self.style_dirty {
            ui::theme::apply(&ctx, self.state.theme(), self.state.prefs.font_scale);
            ui::theme::apply_motion(&ctx, self.state.prefs.reduce_motion);
            self.style_dirty = false;
        }
        let now = ctx.input(|i| i.time);
        if !self
            .commands
            .iter()
            .any(|c| matches!(c, ViewportCommand::Fullscreen(_)))
            && let Some(fullscreen) = ctx.input(|i| i.viewport().fullscreen)
        {
            // The window manager may have changed it (e.g. a desktop shortcut).
            self.state.show.fullscreen = fullscreen;
        }
        self.poll_reload_at(now);
        self.state.tick(now);
        if let Some(rx) = &self.browse
            && let Ok(picked) = rx.try_recv()
        {
            self.browse = None;
            self.pending.push(Action::FolderPicked(picked));
        }
        if let Some(message) = saved(&mut self.image_saving, "chart") {
            self.state.status = Some(message);
        }
        if let Some(message) = saved(&mut self.data_saving, "data") {
            self.state.status = Some(message);
        }
        if let Some(image) = self.clipboard_image.take() {
            ctx.copy_image(image);
        }
        if let Some((rx, _)) = &self.export {
            let messages: Vec<Action> = rx.try_iter().collect();
            for message in messages {
                if matches!(message, Action::ExportFinished(_)) {
                    self.export = None;
                }
                self.pending.push(message);
            }
        }
        // A new modal starts with the keyboard on its default button, and takes the focus
        // from whatever text field was being typed into behind it.
        let modal_kind = self.state.modal.as_ref().map(std::mem::discriminant);
        if modal_kind != self.dialog_of {
            self.dialog_of = modal_kind;
            self.dialog_choice = self
                .state
                .modal
                .as_ref()
                .and_then(Modal::buttons)
                .map_or(0, |(_, default)| default);
            // Closing one gives the keys back to the stage: no control of the modal keeps
            // the focus (and with it Enter, Space and the arrows).
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        }
        let mut out = Outbox::default();
        if self.state.modal.is_none() && self.state.doc.workspace.is_some() {
            // Save, undo and redo work while typing in the editor: take them before the text
            // fields see them (a text field's own undo would fight ours).
            for action in [Action::Redo, Action::Undo, Action::Save] {
                for s in action.shortcuts() {
                    let shortcut = egui::KeyboardShortcut::new(s.modifiers, s.key);
                    if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                        out.push(action.clone());
                    }
                }
            }
        }
        self.read_keys(&ctx, &mut out);

        let loading = self.state.doc.loading(now);
        // A resting pointer leaves the projector: in fullscreen it hides after a few seconds
        // without moving, and no tooltip or hover highlight shows until it moves again. The
        // timer asks for one repaint, when it runs out; at rest nothing repaints.
        let fullscreen = self.state.show.fullscreen;
        let moved = ctx.input(|i| {
            i.pointer.delta() != egui::Vec2::ZERO
                || i.pointer.any_pressed()
                || i.pointer.any_released()
        });
        if moved || (fullscreen && !self.was_fullscreen) {
            self.pointer_moved_secs = now;
        }
        self.was_fullscreen = fullscreen;
        let rest_left = POINTER_REST_SECS - (now - self.pointer_moved_secs);
        let resting = fullscreen && rest_left <= 0.0;
        if !resting && fullscreen {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(rest_left));
        }
        let mut view = self.state.stage_view();
        view.pointer_resting = resting;
        view.loading = loading.as_ref();
        let editor_view = self.state.editor_view(now);
        if self.state.show.editor_open && !self.state.doc.placeholder {
            egui::Panel::right("editor")
                .resizable(true)
                .default_size(ui.available_width() * 0.38)
                .frame(
                    egui::Frame::new()
                        .inner_margin(egui::Margin::same(10))
                        .fill(ui.visuals().window_fill),
                )
                .show(ui, |ui| {
                    ui::editor::editor_ui(ui, &editor_view, &mut self.ui.editor, &mut out)
                });
        }
        ui::stage::stage_ui(ui, &view, &mut self.ui.stage, &mut out);
        if let Some(blank) = self.state.show.blank {
            ui::overlay::blank_ui(&ctx, blank, &mut out);
        } else if let Some(modal) = &self.state.modal {
            ui::overlay::modal_ui(
                &ctx,
                modal,
                &view,
                &editor_view,
                &mut self.ui.modals,
                self.dialog_choice,
                &mut out,
            );
        }
        if self.state.show.presenter_open {
            presenter_window(
                &ctx,
                &self.state,
                &mut self.ui.previews,
                &mut self.dialog_choice,
                now,
                &mut out,
            );
        }
        ui::theme::focus_ring_ui(&ctx, self.state.theme());
        self.had_focus = ctx.memory(|m| m.focused().is_some());
        self.state.show.hovered_link = if resting { None } else { out.hover.take() };
        if resting {
            // After drawing: a widget under the pointer may have asked for its own cursor.
            ctx.set_cursor_icon(egui::CursorIcon::None);
        }
        if let Some(remaining) = self.state.autoplay_remaining(now) {
            if remaining <= 0.0 {
                out.push(Action::AutoAdvance);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(remaining));
            }
        }
        let mut actions = std::mem::take(&mut self.pending);
        actions.append(&mut out.actions);
        for action in actions {
            self.apply(action, now);
        }
        // Closing with unsaved changes asks first.
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
            && self.state.is_dirty()
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.apply(Action::RequestClose, now);
        }
        for command in self.commands.drain(..) {
            ctx.send_viewport_cmd(command);
        }
        if let Some(text) = self.clipboard.take() {
            ctx.copy_text(text);
        }
        let dirty = if self.state.is_dirty() { "• " } else { "" };
        let title = format!(
            "{dirty}{} — {}",
            self.state.scene().title,
            self.state.doc.deck.title
        );
        if title != self.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }
}

/// The presenter window: a second native window (egui viewport) of the same process, drawn
/// from the same state; its keys work as the stage's do.
fn presenter_window(
    ctx: &Context,
    state: &State,
    previews: &mut [ui::stage::StageUi; 2],
    dialog_choice: &mut usize,
    now: f64,
    out: &mut Outbox,
) {
    let mut builder = egui::ViewportBuilder::default()
        .with_title(format!("Presenter — {}", state.doc.deck.title))
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0]);
    if let Some((pos, size)) = crate::screens::presenter_geometry(ctx) {
        // The laptop's screen, or beside the stage on a single screen (see `placement`).
        builder = builder.with_position(pos).with_inner_size(size);
    }
    let still = PlotSettings::default();
    ctx.show_viewport_immediate(
        egui::ViewportId::from_hash_of(ui::presenter::PRESENTER_VIEWPORT),
        builder,
        |ui, class| {
            if ui.ctx().input(|i| i.viewport().close_requested()) {
                // Closing the presenter window leaves the stage running.
                out.push(Action::TogglePresenter);
            }
            if class != egui::ViewportClass::EmbeddedWindow {
                // Its own keys. (Embedded, the stage's input is this window's and was read.)
                read_keys(state, dialog_choice, false, ui.ctx(), out);
            }
            let pv = state.presenter_view(now);
            let now_view = StageView {
                interactive: false,
                hovered_link: None,
                ..state.stage_view()
            };
            let deck = &state.doc.deck;
            let next_view = state
                .show
                .pos
                .next(deck)
                .map(|p| StageView::still(deck, p, state.theme(), &still));
            ui::presenter::presenter_ui(ui, &pv, &now_view, next_view.as_ref(), previews, out);
        },
    );
}

/// Reads a frame's key presses into actions. While a modal is open only its keys work (Esc,
/// Enter, Tab and arrows); nothing reaches the stage. While a text field has the keyboard,
/// nothing is read; while another control has it, Enter, Space and the arrows are its own.
fn read_keys(state: &State, choice: &mut usize, had_focus: bool, ctx: &Context, out: &mut Outbox) {
    let typing = ctx.text_edit_focused();
    let focused = ctx.memory(|m| m.focused()).is_some();
    let events = ctx.input(|i| i.events.clone());
    for event in events {
        if event == egui::Event::Copy {
            // Ctrl+C arrives as a copy event, not a key: it copies the table of the step on
            // show (from the table view, or the stage when nothing is being typed).
            let stage = state.modal.is_none() && state.show.blank.is_none() && !typing;
            if stage || matches!(state.modal, Some(Modal::Table { .. })) {
                out.push(Action::CopyTable);
            }
            continue;
        }
        let egui::Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } = event
        else {
            continue;
        };
        if state.show.blank.is_some() {
            out.push(Action::Unblank);
            continue;
        }
        if let Some(modal) = &state.modal {
            modal_key(modal, key, modifiers, choice, out);
            continue;
        }
        if typing {
            continue;
        }
        if focused
            && matches!(
                key,
                Key::Enter
                    | Key::Space
                    | Key::ArrowLeft
                    | Key::ArrowRight
                    | Key::ArrowUp
                    | Key::ArrowDown
            )
        {
            continue;
        }
        if key == Key::Escape && (focused || had_focus) {
            // Back to the stage, where the clicker keys work again (and only that: a second
            // Esc leaves fullscreen).
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
            continue;
        }
        if !modifiers.command && !modifiers.ctrl {
            if let Some(d) = digit(key) {
                out.push(Action::TypeDigit(d));
                continue;
            }
            if key == Key::Enter && !state.show.digits.is_empty() {
                let n: usize = state.show.digits.parse().unwrap_or(0);
                if n >= 1 && n <= state.doc.deck.scenes.len() {
                    out.push(Action::GoTo(Position::new(n - 1, 0)));
                } else {
                    out.push(Action::Escape);
                }
                continue;
            }
        }
        if let Some(action) = action_for(modifiers, key) {
            out.push(action);
        }
    }
}

/// The size of a chart picture (copy, save as), in pixels.
const CHART_PX: (u32, u32) = (1280, 800);

/// A file being saved: the system's save dialog, then the writing, on their own thread. The
/// answer is the path written, or why not; `None` when the dialog was cancelled.
type Saving = mpsc::Receiver<Option<Result<PathBuf, String>>>;

/// Asks where to save (the dialog `dialog` makes, on its own thread, so the window keeps
/// drawing), then `write`s there; wakes the UI with the answer.
fn spawn_save(
    state: &State,
    dialog: impl FnOnce() -> rfd::FileDialog + Send + 'static,
    write: impl FnOnce(&std::path::Path) -> Result<(), String> + Send + 'static,
) -> Saving {
    let (tx, rx) = mpsc::channel();
    let wake = state.doc.wake.clone();
    std::thread::spawn(move || {
        let result = dialog().save_file().map(|path| write(&path).map(|()| path));
        let _ = tx.send(result);
        if let Some(wake) = wake {
            wake();
        }
    });
    rx
}

/// The status line for a save that has answered ("chart saved: …", or why not), clearing
/// `slot`; `None` while it runs, or when the dialog was cancelled.
fn saved(slot: &mut Option<Saving>, what: &str) -> Option<String> {
    let answer = slot.as_ref()?.try_recv().ok()?;
    *slot = None;
    match answer? {
        Ok(path) => Some(format!("{what} saved: {}", path.display())),
        Err(e) => Some(e),
    }
}

/// Writes `bytes` to `path`, or says why not.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Asks where to save the current step's chart, then writes it as PNG, or as SVG when the name
/// ends in `.svg`.
fn spawn_save_image(state: &State) -> Saving {
    let deck = state.doc.deck.clone();
    let pos = state.show.pos;
    let plot = state.show.plot.clone();
    let name = format!("{}.png", crate::export::file_stem(&deck, pos));
    spawn_save(
        state,
        move || {
            rfd::FileDialog::new()
                .add_filter("PNG picture", &["png"])
                .add_filter("SVG drawing", &["svg"])
                .set_file_name(name)
        },
        move |path| {
            let fonts = crate::fonts::FontSet::system();
            let (w, h) = CHART_PX;
            let frame = crate::export::chart_frame(
                &deck,
                pos,
                &plot,
                egui::vec2(w as f32, h as f32),
                fonts,
            );
            let svg = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
            let bytes = if svg {
                Ok(crate::export::svg::to_svg(&frame, fonts, w, h).into_bytes())
            } else {
                crate::export::png_of(&frame, fonts, w, h)
            };
            write_file(path, &bytes?)
        },
    )
}

/// Asks where to save `text` (suggesting `name`), then writes it.
fn spawn_save_text(state: &State, name: String, text: String) -> Saving {
    spawn_save(
        state,
        move || {
            rfd::FileDialog::new()
                .add_filter("CSV data", &["csv"])
                .set_file_name(name)
        },
        move |path| write_file(path, text.as_bytes()),
    )
}

/// Runs an export of the deck as it is now (unsaved edits included) on its own thread; its
/// progress and end come back as actions, and each wakes the UI.
fn spawn_export(
    state: &State,
    opts: crate::export::Options,
    cancel: Arc<std::sync::atomic::AtomicBool>,
) -> mpsc::Receiver<Action> {
    let (tx, rx) = mpsc::channel();
    let deck = state.doc.deck.clone();
    let wake = state.doc.wake.clone();
    std::thread::spawn(move || {
        let send = |action: Action| {
            let _ = tx.send(action);
            if let Some(wake) = &wake {
                wake();
            }
        };
        let fonts = crate::fonts::FontSet::system();
        let mut opts = opts;
        opts.date = jiff::Zoned::now().date().strftime("%-d %B %Y").to_string();
        let result = crate::export::export_with(
            &deck,
            &opts,
            fonts,
            &mut |done, total, _| send(Action::ExportProgress { done, total }),
            &cancel,
        );
        let path = opts.pdf.clone().unwrap_or_default();
        send(Action::ExportFinished(
            result.map(|_| path).map_err(|e| e.to_string()),
        ));
    });
    rx
}

/// A key while `modal` is open.
fn modal_key(
    modal: &Modal,
    key: Key,
    modifiers: egui::Modifiers,
    choice: &mut usize,
    out: &mut Outbox,
) {
    if key == Key::Escape {
        out.push(Action::CloseModal);
        return;
    }
    if let Some((buttons, _)) = modal.buttons() {
        let n = buttons.len();
        match key {
            Key::Tab if modifiers.shift => *choice = (*choice + n - 1) % n,
            Key::Tab | Key::ArrowRight | Key::ArrowDown => *choice = (*choice + 1) % n,
            Key::ArrowLeft | Key::ArrowUp => *choice = (*choice + n - 1) % n,
            Key::Enter | Key::Space => out.push(Action::Choose(*choice)),
            _ => {}
        }
        return;
    }
    match modal {
        Modal::Overview { .. } => match key {
            // Tab moves the selection as the arrows do (the focus follows it).
            Key::Tab if modifiers.shift => out.push(Action::OverviewMove { dx: -1, dy: 0 }),
            Key::Tab => out.push(Action::OverviewMove { dx: 1, dy: 0 }),
            Key::ArrowRight => out.push(Action::OverviewMove { dx: 1, dy: 0 }),
            Key::ArrowLeft => out.push(Action::OverviewMove { dx: -1, dy: 0 }),
            Key::ArrowDown => out.push(Action::OverviewMove { dx: 0, dy: 1 }),
            Key::ArrowUp => out.push(Action::OverviewMove { dx: 0, dy: -1 }),
            Key::Enter | Key::Space => out.push(Action::ModalConfirm),
            Key::O => out.push(Action::CloseModal),
            _ => {}
        },
        Modal::Help => {
            if matches!(key, Key::Enter | Key::Questionmark | Key::F1) {
                out.push(Action::CloseModal);
            }
        }
        Modal::Table { .. } => {
            let page = TABLE_PAGE_ROWS;
            match key {
                Key::ArrowDown => out.push(Action::TableMove(1)),
                Key::ArrowUp => out.push(Action::TableMove(-1)),
                Key::PageDown => out.push(Action::TableMove(page)),
                Key::PageUp => out.push(Action::TableMove(-page)),
                Key::Home => out.push(Action::TableMove(isize::MIN)),
                Key::End => out.push(Action::TableMove(isize::MAX)),
                Key::C if modifiers.command || modifiers.ctrl => out.push(Action::CopyTable),
                Key::D | Key::Enter => out.push(Action::CloseModal),
                _ => {}
            }
        }
        _ => {
            if key == Key::Enter {
                out.push(Action::ModalConfirm);
            }
        }
    }
}

/// Rows that PageUp and PageDown move in the table view.
pub const TABLE_PAGE_ROWS: isize = 10;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_s_answer_becomes_the_status_line_once() {
        let (tx, rx) = mpsc::channel();
        let mut slot = Some(rx);
        assert_eq!(saved(&mut slot, "data"), None, "still running");
        assert!(slot.is_some());
        tx.send(Some(Ok(PathBuf::from("/tmp/a.csv")))).unwrap();
        assert_eq!(
            saved(&mut slot, "data").as_deref(),
            Some("data saved: /tmp/a.csv")
        );
        assert!(slot.is_none(), "answered: a new save may start");

        let (tx, rx) = mpsc::channel();
        let mut slot = Some(rx);
        tx.send(Some(Err("/x: cannot write: denied".to_owned())))
            .unwrap();
        assert_eq!(
            saved(&mut slot, "chart").as_deref(),
            Some("/x: cannot write: denied")
        );

        let (tx, rx) = mpsc::channel();
        let mut slot = Some(rx);
        tx.send(None).unwrap();
        assert_eq!(saved(&mut slot, "chart"), None, "cancelled: nothing to say");
        assert!(slot.is_none());
    }
}
