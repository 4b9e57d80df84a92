//! Storyplot: tell a policy story in class, one timeline scene at a time.
//!
//! `model` is plain Rust (format, loading, validation, navigation) and never imports egui;
//! `action` is the vocabulary of user intent; `app` applies actions and draws through `ui`;
//! `shell` runs it all in an eframe window; `placement` (pure) and `screens` put the windows on
//! the screens present; `cli` is the command line.

pub mod action;
pub mod app;
pub mod bundled;
pub mod cli;
pub mod model;
pub mod placement;
pub mod screens;
pub mod shell;
pub mod ui;
pub mod watch;
