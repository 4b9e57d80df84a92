//! The data step's part of [`State::apply`]: open the dialog, read the chosen CSV file as the
//! loader does, keep the author's choices, preview the scene with the series on the stage (a
//! deck loaded with the scene's text replaced, held in the modal: nothing in the working copy
//! changes until OK), and on OK write the series block as one edit of the scene file.

use std::path::PathBuf;
use std::sync::Arc;

use crate::action::{Action, DataStepAction, Edit};
use crate::model::datastep;
use crate::model::limits;
use crate::model::source::DeckSource;
use crate::state::{Effect, State};
use crate::view::{DataStep, Modal};

impl State {
    /// One data step action.
    pub(crate) fn data_step(&mut self, action: DataStepAction, now_secs: f64) -> Vec<Effect> {
        if action == DataStepAction::Open {
            self.open_data_step();
            return Vec::new();
        }
        let Some(Modal::DataStep(d)) = self.modal.as_mut() else {
            return Vec::new();
        };
        d.error = None;
        match action {
            DataStepAction::Open => {}
            DataStepAction::PickFile(name) => {
                let text = self
                    .doc
                    .workspace
                    .as_ref()
                    .map(|ws| ws.source.read(&name, limits::CSV_FILE_BYTES));
                d.table = Some(match text {
                    Some(Ok(bytes)) => datastep::preview(String::from_utf8_lossy(&bytes).into()),
                    Some(Err(e)) => Err(e.to_string()),
                    None => Err("no deck folder".to_owned()),
                });
                d.file = Some(name);
                d.filter_column = None;
                d.filter_value = None;
                d.day_first = None;
                (d.x, d.y) = match &d.table {
                    Some(Ok(t)) => {
                        let x = t.guess_x();
                        (x, t.guess_y(x))
                    }
                    _ => (None, None),
                };
                d.wide = matches!(&d.table, Some(Ok(t)) if t.looks_wide());
            }
            DataStepAction::X(i) => {
                d.x = Some(i);
                d.day_first = None;
            }
            DataStepAction::Y(i) => d.y = Some(i),
            DataStepAction::FilterColumn(c) => {
                d.filter_column = c;
                d.filter_value = None;
            }
            DataStepAction::FilterValue(v) => d.filter_value = v,
            DataStepAction::DayFirst(b) => d.day_first = Some(b),
            DataStepAction::Wide(b) => d.wide = b,
            DataStepAction::AskCopy => {
                let Some(dir) = self.doc.source_dir.clone() else {
                    return Vec::new();
                };
                let from = PathBuf::from(d.copy_path.trim());
                match datastep::copy_target(&from, &dir) {
                    Ok(_) => d.asking = true,
                    Err(e) => d.error = Some(e),
                }
                return Vec::new();
            }
            DataStepAction::ConfirmCopy(yes) => {
                d.asking = false;
                let Some(dir) = self.doc.source_dir.clone() else {
                    return Vec::new();
                };
                if !yes {
                    return Vec::new();
                }
                let from = PathBuf::from(d.copy_path.trim());
                return match datastep::copy_target(&from, &dir) {
                    Ok((name, to)) => vec![Effect::CopyCsv { from, to, name }],
                    Err(e) => {
                        d.error = Some(e);
                        Vec::new()
                    }
                };
            }
            DataStepAction::Copied(Ok(name)) => {
                if let Some(dir) = &self.doc.source_dir {
                    d.files = datastep::csv_files(dir);
                }
                d.copy_path.clear();
                return self.data_step(DataStepAction::PickFile(name), now_secs);
            }
            DataStepAction::Copied(Err(e)) => {
                d.error = Some(e);
                return Vec::new();
            }
        }
        self.refresh_data_preview(now_secs);
        Vec::new()
    }

    fn open_data_step(&mut self) {
        let Some(dir) = self.doc.source_dir.clone() else {
            self.status = Some(
                "this is the copy of the story built into the program: save it as a deck folder to add data"
                    .to_owned(),
            );
            return;
        };
        if self.doc.workspace.is_none() {
            return;
        }
        self.modal = Some(Modal::DataStep(Box::new(DataStep {
            scene_file: self.scene().file.clone(),
            files: datastep::csv_files(&dir),
            file: None,
            table: None,
            x: None,
            y: None,
            filter_column: None,
            filter_value: None,
            day_first: None,
            wide: false,
            copy_path: String::new(),
            asking: false,
            preview: None,
            problems: Vec::new(),
            error: None,
        })));
    }

