//! Every user intent, in one vocabulary. Keys, buttons, the clicker, the timeline and the
//! overview all push an [`Action`]; the app applies them in one place at the end of the frame.
//! Each action owns its label and its shortcuts, and the help overlay is generated from them.

use egui::{Key, Modifiers};

use crate::model::nav::Position;

/// A keyboard shortcut: modifiers plus a logical key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortcut {
    pub modifiers: Modifiers,
    pub key: Key,
}

const fn key(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::NONE,
        key,
    }
}

const fn shift(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::SHIFT,
        key,
    }
}

const fn ctrl_shift(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers {
            alt: false,
            ctrl: false,
            shift: true,
            mac_cmd: false,
            command: true,
        },
        key,
    }
}

const fn ctrl(key: Key) -> Shortcut {
    Shortcut {
        modifiers: Modifiers::COMMAND,
        key,
    }
}

impl Shortcut {
    /// `PageDown`, `Ctrl+0`.
    pub fn text(&self) -> String {
        let name = match self.key {
            Key::Period => ".",
            Key::Slash => "/",
            Key::Questionmark => "?",
            Key::Plus => "+",
            Key::Equals => "=",
            Key::Minus => "-",
            Key::Space => "Space",
            Key::ArrowRight => "→",
            Key::ArrowLeft => "←",
            Key::ArrowUp => "↑",
            Key::ArrowDown => "↓",
            other => other.name(),
        };
        match (self.modifiers.command, self.modifiers.shift) {
            (true, true) => format!("Ctrl+Shift+{name}"),
            (true, false) => format!("Ctrl+{name}"),
            (false, true) => format!("Shift+{name}"),
            (false, false) => name.to_owned(),
        }
    }
}

/// What a blanked screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blank {
    Black,
    White,
}

/// Everything a user can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Next step, or the next scene's opening step.
    Next,
    /// Previous step, or the previous scene's last step.
    Previous,
    /// The first scene's opening step.
    First,
    /// The last scene's last step.
    Last,
    /// A given scene and step (timeline click, overview, jump box, typed number).
    GoTo(Position),
    /// Blank the screen (black): what a clicker's "blank" button sends. Any key returns.
    BlankBlack,
    /// Blank the screen (white). Any key returns.
    BlankWhite,
    /// Show the stage again after a blank.
    Unblank,
    /// Enter or leave fullscreen.
    ToggleFullscreen,
    /// Leave fullscreen and close any overlay.
    Escape,
    /// The grid of all scenes.
    ToggleOverview,
    /// The list of shortcuts.
    ToggleHelp,
    /// The jump box: a scene number or id.
    OpenJump,
    /// Bigger text and lines.
    FontBigger,
    /// Smaller text and lines.
    FontSmaller,
    /// Text and lines at their normal size.
    FontReset,
    /// Light → dark → high contrast.
    CycleTheme,
    /// Switch the plot between a linear and a log y axis.
    ToggleLogScale,
    /// Show every series again and reset the plot view.
    ResetPlot,
    /// Close (cancel) the modal on show, if any: Esc, a click outside it, its Cancel button.
    CloseModal,
    /// Enter in a modal: its default button, the overview's selected scene, the typed jump.
    ModalConfirm,
    /// A button of the open dialog, by its index in [`crate::view::Modal::buttons`].
    Choose(usize),
    /// Move the overview's selection by cards (`dx`) and rows (`dy`).
    OverviewMove { dx: isize, dy: isize },
    /// The text typed into the open modal's box (jump box, folder prompt).
    ModalText(String),
    /// A digit typed on the stage (a scene number, then Enter).
    TypeDigit(char),
    /// Hide or show one series of the current plot (a legend click).
    ToggleSeries(usize),
    /// Open or close the presenter window (notes, timer, next step).
    TogglePresenter,
    /// Exchange the stage's and the presenter window's screens (two screens).
    SwapScreens,
    /// Start or pause autoplay: each step advances after its duration.
    ToggleAutoplay,
    /// Autoplay's own advance (does not pause autoplay, unlike Next).
    AutoAdvance,
    /// Back to where the story was before a jump (G, overview, timeline, presenter list).
    ReturnFromDetour,
    /// Pause or resume the presenter's elapsed-time clock.
    ToggleTimer,
    /// Set the elapsed-time clock back to zero.
    ResetTimer,
    /// Open or close the editor panel beside the stage.
    ToggleEditor,
    /// Write the changed scene files.
    Save,
    /// Undo the last edit (form, source or deck operation).
    Undo,
    /// Redo what undo took back.
    Redo,
    /// A change to the deck's files in the working copy (editor form, source, deck operations,
    /// a click on the plot).
    Edit(Edit),
    /// Ask before taking this scene file out of the deck.
    AskDelete(String),
    /// Open the deck in this folder (asks first when there are unsaved changes).
    OpenDeck(std::path::PathBuf),
    /// The folder prompt for a new deck, another deck or a copy of this one.
    OpenFolderPrompt(crate::view::FolderPurpose),
    /// Open the system's folder dialog for the folder prompt.
    BrowseFolder,
    /// The system's folder dialog answered (`None`: cancelled, or no dialog available).
    FolderPicked(Option<std::path::PathBuf>),
    /// The window is asked to close (asks first when there are unsaved changes).
    RequestClose,
    /// The file watcher saw files change on disk.
    FilesChanged(Vec<std::path::PathBuf>),
    /// The plotted series of the step on show as a table (a screen reader reads it row by row).
    ToggleTable,
    /// Move the table's row cursor by this many rows (clamped to the first and last row).
    TableMove(isize),
    /// Copy the table of the step on show to the clipboard, tab-separated.
    CopyTable,
    /// Copy the points the chart plots to the clipboard as CSV, with their sources' citation
    /// (the web export's `data/*.csv`).
    CopyDataCsv,
    /// Save the points the chart plots as a CSV file (the system's save dialog).
    SaveData,
    /// Ease the plot's range between steps, or change it at once.
    ToggleReduceMotion,
    /// Open the export dialog (a PDF handout).
    OpenExport,
    /// Copy the current step's chart to the clipboard as a picture.
    CopyImage,
    /// Save the current step's chart as PNG or SVG (the system's save dialog).
    SaveImage,
    /// New choices in the export dialog.
    SetExportChoices(crate::view::ExportChoices),
    /// Start the export the dialog describes (on its own thread).
    StartExport,
    /// Stop the running export.
    CancelExport,
    /// The running export drew this many pages of all.
    ExportProgress { done: usize, total: usize },
    /// The export ended: the file written, or why not.
    ExportFinished(Result<std::path::PathBuf, String>),
    /// The editor's data step ("Add series from CSV…").
    Data(DataStepAction),
}

