//! Storyplot: tell a policy story in class, one timeline scene at a time.
//!
//! `model` is plain Rust (format, loading, validation, navigation); `cli` is the command line.

pub mod cli;
pub mod model;
