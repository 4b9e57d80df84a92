//! Storyplot: tell a policy story in class, one timeline scene at a time.
//!
//! `model` is plain Rust (format, loading, validation, navigation) and never imports egui;
//! `action` is the vocabulary of user intent; `state` holds the presentation and applies
//! actions (`State::apply`); `view` is what drawing reads; `ui` draws from views only; `app` runs
//! one frame (keys, drawing, actions, effects); `shell` runs it in an eframe window;
//! `placement` (pure) and `screens` put the windows on the screens present; `cli` is the
//! command line.

pub mod action;
pub mod app;
pub mod bundled;
pub mod cli;
pub mod datastep;
pub mod export;
pub mod fonts;
pub mod model;
pub mod placement;
pub mod screens;
pub mod shell;
pub mod state;
pub mod ui;
pub mod view;
pub mod watch;
