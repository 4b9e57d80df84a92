//! The editor panel (E): the current scene as a form and as its RON source. Both edit the same
//! text in the working copy; every change is validated and previewed on the stage, which keeps
//! the last valid version while the text is broken. Problems are listed with `line:column`; a
//! click puts the cursor there.

use egui::text::{CCursor, CCursorRange};
use egui::{Color32, RichText, TextEdit, Ui};

use crate::action::{Action, Edit};
use crate::model::codec;
use crate::model::file::{
    AnnotationFile, FactCheckFile, HighlightFile, SceneFile, SeriesKind, SourceFile, StepFile,
    Verdict,
};
use crate::view::{EditorView, FolderPurpose, Outbox};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Form,
    Source,
}

/// The editor's own state (not the document: that is the working copy).
#[derive(Debug, Default)]
pub struct EditorState {
    pub tab: Tab,
    /// The source view's text and the file it belongs to.
    pub source_text: String,
    pub source_file: String,
    /// Where the next frame puts the source cursor (line and column, 1-based).
    pub jump_to: Option<(usize, usize)>,
}

/// New, duplicate, delete and move scenes; new deck, open deck, save as.
fn deck_ops_ui(ui: &mut Ui, out: &mut Outbox, file: &str) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .small_button("+ New scene")
            .on_hover_text("a scene from a template, after this one")
            .clicked()
        {
            out.push(Action::Edit(Edit::AddScene {
                after: file.to_owned(),
                duplicate: false,
            }));
        }
        if ui.small_button("Duplicate").clicked() {
            out.push(Action::Edit(Edit::AddScene {
                after: file.to_owned(),
                duplicate: true,
            }));
        }
        if ui.small_button("Move earlier").clicked() {
            out.push(Action::Edit(Edit::MoveScene {
                file: file.to_owned(),
                by: -1,
            }));
        }
        if ui.small_button("Move later").clicked() {
            out.push(Action::Edit(Edit::MoveScene {
                file: file.to_owned(),
                by: 1,
            }));
        }
        if ui
            .small_button("Delete…")
            .on_hover_text("take it out of the deck (the file stays in the folder)")
            .clicked()
        {
            out.push(Action::AskDelete(file.to_owned()));
        }
    });
    folder_buttons_ui(ui, out, true);
}

/// New deck, open deck, save as.
fn folder_buttons_ui(ui: &mut Ui, out: &mut Outbox, small: bool) {
    ui.horizontal_wrapped(|ui| {
        for (label, purpose) in [
            ("New deck…", FolderPurpose::NewDeck),
            ("Open deck…", FolderPurpose::OpenDeck),
            ("Save as…", FolderPurpose::SaveAs),
        ] {
            let clicked = if small {
                ui.small_button(label).clicked()
            } else {
                ui.button(label).clicked()
            };
            if clicked {
                out.push(Action::OpenFolderPrompt(purpose));
            }
        }
    });
}

