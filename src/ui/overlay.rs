//! What covers the stage: the blank screen and the one modal (help, overview, jump box, close
//! prompt, conflict, folder prompt, delete confirmation). Each reads the modal's state and
//! pushes actions; the keys of a modal are read by the app before anything is drawn, so none
//! reaches the stage while one is open.

use egui::{Align2, Color32, Id, RichText, Sense, Stroke, TextEdit, Ui, vec2};

use crate::action::{Action, Blank};
use crate::model::nav::Position;
use crate::view::{
    EditorView, FolderPurpose, Modal, OVERVIEW_COLUMNS, Outbox, PlotSettings, StageView,
};

use crate::model::wide::WideTable;

use super::stage::{StageUi, preview_ui};
use super::theme::palette;

/// A black or white screen; a click returns.
pub fn blank_ui(ctx: &egui::Context, blank: Blank, out: &mut Outbox) {
    let fill = match blank {
        Blank::Black => Color32::BLACK,
        Blank::White => Color32::WHITE,
    };
    egui::Area::new(Id::unique("blank"))
        .order(egui::Order::Foreground)
        .fixed_pos(egui::Pos2::ZERO)
        .show(ctx, |ui| {
            let rect = ctx.content_rect();
            let response = ui.allocate_rect(rect, Sense::click());
            ui.painter().rect_filled(rect, 0.0, fill);
            if response.clicked() {
                out.push(Action::Unblank);
            }
        });
}

/// The open modal. `choice` is the dialog button the keyboard is on (Tab, arrows).
pub fn modal_ui(
    ctx: &egui::Context,
    modal: &Modal,
    stage: &StageView,
    editor: &EditorView,
    kept: &mut ModalUi,
    choice: usize,
    out: &mut Outbox,
) {
    match modal {
        Modal::Help => help_ui(ctx, out),
        Modal::Overview { cursor } => overview_ui(ctx, stage, *cursor, &mut kept.thumbnails, out),
        Modal::Jump { text, error } => jump_ui(ctx, stage, text, error.as_deref(), out),
        Modal::ClosePrompt { .. } => {
            let files = editor
                .workspace
                .map(|w| w.dirty().join(", "))
                .unwrap_or_default();
            dialog_ui(ctx, modal, choice, out, |ui| {
                ui.heading("Save your changes?");
                ui.label(format!("Unsaved changes in: {files}"));
                if let Some(status) = editor.status {
                    ui.label(RichText::new(status).weak());
                }
            });
        }
        Modal::Conflict(conflict) => dialog_ui(ctx, modal, choice, out, |ui| {
            ui.heading(format!("{} changed on disk", conflict.name));
            ui.label("It has unsaved changes here too. Which version do you want to keep?");
            ui.label(RichText::new("Taking the disk version can be undone (Ctrl+Z).").weak());
        }),
        Modal::ConfirmDelete { file } => dialog_ui(ctx, modal, choice, out, |ui| {
            ui.heading("Delete this scene?");
            ui.label(format!(
                "{file} leaves the deck's list. The file stays in the folder; Ctrl+Z undoes this."
            ));
        }),
        Modal::Folder(prompt) => folder_ui(ctx, prompt, out),
        Modal::DataStep(d) => super::datastep::data_step_ui(ctx, d, out),
        Modal::Export(prompt) => export_ui(ctx, prompt, out),
        Modal::Table { row } => table_ui(ctx, stage, kept.table.get(stage), *row, out),
    }
}