/// What the author does in the data step (see [`crate::view::DataStep`]).
#[derive(Clone, Debug, PartialEq)]
pub enum DataStepAction {
    /// Open the dialog for the current scene.
    Open,
    /// Show this CSV file of `data/`.
    PickFile(String),
    /// The column of dates, by index.
    X(usize),
    /// The column of values, by index.
    Y(usize),
    /// The column a filter selects rows by (`None`: every row).
    FilterColumn(Option<usize>),
    FilterValue(Option<String>),
    /// For `03/04/2019` dates: day first or month first.
    DayFirst(bool),
    /// A wide table (dates from the header) or a long one (dates in a column).
    Wide(bool),
    /// Ask before copying the typed file into `data/`.
    AskCopy,
    /// The answer: copy it (`true`) or not.
    ConfirmCopy(bool),
    /// The copy was made (the new deck-relative name) or why not.
    Copied(Result<String, String>),
}

/// A change to the deck's files, applied to the working copy and validated at once.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// The whole new text of `file`. `field` names what was edited (e.g. `03.ron/title`):
    /// edits of one field in quick succession are undone together.
    Text {
        file: String,
        text: String,
        field: String,
    },
    /// A new scene (from the template, or a copy of `after`) after `after`.
    AddScene { after: String, duplicate: bool },
    /// Move a scene earlier (`by` < 0) or later in the deck.
    MoveScene { file: String, by: isize },
    /// Take a scene file out of the deck (the file stays in the folder).
    RemoveScene { file: String },
    /// A callout on `series` at this point of the current scene (a click on the plot).
    AddCallout {
        series: String,
        date: crate::model::Date,
        value: f64,
    },
    /// Settle a conflict with the disk: keep the edits, or take the file on disk.
    SettleConflict { keep_mine: bool },
}

