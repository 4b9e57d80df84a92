//! The `storyplot` binary: parses the command line and runs `check`, `describe` or opens the app.

use clap::Parser;
use storyplot::cli::{Cli, Command, check, describe, format};

fn main() {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { deck }) => {
            let dir = deck.unwrap_or_else(|| "scenes".into());
            let code = check(&dir, &mut std::io::stdout().lock());
            std::process::exit(code);
        }
        Some(Command::Describe { deck, scene }) => {
            let dir = deck.unwrap_or_else(|| "scenes".into());
            let code = describe(&dir, scene.as_deref(), &mut std::io::stdout().lock());
            std::process::exit(code);
        }
        Some(Command::Export {
            deck,
            pdf,
            png,
            svg,
            html,
            pages,
            notes,
            paper,
            size,
        }) => {
            let opts = storyplot::export::Options {
                pdf,
                png_dir: png,
                svg_dir: svg,
                html_dir: html,
                pages,
                notes,
                paper,
                size,
                date: jiff::Zoned::now().date().strftime("%-d %B %Y").to_string(),
            };
            let code =
                storyplot::cli::export(deck.as_deref(), &opts, &mut std::io::stderr().lock());
            std::process::exit(code);
        }
        Some(Command::Format { deck }) => {
            let dir = deck.unwrap_or_else(|| "scenes".into());
            std::process::exit(format(&dir, &mut std::io::stdout().lock()));
        }
        None if cli.list_screens => std::process::exit(storyplot::shell::list_screens()),
        None => {
            let code = storyplot::shell::run(storyplot::shell::StartOptions {
                deck: cli.deck,
                scene: cli.scene,
                present: cli.present,
                presenter: cli.presenter,
                screen: cli.screen,
                frame_stats: cli.frame_stats,
                exit_after_first_frame: cli.exit_after_first_frame,
                started: Some(started),
            });
            std::process::exit(code);
        }
    }
}