/// The export dialog: the PDF's path and choices, Export, a progress bar while it runs (Cancel
/// stops it), and where the file went.
fn export_ui(ctx: &egui::Context, prompt: &crate::view::ExportPrompt, out: &mut Outbox) {
    let modal = egui::Modal::new(Id::unique("export-prompt"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            ui.heading("Export a PDF handout");
            let idle = prompt.running.is_none();
            let label = ui.label("The PDF file:");
            let mut typed = prompt.path.clone();
            let edit = ui.add_enabled(
                idle,
                TextEdit::singleline(&mut typed)
                    .desired_width(460.0)
                    .hint_text("/path/to/handout.pdf"),
            );
            let edit = edit.labelled_by(label.id);
            if idle {
                edit.request_focus();
            }
            if typed != prompt.path {
                out.push(Action::ModalText(typed));
            }
            let mut c = prompt.choices;
            ui.add_enabled_ui(idle, |ui| {
                ui.checkbox(&mut c.per_scene, "One page per scene (its last step)");
                ui.checkbox(&mut c.notes, "Speaker notes under each page");
                ui.checkbox(&mut c.a4, "A4 portrait, with room to write");
                ui.checkbox(
                    &mut c.pictures,
                    "Also a PNG and an SVG of each page (folders beside the PDF)",
                );
                ui.checkbox(
                    &mut c.web,
                    "Also a web site for students (a folder beside the PDF: open its index.html)",
                );
            });
            if c != prompt.choices {
                out.push(Action::SetExportChoices(c));
            }
            ui.label(
                RichText::new("Light theme, every step as the stage draws it, with a title page and the sources.")
                    .small()
                    .weak(),
            );
            if let Some((done, total)) = prompt.running {
                let f = if total == 0 { 0.0 } else { done as f32 / total as f32 };
                ui.add(
                    egui::ProgressBar::new(f)
                        .text(format!("{done} of {total} pages"))
                        .desired_width(460.0),
                );
            }
            match &prompt.outcome {
                Some(Ok(path)) => {
                    ui.label(format!("Written: {path}"));
                }
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                None => {}
            }
            ui.horizontal(|ui| {
                if idle {
                    if default_button(ui, "Export").clicked() {
                        out.push(Action::StartExport);
                    }
                    if ui.button("Close").clicked() {
                        out.push(Action::CloseModal);
                    }
                } else if ui.button("Cancel").clicked() {
                    out.push(Action::CancelExport);
                }
            });
            ui.label(
                RichText::new("Enter: Export · Esc: close (stops a running export)")
                    .small()
                    .weak(),
            );
        });
    if modal.should_close() {
        out.push(Action::CloseModal);
    }
}

/// What the modals keep between frames.
#[derive(Debug, Default)]
pub struct ModalUi {
    /// The overview's thumbnails, one per scene.
    pub thumbnails: Vec<StageUi>,
    /// The table view's rows.
    pub table: TableCache,
}

/// The table of the step on show, made again only when the step, the deck or the hidden
/// series change (a big series makes a big table).
#[derive(Debug, Default)]
pub struct TableCache {
    made_for: Option<(usize, usize, u64, Vec<usize>)>,
    table: Option<WideTable>,
}

impl TableCache {
    pub fn get(&mut self, stage: &StageView) -> Option<&WideTable> {
        let key = (
            stage.pos.scene,
            stage.pos.step,
            stage.revision,
            stage.plot.hidden.iter().copied().collect::<Vec<_>>(),
        );
        if self.made_for.as_ref() != Some(&key) {
            self.table =
                crate::model::wide::wide_table(stage.scene(), stage.pos.step, &stage.plot.hidden);
            self.made_for = Some(key);
        }
        self.table.as_ref()
    }
}