    /// The scene's text with the chosen series, when the choice is complete.
    fn data_step_text(&self, d: &DataStep) -> Option<Result<(String, String), String>> {
        let choice = d.choice()?;
        let ws = self.doc.workspace.as_ref()?;
        let text = match ws.text(&d.scene_file) {
            Ok(t) => t,
            Err(e) => return Some(Err(e.to_string())),
        };
        Some(datastep::add_series(&text, &choice))
    }

    /// Loads the deck as it would be with the series and keeps it for the stage, with what the
    /// loader says that it did not say before. A big file not read yet is read in the
    /// background (as the deck's own are), and the preview comes when it is in.
    pub(crate) fn refresh_data_preview(&mut self, now_secs: f64) {
        let Some(Modal::DataStep(d)) = &self.modal else {
            return;
        };
        let mut read: Option<(Vec<String>, String, String)> = None;
        let (preview, problems) = match self.data_step_text(d) {
            None => (None, Vec::new()),
            Some(Err(e)) => (None, vec![e]),
            Some(Ok((text, _))) => match self.doc.load_replaced(&d.scene_file, &text) {
                None => (
                    None,
                    vec!["the deck is being read: the preview comes when it is done".to_owned()],
                ),
                Some(loaded) if !loaded.pending.is_empty() => {
                    let message = format!(
                        "reading {} in the background: the preview comes when it is done",
                        loaded.pending.join(", ")
                    );
                    read = Some((loaded.pending, d.scene_file.clone(), text));
                    (None, vec![message])
                }
                Some(loaded) => {
                    let before: Vec<String> =
                        self.doc.problems.iter().map(|p| p.headline()).collect();
                    // Paths in the deck, as the editor shows them.
                    let prefix = self
                        .doc
                        .source_dir
                        .as_ref()
                        .map(|d| format!("{}/", d.display()))
                        .unwrap_or_default();
                    let new: Vec<String> = loaded
                        .diagnostics
                        .iter()
                        .map(|p| p.headline())
                        .filter(|h| !before.contains(h))
                        .map(|h| match h.strip_prefix(&prefix) {
                            Some(rest) if !prefix.is_empty() => rest.to_owned(),
                            _ => h,
                        })
                        .collect();
                    let deck = loaded.deck.filter(|d| !d.scenes.is_empty()).map(Arc::new);
                    (deck, new)
                }
            },
        };
        if let Some(Modal::DataStep(d)) = &mut self.modal {
            d.preview = preview;
            d.problems = problems;
        }
        if let Some((files, name, text)) = read {
            self.doc.start_job(&files, Some((name, text)), now_secs);
        }
    }

    /// OK: the series block goes into the scene file (one edit, undone with Ctrl+Z).
    pub(crate) fn data_step_ok(&mut self, now_secs: f64) -> Vec<Effect> {
        let Some(Modal::DataStep(d)) = &self.modal else {
            return Vec::new();
        };
        let file = d.scene_file.clone();
        let result = self.data_step_text(d);
        match result {
            None => {
                if let Some(Modal::DataStep(d)) = &mut self.modal {
                    d.error = Some(if d.wide {
                        "a wide table takes its values from one row: choose a filter column and value".to_owned()
                    } else {
                        "choose a CSV file, then its column of dates (x) and of values (y)"
                            .to_owned()
                    });
                }
                Vec::new()
            }
            Some(Err(e)) => {
                if let Some(Modal::DataStep(d)) = &mut self.modal {
                    d.error = Some(e);
                }
                Vec::new()
            }
            Some(Ok((text, id))) => {
                self.modal = None;
                let effects = self.apply(
                    Action::Edit(Edit::Text {
                        file: file.clone(),
                        text,
                        field: format!("{file}/data-step/{now_secs}"),
                    }),
                    now_secs,
                );
                self.status = Some(format!(
                    "added series \"{id}\" from the data step: fill in its source in the form"
                ));
                effects
            }
        }
    }
}
