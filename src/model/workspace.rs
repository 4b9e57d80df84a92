//! The author's working copy of a deck: the text of each file as edited, what is on disk, undo
//! and redo, and saving. Edits are validated by loading the deck through an overlay that shows
//! the edited texts in place of the files, so the stage can preview every change and keep the
//! last good version while the text is broken. Nothing is written until the author saves, and
//! then only the changed files, each atomically (see `save`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::load::DECK_FILE;
use super::source::{DeckSource, DirSource, FolderError, ReadError};

/// Edits typed into the same field less than this apart are undone together.
pub const COALESCE_SECS: f64 = 1.0;
/// How many steps undo remembers.
pub const UNDO_DEPTH: usize = 200;

/// Texts by file name (inside the deck folder).
pub type Texts = BTreeMap<String, String>;

/// A working copy of one deck folder.
#[derive(Debug)]
pub struct Workspace {
    pub source: DirSource,
    /// The texts as edited, for every file the author touched.
    edited: Texts,
    /// The texts as last read from or written to disk, for the same files.
    on_disk: Texts,
    undo: Vec<Texts>,
    redo: Vec<Texts>,
    /// The field and time of the last edit, to merge keystrokes into one undo step.
    last_edit: Option<(String, f64)>,
}

/// A file changed on disk while it holds unsaved edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub name: String,
    pub disk_text: String,
}

impl Workspace {
    pub fn open(dir: &Path) -> Result<Workspace, FolderError> {
        Ok(Workspace {
            source: DirSource::open(dir)?,
            edited: Texts::new(),
            on_disk: Texts::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
        })
    }

    pub fn dir(&self) -> Option<&Path> {
        self.source.dir()
    }

    /// The text of `name` as the author sees it: edited, or else as on disk.
    pub fn text(&self, name: &str) -> Result<String, ReadError> {
        if let Some(t) = self.edited.get(name) {
            return Ok(t.clone());
        }
        let bytes = self.source.read(name, super::limits::SCENE_FILE_BYTES)?;
        String::from_utf8(bytes).map_err(|_| ReadError::Io("invalid UTF-8".to_owned()))
    }

    /// Files whose edited text differs from disk, in name order.
    pub fn dirty(&self) -> Vec<String> {
        self.edited
            .iter()
            .filter(|(n, t)| self.on_disk.get(*n) != Some(*t))
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub fn is_dirty(&self) -> bool {
        !self.dirty().is_empty()
    }

    /// Sets the text of `name`. `field` names what was edited (e.g. `03.ron/title`): edits to the
    /// same field within [`COALESCE_SECS`] make one undo step. Returns whether it changed.
    pub fn set_text(&mut self, name: &str, text: String, field: &str, now_secs: f64) -> bool {
        let current = self.text(name).ok();
        if current.as_deref() == Some(text.as_str()) {
            return false;
        }
        if !self.on_disk.contains_key(name)
            && let Some(disk) = &current
        {
            self.on_disk.insert(name.to_owned(), disk.clone());
        }
        let merge = self
            .last_edit
            .as_ref()
            .is_some_and(|(f, t)| f == field && now_secs - t < COALESCE_SECS);
        if !merge {
            self.undo.push(self.snapshot());
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.last_edit = Some((field.to_owned(), now_secs));
        self.edited.insert(name.to_owned(), text);
        true
    }

    /// The edited texts, as one undo step.
    fn snapshot(&self) -> Texts {
        self.edited.clone()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo
            .push(std::mem::replace(&mut self.edited, previous));
        self.last_edit = None;
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.edited, next));
        self.last_edit = None;
        true
    }

    /// Writes every changed file, atomically, in canonical order. Stops at the first failure
    /// (what was written stays written). Returns the names written.
    pub fn save(&mut self) -> Result<Vec<String>, (String, std::io::Error)> {
        let mut written = Vec::new();
        for name in self.dirty() {
            let Some(text) = self.edited.get(&name).cloned() else {
                continue;
            };
            let path = self.path_for(&name).map_err(|e| (name.clone(), e))?;
            super::save::write_atomic(&path, text.as_bytes()).map_err(|e| (name.clone(), e))?;
            self.on_disk.insert(name.clone(), text);
            written.push(name);
        }
        self.last_edit = None;
        Ok(written)
    }

