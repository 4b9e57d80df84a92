//! Problems found in a deck, each with `file:line:column`, a short reason and the offending
//! line, rendered like a compiler's.

use std::fmt;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthChar;

use super::locate::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (deck folder joined with the file's name).
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the file as a whole (missing, unreadable).
    pub line: usize,
    pub col: usize,
    /// Lowercase, no trailing period.
    pub message: String,
    /// The text of the offending line, when there is one.
    pub source_line: Option<String>,
    /// How many characters the caret underlines.
    pub width: usize,
}

impl Diagnostic {
    /// A problem at `span` of `source` (the file's text).
    pub fn at(
        severity: Severity,
        file: &Path,
        source: &str,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        let source_line = source
            .lines()
            .nth(span.line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_owned());
        Diagnostic {
            severity,
            file: file.to_owned(),
            line: span.line,
            col: span.col,
            message: message.into(),
            source_line,
            width: span.len_chars.max(1),
        }
    }

    /// A problem with a whole file: no position to show.
    pub fn whole_file(severity: Severity, file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: file.to_owned(),
            line: 0,
            col: 0,
            message: message.into(),
            source_line: None,
            width: 0,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column: message` (`warning: ` before the message for warnings): the one-line form.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        if self.line == 0 {
            format!("{}: {kind}{}", self.file.display(), self.message)
        } else {
            format!(
                "{}:{}:{}: {kind}{}",
                self.file.display(),
                self.line,
                self.col,
                self.message
            )
        }
    }
}

impl fmt::Display for Diagnostic {
    /// The headline, then the offending line with a caret under the column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        if let Some(text) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            // Tabs would shift the caret: show them as single spaces.
            let shown: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // Columns count characters; the caret counts display cells (a CJK character
            // takes two).
            let chars: Vec<char> = shown.chars().collect();
            let lead_chars = self.col.saturating_sub(1).min(chars.len());
            let (before, rest) = chars.split_at(lead_chars);
            let under_chars = self.width.min(rest.len()).max(1);
            let cells = |cs: &[char]| -> usize { cs.iter().map(|c| c.width().unwrap_or(0)).sum() };
            let lead = cells(before);
            let width = cells(rest.get(..under_chars).unwrap_or(rest)).max(1);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            writeln!(f, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width))?;
        }
        Ok(())
    }
}

/// The summary line of `storyplot check`.
pub fn summary(scenes: usize, series: usize, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}, {}",
        plural(scenes, "scene", "scenes"),
        plural(series, "series", "series"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler() {
        let src = "(\n    id: \"x\",\n    era: \"nope\",\n)";
        let span = Span {
            line: 3,
            col: 10,
            offset: 0,
            len_chars: 6,
        };
        let d = Diagnostic::at(
            Severity::Error,
            Path::new("scenes/a.ron"),
            src,
            span,
            "unknown era \"nope\"",
        );
        assert_eq!(
            d.to_string(),
            "scenes/a.ron:3:10: unknown era \"nope\"\n  |\n3 |     era: \"nope\",\n  |          ^^^^^^\n"
        );
        let w = Diagnostic {
            severity: Severity::Warning,
            ..d
        };
        assert!(w.headline().starts_with("scenes/a.ron:3:10: warning: "));
    }

    #[test]
    fn the_caret_counts_display_columns() {
        let src = "    label: \"中国制造\", era: \"nope\",";
        let span = Span {
            line: 1,
            col: 25,
            offset: 0,
            len_chars: 6,
        };
        let d = Diagnostic::at(Severity::Error, Path::new("a.ron"), src, span, "bad");
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        // 4 CJK characters take 8 cells: the caret moves 4 cells right of the character count.
        assert_eq!(lines[3], format!("  | {}^^^^^^", " ".repeat(28)));
        assert!(lines[2].ends_with("era: \"nope\","));
    }

    #[test]
    fn summary_counts() {
        let d = Diagnostic::whole_file(Severity::Warning, Path::new("a"), "w");
        assert_eq!(
            summary(1, 2, &[d]),
            "1 scene, 2 series, 0 errors, 1 warning"
        );
    }
}