/// The table view: the plotted series of the step on show, a row per date, the row the
/// keyboard is on marked and read out. Only the rows in sight are laid out (big data).
fn table_ui(
    ctx: &egui::Context,
    stage: &StageView,
    table: Option<&WideTable>,
    row: usize,
    out: &mut Outbox,
) {
    let scene = stage.scene();
    let screen = ctx.content_rect();
    let modal = egui::Modal::new(Id::unique("table-view"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            let room = (screen.width() * 0.9 - 48.0).max(300.0);
            ui.set_max_width(room);
            // The strong text colour: egui's plain one is a mid grey in the dark theme.
            let ink = ui.visuals().strong_text_color();
            ui.label(
                RichText::new(format!("Data: {}", scene.title))
                    .heading()
                    .color(ink),
            );
            let Some(table) = table else {
                ui.label("This scene has no chart.");
                close_row_ui(ui, out);
                return;
            };
            let n = table.rows.len();
            let row = row.min(n.saturating_sub(1));
            ui.label(
                RichText::new(format!(
                    "{n} rows · ↑↓ PageUp PageDown Home End move · Ctrl+C copies (tab-separated) · Esc closes"
                ))
                .small()
                .weak(),
            );
            // What the row the keyboard is on holds, read out when it changes.
            let status = ui.label(RichText::new(table.row_text(row)).color(ink));
            ui.ctx().accesskit_node_builder(status.id, |node| {
                node.set_live(egui::accesskit::Live::Polite);
            });
            ui.add_space(6.0);
            // Columns share the width the screen leaves; a long series name wraps in its
            // header instead of pushing the table off the screen.
            let font = egui::TextStyle::Body.resolve(ui.style());
            let text_width = |ui: &mut Ui, text: &str| {
                ui.fonts_mut(|f| {
                    f.layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
                        .size()
                        .x
                })
            };
            let date_w = text_width(ui, "0000-00-00") + 24.0;
            let columns = table.header.len().saturating_sub(1).max(1);
            let share = ((room - date_w) / columns as f32 - ui.spacing().item_spacing.x).max(80.0);
            let mut widths = vec![date_w];
            for h in table.header.iter().skip(1) {
                let w = text_width(ui, h) + 16.0;
                widths.push(w.clamp(80.0, share));
            }
            let cells_ui = |ui: &mut Ui, cells: &[String], strong: bool| {
                for (c, w) in cells.iter().zip(&widths) {
                    let text = if strong {
                        RichText::new(c).strong().color(ink)
                    } else {
                        RichText::new(c).color(ink)
                    };
                    ui.allocate_ui_with_layout(
                        vec2(*w, ui.spacing().interact_size.y),
                        egui::Layout::top_down(egui::Align::Center),
                        |ui| {
                            ui.set_width(*w);
                            ui.add(egui::Label::new(text).wrap());
                        },
                    );
                }
            };
            ui.horizontal_top(|ui| cells_ui(ui, &table.header, true));
            ui.separator();
            let row_h = ui.spacing().interact_size.y;
            let spacing = ui.spacing().item_spacing.y;
            let view_h = (screen.height() * 0.55).max(120.0);
            // Scroll to the cursor when it moved (a scroll by mouse stays otherwise).
            let seen_id = Id::unique("table-view-row");
            let seen: Option<usize> = ui.ctx().data(|d| d.get_temp(seen_id));
            let mut area = egui::ScrollArea::vertical()
                .max_height(view_h)
                .auto_shrink([false, true]);
            if seen != Some(row) {
                let top = row as f32 * (row_h + spacing);
                area = area.vertical_scroll_offset((top - view_h / 2.0).max(0.0));
                ui.ctx().data_mut(|d| d.insert_temp(seen_id, row));
            }
            area.show_rows(ui, row_h, n, |ui, range| {
                for i in range {
                    let Some(r) = table.rows.get(i) else { continue };
                    // The cursor's fill goes under the text: reserve its place first.
                    let under = ui.painter().add(egui::Shape::Noop);
                    let inner = ui.horizontal(|ui| cells_ui(ui, &r.cells(), false));
                    let rect = inner.response.rect;
                    if i == row {
                        ui.painter().set(
                            under,
                            egui::epaint::RectShape::filled(
                                rect,
                                2.0,
                                ui.visuals().selection.bg_fill.gamma_multiply(0.5),
                            ),
                        );
                        ui.painter().rect_stroke(
                            rect,
                            2.0,
                            Stroke::new(2.0, ui.visuals().strong_text_color()),
                            egui::StrokeKind::Inside,
                        );
                    }
                    let text = table.row_text(i);
                    let selected = i == row;
                    inner.response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Row, true, selected, text.as_str())
                    });
                }
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Copy (Ctrl+C)").clicked() {
                    out.push(Action::CopyTable);
                }
                if ui.button("Close (Esc)").clicked() {
                    out.push(Action::CloseModal);
                }
            });
        });
    if modal.should_close() {
        out.push(Action::CloseModal);
    }
}

fn close_row_ui(ui: &mut Ui, out: &mut Outbox) {
    if ui.button("Close (Esc)").clicked() {
        out.push(Action::CloseModal);
    }
}

fn modal_frame(ctx: &egui::Context) -> egui::Frame {
    egui::Frame::window(&ctx.global_style()).inner_margin(20)
}

