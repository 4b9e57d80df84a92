//! Where each value sits in a RON file, by path (`plot.series[1].id`), so that problems found
//! after parsing can still be reported at `line:column`.
//!
//! serde forgets positions once a value is parsed. Rather than threading spans through every
//! type, this module re-reads the (already syntactically valid) source with a small tolerant
//! scanner and records the span of every value under its path. On text it cannot follow it
//! simply stops recording; it never fails and never panics.

use std::collections::{HashMap, HashSet};

/// A place in a text: 1-based line and column (in characters, as ron counts them), the byte
/// offset, and how many characters the value spans on its first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub offset: usize,
    pub len_chars: usize,
}

impl Span {
    /// The position of a byte offset in `text` (clamped to the text), one character wide.
    pub fn at_offset(text: &str, offset: usize) -> Span {
        let offset = offset.min(text.len());
        let mut line = 1;
        let mut col = 1;
        for (i, c) in text.char_indices() {
            if i >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        Span {
            line,
            col,
            offset,
            len_chars: 1,
        }
    }
}

/// Line starts of a text, for turning many byte offsets into positions without rescanning.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text), one character wide.
    pub fn span(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = 1 + self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Span {
            line,
            col,
            offset,
            len_chars: 1,
        }
    }
}

/// Spans of all values of one RON file, by path.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    spans: HashMap<String, Span>,
    /// The lengths of the recorded paths: `find` looks up only ancestors of these lengths, so
    /// an unknown path made of many `.` costs one pass over it, not one lookup per `.`.
    lengths: HashSet<usize>,
}

/// The deepest nesting the scanner follows; deeper text is skipped, not recursed into.
const MAX_DEPTH: usize = 64;
/// The longest path whose contents the scanner follows (real paths are a few dozen bytes):
/// every value inside repeats its path, so a long map key over many values would cost memory
/// and time quadratic in the file.
const MAX_PATH: usize = 256;

impl Locations {
    pub fn scan(source: &str) -> Locations {
        let mut scanner = Scanner {
            chars: source.char_indices().collect(),
            src: source,
            pos: 0,
            line: 1,
            col: 1,
            spans: HashMap::new(),
        };
        scanner.skip_trivia();
        scanner.value(String::new(), 0);
        Locations {
            lengths: scanner.spans.keys().map(String::len).collect(),
            spans: scanner.spans,
        }
    }

    /// The span of the value at `path`, or of its nearest recorded ancestor.
    pub fn find(&self, path: &str) -> Span {
        let mut path = path;
        loop {
            if self.lengths.contains(&path.len())
                && let Some(span) = self.spans.get(path)
            {
                return *span;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => {
                    return self.spans.get("").copied().unwrap_or(Span {
                        line: 1,
                        col: 1,
                        offset: 0,
                        len_chars: 1,
                    });
                }
            }
        }
    }

    /// Whether a value was written at exactly this path.
    pub fn has(&self, path: &str) -> bool {
        self.spans.contains_key(path)
    }
}

