//! Loading a deck: read every file, parse it, and validate it into a [`Deck`], reporting every
//! problem with `file:line:column`. Nothing here panics on any input.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::codec;
use super::date::{Date, Precision};
use super::deck::*;
use super::diag::{Diagnostic, Severity};
use super::file::*;
use super::limits;
use super::locate::{Locations, Span, field, index};
use super::memo::{Cache, SceneMemo, SeriesData, SeriesMemo, debug_hash};
use super::source::Stamp;
use super::numbers::Decimal;
use super::source::{DeckSource, ReadError, check_name};
use super::table::{CsvFile, FileOptions, Layout, ReadOptions, resolve_columns};

/// The name of the deck file inside a deck folder.
pub const DECK_FILE: &str = "deck.ron";

/// What loading a deck produced.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The deck, when there were no errors (warnings allowed).
    pub deck: Option<Deck>,
    /// Every problem found, errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Scene files the deck lists.
    pub scene_count: usize,
    /// Series declared over all scene files.
    pub series_count: usize,
    /// Each file's parsed contents (for the editor), by name, when it parsed.
    pub scene_files: Vec<(String, Option<SceneFile>)>,
    /// CSV files over [`LoadOptions::defer_bytes`] that are not cached yet: the deck is `None`
    /// until they are read (by a load without that option, off the UI thread).
    pub pending: Vec<String>,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Loads and validates the whole deck.
pub fn load(source: &dyn DeckSource) -> Loaded {
    load_with(source, &mut Cache::default(), LoadOptions::default())
}

/// How [`load_with`] may spare work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// CSV files larger than this that are not in the cache are not read: they are listed in
    /// [`Loaded::pending`] instead (the UI thread never waits for a big file).
    pub defer_bytes: Option<u64>,
}

/// Loads and validates the deck, reusing from `cache` every scene whose text, eras and data
/// files did not change and every series whose file did not change, and keeping what it
/// computed there for the next load.
pub fn load_with(source: &dyn DeckSource, cache: &mut Cache, options: LoadOptions) -> Loaded {
    let mut loader = Loader {
        source,
        diagnostics: Vec::new(),
        tables: HashMap::new(),
        series_cache: HashMap::new(),
        cache,
        defer_bytes: options.defer_bytes,
        pending: Vec::new(),
        deps: Vec::new(),
        cacheable: true,
    };
    let mut loaded = Loaded {
        deck: None,
        diagnostics: Vec::new(),
        scene_count: 0,
        series_count: 0,
        scene_files: Vec::new(),
        pending: Vec::new(),
    };
    let deck = loader.deck(&mut loaded);
    let has_errors = loader.diagnostics.iter().any(Diagnostic::is_error);
    loaded.diagnostics = loader.diagnostics;
    loaded.pending = loader.pending;
    loaded.pending.dedup();
    loaded.deck = if has_errors || !loaded.pending.is_empty() {
        None
    } else {
        deck
    };
    loaded
}

/// Errors, and warnings, shown per file; the rest are counted but not shown. Each one costs a
/// look-up and a copy of its line, so a long list of bad items (a 1 MiB file holds 200,000)
/// would otherwise take minutes and gigabytes.
pub const MAX_FILE_PROBLEMS: usize = 100;

/// One file being checked: its text and, once a problem needs them, where its values are.
struct FileCtx<'t> {
    path: PathBuf,
    text: &'t str,
    /// Scanned on the first problem only: a clean file never pays for it.
    loc: std::cell::OnceCell<Locations>,
    diags: Vec<Diagnostic>,
    /// Errors found in this file, shown or not: what decides whether a part is valid.
    errors: usize,
    /// Warnings found in this file, shown or not.
    warnings: usize,
}

impl<'t> FileCtx<'t> {
    fn new(path: PathBuf, text: &'t str) -> FileCtx<'t> {
        FileCtx {
            path,
            text,
            loc: std::cell::OnceCell::new(),
            diags: Vec::new(),
            errors: 0,
            warnings: 0,
        }
    }

    fn find(&self, at: &str) -> Span {
        self.loc.get_or_init(|| Locations::scan(self.text)).find(at)
    }

    fn report(&mut self, severity: Severity, at: &str, message: impl Into<String>) {
        let (count, what) = match severity {
            Severity::Error => (&mut self.errors, "errors"),
            Severity::Warning => (&mut self.warnings, "warnings"),
        };
        *count += 1;
        let count = *count;
        if count > MAX_FILE_PROBLEMS {
            if count == MAX_FILE_PROBLEMS + 1 {
                self.diags.push(Diagnostic::whole_file(
                    severity,
                    &self.path,
                    format!(
                        "more than {MAX_FILE_PROBLEMS} {what} in this file: the rest are not shown"
                    ),
                ));
            }
            return;
        }
        let span = self.find(at);
        self.diags.push(Diagnostic::at(
            severity, &self.path, self.text, span, message,
        ));
    }

    fn err(&mut self, at: &str, message: impl Into<String>) {
        self.report(Severity::Error, at, message);
    }

    fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.report(Severity::Warning, at, message);
    }