/// A dialog: its text, then its buttons in a row. The default button (Enter) is filled with
/// the selection colour and marked ⏎; the button the keyboard is on has a ring.
fn dialog_ui(
    ctx: &egui::Context,
    modal: &Modal,
    choice: usize,
    out: &mut Outbox,
    body: impl FnOnce(&mut Ui),
) {
    let Some((buttons, default)) = modal.buttons() else {
        return;
    };
    let response = egui::Modal::new(Id::unique("dialog"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            body(ui);
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                for (i, label) in buttons.iter().enumerate() {
                    let text = if i == default {
                        RichText::new(format!("{label}  ⏎")).strong()
                    } else {
                        RichText::new(*label)
                    };
                    let mut button = egui::Button::new(text).min_size(vec2(90.0, 30.0));
                    if i == default {
                        button = button
                            .fill(ui.visuals().selection.bg_fill)
                            .stroke(Stroke::new(1.5, ui.visuals().selection.stroke.color));
                    }
                    let r = ui.add(button);
                    r.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, i == choice, *label)
                    });
                    if i == choice {
                        ui.painter().rect_stroke(
                            r.rect.expand(3.0),
                            5.0,
                            Stroke::new(2.5, ui.visuals().strong_text_color()),
                            egui::StrokeKind::Outside,
                        );
                    }
                    if r.clicked() {
                        out.push(Action::Choose(i));
                    }
                }
            });
            ui.add_space(6.0);
            ui.label(
                RichText::new(format!(
                    "Enter: {} · Tab or arrows: another button · Esc: cancel",
                    buttons.get(choice).copied().unwrap_or_default()
                ))
                .small()
                .weak(),
            );
        });
    if response.should_close() {
        out.push(Action::CloseModal);
    }
}

/// A button that Enter presses: filled with the selection colour and marked ⏎ (its
/// accessible name stays the plain label).
pub(super) fn default_button(ui: &mut Ui, label: &str) -> egui::Response {
    let r = ui.add(
        egui::Button::new(RichText::new(format!("{label}  ⏎")).strong())
            .fill(ui.visuals().selection.bg_fill)
            .stroke(Stroke::new(1.5, ui.visuals().selection.stroke.color))
            .min_size(vec2(90.0, 30.0)),
    );
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label));
    r
}

fn help_ui(ctx: &egui::Context, out: &mut Outbox) {
    let modal = egui::Modal::new(Id::unique("help")).frame(modal_frame(ctx)).show(ctx, |ui| {
        ui.heading("Keys");
        ui.add_space(8.0);
        // The list is taller than a 720-line screen: it scrolls, the notes and Close stay.
        let screen = ctx.content_rect();
        ui.set_max_width(screen.width() * 0.9);
        // Scrolled by keyboard too: the arrows, PageUp/PageDown, Home/End.
        let height = (screen.height() - 260.0).max(160.0);
        let offset_id = Id::unique("help-scroll");
        let (offset, max): (f32, f32) = ctx.data(|d| d.get_temp(offset_id)).unwrap_or((0.0, 0.0));
        let by = ui.input(|i| {
            let row = 26.0 * 3.0;
            [
                (egui::Key::ArrowDown, row),
                (egui::Key::ArrowUp, -row),
                (egui::Key::PageDown, height * 0.8),
                (egui::Key::PageUp, -height * 0.8),
                (egui::Key::End, 1.0e6),
                (egui::Key::Home, -1.0e6),
            ]
            .iter()
            .filter(|(k, _)| i.key_pressed(*k))
            .map(|(_, by)| by)
            .sum::<f32>()
        });
        let mut area = egui::ScrollArea::vertical().max_height(height);
        if by != 0.0 {
            area = area.vertical_scroll_offset((offset + by).clamp(0.0, max));
        }
        let shown = area.show(ui, help_grid_ui);
        let max = (shown.content_size.y - shown.inner_rect.height()).max(0.0);
        let offset = shown.state.clamped_offset().y.clamp(0.0, max);
        ctx.data_mut(|d| d.insert_temp(offset_id, (offset, max)));
        ui.add_space(8.0);
        ui.label("Plot: drag to pan, scroll or pinch to zoom, double-click to reset, click the legend to hide a series.");
        ui.label("Keyboard: Tab reaches every control; Enter or Space presses it; Esc returns to the stage. ↑↓ scroll this list.");
        ui.label("Dialogs: Enter takes the marked button, Tab moves between buttons, Esc cancels.");
        ui.add_space(8.0);
        if ui.button("Close").clicked() {
            out.push(Action::CloseModal);
        }
    });
    if modal.should_close() {
        out.push(Action::CloseModal);
    }
}

