//! The bundled story, compiled into the binary from `scenes/`.

use crate::model::source::MemorySource;

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The bundled deck as a source that reads from memory.
pub fn source() -> MemorySource {
    MemorySource::new(
        "<bundled>",
        FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
            .collect(),
    )
}