    fn date(&mut self, at: &str, text: &str) -> Option<Date> {
        match Date::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.err(at, e.to_string());
                None
            }
        }
    }

    fn opt_date(&mut self, at: &str, text: &Option<String>) -> Option<Option<Date>> {
        match text {
            None => Some(None),
            Some(t) => self.date(at, t).map(Some),
        }
    }

    fn range(
        &mut self,
        at: &str,
        range: &Option<(String, String)>,
    ) -> Option<Option<(Date, Date)>> {
        let Some((a, b)) = range else {
            return Some(None);
        };
        let from = self.date(&index(at, 0), a);
        let to = self.date(&index(at, 1), b);
        let (from, to) = (from?, to?);
        if to <= from {
            self.err(
                &index(at, 1),
                format!("range ends ({to}) before it starts ({from})"),
            );
            return None;
        }
        Some(Some((from, to)))
    }

    fn text(&mut self, at: &str, value: &str, what: &str, required: bool) {
        if required && value.trim().is_empty() {
            self.err(at, format!("{what} is empty"));
        }
        let chars = value.chars().count();
        if chars > limits::TEXT_CHARS {
            self.err(
                at,
                format!(
                    "{what} has {chars} characters, more than {} (the limit)",
                    limits::TEXT_CHARS
                ),
            );
        }
    }

    /// An author's screen-reader text: within the text limit, and a warning when too long to
    /// listen to.
    fn description(&mut self, at: &str, value: &str) {
        self.text(at, value, "description", false);
        let chars = value.chars().count();
        let most = super::describe::DESCRIPTION_WARN_CHARS;
        if chars > most && chars <= limits::TEXT_CHARS {
            self.warn(
                at,
                format!("description has {chars} characters: a screen reader reads it at every step (keep it under {most})"),
            );
        }
    }

    fn list_len(&mut self, at: &str, len: usize, what: &str) -> bool {
        if len > limits::LIST_ITEMS {
            self.err(
                at,
                format!("{len} {what}, more than {} (the limit)", limits::LIST_ITEMS),
            );
            return false;
        }
        true
    }

    fn positive_secs(&mut self, at: &str, secs: Option<f32>) {
        if let Some(s) = secs
            && (!s.is_finite() || s <= 0.0 || s > 86_400.0)
        {
            self.err(
                at,
                format!("duration {s} must be a number of seconds above 0"),
            );
        }
    }
}

/// What decides the points read for a series: everything but how it is named and drawn.
fn series_data_key(s: &SeriesFile) -> String {
    let mut k = s.clone();
    k.id.clear();
    k.label.clear();
    k.unit.clear();
    k.color = None;
    k.kind = SeriesKind::Line;
    k.source = None;
    k.caveat.clear();
    format!("{k:?}")
}

