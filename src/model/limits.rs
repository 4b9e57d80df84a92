//! Sizes past which a deck is refused with a message naming the limit. They are far above any
//! real story and keep a hostile or broken file from making the app allocate without bound.

/// `deck.ron` and each scene file.
pub const SCENE_FILE_BYTES: u64 = 1024 * 1024;
/// Each CSV data file.
pub const CSV_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Data rows in one CSV file.
pub const CSV_ROWS: usize = 2_000_000;
/// Points in one series.
pub const SERIES_POINTS: usize = 2_000_000;
/// Scenes in one deck.
pub const SCENES: usize = 1_000;
/// Characters in one text field (quote, note, label...).
pub const TEXT_CHARS: usize = 20_000;
/// Items in one list of a scene (excerpts, highlights, series, annotations, steps).
pub const LIST_ITEMS: usize = 500;
/// Nesting depth of a RON file.
pub const NESTING: usize = 64;
/// A quote longer than this gets a warning: excerpts are a sentence or two.
pub const QUOTE_WARN_CHARS: usize = 400;

/// Human form of a byte count: `1 MiB`.
pub fn bytes_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
