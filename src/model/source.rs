//! Where a deck's files come from: a folder on disk (confined to that folder) or the copy of the
//! bundled story embedded in the binary.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a file of the deck could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Refused(String),
    #[error("larger than {} (the limit)", super::limits::bytes_text(*.0))]
    TooLarge(u64),
    #[error("cannot be read: {0}")]
    Io(String),
}

/// The deck folder itself cannot be read (`storyplot check` exits with 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct FolderError {
    pub path: PathBuf,
    pub reason: String,
}

/// Read access to the files of one deck, by their names relative to the deck folder.
pub trait DeckSource {
    /// The file's bytes, refusing names that leave the deck and files over `limit_bytes`.
    fn read(&self, name: &str, limit_bytes: u64) -> Result<Vec<u8>, ReadError>;
    /// The path to show in messages, e.g. `scenes/03-trade-war.ron`.
    fn display_path(&self, name: &str) -> PathBuf;
    /// The deck folder on disk, if there is one.
    fn dir(&self) -> Option<&Path>;
    /// What identifies the file's contents as they are now without reading it (length,
    /// modification time, identity on disk), for caches; `None` where nothing does.
    fn stamp(&self, _name: &str) -> Option<Stamp> {
        None
    }
}

/// A file as it is on disk: when any of these change, its contents may have changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
    /// Device and inode (Unix): a file renamed over another is another file.
    pub id: (u64, u64),
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let id = (0, 0);
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            id,
        }
    }
}

/// Checks the form of a name inside a deck: relative, `/`-separated, no `..`.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("empty path".to_owned());
    }
    if name.contains('\\') {
        return Err(format!(
            "path \"{name}\" uses '\\': write '/' between folders"
        ));
    }
    if name.contains('\0') {
        return Err(format!("path \"{name}\" contains a NUL byte"));
    }
    let path = Path::new(name);
    if path.is_absolute() || name.starts_with('/') || name.get(1..2) == Some(":") {
        return Err(format!(
            "path \"{name}\" is absolute: paths are relative to the deck folder"
        ));
    }
    for c in path.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            _ => return Err(format!("path \"{name}\" leaves the deck folder")),
        }
    }
    Ok(())
}

/// A deck folder on disk. Every name is resolved inside it after following symlinks.
#[derive(Debug, Clone)]
pub struct DirSource {
    dir: PathBuf,
    canonical: PathBuf,
}

impl DirSource {
    pub fn open(dir: &Path) -> Result<DirSource, FolderError> {
        let fail = |reason: String| FolderError {
            path: dir.to_owned(),
            reason,
        };
        let canonical = dir
            .canonicalize()
            .map_err(|e| fail(format!("cannot open deck folder: {}", io_reason(&e))))?;
        if !canonical.is_dir() {
            return Err(fail("not a folder".to_owned()));
        }
        std::fs::read_dir(&canonical)
            .map_err(|e| fail(format!("cannot read deck folder: {}", io_reason(&e))))?;
        Ok(DirSource {
            dir: dir.to_owned(),
            canonical,
        })
    }

    /// The path of `name` on disk, after checking it stays inside the deck.
    pub fn resolve(&self, name: &str) -> Result<PathBuf, ReadError> {
        check_name(name).map_err(ReadError::Refused)?;
        let joined = self.canonical.join(name);
        let real = match joined.canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::NotFound),
            Err(e) => return Err(ReadError::Io(io_reason(&e))),
        };
        if !real.starts_with(&self.canonical) {
            return Err(ReadError::Refused(format!(
                "path \"{name}\" leads outside the deck folder (through a link)"
            )));
        }
        Ok(real)
    }
}

impl DeckSource for DirSource {
    fn read(&self, name: &str, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
        let path = self.resolve(name)?;
        let file = std::fs::File::open(&path).map_err(|e| ReadError::Io(io_reason(&e)))?;
        let meta = file.metadata().map_err(|e| ReadError::Io(io_reason(&e)))?;
        if !meta.is_file() {
            return Err(ReadError::Refused(format!("\"{name}\" is not a file")));
        }
        if meta.len() > limit_bytes {
            return Err(ReadError::TooLarge(limit_bytes));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        // Read one byte past the limit so a file that grew meanwhile is still refused.
        file.take(limit_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::Io(io_reason(&e)))?;
        if bytes.len() as u64 > limit_bytes {
            return Err(ReadError::TooLarge(limit_bytes));
        }
        Ok(bytes)
    }

    fn display_path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn dir(&self) -> Option<&Path> {
        Some(&self.dir)
    }

    fn stamp(&self, name: &str) -> Option<Stamp> {
        let path = self.resolve(name).ok()?;
        let meta = std::fs::metadata(path).ok()?;
        meta.is_file().then(|| Stamp::of(&meta))
    }
}

/// Files held in memory, by name: the bundled story compiled into the binary, and tests.
#[derive(Debug, Clone)]
pub struct MemorySource {
    label: PathBuf,
    files: Vec<(String, Vec<u8>)>,
}

impl MemorySource {
    pub fn new(label: impl Into<PathBuf>, files: Vec<(String, Vec<u8>)>) -> MemorySource {
        MemorySource {
            label: label.into(),
            files,
        }
    }
}

impl DeckSource for MemorySource {
    fn read(&self, name: &str, limit_bytes: u64) -> Result<Vec<u8>, ReadError> {
        check_name(name).map_err(ReadError::Refused)?;
        let name = name.trim_start_matches("./");
        let (_, bytes) = self
            .files
            .iter()
            .find(|(n, _)| n == name)
            .ok_or(ReadError::NotFound)?;
        if bytes.len() as u64 > limit_bytes {
            return Err(ReadError::TooLarge(limit_bytes));
        }
        Ok(bytes.clone())
    }

    fn display_path(&self, name: &str) -> PathBuf {
        self.label.join(name)
    }

    fn dir(&self) -> Option<&Path> {
        None
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_stay_inside() {
        assert!(check_name("data/tariffs.csv").is_ok());
        assert!(check_name("./a.ron").is_ok());
        for bad in [
            "",
            "../x.csv",
            "data/../../x",
            "/etc/passwd",
            "C:/x",
            "data\\x.csv",
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
