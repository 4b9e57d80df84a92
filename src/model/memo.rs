//! What a load of a deck can reuse from earlier loads of the same deck, so that an edit or a
//! reload costs what it changes: each scene's parsed and validated result, keyed by its text,
//! the deck's eras and the files it read; and each series read from a CSV file, keyed by the
//! file (its length, modification time and identity on disk) and by what is read from it
//! (columns, filters). A scene whose text did not change is not parsed or validated again; a
//! CSV file that did not change is not read again.

use std::collections::HashMap;
use std::path::PathBuf;

use super::deck::Scene;
use super::diag::Diagnostic;
use super::file::SceneFile;
use super::source::Stamp;

/// A series' points (shared between scenes and loads) and the precision of its dates.
pub type SeriesData = (std::sync::Arc<Vec<[f64; 2]>>, super::date::Precision);

/// How many things the loads through a [`Cache`] did, for tests and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Scene files parsed and validated (not taken from the cache).
    pub scenes_validated: u64,
    /// Series extracted from a CSV file (not taken from the cache).
    pub series_read: u64,
}

/// Results kept between loads of one deck.
#[derive(Debug, Default)]
pub struct Cache {
    /// The last few versions of each scene file (undo and redo come back to them).
    pub(super) scenes: HashMap<String, Vec<SceneMemo>>,
    pub(super) series: HashMap<String, SeriesMemo>,
    pub counters: Counters,
}

/// One scene file's load, and what it depended on.
#[derive(Debug, Clone)]
pub(super) struct SceneMemo {
    /// Where it was read from (messages carry this path).
    pub path: PathBuf,
    pub text: String,
    /// The deck's eras, as the scene was checked against them.
    pub eras_key: u64,
    /// The CSV files its series read, as they were on disk.
    pub deps: Vec<(String, Stamp)>,
    pub parsed: Option<SceneFile>,
    pub series_count: usize,
    /// Problems found in the CSV files it read, then in the scene file itself.
    pub data_diags: Vec<Diagnostic>,
    pub scene_diags: Vec<Diagnostic>,
    pub errors: usize,
    pub warnings: usize,
    pub scene: Option<Scene>,
}

/// A series read from a file as it was on disk.
#[derive(Debug, Clone)]
pub(super) struct SeriesMemo {
    pub stamp: Stamp,
    pub data: SeriesData,
}

impl Cache {
    /// Forgets everything (a deck from another folder).
    pub fn clear(&mut self) {
        self.scenes.clear();
        self.series.clear();
    }

    /// Series held, for tests.
    pub fn series_len(&self) -> usize {
        self.series.len()
    }
}

/// Versions of one scene file kept: the current one and a few before (undo, redo).
pub(super) const SCENE_VERSIONS: usize = 8;

/// A hash of anything `Debug`, for cache keys that need not be kept whole.
pub(super) fn debug_hash(value: &impl std::fmt::Debug) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{value:?}").hash(&mut h);
    h.finish()
}