/// The editor panel: save, undo and redo, deck operations, and the scene on the stage as a
/// form or as its source.
pub fn editor_ui(ui: &mut Ui, ev: &EditorView, st: &mut EditorState, out: &mut Outbox) {
    ui.horizontal(|ui| {
        ui.heading("Editor");
        let dirty = ev.workspace.is_some_and(|w| w.is_dirty());
        if ui
            .add_enabled(dirty, egui::Button::new("Save"))
            .on_hover_text("Ctrl+S")
            .clicked()
        {
            out.push(Action::Save);
        }
        let (can_undo, can_redo) = ev
            .workspace
            .map_or((false, false), |w| (w.can_undo(), w.can_redo()));
        if ui
            .add_enabled(can_undo, egui::Button::new("Undo"))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            out.push(Action::Undo);
        }
        if ui
            .add_enabled(can_redo, egui::Button::new("Redo"))
            .on_hover_text("Ctrl+Shift+Z or Ctrl+Y")
            .clicked()
        {
            out.push(Action::Redo);
        }
        if dirty {
            ui.label(RichText::new("• unsaved").color(ui.visuals().warn_fg_color));
        }
    });
    if let Some(status) = ev.status {
        ui.label(RichText::new(status).small().weak());
    }
    let Some(ws) = ev.workspace else {
        ui.label("This is the copy of the story built into the program, which cannot be changed. Save it as a deck folder to edit it, or open one.");
        folder_buttons_ui(ui, out, false);
        return;
    };
    let scenes = &ev.deck.scenes;
    let file = scenes[ev.pos.scene.min(scenes.len() - 1)].file.clone();
    ui.label(RichText::new(format!("Scene file: {file}")).weak());
    deck_ops_ui(ui, out, &file);
    ui.label(
        RichText::new("Click the plot to add a callout there.")
            .small()
            .weak(),
    );
    ui.horizontal(|ui| {
        ui.selectable_value(&mut st.tab, Tab::Form, "Form");
        ui.selectable_value(&mut st.tab, Tab::Source, "Source (RON)");
    });
    problems_ui(ui, ev, st, &file);
    ui.separator();
    let text = ws.text(&file).unwrap_or_default();
    match st.tab {
        Tab::Form => form_ui(ui, ev, out, &file, &text),
        Tab::Source => source_ui(ui, st, out, &file, &text),
    }
}

/// The problems of the file being edited, each a link to its place in the source.
fn problems_ui(ui: &mut Ui, ev: &EditorView, st: &mut EditorState, file: &str) {
    let mine: Vec<(usize, usize, String)> = ev
        .problems
        .iter()
        .filter(|d| d.file.ends_with(file))
        .map(|d| (d.line, d.col, d.headline()))
        .collect();
    let others = ev
        .problems
        .iter()
        .filter(|d| d.is_error() && !d.file.ends_with(file))
        .count();
    if mine.is_empty() && others == 0 {
        return;
    }
    ui.label(
        RichText::new("Problems (the stage shows the last valid version):")
            .color(ui.visuals().error_fg_color),
    );
    for (line, col, text) in mine {
        let shown = text
            .rsplit_once(&format!("{file}:"))
            .map_or(text.clone(), |(_, t)| t.to_owned());
        if ui
            .add(
                egui::Button::new(
                    RichText::new(shown)
                        .monospace()
                        .color(ui.visuals().error_fg_color),
                )
                .frame(false),
            )
            .on_hover_text("go to this place in the source")
            .clicked()
        {
            st.tab = Tab::Source;
            st.jump_to = Some((line, col));
        }
    }
    if others > 0 {
        ui.label(format!("and {others} in other files"));
    }
}

/// Character index of `line:col` (1-based) in `text`.
pub fn char_index(text: &str, line: usize, col: usize) -> usize {
    let mut index = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            return index + col.saturating_sub(1).min(l.chars().count());
        }
        index += l.chars().count() + 1;
    }
    text.chars().count()
}

fn source_ui(ui: &mut Ui, st: &mut EditorState, out: &mut Outbox, file: &str, current: &str) {
    if st.source_file != file || (st.source_text != current && !ui.ctx().text_edit_focused()) {
        // Follow the document (another scene, an undo, a form edit) unless the author is typing.
        st.source_text = current.to_owned();
        st.source_file = file.to_owned();
    }
    let id = egui::Id::unique("scene-source");
    let output = egui::ScrollArea::both()
        .id_salt("source-scroll")
        .show(ui, |ui| {
            TextEdit::multiline(&mut st.source_text)
                .id(id)
                .code_editor()
                .desired_width(f32::INFINITY)
                .desired_rows(30)
                .show(ui)
        })
        .inner;
    if let Some((line, col)) = st.jump_to.take() {
        let index = char_index(&st.source_text, line, col);
        let mut s = output.state.clone();
        s.cursor
            .set_char_range(Some(CCursorRange::one(CCursor::new(index))));
        s.store(ui.ctx(), id);
        output.response.request_focus();
    }
    if output.response.changed() && st.source_text != current {
        out.push(Action::Edit(Edit::Text {
            file: file.to_owned(),
            text: st.source_text.clone(),
            field: format!("{file}/source"),
        }));
    }
}

