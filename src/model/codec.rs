//! Reading and writing scene and deck files: RON with `implicit_some`, in one canonical form.

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::limits;

/// The options every file is read with: `Some(..)` may be left out, nesting is bounded.
fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(limits::NESTING)
}

/// Parses a file's text into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ron::error::SpannedError> {
    options().from_str(text)
}

/// The canonical text of a value: what the app writes, and the form the bundled deck is kept in.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let mut text = ron::Options::default().to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}

/// A short, lowercase reason for a RON error.
pub fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        E::NoSuchStructField {
            expected, found, ..
        } => format!(
            "unknown field \"{found}\" (expected one of: {})",
            list(expected)
        ),
        E::MissingStructField { field, .. } => format!("missing field \"{field}\""),
        E::DuplicateStructField { field, .. } => format!("duplicate field \"{field}\""),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown variant \"{found}\" (expected one of: {})",
            list(expected)
        ),
        E::Eof => "unexpected end of file".to_owned(),
        E::ExpectedNamedStructLike(_) | E::ExpectedStructLike => "expected opening `(`".to_owned(),
        E::ExceededRecursionLimit => {
            format!(
                "nested more than {} levels deep (the limit)",
                limits::NESTING
            )
        }
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect::<String>(),
                None => text,
            }
            .trim_end_matches('.')
            .to_owned()
        }
    }
}