/// Every listed action: keys, label, what it does.
fn help_grid_ui(ui: &mut Ui) {
    // Long descriptions wrap rather than widen the list past a small screen.
    let description_width = (ui.ctx().content_rect().width() * 0.4).max(240.0);
    egui::Grid::new("help-grid")
        .striped(true)
        .spacing(vec2(24.0, 6.0))
        .max_col_width(description_width)
        .show(ui, |ui| {
            for (keys, label, description) in crate::action::help_rows() {
                ui.label(RichText::new(keys).monospace().strong());
                ui.label(RichText::new(label).strong());
                ui.add(egui::Label::new(description).wrap());
                ui.end_row();
            }
            ui.label(RichText::new("1 … 9, Enter").monospace().strong());
            ui.label(RichText::new("Go to scene N").strong());
            ui.label("type a scene number, then Enter");
            ui.end_row();
        });
}

/// Every scene as a small picture of its opening step, drawn by the stage's own function.
fn overview_ui(
    ctx: &egui::Context,
    stage: &StageView,
    cursor: usize,
    thumbnails: &mut Vec<StageUi>,
    out: &mut Outbox,
) {
    let pal = palette(stage.theme);
    let screen = ctx.content_rect();
    let deck = stage.deck;
    thumbnails.resize_with(deck.scenes.len(), StageUi::default);
    let seen_id = Id::unique("overview-cursor-seen");
    let cursor_moved = ctx.data(|d| d.get_temp::<usize>(seen_id)) != Some(cursor)
        || ctx.memory(|m| m.focused().is_none());
    ctx.data_mut(|d| d.insert_temp(seen_id, cursor));
    let settings = PlotSettings::default();
    egui::Area::new(Id::unique("overview"))
        .order(egui::Order::Foreground)
        .fixed_pos(screen.min)
        .show(ctx, |ui| {
            ui.painter()
                .rect_filled(screen, 0.0, ui.visuals().panel_fill);
            ui.set_min_size(screen.size());
            ui.set_max_size(screen.size());
            egui::Frame::new().inner_margin(24).show(ui, |ui| {
                ui.set_max_width(screen.width() - 48.0);
                ui.horizontal(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button("Close (O or Esc)").clicked() {
                            out.push(Action::CloseModal);
                        }
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(&deck.title).heading()).truncate(),
                            );
                        });
                    });
                });
                ui.add_space(12.0);
                let gap = 16.0;
                // An area has no width of its own: size the cards from the screen.
                let inner_w = screen.width() - 48.0;
                let card_w =
                    (inner_w - gap * (OVERVIEW_COLUMNS as f32 - 1.0)) / OVERVIEW_COLUMNS as f32;
                let rows = deck.scenes.len().div_ceil(OVERVIEW_COLUMNS);
                let inner_h = screen.bottom() - ui.cursor().top() - 24.0;
                let card_h =
                    ((inner_h - gap * rows as f32) / rows as f32).clamp(90.0, card_w * 10.0 / 16.0);
                egui::ScrollArea::vertical().show(ui, |ui| {
                    egui::Grid::new("overview-grid")
                        .spacing(vec2(gap, gap))
                        .show(ui, |ui| {
                            for (i, thumb) in thumbnails.iter_mut().enumerate() {
                                let card = StageView::still(
                                    deck,
                                    Position::new(i, 0),
                                    stage.theme,
                                    &settings,
                                );
                                let r = preview_ui(ui, &card, thumb, vec2(card_w, card_h));
                                let label = format!(
                                    "{}. {}{}",
                                    i + 1,
                                    card.scene().title,
                                    if i == stage.pos.scene { " (now)" } else { "" }
                                );
                                r.widget_info(|| {
                                    egui::WidgetInfo::selected(
                                        egui::Role::Button,
                                        true,
                                        i == cursor,
                                        &label,
                                    )
                                });
                                if i == cursor && cursor_moved {
                                    // The keyboard focus follows the selection, so a screen
                                    // reader reads the card the arrows (or Tab) moved to.
                                    r.request_focus();
                                }
                                let stroke = if i == cursor {
                                    Stroke::new(4.0, pal.accent)
                                } else if r.hovered() {
                                    Stroke::new(2.0, pal.accent.gamma_multiply(0.6))
                                } else {
                                    Stroke::NONE
                                };
                                ui.painter().rect_stroke(
                                    r.rect,
                                    6.0,
                                    stroke,
                                    egui::StrokeKind::Outside,
                                );
                                // The scene number, where a reader looks first.
                                ui.painter().text(
                                    r.rect.right_top() + vec2(-6.0, 4.0),
                                    Align2::RIGHT_TOP,
                                    if i == stage.pos.scene {
                                        format!("{} · now", i + 1)
                                    } else {
                                        (i + 1).to_string()
                                    },
                                    egui::FontId::proportional(14.0),
                                    pal.accent,
                                );
                                if r.clicked() {
                                    out.push(Action::GoTo(Position::new(i, 0)));
                                }
                                if (i + 1) % OVERVIEW_COLUMNS == 0 {
                                    ui.end_row();
                                }
                            }
                        });
                });
            });
        });
}

