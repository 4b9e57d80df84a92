//! Watching a deck folder for changes made in any editor. The folder is watched, not single
//! files: editors that save by writing a new file and renaming it over the old one (vim, VS Code,
//! JetBrains) would otherwise be lost after the first save. Events are debounced and filtered to
//! the deck's own kinds of file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer, notify};

/// How long the folder must be quiet before a change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(75);

/// Whether a changed path can affect the deck: scene and deck files, data files. Editor swap
/// and backup files and our own temporary files are not.
pub fn relevant(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.ends_with('~') || name.starts_with('#') {
        return false;
    }
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("ron" | "csv")
    )
}

/// A running watch of one deck folder.
pub struct DeckWatcher {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
    events: Receiver<Vec<PathBuf>>,
}

impl DeckWatcher {
    /// Watches `dir` (and its subfolders); `wake` is called from the watcher's thread after each
    /// relevant change (the app asks for a repaint there, so it reloads without polling).
    pub fn new(dir: &Path, wake: impl Fn() + Send + 'static) -> Result<DeckWatcher, notify::Error> {
        let (tx, events) = channel();
        let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| {
            if let Ok(events) = result {
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .map(|e| e.path)
                    .filter(|p| relevant(p))
                    .collect();
                if !paths.is_empty() && tx.send(paths).is_ok() {
                    wake();
                }
            }
        })?;
        debouncer
            .watcher()
            .watch(dir, notify::RecursiveMode::Recursive)?;
        Ok(DeckWatcher {
            _debouncer: debouncer,
            events,
        })
    }

    /// The paths changed since the last call (empty when nothing changed).
    pub fn changes(&self) -> Vec<PathBuf> {
        self.events.try_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_deck_files_count() {
        for yes in ["scenes/01-a.ron", "deck.ron", "data/tariffs.csv"] {
            assert!(relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            ".01-a.ron.swp",
            "01-a.ron~",
            "4913",
            ".storyplot-x.tmp",
            "notes.md",
            "#deck.ron#",
        ] {
            assert!(!relevant(Path::new(no)), "{no}");
        }
    }
}
