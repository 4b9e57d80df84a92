//! Drawing: converts model types (colours, dates) to egui's and lays out the stage. Every
//! function here reads a view of the state (`crate::view`) and writes only to its own UI state
//! and to an [`Outbox`](crate::view::Outbox); none names the state owner (a test checks).

pub mod datastep;
pub mod editor;
pub mod overlay;
pub mod plot;
pub mod presenter;
pub mod stage;
pub mod theme;
pub mod timeline;

/// What drawing keeps between frames that is not the document or the show: plot views and
/// caches, the editor's text buffers, where things were drawn (for tests).
#[derive(Debug, Default)]
pub struct UiState {
    /// The stage's own plot view.
    pub stage: stage::StageUi,
    /// The presenter's previews of now and next.
    pub previews: [stage::StageUi; 2],
    /// The overview's thumbnails and the table view's rows.
    pub modals: overlay::ModalUi,
    pub editor: editor::EditorState,
}