fn jump_ui(
    ctx: &egui::Context,
    stage: &StageView,
    text: &str,
    error: Option<&str>,
    out: &mut Outbox,
) {
    let deck = stage.deck;
    let modal = egui::Modal::new(Id::unique("jump"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            ui.heading("Jump to scene");
            ui.label(format!(
                "A number from 1 to {}, or a scene id, optionally with #step (e.g. {}#1)",
                deck.scenes.len(),
                deck.scenes.first().map_or("", |s| s.id.as_str())
            ));
            let mut typed = text.to_owned();
            let edit = ui.add(
                TextEdit::singleline(&mut typed)
                    .hint_text("number or id")
                    .desired_width(320.0),
            );
            // The box keeps the keyboard: Enter jumps, Esc closes (read by the app).
            edit.request_focus();
            if typed != text {
                out.push(Action::ModalText(typed));
            }
            if let Some(err) = error {
                ui.colored_label(ui.visuals().error_fg_color, err);
            }
            ui.horizontal(|ui| {
                if default_button(ui, "Go").clicked() {
                    out.push(Action::ModalConfirm);
                }
                if ui.button("Cancel").clicked() {
                    out.push(Action::CloseModal);
                }
            });
            // The ids, as a reminder.
            ui.add_space(6.0);
            ui.label(
                RichText::new(
                    deck.scenes
                        .iter()
                        .enumerate()
                        .map(|(i, s)| format!("{} {}", i + 1, s.id))
                        .collect::<Vec<_>>()
                        .join("  ·  "),
                )
                .small()
                .weak(),
            );
        });
    if modal.should_close() {
        out.push(Action::CloseModal);
    }
}

/// New deck, open deck, save as: a folder typed or picked with the system's dialog.
fn folder_ui(ctx: &egui::Context, prompt: &crate::view::FolderPrompt, out: &mut Outbox) {
    let purpose = prompt.purpose;
    let modal = egui::Modal::new(Id::unique("folder-prompt"))
        .frame(modal_frame(ctx))
        .show(ctx, |ui| {
            ui.heading(purpose.title());
            let label = ui.label(match purpose {
                FolderPurpose::NewDeck => "A new, empty (or not yet existing) folder for the deck:",
                FolderPurpose::OpenDeck => "The deck's folder (the one holding deck.ron):",
                FolderPurpose::SaveAs => "A new, empty (or not yet existing) folder for the copy:",
            });
            ui.horizontal(|ui| {
                let mut typed = prompt.path.clone();
                let edit = ui
                    .add(
                        TextEdit::singleline(&mut typed)
                            .desired_width(380.0)
                            .hint_text("/path/to/folder"),
                    )
                    .labelled_by(label.id);
                edit.request_focus();
                if typed != prompt.path {
                    out.push(Action::ModalText(typed));
                }
                if ui
                    .add_enabled(!prompt.browsing, egui::Button::new("Browse…"))
                    .clicked()
                {
                    out.push(Action::BrowseFolder);
                }
            });
            if let Some(e) = &prompt.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                let verb = match purpose {
                    FolderPurpose::NewDeck => "Create",
                    FolderPurpose::OpenDeck => "Open",
                    FolderPurpose::SaveAs => "Save copy",
                };
                if default_button(ui, verb).clicked() {
                    out.push(Action::ModalConfirm);
                }
                if ui.button("Cancel").clicked() {
                    out.push(Action::CloseModal);
                }
            });
            ui.label(
                RichText::new("Enter: the marked button · Esc: cancel")
                    .small()
                    .weak(),
            );
        });
    if modal.should_close() {
        out.push(Action::CloseModal);
    }
}