    /// Where `name` lives on disk (the file may not exist yet: a new scene).
    fn path_for(&self, name: &str) -> std::io::Result<PathBuf> {
        super::source::check_name(name).map_err(std::io::Error::other)?;
        let dir = self
            .source
            .dir()
            .ok_or_else(|| std::io::Error::other("no deck folder"))?;
        Ok(dir.join(name))
    }

    /// The watcher saw `name` change on disk. Unedited files simply follow the disk; a file with
    /// unsaved edits is a conflict the author must settle. Files whose disk text did not change
    /// (our own save coming back) are ignored.
    pub fn disk_changed(&mut self, name: &str) -> Option<Conflict> {
        let disk_text = self
            .source
            .read(name, super::limits::SCENE_FILE_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())?;
        let known = self.on_disk.get(name)?;
        if *known == disk_text {
            return None;
        }
        let edited = self.edited.get(name)?;
        if edited == known {
            // no unsaved edits: follow the disk
            self.edited.remove(name);
            self.on_disk.remove(name);
            return None;
        }
        Some(Conflict {
            name: name.to_owned(),
            disk_text,
        })
    }

    /// Settles a conflict: keep the author's edits (the disk version becomes the base that a
    /// save overwrites), or take the disk's text (the edits are dropped, undoably).
    pub fn settle(&mut self, conflict: &Conflict, keep_mine: bool, now_secs: f64) {
        if keep_mine {
            self.on_disk
                .insert(conflict.name.clone(), conflict.disk_text.clone());
        } else {
            self.set_text(
                &conflict.name,
                conflict.disk_text.clone(),
                "conflict",
                now_secs,
            );
            self.on_disk
                .insert(conflict.name.clone(), conflict.disk_text.clone());
        }
    }

    /// A source that reads the edited texts in place of the files.
    pub fn overlay(&self) -> Overlay<'_> {
        Overlay {
            source: &self.source,
            edited: &self.edited,
        }
    }

    /// The edited files, for tests and the editor.
    pub fn edited(&self) -> &Texts {
        &self.edited
    }
}

/// Why a deck operation could not be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("deck.ron does not parse: fix it first")]
    DeckUnreadable,
    #[error("scene file \"{0}\" does not parse: fix it first")]
    SceneUnreadable(String),
    #[error("no scene file \"{0}\" in the deck")]
    NoSuchScene(String),
    #[error("the last scene cannot be deleted")]
    LastScene,
}

/// Where a new or duplicated scene goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScene {
    pub file: String,
    pub id: String,
}

impl Workspace {
    fn deck_file(&self) -> Result<super::file::DeckFile, OpError> {
        let text = self.text(DECK_FILE).map_err(|_| OpError::DeckUnreadable)?;
        super::codec::parse(&text).map_err(|_| OpError::DeckUnreadable)
    }

    fn write_deck(&mut self, deck: &super::file::DeckFile, field: &str, now_secs: f64) {
        if let Ok(text) = super::codec::to_canonical(deck) {
            self.set_text(DECK_FILE, text, field, now_secs);
        }
    }

    /// A file name and id not used yet, from `stem`.
    fn fresh(&self, deck: &super::file::DeckFile, stem: &str) -> NewScene {
        let taken = |name: &str| deck.scenes.iter().any(|n| n == name) || self.text(name).is_ok();
        let ids: Vec<String> = deck
            .scenes
            .iter()
            .filter_map(|n| self.text(n).ok())
            .filter_map(|t| super::codec::parse::<super::file::SceneFile>(&t).ok())
            .map(|s| s.id)
            .collect();
        for k in 1.. {
            let id = if k == 1 {
                stem.to_owned()
            } else {
                format!("{stem}-{k}")
            };
            let file = format!("{id}.ron");
            if !taken(&file) && !ids.contains(&id) {
                return NewScene { file, id };
            }
        }
        NewScene {
            file: format!("{stem}.ron"),
            id: stem.to_owned(),
        }
    }