/// Edits one text field; returns whether it changed.
fn field(ui: &mut Ui, label: &str, value: &mut String, multiline: bool) -> bool {
    let name = ui.label(RichText::new(label).small().weak());
    let edit = if multiline {
        TextEdit::multiline(value).desired_rows(2)
    } else {
        TextEdit::singleline(value)
    };
    // labelled for screen readers (and for tests, which find fields by their label)
    ui.add(edit.desired_width(f32::INFINITY))
        .labelled_by(name.id)
        .changed()
}

/// Edits an optional text field (empty = not set).
fn opt_field(ui: &mut Ui, label: &str, value: &mut Option<String>) -> bool {
    let mut text = value.clone().unwrap_or_default();
    let changed = field(ui, label, &mut text, false);
    if changed {
        *value = if text.trim().is_empty() {
            None
        } else {
            Some(text)
        };
    }
    changed
}

/// The period of an analysis scene (from, to: YYYY, YYYY-MM or YYYY-MM-DD); both empty = none.
fn period_ui(ui: &mut Ui, period: &mut Option<(String, String)>) -> bool {
    let (mut from, mut to) = period.clone().unwrap_or_default();
    let mut changed = false;
    ui.columns(2, |c| {
        changed |= field(&mut c[0], "Period from (analysis scenes)", &mut from, false);
        changed |= field(&mut c[1], "Period to", &mut to, false);
    });
    if changed {
        *period = if from.trim().is_empty() && to.trim().is_empty() {
            None
        } else {
            Some((from, to))
        };
    }
    changed
}

/// Where an excerpt's quote was cut from its sentence, and whether it is a headline.
fn cut_ui(ui: &mut Ui, ex: &mut crate::model::file::ExcerptFile) -> bool {
    ui.horizontal(|ui| {
        ui.checkbox(&mut ex.cut.start, "cut at the start").changed()
            | ui.checkbox(&mut ex.cut.end, "cut at the end").changed()
            | ui.checkbox(&mut ex.heading, "headline or standfirst")
                .changed()
    })
    .inner
}

/// Seconds, or empty for "not set". Text that is not a number is left as it was.
fn secs_field(ui: &mut Ui, label: &str, value: &mut Option<f32>) -> bool {
    let mut text = value.map(|v| v.to_string()).unwrap_or_default();
    if !field(ui, label, &mut text, false) {
        return false;
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        *value = None;
        return true;
    }
    match trimmed.parse::<f32>() {
        Ok(v) => {
            *value = Some(v);
            true
        }
        Err(_) => false,
    }
}

/// Two dates `from, to`, or empty for "not set".
fn range_field(ui: &mut Ui, label: &str, value: &mut Option<(String, String)>) -> bool {
    let mut text = value
        .as_ref()
        .map(|(a, b)| format!("{a}, {b}"))
        .unwrap_or_default();
    if !field(ui, label, &mut text, false) {
        return false;
    }
    *value = match text.split_once(',') {
        Some((a, b)) => Some((a.trim().to_owned(), b.trim().to_owned())),
        None if text.trim().is_empty() => None,
        None => Some((text.trim().to_owned(), String::new())),
    };
    true
}

/// A list of ids that may be unset (empty text).
fn opt_list_field(ui: &mut Ui, label: &str, value: &mut Option<Vec<String>>) -> bool {
    let mut list = value.clone().unwrap_or_default();
    if !list_field(ui, label, &mut list) {
        return false;
    }
    *value = if list.is_empty() { None } else { Some(list) };
    true
}

/// A comma-separated list of ids.
fn list_field(ui: &mut Ui, label: &str, value: &mut Vec<String>) -> bool {
    let mut text = value.join(", ");
    let changed = field(ui, label, &mut text, false);
    if changed {
        *value = text
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
    }
    changed
}

