//! The data step's dialog ("Add series from CSV…"): a CSV file of the deck's `data/` folder
//! (or one copied in, after asking), its first rows as the loader reads them, its columns for x
//! and y, a filter, and what the loader says. A window, not a dimmed modal, so that the stage
//! beside it shows the series previewed; the app still gives it every key (Enter: OK, Esc:
//! cancel). It lies over the editor panel. Every choice is a button (Tab to it, Space to pick).

use egui::{Align2, Id, RichText, Ui, vec2};

use crate::action::{Action, DataStepAction};
use crate::model::datastep::ColumnKind;
use crate::view::{DataStep, Outbox};

/// The editor's button that opens the data step.
pub fn open_button(ui: &mut Ui, out: &mut Outbox) {
    if ui
        .button("Add series from CSV…")
        .on_hover_text("pick a CSV file of data/, its columns and a filter; see it on the stage")
        .clicked()
    {
        out.push(Action::Data(DataStepAction::Open));
    }
}

/// A button picking `value`, named `name` for screen readers (and tests).
fn pick(ui: &mut Ui, selected: bool, text: &str, name: &str) -> bool {
    let r = ui.selectable_label(selected, text);
    r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, name));
    r.clicked()
}

fn data(out: &mut Outbox, a: DataStepAction) {
    out.push(Action::Data(a));
}

pub fn data_step_ui(ctx: &egui::Context, d: &DataStep, out: &mut Outbox) {
    let screen = ctx.content_rect();
    let width = (screen.width() * 0.25).clamp(360.0, 720.0);
    // An area, not a dimmed modal: it lies over the editor panel and the stage beside it shows
    // the series meanwhile.
    let id = Id::unique("data-step");
    // Only the dialog takes the pointer and Tab's focus, as in a modal.
    ctx.memory_mut(|m| m.set_modal_layer(egui::LayerId::new(egui::Order::Foreground, id)));
    egui::Area::new(id)
        .order(egui::Order::Foreground)
        .anchor(Align2::RIGHT_TOP, vec2(-12.0, 12.0))
        .show(ctx, |ui| {
            egui::Frame::window(ui.style())
                .inner_margin(16)
                .show(ui, |ui| {
                    // The full height from the first frame: an area lays out in the size it had
                    // the frame before, and a scroll area never grows past it.
                    ui.set_width(width);
                    ui.set_min_height(screen.height() - 60.0);
                    ui.horizontal(|ui| {
                        ui.heading("Add series from CSV");
                    });
                    egui::ScrollArea::vertical()
                        .max_height(screen.height() - 110.0)
                        .show(ui, |ui| body(ui, d, out));
                });
        });
}