    /// Adds a scene after `after` (a scene file name): a template, or a copy of `after` when
    /// `duplicate`. One undo step.
    pub fn add_scene(
        &mut self,
        after: &str,
        duplicate: bool,
        now_secs: f64,
    ) -> Result<NewScene, OpError> {
        let mut deck = self.deck_file()?;
        let at = deck
            .scenes
            .iter()
            .position(|n| n == after)
            .ok_or_else(|| OpError::NoSuchScene(after.to_owned()))?;
        let source = self
            .text(after)
            .ok()
            .and_then(|t| super::codec::parse::<super::file::SceneFile>(&t).ok())
            .ok_or_else(|| OpError::SceneUnreadable(after.to_owned()))?;
        let stem = if duplicate {
            format!("{}-copy", source.id)
        } else {
            "new-scene".to_owned()
        };
        let new = self.fresh(&deck, &stem);
        let text = if duplicate {
            let mut copy = source.clone();
            copy.id = new.id.clone();
            copy.title = format!("{} (copy)", copy.title);
            super::codec::to_canonical(&copy).unwrap_or_default()
        } else {
            scene_template(&new.id, &source.date, &source.era)
        };
        let field = format!("deck/add/{}", new.file);
        self.set_text(&new.file, text, &field, now_secs);
        deck.scenes.insert(at + 1, new.file.clone());
        self.write_deck(&deck, &field, now_secs);
        Ok(new)
    }

    /// Takes `name` out of the deck's list (the file itself stays in the folder). One undo step.
    pub fn remove_scene(&mut self, name: &str, now_secs: f64) -> Result<(), OpError> {
        let mut deck = self.deck_file()?;
        if deck.scenes.len() <= 1 {
            return Err(OpError::LastScene);
        }
        let before = deck.scenes.len();
        deck.scenes.retain(|n| n != name);
        if deck.scenes.len() == before {
            return Err(OpError::NoSuchScene(name.to_owned()));
        }
        self.write_deck(&deck, &format!("deck/remove/{name}"), now_secs);
        Ok(())
    }

    /// Moves `name` one place earlier (`-1`) or later (`+1`) in the story.
    pub fn move_scene(&mut self, name: &str, by: isize, now_secs: f64) -> Result<bool, OpError> {
        let mut deck = self.deck_file()?;
        let at = deck
            .scenes
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| OpError::NoSuchScene(name.to_owned()))?;
        let to = at.checked_add_signed(by).filter(|t| *t < deck.scenes.len());
        let Some(to) = to else { return Ok(false) };
        deck.scenes.swap(at, to);
        self.write_deck(&deck, &format!("deck/move/{name}/{now_secs}"), now_secs);
        Ok(true)
    }

    /// Every file of the deck as edited (deck, scenes, data), for "save as".
    pub fn all_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut names: Vec<String> = vec![DECK_FILE.to_owned()];
        if let Ok(deck) = self.deck_file() {
            names.extend(deck.scenes);
        }
        if let Some(dir) = self.dir()
            && let Ok(entries) = std::fs::read_dir(dir.join("data"))
        {
            let mut data: Vec<String> = entries
                .flatten()
                .filter(|e| e.path().is_file())
                .map(|e| format!("data/{}", e.file_name().to_string_lossy()))
                .collect();
            data.sort();
            names.extend(data);
        }
        names
            .into_iter()
            .filter_map(|n| {
                let bytes = match self.edited.get(&n) {
                    Some(t) => Some(t.clone().into_bytes()),
                    None => self.source.read(&n, super::limits::CSV_FILE_BYTES).ok(),
                };
                bytes.map(|b| (n, b))
            })
            .collect()
    }
}