/// Joins a field name onto a path: `plot` + `series` = `plot.series`.
pub fn field(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Joins an index onto a path: `plot.series` + 1 = `plot.series[1]`.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

struct Scanner<'a> {
    chars: Vec<(usize, char)>,
    src: &'a str,
    pos: usize,
    line: usize,
    col: usize,
    spans: HashMap<String, Span>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|&(_, c)| c)
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).map(|&(_, c)| c)
    }

    fn offset(&self) -> usize {
        self.chars
            .get(self.pos)
            .map(|&(i, _)| i)
            .unwrap_or(self.src.len())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                // `#![enable(implicit_some)]` and similar attributes
                (Some('#'), _) => {
                    while let Some(c) = self.bump() {
                        if c == ']' {
                            break;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn start(&self) -> (usize, usize, usize, usize) {
        (self.line, self.col, self.offset(), self.pos)
    }

    fn record(&mut self, path: String, start: (usize, usize, usize, usize)) {
        let (line, col, offset, pos) = start;
        let len_chars = self.chars[pos..self.pos.min(self.chars.len())]
            .iter()
            .take_while(|&&(_, c)| c != '\n')
            .count()
            .max(1);
        self.spans.insert(
            path,
            Span {
                line,
                col,
                offset,
                len_chars,
            },
        );
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '#' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn string(&mut self) -> String {
        // at the opening quote
        self.bump();
        let mut s = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(e) = self.bump() {
                        s.push(e);
                    }
                }
                c => s.push(c),
            }
        }
        s
    }

    fn raw_string(&mut self) -> String {
        // at `r`
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            hashes += 1;
            self.bump();
        }
        if self.peek() != Some('"') {
            return String::new();
        }
        self.bump();
        let mut s = String::new();
        while let Some(c) = self.bump() {
            if c == '"' {
                let mut n = 0;
                while n < hashes && self.peek() == Some('#') {
                    n += 1;
                    self.bump();
                }
                if n == hashes {
                    break;
                }
                s.push('"');
                s.extend(std::iter::repeat_n('#', n));
            } else {
                s.push(c);
            }
        }
        s
    }

    /// Scans one value and records it under `path`; returns the text of a string or
    /// identifier value (used for map keys).
    fn value(&mut self, path: String, depth: usize) -> String {
        let start = self.start();
        let mut text = String::new();
        match self.peek() {
            None => return text,
            Some('"') => text = self.string(),
            Some('r') if matches!(self.peek_at(1), Some('"' | '#')) => text = self.raw_string(),
            Some('b') if self.peek_at(1) == Some('"') => {
                self.bump();
                text = self.string();
            }
            Some('\'') => {
                self.bump();
                while let Some(c) = self.bump() {
                    if c == '\\' {
                        self.bump();
                    } else if c == '\'' {
                        break;
                    }
                }
            }
            Some('(') => self.group(&path, false, depth),
            Some('[') => self.list(&path, depth),
            Some('{') => self.map(&path, depth),
            Some(c) if c.is_alphabetic() || c == '_' => {
                text = self.ident();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    let transparent = text == "Some";
                    self.group(&path, transparent, depth);
                }
            }
            Some(_) => {
                // numbers and anything else: up to the next delimiter
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':') {
                        break;
                    }
                    self.bump();
                }
            }
        }
        self.record(path, start);
        text
    }

    fn group(&mut self, path: &str, transparent: bool, depth: usize) {
        self.bump(); // (
        self.skip_trivia();
        if depth >= MAX_DEPTH || path.len() > MAX_PATH {
            self.skip_group(')');
            return;
        }
        // A struct if it starts with `name:` (and not `name::`).
        let save = (self.pos, self.line, self.col);
        let is_struct = if matches!(self.peek(), Some(c) if c.is_alphabetic() || c == '_') {
            self.ident();
            self.skip_trivia();
            let colon = self.peek() == Some(':') && self.peek_at(1) != Some(':');
            (self.pos, self.line, self.col) = save;
            colon
        } else {
            false
        };
        let mut i = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(')') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            if is_struct {
                let name = self.ident();
                self.skip_trivia();
                if self.peek() == Some(':') {
                    self.bump();
                }
                self.skip_trivia();
                self.value(field(path, &name), depth + 1);
            } else if transparent && i == 0 {
                self.value(path.to_owned(), depth + 1);
            } else {
                self.value(index(path, i), depth + 1);
            }
            i += 1;
            if self.pos == before {
                // not a value we understand: give up on this group
                self.skip_group(')');
                return;
            }
        }
    }

    fn list(&mut self, path: &str, depth: usize) {
        self.bump(); // [
        if depth >= MAX_DEPTH || path.len() > MAX_PATH {
            self.skip_group(']');
            return;
        }
        let mut i = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            self.value(index(path, i), depth + 1);
            i += 1;
            if self.pos == before {
                self.skip_group(']');
                return;
            }
        }
    }

    fn map(&mut self, path: &str, depth: usize) {
        self.bump(); // {
        if depth >= MAX_DEPTH || path.len() > MAX_PATH {
            self.skip_group('}');
            return;
        }
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some('}') => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            let key = self.value(format!("{path}.#key"), depth + 1);
            self.skip_trivia();
            if self.peek() == Some(':') {
                self.bump();
            }
            self.skip_trivia();
            self.value(field(path, &key), depth + 1);
            if self.pos == before {
                self.skip_group('}');
                return;
            }
        }
    }

    /// Skips to the matching closer, minding strings and nesting.
    fn skip_group(&mut self, closer: char) {
        let mut stack = vec![closer];
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.string();
                    continue;
                }
                '(' => stack.push(')'),
                '[' => stack.push(']'),
                '{' => stack.push('}'),
                ')' | ']' | '}' => {
                    if stack.last() == Some(&c) {
                        stack.pop();
                    }
                    if stack.is_empty() {
                        self.bump();
                        return;
                    }
                }
                _ => {}
            }
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"#![enable(implicit_some)]
// a comment
(
    id: "trade-war",
    excerpts: [
        (quote: "a \"b\" c", highlights: [(id: "h", phrase: "b")]),
    ],
    plot: Some((
        series: [(id: "us", filter: {"series": "avg"})],
        annotations: [Event(id: "e", date: "2018-07-06", label: "x"), Span(id: "s")],
        x_range: ("2015-01-01", "2025-12-31"),
    )),
    /* block /* nested */ */ steps: [(show: ["h"]), ()],
)"#;

    #[test]
    fn finds_values_by_path() {
        let loc = Locations::scan(SRC);
        let at = |p: &str| {
            let s = loc.find(p);
            (s.line, s.col)
        };
        assert_eq!(at("id"), (4, 9));
        assert_eq!(at("excerpts[0].quote"), (6, 17));
        assert_eq!(at("excerpts[0].highlights[0].phrase"), (6, 61));
        assert_eq!(at("plot.series[0].id"), (9, 23));
        assert_eq!(at("plot.series[0].filter.series"), (9, 48));
        assert_eq!(at("plot.annotations[1].id"), (10, 80));
        assert_eq!(at("plot.annotations[0].date"), (10, 44));
        assert_eq!(at("plot.x_range[1]"), (11, 33));
        assert_eq!(at("steps[0].show[0]"), (13, 46));
        assert!(loc.has("steps[1]"));
        // unknown paths fall back to the nearest ancestor
        assert_eq!(at("plot.series[0].source"), (9, 18));
        assert_eq!(at("nothing.here"), (3, 1));
        assert_eq!(loc.find("id").len_chars, "\"trade-war\"".len());
    }

    #[test]
    fn line_index_agrees_with_a_scan() {
        let text = "ab\nçd\n\nxyz";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            if text.is_char_boundary(offset.min(text.len())) {
                assert_eq!(
                    index.span(offset),
                    Span::at_offset(text, offset),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn tolerates_garbage() {
        for src in [
            "",
            "(",
            "((((",
            "[1, 2",
            "\"abc",
            "(a: [}",
            "r#\"x",
            "(x: Some(",
            "/* open",
        ] {
            let loc = Locations::scan(src);
            let _ = loc.find("a.b[3]");
        }
        let deep = "(".repeat(10_000);
        let _ = Locations::scan(&deep).find("x");
    }
}