/// The actions that have shortcuts or appear in help, in help order.
pub const LISTED: &[Action] = &[
    Action::Next,
    Action::Previous,
    Action::First,
    Action::Last,
    Action::OpenJump,
    Action::ToggleOverview,
    Action::BlankBlack,
    Action::BlankWhite,
    Action::ToggleFullscreen,
    Action::Escape,
    Action::ToggleHelp,
    Action::FontBigger,
    Action::FontSmaller,
    Action::FontReset,
    Action::CycleTheme,
    Action::ToggleLogScale,
    Action::ResetPlot,
    Action::ToggleTable,
    Action::CopyTable,
    Action::ToggleReduceMotion,
    Action::TogglePresenter,
    Action::SwapScreens,
    Action::ToggleAutoplay,
    Action::ReturnFromDetour,
    Action::ToggleEditor,
    Action::Save,
    Action::Redo,
    Action::Undo,
    Action::OpenExport,
    Action::CopyImage,
    Action::SaveImage,
    Action::CopyDataCsv,
    Action::SaveData,
];

impl Action {
    /// Short label for buttons and help.
    pub fn label(&self) -> &'static str {
        match self {
            Action::Next => "Next",
            Action::Previous => "Previous",
            Action::First => "First scene",
            Action::Last => "Last scene",
            Action::GoTo(_) => "Go to",
            Action::BlankBlack => "Black screen",
            Action::BlankWhite => "White screen",
            Action::Unblank => "Back to the stage",
            Action::ToggleFullscreen => "Fullscreen",
            Action::Escape => "Leave fullscreen / close",
            Action::ToggleOverview => "Overview",
            Action::ToggleHelp => "Help",
            Action::OpenJump => "Jump to scene",
            Action::FontBigger => "Bigger text",
            Action::FontSmaller => "Smaller text",
            Action::FontReset => "Normal text size",
            Action::CycleTheme => "Theme",
            Action::ToggleLogScale => "Log scale",
            Action::ResetPlot => "Reset plot",
            Action::CloseModal => "Close",
            Action::ModalConfirm => "OK",
            Action::Choose(_) => "Choose",
            Action::OverviewMove { .. } => "Select a scene",
            Action::ModalText(_) => "Type",
            Action::TypeDigit(_) => "Scene number",
            Action::ToggleSeries(_) => "Hide or show a series",
            Action::TogglePresenter => "Presenter window",
            Action::SwapScreens => "Swap screens",
            Action::ToggleAutoplay => "Autoplay",
            Action::AutoAdvance => "Advance",
            Action::ReturnFromDetour => "Return",
            Action::ToggleTimer => "Pause/resume timer",
            Action::ResetTimer => "Reset timer",
            Action::ToggleEditor => "Editor",
            Action::Save => "Save",
            Action::OpenExport => "Export",
            Action::CopyImage => "Copy image",
            Action::SaveImage => "Save image as…",
            Action::Undo => "Undo",
            Action::Redo => "Redo",
            Action::Edit(_) => "Edit",
            Action::AskDelete(_) => "Delete scene",
            Action::OpenDeck(_) => "Open deck",
            Action::OpenFolderPrompt(_) => "Choose a folder",
            Action::BrowseFolder => "Browse",
            Action::FolderPicked(_) => "Folder chosen",
            Action::RequestClose => "Close window",
            Action::FilesChanged(_) => "Reload changed files",
            Action::Data(_) => "Add series from CSV…",
            Action::SetExportChoices(_) => "Export choices",
            Action::StartExport => "Export",
            Action::CancelExport => "Cancel export",
            Action::ExportProgress { .. } => "Export progress",
            Action::ExportFinished(_) => "Export finished",
            Action::ToggleTable => "Data table",
            Action::TableMove(_) => "Move in the table",
            Action::CopyTable => "Copy data",
            Action::CopyDataCsv => "Copy data as CSV",
            Action::SaveData => "Save data as…",
            Action::ToggleReduceMotion => "Reduce motion",
        }
    }

    /// What it does, for tooltips and help.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Next => "next step, then the next scene",
            Action::Previous => "previous step, then the previous scene",
            Action::First => "the first scene",
            Action::Last => "the last scene",
            Action::OpenJump => "type a scene number or id (or type a number, then Enter)",
            Action::ToggleOverview => "all scenes at a glance; arrows and Enter to jump",
            Action::BlankBlack => "black screen; any key returns",
            Action::BlankWhite => "white screen; any key returns",
            Action::ToggleFullscreen => "fill the screen",
            Action::Escape => "leave fullscreen and close overlays",
            Action::ToggleHelp => "this list",
            Action::FontBigger => "larger text and lines",
            Action::FontSmaller => "smaller text and lines",
            Action::FontReset => "normal size",
            Action::CycleTheme => "light, dark, high contrast",
            Action::ToggleLogScale => "linear or log y axis",
            Action::ResetPlot => "all series, original view (or double-click the plot)",
            Action::TogglePresenter => {
                "notes, timer and the next step in a second window (one screen: beside the stage)"
            }
            Action::SwapScreens => "stage and presenter window change screens (two screens)",
            Action::ToggleAutoplay => "play the timeline: each step advances after its time",
            Action::ReturnFromDetour => "back to where the story was before a jump",
            Action::ToggleEditor => "edit the scene: a form and its RON source",
            Action::Save => "write the changed scene files",
            Action::OpenExport => "export the story as a PDF handout",
            Action::CopyImage => {
                "the chart as a picture, to paste into a worksheet (or right-click the plot)"
            }
            Action::SaveImage => "the chart as a PNG or SVG file (or right-click the plot)",
            Action::Undo => "undo the last edit",
            Action::Redo => "redo",
            Action::ToggleTable => "the plot's numbers as a table, row by row",
            Action::CopyTable => "the plot's numbers, tab-separated, to paste",
            Action::CopyDataCsv => {
                "the chart's points as CSV (date, series, value, unit, source) with the sources' citation (or right-click the plot)"
            }
            Action::SaveData => "the same CSV as a file (or right-click the plot)",
            Action::ToggleReduceMotion => "the plot jumps to each step's dates, no easing",
            _ => "",
        }
    }

    /// The keys that trigger it.
    pub fn shortcuts(&self) -> &'static [Shortcut] {
        macro_rules! keys {
            ($($k:expr),* $(,)?) => {{
                const K: &[Shortcut] = &[$($k),*];
                K
            }};
        }
        match self {
            Action::Next => keys![
                key(Key::PageDown),
                key(Key::ArrowRight),
                key(Key::ArrowDown),
                key(Key::Space),
                key(Key::N),
                key(Key::Enter),
            ],
            Action::Previous => keys![
                key(Key::PageUp),
                key(Key::ArrowLeft),
                key(Key::ArrowUp),
                key(Key::Backspace),
                key(Key::P),
                // As in reveal.js and browsers; bound, so Shift is not dropped to plain Space.
                shift(Key::Space),
            ],
            Action::First => keys![key(Key::Home)],
            Action::Last => keys![key(Key::End)],
            Action::OpenJump => keys![key(Key::G)],
            Action::ToggleOverview => keys![key(Key::O)],
            Action::BlankBlack => keys![key(Key::B), key(Key::Period), key(Key::Slash)],
            Action::BlankWhite => keys![key(Key::W)],
            Action::ToggleFullscreen => keys![key(Key::F), key(Key::F5)],
            Action::Escape => keys![key(Key::Escape)],
            Action::ToggleHelp => keys![key(Key::Questionmark), key(Key::F1)],
            Action::FontBigger => keys![ctrl(Key::Plus), ctrl(Key::Equals)],
            Action::FontSmaller => keys![ctrl(Key::Minus)],
            Action::FontReset => keys![ctrl(Key::Num0)],
            Action::CycleTheme => keys![key(Key::T)],
            Action::ToggleLogScale => keys![key(Key::L)],
            // Shift+P, and S as in reveal.js' speaker view: plain P is Previous (issue 3), which
            // a clicker may send.
            Action::TogglePresenter => keys![shift(Key::P), key(Key::S)],
            // X for exchange: no presentation app has a standard key for this.
            Action::SwapScreens => keys![key(Key::X)],
            Action::ToggleAutoplay => keys![key(Key::A)],
            Action::ReturnFromDetour => keys![key(Key::R)],
            Action::ToggleEditor => keys![key(Key::E)],
            Action::Save => keys![ctrl(Key::S)],
            // "Print", as in every office suite.
            Action::OpenExport => keys![ctrl(Key::P)],
            Action::CopyImage => keys![ctrl_shift(Key::C)],
            Action::SaveImage => keys![ctrl_shift(Key::S)],
            Action::Undo => keys![ctrl(Key::Z)],
            Action::Redo => keys![ctrl_shift(Key::Z), ctrl(Key::Y)],
            Action::ToggleTable => keys![key(Key::D)],
            Action::CopyTable => keys![ctrl(Key::C)],
            // D as in data (D alone is the table view).
            Action::CopyDataCsv => keys![ctrl_shift(Key::D)],
            Action::SaveData => keys![ctrl(Key::D)],
            Action::ToggleReduceMotion => keys![key(Key::M)],
            _ => &[],
        }
    }

    /// Keys as help shows them: `PageDown, →, ↓, Space, N, Enter`.
    pub fn shortcut_text(&self) -> String {
        self.shortcuts()
            .iter()
            .map(Shortcut::text)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether this action moves through the story (and so ends a blank screen).
    pub fn navigates(&self) -> bool {
        matches!(
            self,
            Action::Next | Action::Previous | Action::First | Action::Last | Action::GoTo(_)
        )
    }
}