/// Writes `files` into `dir`, which must be empty or not exist yet (nothing is overwritten).
pub fn write_new_deck(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{}: the folder is not empty: choose an empty or new folder",
                dir.display()
            ));
        }
    }
    for (name, bytes) in files {
        super::source::check_name(name)?;
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        super::save::write_atomic(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The deck as edited: edited texts first, the folder for the rest.
pub struct Overlay<'w> {
    source: &'w DirSource,
    edited: &'w Texts,
}

impl Workspace {
    /// The deck as edited now, owned: for a load on another thread.
    pub fn snapshot_source(&self) -> Snapshot {
        Snapshot {
            source: self.source.clone(),
            edited: self.edited.clone(),
        }
    }
}

/// An owned copy of the working copy's view of the deck (see [`Workspace::snapshot`]).
#[derive(Debug, Clone)]
pub struct Snapshot {
    source: DirSource,
    edited: Texts,
}

impl Snapshot {
    fn overlay(&self) -> Overlay<'_> {
        Overlay {
            source: &self.source,
            edited: &self.edited,
        }
    }
}

impl DeckSource for Snapshot {
    fn read(&self, name: &str, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
        self.overlay().read(name, limit_bytes)
    }
    fn display_path(&self, name: &str) -> PathBuf {
        self.source.display_path(name)
    }
    fn dir(&self) -> Option<&Path> {
        self.source.dir()
    }
    fn stamp(&self, name: &str) -> Option<super::source::Stamp> {
        self.overlay().stamp(name)
    }
}

impl DeckSource for Overlay<'_> {
    fn read(&self, name: &str, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
        let key = name.trim_start_matches("./");
        match self.edited.get(key) {
            Some(text) if text.len() as u64 > limit_bytes => Err(ReadError::TooLarge(limit_bytes)),
            Some(text) => Ok(text.clone().into_bytes()),
            None => self.source.read(name, limit_bytes),
        }
    }

    fn display_path(&self, name: &str) -> PathBuf {
        self.source.display_path(name)
    }

    fn dir(&self) -> Option<&Path> {
        self.source.dir()
    }

    fn stamp(&self, name: &str) -> Option<super::source::Stamp> {
        // An edited text has no stamp on disk: nothing is cached for it.
        match self.edited.get(name.trim_start_matches("./")) {
            Some(_) => None,
            None => self.source.stamp(name),
        }
    }
}

/// The minimal valid deck written by "new deck": one era, one scene.
pub fn starter_deck() -> Texts {
    let mut t = Texts::new();
    t.insert(
        DECK_FILE.to_owned(),
        "#![enable(implicit_some)]\n(\n    title: \"New story\",\n    eras: [\n        (\n            id: \"main\",\n            label: \"Main\",\n            from: \"2025-01-01\",\n            to: \"2025-12-31\",\n        ),\n    ],\n    scenes: [\n        \"01-first.ron\",\n    ],\n)\n".to_owned(),
    );
    t.insert(
        "01-first.ron".to_owned(),
        scene_template("first", "2025-01-01", "main"),
    );
    t
}

/// The canonical text of a new scene with the given id, date and era.
pub fn scene_template(id: &str, date: &str, era: &str) -> String {
    let scene = super::file::SceneFile {
        id: id.to_owned(),
        date: date.to_owned(),
        end_date: None,
        period: None,
        title: "A new scene".to_owned(),
        era: era.to_owned(),
        epilogue: false,
        excerpts: vec![super::file::ExcerptFile {
            quote: "Paste a sentence or two from the article here, verbatim.".to_owned(),
            cut: super::file::Cut::default(),
            heading: false,
            attribution: super::file::AttributionFile {
                outlet: "Outlet".to_owned(),
                author: String::new(),
                date: date.get(..7).unwrap_or("2025-01").to_owned(),
                headline: String::new(),
                speaker: String::new(),
            },
            highlights: Vec::new(),
        }],
        notes: String::new(),
        checks: Vec::new(),
        plot: None,
        steps: Vec::new(),
        duration_secs: None,
    };
    super::codec::to_canonical(&scene).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_deck_is_valid() {
        let files: Vec<(String, Vec<u8>)> = starter_deck()
            .into_iter()
            .map(|(n, t)| (n, t.into_bytes()))
            .collect();
        let loaded = crate::model::load(&crate::model::source::MemorySource::new("new", files));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.deck.unwrap().scenes.len(), 1);
    }
}
