//! The story model: scene format, loading, validation, dates, CSV data and navigation.
//! Plain Rust, tested without a window; it never imports egui.

pub mod codec;
pub mod contrast;
pub mod datastep;
pub mod date;
pub mod dateshape;
pub mod decimate;
pub mod deck;
pub mod describe;
pub mod diag;
pub mod file;
pub mod labels;
pub mod limits;
pub mod load;
pub mod locate;
pub mod memo;
pub mod nav;
pub mod number;
pub mod numbers;
pub mod plotted;
pub mod save;
pub mod source;
pub mod table;
pub mod wide;
pub mod workspace;

pub use date::Date;
pub use deck::Deck;
pub use diag::Diagnostic;
pub use load::{Loaded, load};