/// Every listed action as help shows it: keys, label, description.
pub fn help_rows() -> Vec<(String, &'static str, &'static str)> {
    LISTED
        .iter()
        .map(|a| (a.shortcut_text(), a.label(), a.description()))
        .collect()
}

/// The listed action a key press triggers, if any. Ctrl shortcuts are matched first so that
/// Ctrl+0 is not read as a digit.
pub fn action_for(modifiers: Modifiers, pressed: Key) -> Option<Action> {
    let command = modifiers.command || modifiers.ctrl;
    let matches = |s: &Shortcut, exact_shift: bool| {
        s.key == pressed
            && s.modifiers.command == command
            && (s.modifiers.alt || !modifiers.alt)
            && if exact_shift {
                s.modifiers.shift == modifiers.shift
            } else {
                // `?` and Ctrl++ are typed with Shift on many layouts; a shortcut that asks
                // for Shift never matches without it.
                !s.modifiers.shift
                    && (!command
                        || matches!(pressed, Key::Plus | Key::Equals | Key::Minus | Key::Num0))
            }
    };
    // Exact matches first (Shift+P is the presenter, P is Previous; Ctrl+Shift+Z is Redo).
    [true, false].into_iter().find_map(|exact| {
        LISTED
            .iter()
            .find(|a| a.shortcuts().iter().any(|s| matches(s, exact)))
            .cloned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_key() {
        let mut seen: Vec<(Shortcut, &str)> = Vec::new();
        for a in LISTED {
            for s in a.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(t, _)| t == s) {
                    panic!("{} is bound to both {} and {}", s.text(), other, a.label());
                }
                seen.push((*s, a.label()));
            }
        }
        assert!(seen.len() > 20);
    }

    #[test]
    fn clicker_keys_map_to_next_and_previous_and_blank() {
        let none = Modifiers::NONE;
        assert_eq!(action_for(none, Key::PageDown), Some(Action::Next));
        assert_eq!(action_for(none, Key::PageUp), Some(Action::Previous));
        assert_eq!(action_for(none, Key::Period), Some(Action::BlankBlack));
        assert_eq!(
            action_for(Modifiers::COMMAND, Key::Num0),
            Some(Action::FontReset)
        );
        assert_eq!(action_for(Modifiers::COMMAND, Key::N), None);
        assert_eq!(action_for(none, Key::Num0), None);
        assert_eq!(action_for(Modifiers::COMMAND, Key::Z), Some(Action::Undo));
        let ctrl_shift = Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        };
        assert_eq!(action_for(ctrl_shift, Key::Z), Some(Action::Redo));
        assert_eq!(action_for(ctrl_shift, Key::Plus), Some(Action::FontBigger));
        assert_eq!(
            action_for(Modifiers::SHIFT, Key::P),
            Some(Action::TogglePresenter)
        );
        assert_eq!(action_for(none, Key::P), Some(Action::Previous));
        assert_eq!(action_for(none, Key::X), Some(Action::SwapScreens));
        assert_eq!(
            action_for(Modifiers::SHIFT, Key::Questionmark),
            Some(Action::ToggleHelp)
        );
        assert_eq!(
            action_for(Modifiers::SHIFT, Key::PageDown),
            Some(Action::Next)
        );
    }

    #[test]
    fn shift_space_goes_back_and_space_forward() {
        assert_eq!(
            action_for(Modifiers::SHIFT, Key::Space),
            Some(Action::Previous)
        );
        assert_eq!(action_for(Modifiers::NONE, Key::Space), Some(Action::Next));
        assert!(
            Action::Previous
                .shortcut_text()
                .split(", ")
                .any(|k| k == "Shift+Space"),
            "{}",
            Action::Previous.shortcut_text()
        );
    }
}