/// Up, down and remove buttons for item `i` of a list of `len`; applies them to `items`.
fn reorder<T>(
    ui: &mut Ui,
    items: &mut [T],
    i: usize,
    changed: &mut bool,
    removed: &mut Option<usize>,
) {
    ui.horizontal(|ui| {
        if ui
            .add_enabled(i > 0, egui::Button::new("↑").small())
            .on_hover_text("move up")
            .clicked()
        {
            items.swap(i, i - 1);
            *changed = true;
        }
        if ui
            .add_enabled(i + 1 < items.len(), egui::Button::new("↓").small())
            .on_hover_text("move down")
            .clicked()
        {
            items.swap(i, i + 1);
            *changed = true;
        }
        if ui
            .add(egui::Button::new("✕").small())
            .on_hover_text("remove")
            .clicked()
        {
            *removed = Some(i);
        }
    });
}

fn form_ui(ui: &mut Ui, ev: &EditorView, out: &mut Outbox, file: &str, text: &str) {
    let mut scene: SceneFile = match codec::parse(text) {
        Ok(s) => s,
        Err(e) => {
            ui.colored_label(
                Color32::from_rgb(0xC0, 0x30, 0x30),
                format!(
                    "The source does not parse ({}:{}: {}). Fix it in the Source tab.",
                    e.span.start.line,
                    e.span.start.col,
                    codec::describe(&e.code)
                ),
            );
            return;
        }
    };
    let eras: Vec<String> = ev.deck.eras.iter().map(|e| e.id.clone()).collect();
    let mut changed_field: Option<String> = None;
    egui::ScrollArea::vertical()
        .id_salt("form-scroll")
        .show(ui, |ui| {
            if field(ui, "Title", &mut scene.title, false) {
                changed_field = Some("title".to_owned());
            }
            ui.columns(3, |c| {
                if field(&mut c[0], "Id", &mut scene.id, false) {
                    changed_field = Some("id".to_owned());
                }
                if field(
                    &mut c[1],
                    "Date (YYYY-MM-DD; empty: analysis)",
                    &mut scene.date,
                    false,
                ) {
                    changed_field = Some("date".to_owned());
                }
                if opt_field(&mut c[2], "End date", &mut scene.end_date) {
                    changed_field = Some("end_date".to_owned());
                }
            });
            if period_ui(ui, &mut scene.period) {
                changed_field = Some("period".to_owned());
            }
            ui.horizontal(|ui| {
                egui::ComboBox::from_label("Era")
                    .selected_text(scene.era.clone())
                    .show_ui(ui, |ui| {
                        for e in &eras {
                            if ui.selectable_value(&mut scene.era, e.clone(), e).changed() {
                                changed_field = Some("era".to_owned());
                            }
                        }
                    });
                if ui
                    .checkbox(&mut scene.epilogue, "after the article (epilogue)")
                    .changed()
                {
                    changed_field = Some("epilogue".to_owned());
                }
            });
            if field(ui, "Speaker notes", &mut scene.notes, true) {
                changed_field = Some("notes".to_owned());
            }
            if secs_field(
                ui,
                "Autoplay seconds per step (empty: the deck's default)",
                &mut scene.duration_secs,
            ) {
                changed_field = Some("duration".to_owned());
            }
            ui.label(RichText::new("Fact-checks").small().strong());
            let mut c_removed = None;
            for k in 0..scene.checks.len() {
                let mut r = false;
                ui.group(|ui| {
                    reorder(ui, &mut scene.checks, k, &mut r, &mut c_removed);
                    let Some(c) = scene.checks.get_mut(k) else {
                        return;
                    };
                    if field(ui, "Claim", &mut c.claim, true)
                        | field(ui, "Finding (with the numbers)", &mut c.finding, true)
                    {
                        changed_field = Some(format!("check{k}"));
                    }
                    ui.horizontal(|ui| {
                        for (v, name) in [
                            (Verdict::Holds, "holds"),
                            (Verdict::Partly, "partly"),
                            (Verdict::NotReproduced, "not reproduced"),
                        ] {
                            if ui.selectable_value(&mut c.verdict, v, name).changed() {
                                changed_field = Some(format!("check{k}/verdict"));
                            }
                        }
                    });
                });
                if r {
                    changed_field = Some("checks/order".to_owned());
                }
            }
            if let Some(k) = c_removed {
                scene.checks.remove(k);
                changed_field = Some("checks/remove".to_owned());
            }
            if ui.small_button("+ fact-check").clicked() {
                scene.checks.push(FactCheckFile {
                    claim: "The article's claim".to_owned(),
                    verdict: Verdict::NotReproduced,
                    finding: "What the data says, with the numbers".to_owned(),
                });
                changed_field = Some("checks/add".to_owned());
            }
            ui.separator();
            ui.strong("Excerpts");
            let mut removed = None;
            let n = scene.excerpts.len();
            for i in 0..n {
                let mut reordered = false;
                egui::CollapsingHeader::new(format!("Excerpt {}", i + 1))
                    .id_salt(("excerpt", i))
                    .default_open(true)
                    .show(ui, |ui| {
                        reorder(ui, &mut scene.excerpts, i, &mut reordered, &mut removed);
                        let Some(ex) = scene.excerpts.get_mut(i) else {
                            return;
                        };
                        if field(ui, "Quote (verbatim)", &mut ex.quote, true) {
                            changed_field = Some(format!("excerpt{i}/quote"));
                        }
                        if cut_ui(ui, ex) {
                            changed_field = Some(format!("excerpt{i}/cut"));
                        }
                        ui.columns(2, |c| {
                            if field(&mut c[0], "Outlet", &mut ex.attribution.outlet, false)
                                | field(&mut c[1], "Author", &mut ex.attribution.author, false)
                                | field(
                                    &mut c[0],
                                    "Date (YYYY-MM or YYYY-MM-DD)",
                                    &mut ex.attribution.date,
                                    false,
                                )
                                | field(&mut c[1], "Speaker", &mut ex.attribution.speaker, false)
                                | field(&mut c[0], "Headline", &mut ex.attribution.headline, false)
                            {
                                changed_field = Some(format!("excerpt{i}/attribution"));
                            }
                        });
                        ui.label(RichText::new("Highlights").small().strong());
                        let mut h_removed = None;
                        let hn = ex.highlights.len();
                        for j in 0..hn {
                            let mut r = false;
                            ui.group(|ui| {
                                reorder(ui, &mut ex.highlights, j, &mut r, &mut h_removed);
                                let Some(h) = ex.highlights.get_mut(j) else {
                                    return;
                                };
                                ui.columns(2, |c| {
                                    if field(&mut c[0], "Id", &mut h.id, false)
                                        | field(
                                            &mut c[1],
                                            "Phrase (in the quote)",
                                            &mut h.phrase,
                                            false,
                                        )
                                    {
                                        changed_field = Some(format!("excerpt{i}/h{j}"));
                                    }
                                });
                                if field(ui, "Margin note", &mut h.note, true)
                                    | opt_field(ui, "Linked annotation id", &mut h.annotation)
                                {
                                    changed_field = Some(format!("excerpt{i}/h{j}/note"));
                                }
                            });
                            if r {
                                changed_field = Some(format!("excerpt{i}/order"));
                            }
                        }
                        if let Some(j) = h_removed {
                            ex.highlights.remove(j);
                            changed_field = Some(format!("excerpt{i}/remove-h"));
                        }
                        if ui.small_button("+ highlight").clicked() {
                            let phrase =
                                ex.quote.split_whitespace().next().unwrap_or("").to_owned();
                            ex.highlights.push(HighlightFile {
                                id: format!("highlight-{}", ex.highlights.len() + 1),
                                phrase,
                                note: String::new(),
                                annotation: None,
                            });
                            changed_field = Some(format!("excerpt{i}/add-h"));
                        }
                    });
                if reordered {
                    changed_field = Some("excerpts/order".to_owned());
                }
            }
            if let Some(i) = removed {
                scene.excerpts.remove(i);
                changed_field = Some("excerpts/remove".to_owned());
            }
            if let Some(plot) = scene.plot.as_mut() {
                ui.separator();
                ui.strong("Plot");
                if field(ui, "Plot title", &mut plot.title, false)
                    | field(ui, "Y axis", &mut plot.y_label, false)
                    | field(ui, "Y unit", &mut plot.y_unit, false)
                    | field(
                        ui,
                        "Measure note (a different measure from the previous scene)",
                        &mut plot.measure_note,
                        false,
                    )
                {
                    changed_field = Some("plot/axes".to_owned());
                }
                let mut s_removed = None;
                for k in 0..plot.series.len() {
                    let mut r = false;
                    egui::CollapsingHeader::new(format!("Series {}", k + 1))
                        .id_salt(("series", k))
                        .show(ui, |ui| {
                            reorder(ui, &mut plot.series, k, &mut r, &mut s_removed);
                            let Some(s) = plot.series.get_mut(k) else {
                                return;
                            };
                            let source = s.source.get_or_insert_with(|| SourceFile {
                                title: String::new(),
                                publisher: String::new(),
                                url: String::new(),
                            });
                            if field(ui, "Label", &mut s.label, false)
                                | field(ui, "Id", &mut s.id, false)
                                | field(ui, "CSV file (in the deck)", &mut s.file, false)
                                | field(ui, "x column (dates or years)", &mut s.x, false)
                                | field(ui, "y column (numbers)", &mut s.y, false)
                                | field(ui, "Unit", &mut s.unit, false)
                                | field(ui, "Source title", &mut source.title, false)
                                | field(ui, "Source publisher", &mut source.publisher, false)
                                | field(ui, "Source link", &mut source.url, false)
                                | field(ui, "Caveat", &mut s.caveat, true)
                                | opt_field(ui, "Colour (#RRGGBB)", &mut s.color)
                                | opt_field(ui, "Date format (e.g. %d/%m/%Y)", &mut s.x_format)
                                | opt_field(ui, "Delimiter (; , tab |)", &mut s.delimiter)
                                | opt_field(ui, "Decimal mark (. or ,)", &mut s.decimal)
                            {
                                changed_field = Some(format!("series{k}"));
                            }
                            ui.horizontal(|ui| {
                                for kind in [
                                    SeriesKind::Line,
                                    SeriesKind::Step,
                                    SeriesKind::Bar,
                                    SeriesKind::Points,
                                ] {
                                    if ui
                                        .selectable_value(&mut s.kind, kind, format!("{kind:?}"))
                                        .changed()
                                    {
                                        changed_field = Some(format!("series{k}/kind"));
                                    }
                                }
                            });
                        });
                    if r {
                        changed_field = Some("series/order".to_owned());
                    }
                }
                if let Some(k) = s_removed {
                    plot.series.remove(k);
                    changed_field = Some("series/remove".to_owned());
                }
                ui.label(RichText::new("Annotations").small().strong());
                let mut a_removed = None;
                for k in 0..plot.annotations.len() {
                    let mut r = false;
                    ui.group(|ui| {
                        reorder(ui, &mut plot.annotations, k, &mut r, &mut a_removed);
                        let Some(a) = plot.annotations.get_mut(k) else {
                            return;
                        };
                        let edited = match a {
                            AnnotationFile::Event { id, date, label } => {
                                ui.label("Event line");
                                field(ui, "Id", id, false)
                                    | field(ui, "Date", date, false)
                                    | field(ui, "Label", label, false)
                            }
                            AnnotationFile::Span {
                                id,
                                from,
                                to,
                                label,
                            } => {
                                ui.label("Shaded span");
                                field(ui, "Id", id, false)
                                    | field(ui, "From", from, false)
                                    | field(ui, "To", to, false)
                                    | field(ui, "Label", label, false)
                            }
                            AnnotationFile::Callout {
                                id,
                                series,
                                date,
                                label,
                                ..
                            } => {
                                ui.label("Callout");
                                field(ui, "Id", id, false)
                                    | field(ui, "Series", series, false)
                                    | field(ui, "Date", date, false)
                                    | field(ui, "Label", label, false)
                            }
                        };
                        if edited {
                            changed_field = Some(format!("annotation{k}"));
                        }
                    });
                    if r {
                        changed_field = Some("annotations/order".to_owned());
                    }
                }
                if let Some(k) = a_removed {
                    plot.annotations.remove(k);
                    changed_field = Some("annotations/remove".to_owned());
                }
                ui.horizontal_wrapped(|ui| {
                    let n = plot.annotations.len() + 1;
                    if ui.small_button("+ event line").clicked() {
                        plot.annotations.push(AnnotationFile::Event {
                            id: format!("event-{n}"),
                            date: scene.date.clone(),
                            label: "New event".to_owned(),
                        });
                        changed_field = Some("annotations/add".to_owned());
                    }
                    if ui.small_button("+ shaded span").clicked() {
                        plot.annotations.push(AnnotationFile::Span {
                            id: format!("span-{n}"),
                            from: scene.date.clone(),
                            to: scene.end_date.clone().unwrap_or_else(|| scene.date.clone()),
                            label: "New span".to_owned(),
                        });
                        changed_field = Some("annotations/add".to_owned());
                    }
                    if let Some(first) = plot.series.first()
                        && ui
                            .small_button("+ callout")
                            .on_hover_text("or click the plot")
                            .clicked()
                    {
                        plot.annotations.push(AnnotationFile::Callout {
                            id: format!("callout-{n}"),
                            series: first.id.clone(),
                            date: scene.date.clone(),
                            label: "New callout".to_owned(),
                            value: None,
                        });
                        changed_field = Some("annotations/add".to_owned());
                    }
                    if let Some(last) = plot.series.last().cloned()
                        && ui
                            .small_button("+ series")
                            .on_hover_text("a copy of the last series, to adapt")
                            .clicked()
                    {
                        let mut copy = last;
                        copy.id = format!("{}-{}", copy.id, plot.series.len() + 1);
                        copy.label = format!("{} (copy)", copy.label);
                        plot.series.push(copy);
                        changed_field = Some("series/add".to_owned());
                    }
                });
            }
            ui.separator();
            ui.strong("Steps");
            let mut st_removed = None;
            for k in 0..scene.steps.len() {
                let mut r = false;
                ui.group(|ui| {
                    ui.label(format!("Step {}", k + 1));
                    reorder(ui, &mut scene.steps, k, &mut r, &mut st_removed);
                    let Some(step) = scene.steps.get_mut(k) else {
                        return;
                    };
                    if list_field(ui, "Show (ids)", &mut step.show)
                        | list_field(ui, "Hide (ids)", &mut step.hide)
                        | field(ui, "Notes for this step", &mut step.notes, true)
                        | opt_field(ui, "Cursor date", &mut step.cursor)
                        | range_field(ui, "View from / to (dates)", &mut step.x_range)
                        | opt_list_field(
                            ui,
                            "Series shown (ids; empty: as before)",
                            &mut step.series,
                        )
                        | secs_field(
                            ui,
                            "Autoplay seconds for this step",
                            &mut step.duration_secs,
                        )
                    {
                        changed_field = Some(format!("step{k}"));
                    }
                });
                if r {
                    changed_field = Some("steps/order".to_owned());
                }
            }
            if let Some(k) = st_removed {
                scene.steps.remove(k);
                changed_field = Some("steps/remove".to_owned());
            }
            if ui.small_button("+ step").clicked() {
                scene.steps.push(StepFile::default());
                changed_field = Some("steps/add".to_owned());
            }
        });
    if let Some(name) = changed_field
        && let Ok(new_text) = codec::to_canonical(&scene)
        && new_text != text
    {
        out.push(Action::Edit(Edit::Text {
            file: file.to_owned(),
            text: new_text,
            field: format!("{file}/{name}"),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_to_a_character() {
        let t = "ab\nçde\n\nx";
        assert_eq!(char_index(t, 1, 1), 0);
        assert_eq!(char_index(t, 2, 2), 4);
        assert_eq!(char_index(t, 2, 99), 6);
        assert_eq!(char_index(t, 4, 1), 8);
        assert_eq!(char_index(t, 9, 1), 9);
    }
}