fn known(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let list: Vec<String> = names.into_iter().map(|n| n.as_ref().to_owned()).collect();
    if list.is_empty() {
        "none declared".to_owned()
    } else {
        format!("known: {}", list.join(", "))
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Warns about a quote that looks cut from a longer sentence but is not marked so: it starts
/// with a lowercase letter (mid-sentence), or it ends without a full stop, question mark,
/// exclamation mark or ellipsis (a headline or standfirst is marked `heading` instead).
fn cut_warnings(ctx: &mut FileCtx, at: &str, ex: &ExcerptFile) {
    let (starts_mid, ends_open) = looks_cut(&ex.quote);
    if starts_mid && !ex.cut.start {
        ctx.warn(
            at,
            "quote starts mid-sentence (in lowercase): mark it cut: (start: true), or quote from the start of the sentence",
        );
    }
    if ends_open && !ex.cut.end && !ex.heading {
        ctx.warn(
            at,
            "quote ends without a full stop: mark it cut: (end: true), or heading: true for a headline or standfirst",
        );
    }
}

/// Whether a quote starts in lowercase and whether it ends without terminal punctuation,
/// looking past quotation marks, brackets and spaces at either end.
pub fn looks_cut(quote: &str) -> (bool, bool) {
    let wrapper =
        |c: char| c.is_whitespace() || "\"'\u{201c}\u{201d}\u{2018}\u{2019}()[]".contains(c);
    let text = quote.trim_matches(wrapper);
    let starts_mid = text.chars().next().is_some_and(char::is_lowercase);
    let ends_open = text
        .chars()
        .next_back()
        .is_some_and(|c| !matches!(c, '.' | '!' | '?' | '\u{2026}'));
    (starts_mid, ends_open)
}

type SeriesKey = (
    String,
    String,
    String,
    Vec<(String, String)>,
    Vec<(String, String)>,
    (FileOptions, ReadOptions, bool),
);

struct Loader<'s> {
    source: &'s dyn DeckSource,
    diagnostics: Vec<Diagnostic>,
    /// CSV files by name and dialect; `None` when the file had a problem (reported once).
    tables: HashMap<(String, FileOptions), Option<Arc<CsvFile>>>,
    /// Extracted series by file, columns and filters; `None` when it had bad values (reported once).
    series_cache: HashMap<SeriesKey, Option<SeriesData>>,
    /// What earlier loads kept, and where this one keeps what it computes.
    cache: &'s mut Cache,
    defer_bytes: Option<u64>,
    /// Big files not read (see [`LoadOptions::defer_bytes`]).
    pending: Vec<String>,
    /// The data files the scene being checked read, as they are on disk.
    deps: Vec<(String, Stamp)>,
    /// Whether the scene being checked can be kept in the cache (every file it read has a stamp).
    cacheable: bool,
}

/// A file's text, or the problem reported for it.
enum Text {
    Ok(String),
    Failed,
}

impl Loader<'_> {
    fn read_text(&mut self, name: &str, limit: u64, blame: Option<(&mut FileCtx, &str)>) -> Text {
        let path = self.source.display_path(name);
        match self.source.read(name, limit) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Text::Ok(text),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let bytes = e.into_bytes();
                    let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or(&[]));
                    let span = Span::at_offset(&prefix, valid);
                    let shown = format!("{prefix}\u{fffd}");
                    self.diagnostics.push(Diagnostic::at(
                        Severity::Error,
                        &path,
                        &shown,
                        span,
                        "invalid UTF-8 (files must be UTF-8 text)",
                    ));
                    Text::Failed
                }
            },
            Err(e) => {
                let message = match &e {
                    ReadError::NotFound => format!("file \"{name}\" not found"),
                    ReadError::TooLarge(_) => format!("file \"{name}\" is {e}"),
                    ReadError::Refused(reason) => reason.clone(),
                    ReadError::Io(_) => format!("file \"{name}\" {e}"),
                };
                match blame {
                    Some((ctx, at)) => ctx.err(at, message),
                    None => self.diagnostics.push(Diagnostic::whole_file(
                        Severity::Error,
                        &path,
                        message,
                    )),
                }
                Text::Failed
            }
        }
    }

    /// Parses a RON file, reporting a syntax error at its position.
    fn parse<T: serde::de::DeserializeOwned>(&mut self, name: &str, text: &str) -> Option<T> {
        let path = self.source.display_path(name);
        if text.trim().is_empty() {
            self.diagnostics.push(Diagnostic::at(
                Severity::Error,
                &path,
                text,
                Span::at_offset(text, 0),
                "empty file",
            ));
            return None;
        }
        match codec::parse::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let start = e.span.start;
                let end = e.span.end;
                let width = if end.line == start.line && end.col > start.col {
                    end.col - start.col
                } else {
                    1
                };
                // ron's cursor may rest on the blanks before the offending token: point at
                // the token itself.
                let line = start.line.max(1);
                let mut col = start.col.max(1);
                if let Some(text_line) = text.lines().nth(line - 1) {
                    let blanks = text_line
                        .chars()
                        .skip(col - 1)
                        .take_while(|c| *c == ' ' || *c == '\t')
                        .count();
                    if blanks < text_line.chars().count().saturating_sub(col - 1) {
                        col += blanks;
                    }
                }
                let span = Span {
                    line,
                    col,
                    offset: 0,
                    len_chars: width,
                };
                self.diagnostics.push(Diagnostic::at(
                    Severity::Error,
                    &path,
                    text,
                    span,
                    codec::describe(&e.code),
                ));
                None
            }
        }
    }

    fn deck(&mut self, loaded: &mut Loaded) -> Option<Deck> {
        let Text::Ok(text) = self.read_text(DECK_FILE, limits::SCENE_FILE_BYTES, None) else {
            return None;
        };
        let file: DeckFile = self.parse(DECK_FILE, &text)?;
        let mut ctx = FileCtx::new(self.source.display_path(DECK_FILE), &text);
        ctx.text("title", &file.title, "deck title", true);
        ctx.positive_secs("default_step_secs", file.default_step_secs);
        if let Some(m) = file.target_duration_mins
            && (!m.is_finite() || m <= 0.0 || m > 24.0 * 60.0)
        {
            ctx.err(
                "target_duration_mins",
                "target duration must be minutes above 0",
            );
        }
        let mut eras = Vec::new();
        let mut era_ids = BTreeSet::new();
        if file.eras.is_empty() {
            ctx.err("eras", "a deck needs at least one era");
        }
        ctx.list_len("eras", file.eras.len(), "eras");
        for (i, era) in file.eras.iter().enumerate().take(limits::LIST_ITEMS) {
            let at = index("eras", i);
            if !valid_id(&era.id) {
                ctx.err(
                    &field(&at, "id"),
                    format!(
                        "era id \"{}\" must be lowercase letters, digits, '-' or '_'",
                        era.id
                    ),
                );
            } else if !era_ids.insert(era.id.clone()) {
                ctx.err(
                    &field(&at, "id"),
                    format!("duplicate era id \"{}\"", era.id),
                );
            }
            ctx.text(&field(&at, "label"), &era.label, "era label", true);
            let from = ctx.date(&field(&at, "from"), &era.from);
            let to = ctx.date(&field(&at, "to"), &era.to);
            let color = match &era.color {
                None => None,
                Some(c) => {
                    let parsed = Rgb::parse(c);
                    if parsed.is_none() {
                        ctx.err(
                            &field(&at, "color"),
                            format!("malformed colour \"{c}\" (expected #RRGGBB)"),
                        );
                    }
                    parsed
                }
            };
            if let (Some(from), Some(to)) = (from, to) {
                if to < from {
                    ctx.err(
                        &field(&at, "to"),
                        format!("era ends ({to}) before it starts ({from})"),
                    );
                }
                eras.push(Era {
                    id: era.id.clone(),
                    label: era.label.clone(),
                    from,
                    to,
                    color,
                });
            }
        }
        if file.scenes.is_empty() {
            ctx.err("scenes", "a deck needs at least one scene");
        }
        if file.scenes.len() > limits::SCENES {
            ctx.err(
                "scenes",
                format!(
                    "{} scenes, more than {} (the limit)",
                    file.scenes.len(),
                    limits::SCENES
                ),
            );
        }
        let mut names = Vec::new();
        let mut seen_names = BTreeSet::new();
        for (i, name) in file.scenes.iter().enumerate().take(limits::SCENES) {
            let at = index("scenes", i);
            if let Err(reason) = check_name(name) {
                ctx.err(&at, reason);
            } else if !seen_names.insert(name.trim_start_matches("./").to_owned()) {
                ctx.err(&at, format!("scene file \"{name}\" is listed twice"));
            } else {
                names.push((name.clone(), at));
            }
        }
        let deck_diags = std::mem::take(&mut ctx.diags);
        self.diagnostics.extend(deck_diags);

        loaded.scene_count = file.scenes.len();
        let era_list: Vec<&EraFile> = file.eras.iter().collect();
        let mut scenes = Vec::new();
        let mut ids: HashMap<String, PathBuf> = HashMap::new();
        let mut last_date: Option<(Date, String)> = None;
        let eras_key = debug_hash(&era_list);
        for (name, at) in names {
            let Text::Ok(scene_text) =
                self.read_text(&name, limits::SCENE_FILE_BYTES, Some((&mut ctx, &at)))
            else {
                let d = std::mem::take(&mut ctx.diags);
                self.diagnostics.extend(d);
                loaded.scene_files.push((name, None));
                continue;
            };
            let memo = match self.cached_scene(&name, &scene_text, eras_key) {
                Some(memo) => memo,
                None => self.check_scene(&name, scene_text, &era_list, eras_key),
            };
            loaded.scene_files.push((name.clone(), memo.parsed.clone()));
            self.diagnostics.extend(memo.data_diags.iter().cloned());
            let Some(raw) = &memo.parsed else { continue };
            loaded.series_count += memo.series_count;
            let mut sctx = FileCtx::new(memo.path.clone(), &memo.text);
            if let Some(first) = ids.get(&raw.id) {
                sctx.err(
                    "id",
                    format!(
                        "duplicate scene id \"{}\" (also in {})",
                        raw.id,
                        first.display()
                    ),
                );
            } else {
                ids.insert(raw.id.clone(), sctx.path.clone());
            }
            sctx.diags.extend(memo.scene_diags.iter().cloned());
            sctx.errors += memo.errors;
            sctx.warnings += memo.warnings;
            let scene = memo.scene.clone();
            // Analysis scenes have no date: they take no part in the date order.
            if let Some((scene, date)) = scene.as_ref().and_then(|s| Some((s, s.date?))) {
                if let Some((prev, prev_id)) = &last_date
                    && date < *prev
                {
                    sctx.warn(
                        "date",
                        format!(
                            "scene is out of date order ({date} comes before {prev} of \"{prev_id}\")"
                        ),
                    );
                }
                last_date = Some((date, scene.id.clone()));
            }
            self.diagnostics.append(&mut sctx.diags);
            if let Some(scene) = scene {
                scenes.push(scene);
            }
        }
        self.diagnostics.append(&mut ctx.diags);
        Some(Deck {
            title: file.title,
            subtitle: file.subtitle,
            author: file.author,
            theme: file.theme.unwrap_or_default(),
            target_duration_mins: file.target_duration_mins,
            default_step_secs: file.default_step_secs.unwrap_or(8.0),
            eras,
            scenes,
        })
    }

    /// The cached load of scene file `name`, when its text, the eras and the data files it
    /// read are the same as then.
    fn cached_scene(&self, name: &str, text: &str, eras_key: u64) -> Option<SceneMemo> {
        let path = self.source.display_path(name);
        self.cache
            .scenes
            .get(name)?
            .iter()
            .find(|memo| {
                memo.text == text
                    && memo.eras_key == eras_key
                    && memo.path == path
                    && memo
                        .deps
                        .iter()
                        .all(|(file, stamp)| self.source.stamp(file) == Some(*stamp))
            })
            .cloned()
    }

    /// Parses and validates scene file `name`, and keeps the result in the cache when every
    /// file it read can be recognised again.
    fn check_scene(
        &mut self,
        name: &str,
        text: String,
        era_list: &[&EraFile],
        eras_key: u64,
    ) -> SceneMemo {
        self.cache.counters.scenes_validated += 1;
        let path = self.source.display_path(name);
        let mark = self.diagnostics.len();
        let pending = self.pending.len();
        self.deps.clear();
        self.cacheable = true;
        let parsed: Option<SceneFile> = self.parse(name, &text);
        let mut sctx = FileCtx::new(path.clone(), &text);
        let scene = parsed
            .as_ref()
            .and_then(|raw| self.scene(&mut sctx, name, raw, era_list));
        let memo = SceneMemo {
            path: path.clone(),
            series_count: parsed
                .as_ref()
                .and_then(|p| p.plot.as_ref())
                .map_or(0, |p| p.series.len()),
            parsed,
            data_diags: self.diagnostics.split_off(mark),
            scene_diags: std::mem::take(&mut sctx.diags),
            errors: sctx.errors,
            warnings: sctx.warnings,
            scene,
            deps: std::mem::take(&mut self.deps),
            eras_key,
            text: String::new(),
        };
        drop(sctx);
        let memo = SceneMemo { text, ..memo };
        if self.cacheable && self.pending.len() == pending {
            let versions = self.cache.scenes.entry(name.to_owned()).or_default();
            versions.retain(|m| m.text != memo.text);
            if versions.len() >= super::memo::SCENE_VERSIONS {
                versions.remove(0);
            }
            versions.push(memo.clone());
        }
        memo
    }

    fn scene(
        &mut self,
        ctx: &mut FileCtx,
        name: &str,
        raw: &SceneFile,
        era_files: &[&EraFile],
    ) -> Option<Scene> {
        let before = ctx.errors;
        if !valid_id(&raw.id) {
            ctx.err(
                "id",
                format!(
                    "scene id \"{}\" must be 1 to 64 lowercase letters, digits, '-' or '_'",
                    raw.id
                ),
            );
        }
        let date = if raw.date.is_empty() {
            Some(None)
        } else {
            ctx.date("date", &raw.date).map(Some)
        };
        let end_date = ctx.opt_date("end_date", &raw.end_date);
        if let (Some(Some(d)), Some(Some(e))) = (date, end_date)
            && e < d
        {
            ctx.err(
                "end_date",
                format!("end date {e} is before the scene's date {d}"),
            );
        }
        if raw.date.is_empty() && raw.end_date.is_some() {
            ctx.err(
                "end_date",
                "an end date needs a date (an analysis scene gives a period instead)",
            );
        }
        let period = self.period(ctx, raw);
        ctx.text("title", &raw.title, "title", true);
        ctx.text("notes", &raw.notes, "notes", false);
        let era = era_files.iter().position(|e| e.id == raw.era);
        if era.is_none() {
            ctx.err(
                "era",
                format!(
                    "unknown era \"{}\" ({})",
                    raw.era,
                    known(era_files.iter().map(|e| &e.id))
                ),
            );
        }
        ctx.positive_secs("duration_secs", raw.duration_secs);

        // The plot first: highlights link to its annotations.
        let plot = match &raw.plot {
            Some(p) => self.plot(ctx, p).map(Some),
            None => Some(None),
        };
        let annotation_ids: Vec<&str> = raw
            .plot
            .iter()
            .flat_map(|p| p.annotations.iter().map(AnnotationFile::id))
            .collect();

        let mut item_ids: Vec<String> = annotation_ids.iter().map(|s| s.to_string()).collect();
        let mut excerpts = Vec::new();
        if raw.excerpts.is_empty() {
            ctx.err("excerpts", "a scene needs at least one excerpt");
        }
        ctx.list_len("excerpts", raw.excerpts.len(), "excerpts");
        for (i, ex) in raw.excerpts.iter().enumerate().take(limits::LIST_ITEMS) {
            let at = index("excerpts", i);
            let quote_at = field(&at, "quote");
            ctx.text(&quote_at, &ex.quote, "quote", true);
            let chars = ex.quote.chars().count();
            if chars > limits::QUOTE_WARN_CHARS && chars <= limits::TEXT_CHARS {
                ctx.warn(
                    &quote_at,
                    format!(
                        "quote has {chars} characters: an excerpt is a sentence or two (under {})",
                        limits::QUOTE_WARN_CHARS
                    ),
                );
            }
            cut_warnings(ctx, &quote_at, ex);
            let a = &ex.attribution;
            let a_at = field(&at, "attribution");
            ctx.text(&field(&a_at, "outlet"), &a.outlet, "outlet", true);
            let adate = match Date::parse_partial(&a.date) {
                Ok((d, p)) if p != Precision::Year => Some((d, p)),
                Ok(_) => {
                    ctx.err(
                        &field(&a_at, "date"),
                        format!(
                            "malformed date \"{}\" (expected YYYY-MM-DD or YYYY-MM)",
                            a.date
                        ),
                    );
                    None
                }
                Err(e) => {
                    ctx.err(&field(&a_at, "date"), e.to_string());
                    None
                }
            };
            let mut highlights = Vec::new();
            ctx.list_len(&field(&at, "highlights"), ex.highlights.len(), "highlights");
            for (j, h) in ex.highlights.iter().enumerate().take(limits::LIST_ITEMS) {
                let h_at = index(&field(&at, "highlights"), j);
                let id_ok = self.item_id(ctx, &field(&h_at, "id"), &h.id, &mut item_ids);
                ctx.text(&field(&h_at, "note"), &h.note, "note", false);
                let range = if h.phrase.is_empty() {
                    ctx.err(&field(&h_at, "phrase"), "highlight phrase is empty");
                    None
                } else {
                    match ex.quote.find(&h.phrase) {
                        Some(start) => Some(start..start + h.phrase.len()),
                        None => {
                            ctx.err(
                                &field(&h_at, "phrase"),
                                format!("phrase \"{}\" not found in its quote", h.phrase),
                            );
                            None
                        }
                    }
                };
                let annotation = match &h.annotation {
                    None => Some(None),
                    Some(id) => match annotation_ids.iter().position(|a| a == id) {
                        Some(k) => Some(Some(k)),
                        None => {
                            ctx.err(
                                &field(&h_at, "annotation"),
                                format!("unknown annotation \"{id}\" ({})", known(&annotation_ids)),
                            );
                            None
                        }
                    },
                };
                if let (true, Some(range), Some(annotation)) = (id_ok, range, annotation) {
                    highlights.push(Highlight {
                        id: h.id.clone(),
                        range,
                        note: h.note.clone(),
                        annotation,
                    });
                }
            }
            if let Some((date, precision)) = adate {
                excerpts.push(Excerpt {
                    quote: ex.quote.clone(),
                    cut: ex.cut,
                    attribution: Attribution {
                        outlet: a.outlet.clone(),
                        author: a.author.clone(),
                        date,
                        precision,
                        headline: a.headline.clone(),
                        speaker: a.speaker.clone(),
                        speaker_quoted: ex.quote.contains(['"', '\u{201c}']),
                    },
                    highlights,
                });
            }
        }

        let mut checks = Vec::new();
        for (i, c) in raw.checks.iter().enumerate().take(limits::LIST_ITEMS) {
            let at = index("checks", i);
            ctx.text(&field(&at, "claim"), &c.claim, "claim", true);
            ctx.text(&field(&at, "finding"), &c.finding, "finding", true);
            checks.push(FactCheck {
                claim: c.claim.clone(),
                verdict: c.verdict,
                finding: c.finding.clone(),
            });
        }

        let series_ids: Vec<&str> = raw
            .plot
            .iter()
            .flat_map(|p| p.series.iter().map(|s| s.id.as_str()))
            .collect();
        let steps = self.steps(
            ctx,
            raw,
            &item_ids,
            &series_ids,
            plot.as_ref().and_then(|p| p.as_ref()),
        );

        let errors = ctx.errors;
        if errors > before {
            return None;
        }
        Some(Scene {
            id: raw.id.clone(),
            file: name.to_owned(),
            date: date?,
            end_date: end_date?,
            period: period?,
            title: raw.title.clone(),
            era: era?,
            epilogue: raw.epilogue,
            excerpts,
            notes: raw.notes.clone(),
            checks,
            plot: plot?,
            steps: steps?,
            duration_secs: raw.duration_secs,
        })
    }

    /// The period of an analysis scene: only without a date, each end a year, month or day.
    fn period(&self, ctx: &mut FileCtx, raw: &SceneFile) -> Option<Option<Period>> {
        let Some((from, to)) = &raw.period else {
            return Some(None);
        };
        if !raw.date.is_empty() {
            ctx.err(
                "period",
                "a scene has a date or a period, not both (a period is for analysis scenes)",
            );
            return None;
        }
        let mut end = |i: usize, text: &str| match Date::parse_partial(text) {
            Ok(d) => Some(d),
            Err(_) => {
                ctx.err(
                    &index("period", i),
                    format!(
                        "malformed period end \"{text}\" (expected YYYY, YYYY-MM or YYYY-MM-DD)"
                    ),
                );
                None
            }
        };
        let from = end(0, from);
        let to = end(1, to);
        let ((from, from_precision), (to, to_precision)) = (from?, to?);
        if to < from {
            ctx.err(
                &index("period", 1),
                "period ends before it starts".to_owned(),
            );
            return None;
        }
        Some(Some(Period {
            from,
            from_precision,
            to,
            to_precision,
        }))
    }

    /// Checks a highlight or annotation id: well-formed and unique within the scene.
    fn item_id(&self, ctx: &mut FileCtx, at: &str, id: &str, ids: &mut Vec<String>) -> bool {
        if !valid_id(id) {
            ctx.err(
                at,
                format!("id \"{id}\" must be 1 to 64 lowercase letters, digits, '-' or '_'"),
            );
            return false;
        }
        if ids.iter().any(|i| i == id) {
            // Annotation ids are pre-seeded; a highlight may not reuse one.
            ctx.err(
                at,
                format!(
                    "duplicate id \"{id}\" in this scene (highlights and annotations share ids)"
                ),
            );
            return false;
        }
        ids.push(id.to_owned());
        true
    }

    fn plot(&mut self, ctx: &mut FileCtx, raw: &PlotFile) -> Option<Plot> {
        let before = ctx.errors;
        ctx.text("plot.title", &raw.title, "plot title", false);
        ctx.text("plot.y_label", &raw.y_label, "y label", true);
        ctx.description("plot.description", &raw.description);
        ctx.text(
            "plot.measure_note",
            &raw.measure_note,
            "measure note",
            false,
        );
        let x_range = ctx.range("plot.x_range", &raw.x_range);
        if let Some((lo, hi)) = raw.y_range
            && (!lo.is_finite()
                || !hi.is_finite()
                || hi <= lo
                || (raw.y_scale == YScale::Log && lo <= 0.0))
        {
            ctx.err("plot.y_range", format!("y range ({lo}, {hi}) must be two finite numbers, low to high (above 0 on a log scale)"));
        }
        if raw.series.is_empty() {
            ctx.err("plot.series", "a plot needs at least one series");
        }
        ctx.list_len("plot.series", raw.series.len(), "series");
        let mut series = Vec::new();
        let mut ids: Vec<&str> = Vec::new();
        for (i, s) in raw.series.iter().enumerate().take(limits::LIST_ITEMS) {
            let at = index("plot.series", i);
            if !valid_id(&s.id) {
                ctx.err(
                    &field(&at, "id"),
                    format!(
                        "series id \"{}\" must be 1 to 64 lowercase letters, digits, '-' or '_'",
                        s.id
                    ),
                );
            } else if ids.contains(&s.id.as_str()) {
                ctx.err(
                    &field(&at, "id"),
                    format!("duplicate series id \"{}\"", s.id),
                );
            }
            ids.push(&s.id);
            if let Some(built) = self.series(ctx, &at, s, i, raw.y_scale) {
                series.push(built);
            }
        }
        let mut annotations = Vec::new();
        let mut ann_ids: Vec<String> = Vec::new();
        ctx.list_len("plot.annotations", raw.annotations.len(), "annotations");
        for (i, a) in raw.annotations.iter().enumerate().take(limits::LIST_ITEMS) {
            let at = index("plot.annotations", i);
            let id_ok = self.item_id(ctx, &field(&at, "id"), a.id(), &mut ann_ids);
            let built = match a {
                AnnotationFile::Event { date, label, .. } => {
                    ctx.text(&field(&at, "label"), label, "label", true);
                    ctx.date(&field(&at, "date"), date)
                        .map(|date| (AnnotationKind::Event { date }, label))
                }
                AnnotationFile::Span {
                    from, to, label, ..
                } => {
                    ctx.text(&field(&at, "label"), label, "label", true);
                    let f = ctx.date(&field(&at, "from"), from);
                    let t = ctx.date(&field(&at, "to"), to);
                    match (f, t) {
                        (Some(f), Some(t)) if t < f => {
                            ctx.err(
                                &field(&at, "to"),
                                format!("span ends ({t}) before it starts ({f})"),
                            );
                            None
                        }
                        (Some(from), Some(to)) => Some((AnnotationKind::Span { from, to }, label)),
                        _ => None,
                    }
                }
                AnnotationFile::Callout {
                    series: sid,
                    date,
                    label,
                    value,
                    ..
                } => {
                    ctx.text(&field(&at, "label"), label, "label", true);
                    let d = ctx.date(&field(&at, "date"), date);
                    let k = raw.series.iter().position(|s| &s.id == sid);
                    if k.is_none() {
                        ctx.err(
                            &field(&at, "series"),
                            format!(
                                "unknown series \"{sid}\" ({})",
                                known(raw.series.iter().map(|s| &s.id))
                            ),
                        );
                    }
                    match (d, k) {
                        (Some(d), Some(k)) => {
                            let v = match value {
                                Some(v) if v.is_finite() => Some(*v),
                                Some(v) => {
                                    ctx.err(
                                        &field(&at, "value"),
                                        format!("value {v} is not a finite number"),
                                    );
                                    None
                                }
                                None => {
                                    let found = series
                                        .iter()
                                        .find(|s| s.id == *sid)
                                        .and_then(|s| s.value_at(d));
                                    if found.is_none() && series.iter().any(|s| s.id == *sid) {
                                        ctx.err(
                                            &field(&at, "date"),
                                            format!("series \"{sid}\" has no value on {d}: give the callout a value"),
                                        );
                                    }
                                    found
                                }
                            };
                            v.map(|value| {
                                (
                                    AnnotationKind::Callout {
                                        series: k,
                                        date: d,
                                        value,
                                    },
                                    label,
                                )
                            })
                        }
                        _ => None,
                    }
                }
            };
            if let (true, Some((kind, label))) = (id_ok, built) {
                annotations.push(Annotation {
                    id: a.id().to_owned(),
                    label: label.clone(),
                    kind,
                });
            }
        }
        let errors = ctx.errors;
        if errors > before {
            return None;
        }
        Some(Plot {
            title: raw.title.clone(),
            y_label: raw.y_label.clone(),
            y_unit: raw.y_unit.clone(),
            measure_note: raw.measure_note.clone(),
            y_scale: raw.y_scale,
            x_range: x_range?,
            y_range: raw.y_range,
            series,
            annotations,
            description: raw.description.clone(),
        })
    }

    fn series(
        &mut self,
        ctx: &mut FileCtx,
        at: &str,
        s: &SeriesFile,
        i: usize,
        scale: YScale,
    ) -> Option<Series> {
        ctx.text(&field(at, "label"), &s.label, "series label", true);
        ctx.text(&field(at, "caveat"), &s.caveat, "caveat", false);
        let color = match &s.color {
            None => PALETTE.get(i % PALETTE.len()).copied(),
            Some(c) => {
                let parsed = Rgb::parse(c);
                if parsed.is_none() {
                    ctx.err(
                        &field(at, "color"),
                        format!("malformed colour \"{c}\" (expected #RRGGBB)"),
                    );
                }
                parsed
            }
        };
        let source = match &s.source {
            None => {
                ctx.err(at, format!("series \"{}\" has no source (add source: (title: .., publisher: .., url: ..))", s.id));
                None
            }
            Some(src) => {
                let src_at = field(at, "source");
                ctx.text(&field(&src_at, "title"), &src.title, "source title", true);
                ctx.text(
                    &field(&src_at, "publisher"),
                    &src.publisher,
                    "source publisher",
                    true,
                );
                // Links open in a browser or mail program on click: nothing else (no file:,
                // no javascript:, no custom schemes).
                let scheme_ok = src.url.is_empty()
                    || src.url.starts_with("https://")
                    || src.url.starts_with("http://")
                    || src.url.starts_with("mailto:");
                if !scheme_ok {
                    ctx.err(
                        &field(&src_at, "url"),
                        format!(
                            "source url \"{}\" must start with https://, http:// or mailto:",
                            src.url
                        ),
                    );
                }
                Some(Source {
                    title: src.title.clone(),
                    publisher: src.publisher.clone(),
                    url: src.url.clone(),
                })
            }
        };
        let data = self.series_data(ctx, at, s);
        if let Some((points, _)) = &data {
            if points.is_empty() {
                ctx.err(
                    &field(at, "file"),
                    format!(
                        "series \"{}\" has no points in {} (check its filter)",
                        s.id, s.file
                    ),
                );
            } else if s.kind == SeriesKind::Line && points.len() < 6 {
                ctx.warn(
                    &field(at, "kind"),
                    format!("series \"{}\" has only {} points: draw sparse data as Step or Points, not a smooth Line", s.id, points.len()),
                );
            }
            if scale == YScale::Log && points.iter().any(|p| p[1] <= 0.0) {
                ctx.err(
                    &field(at, "y"),
                    format!(
                        "series \"{}\" has values at or below 0, which a log scale cannot show",
                        s.id
                    ),
                );
            }
        }
        let (points, precision) = data?;
        let (y_min, y_max) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p[1]), hi.max(p[1]))
            });
        Some(Series {
            id: s.id.clone(),
            label: s.label.clone(),
            unit: s.unit.clone(),
            color: color?,
            kind: s.kind,
            source: source?,
            file: s.file.clone(),
            caveat: s.caveat.clone(),
            precision,
            points,
            y_min,
            y_max,
        })
    }

    fn table(
        &mut self,
        ctx: &mut FileCtx,
        at: &str,
        name: &str,
        options: &FileOptions,
    ) -> Option<Arc<CsvFile>> {
        let key = (name.trim_start_matches("./").to_owned(), options.clone());
        if let Some(cached) = self.tables.get(&key) {
            return cached.clone();
        }
        let result = match self.read_text(name, limits::CSV_FILE_BYTES, Some((ctx, at))) {
            Text::Failed => None,
            Text::Ok(text) => match CsvFile::open(text, options) {
                Ok(t) => Some(Arc::new(t)),
                Err((e, text)) => {
                    self.diagnostics.push(Diagnostic::at(
                        Severity::Error,
                        &self.source.display_path(name),
                        &text,
                        e.span,
                        match &e.suggestion {
                            Some(s) => format!("{}; {s}", e.message),
                            None => e.message,
                        },
                    ));
                    None
                }
            },
        };
        self.tables.insert(key, result.clone());
        result
    }

    /// The CSV options of a series, checked: `None` (reported) when one is malformed.
    fn csv_options(
        &mut self,
        ctx: &mut FileCtx,
        at: &str,
        s: &SeriesFile,
    ) -> Option<(FileOptions, ReadOptions)> {
        let mut ok = true;
        let delimiter = match s.delimiter.as_deref() {
            None => None,
            Some(",") => Some(b','),
            Some(";") => Some(b';'),
            Some("\t") | Some("tab") => Some(b'\t'),
            Some("|") => Some(b'|'),
            Some(other) => {
                ctx.err(
                    &field(at, "delimiter"),
                    format!("delimiter \"{other}\" must be \",\", \";\", \"\\t\" or \"|\""),
                );
                ok = false;
                None
            }
        };
        let decimal = match s.decimal.as_deref() {
            None => None,
            Some(".") => Some(Decimal::Point),
            Some(",") => Some(Decimal::Comma),
            Some(other) => {
                ctx.err(
                    &field(at, "decimal"),
                    format!("decimal \"{other}\" must be \".\" or \",\""),
                );
                ok = false;
                None
            }
        };
        if let Some(f) = &s.x_format
            && let Err(e) = super::dateshape::check_format(f)
        {
            ctx.err(&field(at, "x_format"), e.to_string());
            ok = false;
        }
        if s.wide && (!s.x.is_empty() || !s.y.is_empty()) {
            ctx.err(
                &field(at, "wide"),
                format!(
                    "series \"{}\" is wide: it takes x from the header and y from the row its filter selects, so it has no x or y column (remove them)",
                    s.id
                ),
            );
            ok = false;
        }
        if !s.wide && (s.x.is_empty() || s.y.is_empty()) {
            let which = if s.x.is_empty() { "x" } else { "y" };
            ctx.err(
                at,
                format!(
                    "series \"{}\" has no {which} column (or add wide: true for a table with one column per date)",
                    s.id
                ),
            );
            ok = false;
        }
        ok.then(|| {
            (
                FileOptions {
                    delimiter,
                    skip_rows: s.skip_rows,
                },
                ReadOptions {
                    x_format: s.x_format.clone(),
                    decimal,
                    missing: s.missing.clone(),
                },
            )
        })
    }

    fn series_data(&mut self, ctx: &mut FileCtx, at: &str, s: &SeriesFile) -> Option<SeriesData> {
        // Read from this file before, unchanged since: no need to read it again.
        let stamp = self.source.stamp(&s.file);
        let data_key = series_data_key(s);
        match stamp {
            Some(stamp) => {
                self.deps.push((s.file.clone(), stamp));
                if let Some(m) = self.cache.series.get(&data_key)
                    && m.stamp == stamp
                {
                    return Some(m.data.clone());
                }
                let file_key = s.file.trim_start_matches("./");
                if self.defer_bytes.is_some_and(|limit| stamp.len > limit)
                    && !self.tables.keys().any(|(name, _)| name == file_key)
                {
                    self.pending.push(s.file.clone());
                    return None;
                }
            }
            None => self.cacheable = false,
        }
        let data = self.series_data_uncached(ctx, at, s)?;
        if let Some(stamp) = stamp {
            self.cache.series.insert(
                data_key,
                SeriesMemo {
                    stamp,
                    data: data.clone(),
                },
            );
        }
        Some(data)
    }

    fn series_data_uncached(
        &mut self,
        ctx: &mut FileCtx,
        at: &str,
        s: &SeriesFile,
    ) -> Option<SeriesData> {
        let (file_options, read_options) = self.csv_options(ctx, at, s)?;
        let t = self.table(ctx, &field(at, "file"), &s.file, &file_options)?;
        let columns = || format!("columns: {}", t.headers.join(", "));
        let column = |ctx: &mut FileCtx, name: &str, what: &str| {
            let c = t.column(name);
            if c.is_none() {
                ctx.err(
                    &field(at, what),
                    format!("unknown column \"{name}\" in {} ({})", s.file, columns()),
                );
            }
            c
        };
        let layout = if s.wide {
            Some(Layout::Wide)
        } else {
            let x = column(ctx, &s.x, "x");
            let y = column(ctx, &s.y, "y");
            x.zip(y).map(|(x, y)| Layout::Long { x, y })
        };
        let filter = resolve_columns(&t, &s.filter);
        if let Err(c) = &filter {
            ctx.err(
                &field(&field(at, "filter"), c),
                format!("unknown column \"{c}\" in {} ({})", s.file, columns()),
            );
        }
        let exclude = resolve_columns(&t, &s.exclude);
        if let Err(c) = &exclude {
            ctx.err(
                &field(&field(at, "exclude"), c),
                format!("unknown column \"{c}\" in {} ({})", s.file, columns()),
            );
        }
        let (layout, filter, exclude) = (layout?, filter.ok()?, exclude.ok()?);
        let key: SeriesKey = (
            s.file.trim_start_matches("./").to_owned(),
            s.x.clone(),
            s.y.clone(),
            s.filter
                .iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect(),
            s.exclude
                .iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect(),
            (file_options, read_options.clone(), s.wide),
        );
        if let Some(cached) = self.series_cache.get(&key) {
            return cached.clone();
        }
        self.cache.counters.series_read += 1;
        let result = match t.extract(layout, &filter, &exclude, &read_options) {
            Ok(e) => Some((
                Arc::new(e.points.iter().map(|(d, v)| [d.x_days(), *v]).collect()),
                e.precision,
            )),
            Err(errors) => {
                let path = self.source.display_path(&s.file);
                let series = format!("\"{}\"", s.id);
                for e in errors {
                    let message = match (&e.suggestion, e.structural) {
                        (_, true) => e.message,
                        (Some(hint), false) => {
                            format!("{}; {}", e.message, hint.replace("{series}", &series))
                        }
                        (None, false) => format!("{} (series {series})", e.message),
                    };
                    self.diagnostics.push(Diagnostic::at(
                        Severity::Error,
                        &path,
                        t.text(),
                        e.span,
                        message,
                    ));
                }
                None
            }
        };
        self.series_cache.insert(key, result.clone());
        result
    }

    fn steps(
        &mut self,
        ctx: &mut FileCtx,
        raw: &SceneFile,
        item_ids: &[String],
        series_ids: &[&str],
        plot: Option<&Plot>,
    ) -> Option<Vec<Step>> {
        let before = ctx.errors;
        let revealed_later: BTreeSet<&str> = raw
            .steps
            .iter()
            .flat_map(|s| s.show.iter().map(String::as_str))
            .collect();
        let mut current = Step {
            visible: item_ids
                .iter()
                .filter(|id| !revealed_later.contains(id.as_str()))
                .cloned()
                .collect(),
            series: vec![true; series_ids.len()],
            x_range: plot.and_then(|p| p.x_range),
            cursor: None,
            notes: String::new(),
            duration_secs: None,
            description: String::new(),
        };
        if raw.steps.is_empty() {
            return Some(vec![current]);
        }
        ctx.list_len("steps", raw.steps.len(), "steps");
        let mut steps = Vec::new();
        for (i, step) in raw.steps.iter().enumerate().take(limits::LIST_ITEMS) {
            let at = index("steps", i);
            for (list, name) in [(&step.show, "show"), (&step.hide, "hide")] {
                for (j, id) in list.iter().enumerate() {
                    if !item_ids.contains(id) {
                        ctx.err(
                            &index(&field(&at, name), j),
                            format!(
                                "unknown highlight or annotation \"{id}\" ({})",
                                known(item_ids)
                            ),
                        );
                    }
                }
            }
            current.visible.extend(step.show.iter().cloned());
            for id in &step.hide {
                current.visible.remove(id);
            }
            if let Some(list) = &step.series {
                let mut flags = vec![false; series_ids.len()];
                for (j, id) in list.iter().enumerate() {
                    match series_ids.iter().position(|s| s == id) {
                        Some(k) => {
                            if let Some(f) = flags.get_mut(k) {
                                *f = true;
                            }
                        }
                        None => ctx.err(
                            &index(&field(&at, "series"), j),
                            format!("unknown series \"{id}\" ({})", known(series_ids)),
                        ),
                    }
                }
                current.series = flags;
            }
            if let Some(range) = ctx.range(&field(&at, "x_range"), &step.x_range)
                && range.is_some()
            {
                current.x_range = range;
            }
            if let Some(Some(cursor)) = ctx.opt_date(&field(&at, "cursor"), &step.cursor) {
                current.cursor = Some(cursor);
            }
            ctx.text(&field(&at, "notes"), &step.notes, "notes", false);
            ctx.description(&field(&at, "description"), &step.description);
            ctx.positive_secs(&field(&at, "duration_secs"), step.duration_secs);
            if (step.x_range.is_some() || step.cursor.is_some()) && raw.plot.is_none() {
                ctx.err(&at, "step moves the plot, but the scene has no plot");
            }
            current.notes = step.notes.clone();
            current.duration_secs = step.duration_secs;
            current.description = step.description.clone();
            steps.push(current.clone());
        }
        let errors = ctx.errors;
        (errors == before).then_some(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::looks_cut;

    #[test]
    fn quotes_that_look_cut() {
        let cases = [
            (
                "China's emphasis on self-reliance predates the current tensions.",
                (false, false),
            ),
            (
                "introduced export controls on semiconductors.",
                (true, false),
            ),
            (
                "That drive has accelerated since Trump's first term",
                (false, true),
            ),
            ("which has left the country dependent", (true, true)),
            (
                "\"We need to keep improving [and] master key core technologies.\"",
                (false, false),
            ),
            (
                "\u{201c}In many products, Chinese firms have achieved significant successes,\u{201d} said Rhodium.",
                (false, false),
            ),
            ("Is it? Yes!", (false, false)),
            ("and so on\u{2026}", (true, false)),
            ("", (false, false)),
        ];
        for (quote, expected) in cases {
            assert_eq!(looks_cut(quote), expected, "{quote}");
        }
    }
}
