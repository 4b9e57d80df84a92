//! Drawing: converts model types (colours, dates) to egui's and lays out the stage.

pub mod editor;
pub mod overlay;
pub mod plot;
pub mod presenter;
pub mod stage;
pub mod theme;
pub mod timeline;