fn body(ui: &mut Ui, d: &DataStep, out: &mut Outbox) {
    ui.label(RichText::new(format!("Into the plot of {}", d.scene_file)).weak());
    ui.add_space(4.0);
    ui.strong("1. A CSV file of the deck's data/ folder");
    ui.horizontal_wrapped(|ui| {
        if d.files.is_empty() {
            ui.label("(no CSV files in data/ yet: copy one in below)");
        }
        for f in &d.files {
            if pick(ui, d.file.as_ref() == Some(f), f, f) {
                data(out, DataStepAction::PickFile(f.clone()));
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("or copy one in from:");
        let mut typed = d.copy_path.clone();
        ui.add(
            egui::TextEdit::singleline(&mut typed)
                .hint_text("/path/to/downloaded.csv")
                // The row stays within the dialog's width (room for the button after it).
                .desired_width((ui.available_width() - 150.0).clamp(120.0, 320.0)),
        )
        .labelled_by(label.id);
        if typed != d.copy_path {
            out.push(Action::ModalText(typed));
        }
        if ui
            .add_enabled(
                !d.copy_path.trim().is_empty() && !d.asking,
                egui::Button::new("Copy into data/…"),
            )
            .clicked()
        {
            data(out, DataStepAction::AskCopy);
        }
    });
    if d.asking {
        ui.horizontal(|ui| {
            ui.label(format!(
                "Copy {} into the deck's data/ folder?",
                d.copy_path.trim()
            ));
            if super::overlay::default_button(ui, "Copy").clicked() {
                data(out, DataStepAction::ConfirmCopy(true));
            }
            if ui.button("Don't copy").clicked() {
                data(out, DataStepAction::ConfirmCopy(false));
            }
        });
    }
    match &d.table {
        None => {}
        Some(Err(e)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{} does not read: {e}",
                    d.file.as_deref().unwrap_or_default()
                ),
            );
        }
        Some(Ok(t)) => {
            ui.add_space(6.0);
            let notes = match t.skipped_lines {
                0 => String::new(),
                1 => " · 1 note line above the header skipped".to_owned(),
                n => format!(" · {n} note lines above the header skipped"),
            };
            ui.label(format!(
                "Separator: {}{notes} · {} rows; the first {}:",
                t.delimiter_name(),
                t.total_rows,
                t.rows.len()
            ));
            egui::ScrollArea::horizontal()
                .id_salt("data-step-table")
                .show(ui, |ui| {
                    egui::Grid::new("data-step-grid")
                        .striped(true)
                        .spacing(vec2(14.0, 3.0))
                        .show(ui, |ui| {
                            for h in &t.headers {
                                ui.strong(h);
                            }
                            ui.end_row();
                            for k in &t.kinds {
                                let text = RichText::new(k.describe()).small();
                                if *k == ColumnKind::AmbiguousDates {
                                    ui.label(text.color(ui.visuals().warn_fg_color));
                                } else {
                                    ui.label(text.weak());
                                }
                            }
                            ui.end_row();
                            for row in &t.rows {
                                for cell in row.iter().take(t.headers.len()) {
                                    ui.label(RichText::new(cell).monospace());
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(6.0);
            ui.strong("2. Columns");
            if t.looks_wide() || d.wide {
                ui.horizontal_wrapped(|ui| {
                    if pick(ui, !d.wide, "dates in a column", "long table") {
                        data(out, DataStepAction::Wide(false));
                    }
                    if pick(
                        ui,
                        d.wide,
                        "one column per date (wide: pick the row below)",
                        "wide table",
                    ) {
                        data(out, DataStepAction::Wide(true));
                    }
                });
            }
            for (role, chosen) in [("x (dates)", d.x), ("y (values)", d.y)] {
                if d.wide {
                    break;
                }
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("{role}:"));
                    for (i, h) in t.headers.iter().enumerate() {
                        let axis = &role[..1];
                        if pick(ui, chosen == Some(i), h, &format!("{axis}: {h}")) {
                            data(
                                out,
                                if axis == "x" {
                                    DataStepAction::X(i)
                                } else {
                                    DataStepAction::Y(i)
                                },
                            );
                        }
                    }
                });
            }
            if d.x.and_then(|x| t.kinds.get(x)) == Some(&ColumnKind::AmbiguousDates) {
                ui.horizontal(|ui| {
                    ui.label("Dates such as 03/04/2019 are");
                    if pick(ui, d.day_first == Some(true), "day/month", "day/month") {
                        data(out, DataStepAction::DayFirst(true));
                    }
                    if pick(ui, d.day_first == Some(false), "month/day", "month/day") {
                        data(out, DataStepAction::DayFirst(false));
                    }
                });
            }
            ui.add_space(6.0);
            ui.strong(if d.wide {
                "3. The row to plot: the one where"
            } else {
                "3. Filter (optional): keep the rows where"
            });
            ui.horizontal_wrapped(|ui| {
                if pick(ui, d.filter_column.is_none(), "every row", "filter: none") {
                    data(out, DataStepAction::FilterColumn(None));
                }
                for (i, h) in t.headers.iter().enumerate() {
                    if t.distinct.get(i).is_some_and(|v| !v.is_empty())
                        && pick(
                            ui,
                            d.filter_column == Some(i),
                            h,
                            &format!("filter column: {h}"),
                        )
                    {
                        data(out, DataStepAction::FilterColumn(Some(i)));
                    }
                }
            });
            if let Some(values) = d.filter_column.and_then(|c| t.distinct.get(c)) {
                egui::ScrollArea::vertical()
                    .id_salt("data-step-values")
                    .max_height(110.0)
                    .show(ui, |ui| {
                        ui.horizontal_wrapped(|ui| {
                            ui.label("is");
                            for v in values {
                                if pick(
                                    ui,
                                    d.filter_value.as_ref() == Some(v),
                                    v,
                                    &format!("filter value: {v}"),
                                ) {
                                    data(out, DataStepAction::FilterValue(Some(v.clone())));
                                }
                            }
                        });
                    });
            }
        }
    }
    ui.add_space(6.0);
    if d.preview.is_some() {
        ui.label(RichText::new("The stage shows the scene with this series (OK keeps it).").weak());
    }
    for p in &d.problems {
        ui.colored_label(ui.visuals().warn_fg_color, p);
    }
    if let Some(e) = &d.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if super::overlay::default_button(ui, "OK").clicked() {
            out.push(Action::ModalConfirm);
        }
        if ui.button("Cancel").clicked() {
            out.push(Action::CloseModal);
        }
    });
    ui.label(
        RichText::new(
            "Enter: OK (writes the series, with a source to fill in) · Tab and Space: choose · Esc: cancel",
        )
        .small()
        .weak(),
    );
}
