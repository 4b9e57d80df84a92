//! Handouts: the story exported to PDF, PNG and SVG with no window and no GPU. Each page is
//! drawn by the same functions as the stage, in a private egui context at a fixed size; the
//! frame's shapes are translated once into a small vector form ([`vector::Frame`]) that the
//! SVG, PDF and PNG writers all read.

pub mod html;
pub mod pdf;
pub mod png;
pub mod svg;
pub mod vector;

use std::path::{Path, PathBuf};

use egui::{Align, Layout, RichText, Ui};

use crate::fonts::FontSet;
use crate::model::deck::{Deck, ThemeName, Verdict};
use crate::model::nav::Position;
use crate::ui::stage::{StageUi, stage_ui};
use crate::ui::theme;
use crate::view::{Outbox, PlotSettings, StageView};
use vector::Frame;

/// Which steps become pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Pages {
    /// One page per step.
    #[default]
    Steps,
    /// One page per scene: its last step.
    Scenes,
}

/// The PDF's page size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// 16:9, as on the projector.
    #[default]
    Wide,
    /// A4 portrait: the slide on top, notes (or lines to write on) below.
    A4,
}

/// What to export, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub pdf: Option<PathBuf>,
    pub png_dir: Option<PathBuf>,
    pub svg_dir: Option<PathBuf>,
    /// Write the story as a static web site into this folder ([`html`]).
    pub html_dir: Option<PathBuf>,
    pub pages: Pages,
    pub notes: bool,
    pub paper: Paper,
    /// Pixels of each PNG (and the size the stage is laid out at).
    pub size: (u32, u32),
    /// The date printed on the title page.
    pub date: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf: None,
            png_dir: None,
            svg_dir: None,
            html_dir: None,
            pages: Pages::Steps,
            notes: false,
            paper: Paper::Wide,
            size: (1920, 1080),
            date: String::new(),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Render { path: PathBuf, reason: String },
    #[error("nothing to export: give --pdf, --png, --svg or --html")]
    NothingAsked,
    #[error("export cancelled")]
    Cancelled,
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub pages: usize,
    pub files: Vec<PathBuf>,
}

/// `--size 1920x1080`.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("{text}: expected WIDTHxHEIGHT, e.g. 1920x1080"))?;
    let w: u32 = w.trim().parse().map_err(|_| format!("{text}: bad width"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("{text}: bad height"))?;
    if !(64..=8192).contains(&w) || !(64..=8192).contains(&h) {
        return Err(format!("{text}: each side must be 64 to 8192 pixels"));
    }
    Ok((w, h))
}

/// The steps that become pages, in story order.
pub fn positions(deck: &Deck, pages: Pages) -> Vec<Position> {
    deck.scenes
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let steps = s.steps.len().max(1);
            let range = match pages {
                Pages::Steps => 0..steps,
                Pages::Scenes => steps - 1..steps,
            };
            range.map(move |k| Position::new(i, k))
        })
        .collect()
}

/// `03-list-3-retaliation-s2`: sorts in story order (scene number, then step).
pub fn file_stem(deck: &Deck, pos: Position) -> String {
    let id = deck
        .scenes
        .get(pos.scene)
        .map_or("scene", |s| s.id.as_str());
    crate::model::plotted::step_stem(pos.scene, id, pos.step)
}

/// Runs `draw` in a private egui context of `size` points (1 pixel per point, Light theme,
/// time 0) for a few passes, and translates the last frame's shapes.
pub fn render_ui(
    size: egui::Vec2,
    fonts: &FontSet,
    links: &[(String, String)],
    mut draw: impl FnMut(&mut Ui),
) -> Frame {
    let ctx = egui::Context::default();
    theme::install_font_set(&ctx, fonts);
    theme::apply(&ctx, ThemeName::Light, 1.0);
    let mut shapes = Vec::new();
    // Three passes: the plot sizes its axes from the last frame, and the excerpts shrink to fit.
    for _ in 0..3 {
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
            time: Some(0.0),
            ..Default::default()
        };
        if let Some(vp) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
            vp.native_pixels_per_point = Some(1.0);
        }
        let mut output = ctx.run_ui(input, &mut draw);
        output.textures_delta.clear();
        shapes = output.shapes;
    }
    let mut frame = vector::from_shapes(&shapes, size.x, size.y, fonts, links);
    frame.background = Some(vector::Rgba::from_egui(
        ctx.global_style().visuals.panel_fill,
    ));
    frame
}

/// The links of a scene's sources: each source's text to its URL.
fn source_links(deck: &Deck) -> Vec<(String, String)> {
    let mut links: Vec<(String, String)> = Vec::new();
    for s in deck.scenes.iter().filter_map(|s| s.plot.as_ref()) {
        for series in &s.series {
            let pair = (series.source.text(), series.source.url.clone());
            if !series.source.url.is_empty() && !links.contains(&pair) {
                links.push(pair);
            }
        }
    }
    links
}

/// One step as the audience sees it, drawn by the stage function.
pub fn step_frame(deck: &Deck, pos: Position, size: egui::Vec2, fonts: &FontSet) -> Frame {
    let settings = PlotSettings::default();
    let view = StageView::still(deck, pos, ThemeName::Light, &settings);
    let mut st = StageUi::default();
    let links = source_links(deck);
    let mut frame = render_ui(size, fonts, &links, |ui| {
        let mut out = Outbox::default();
        stage_ui(ui, &view, &mut st, &mut out);
    });
    frame.figure = st
        .plot
        .last_rect
        .map(|r| [r.min.x, r.min.y, r.max.x, r.max.y]);
    // The timeline's row, its buttons included.
    frame.navigation = st
        .timeline_rect
        .map(|r| [0.0, r.min.y, frame.width, r.max.y]);
    frame
}

/// The chart of one step alone (title, legend, plot, sources), as the stage draws it with the
/// viewer's plot settings (hidden series, log scale); the whole step when the scene has no plot.
pub fn chart_frame(
    deck: &Deck,
    pos: Position,
    plot: &PlotSettings,
    size: egui::Vec2,
    fonts: &FontSet,
) -> Frame {
    chart_frame_mapped(deck, pos, plot, size, fonts).0
}

/// [`chart_frame`], with the plot's mapping from data (x in days, y as plotted: log10 of the
/// value on a log scale) to the frame's points; `None` when the scene has no plot.
pub fn chart_frame_mapped(
    deck: &Deck,
    pos: Position,
    plot: &PlotSettings,
    size: egui::Vec2,
    fonts: &FontSet,
) -> (Frame, Option<egui_plot::PlotTransform>) {
    let view = StageView::still(deck, pos, ThemeName::Light, plot);
    if view.scene().plot.is_none() {
        return (step_frame(deck, pos, size, fonts), None);
    }
    let mut pv = crate::ui::plot::PlotView::default();
    let links = source_links(deck);
    let sizes = crate::ui::stage::Sizes::for_width(size.x);
    let pal = theme::palette(ThemeName::Light);
    let frame = render_ui(size, fonts, &links, |ui| {
        egui::CentralPanel::default()
            .frame(egui::Frame::new().inner_margin(16.0))
            .show(ui, |ui| {
                let mut out = Outbox::default();
                crate::ui::plot::plot_ui(ui, &view, &mut pv, &mut out, sizes, &pal);
            });
    });
    (frame, pv.last_transform)
}

/// A frame as a PNG file of `width` × `height` pixels.
pub fn png_of(frame: &Frame, fonts: &FontSet, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let svg_text = svg::to_svg(frame, fonts, width, height);
    png::PngRenderer::new(fonts).render(&svg_text, width, height)
}

/// A frame as RGBA pixels (not premultiplied), for the clipboard.
pub fn rgba_of(frame: &Frame, fonts: &FontSet, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let svg_text = svg::to_svg(frame, fonts, width, height);
    png::PngRenderer::new(fonts).render_rgba(&svg_text, width, height)
}

/// The title page: the deck's title, subtitle, author and the date of the export.
pub fn title_frame(deck: &Deck, size: egui::Vec2, date: &str, fonts: &FontSet) -> Frame {
    let unit = size.x / 1280.0;
    render_ui(size, fonts, &[], |ui| {
        egui::CentralPanel::default()
            .frame(egui::Frame::new().inner_margin(80.0 * unit))
            .show(ui, |ui| {
                ui.add_space(size.y * 0.28);
                ui.with_layout(Layout::top_down(Align::Center), |ui| {
                    ui.label(RichText::new(&deck.title).size(44.0 * unit).strong());
                    if !deck.subtitle.is_empty() {
                        ui.add_space(12.0 * unit);
                        ui.label(RichText::new(&deck.subtitle).size(26.0 * unit));
                    }
                    ui.add_space(40.0 * unit);
                    if !deck.author.is_empty() {
                        ui.label(RichText::new(&deck.author).size(20.0 * unit));
                    }
                    if !date.is_empty() {
                        ui.label(RichText::new(format!("Exported {date}")).size(16.0 * unit));
                    }
                });
            });
    })
}

/// The Sources page: each distinct source (title, publisher, link), the series it feeds and
/// their caveats; then every fact-check with its verdict. As tall as its content needs.
pub fn sources_frame(deck: &Deck, width: f32, fonts: &FontSet) -> Frame {
    let links = source_links(deck);
    let unit = width / 1280.0;
    let draw = |ui: &mut Ui, used: &mut f32| {
        egui::CentralPanel::default()
            .frame(egui::Frame::new().inner_margin(40.0 * unit))
            .show(ui, |ui| {
                let top = ui.cursor().top();
                ui.label(RichText::new("Sources").size(34.0 * unit).strong());
                ui.add_space(14.0 * unit);
                for u in deck.sources() {
                    let text = RichText::new(u.source.text()).size(17.0 * unit);
                    if u.source.url.is_empty() {
                        ui.label(text.strong());
                    } else {
                        ui.hyperlink_to(text, &u.source.url);
                        ui.label(RichText::new(&u.source.url).size(13.0 * unit).monospace());
                    }
                    ui.label(
                        RichText::new(format!("Series: {}", u.series.join("; "))).size(14.0 * unit),
                    );
                    for c in u.caveats {
                        ui.label(
                            RichText::new(format!("Caveat: {c}"))
                                .size(14.0 * unit)
                                .italics(),
                        );
                    }
                    ui.add_space(10.0 * unit);
                }
                let checks: Vec<_> = deck
                    .scenes
                    .iter()
                    .flat_map(|s| s.checks.iter().map(move |c| (s, c)))
                    .collect();
                if !checks.is_empty() {
                    ui.add_space(12.0 * unit);
                    ui.label(RichText::new("Fact-checks").size(28.0 * unit).strong());
                    ui.add_space(8.0 * unit);
                    for (scene, check) in checks {
                        let verdict = match check.verdict {
                            Verdict::Holds => "HOLDS",
                            Verdict::Partly => "PARTLY",
                            Verdict::NotReproduced => "NOT REPRODUCED BY THE DATA",
                        };
                        ui.label(
                            RichText::new(format!("{} — {verdict}", scene.title))
                                .size(15.0 * unit)
                                .strong(),
                        );
                        ui.label(
                            RichText::new(format!("Claim: {}", check.claim))
                                .size(14.0 * unit)
                                .italics(),
                        );
                        ui.label(
                            RichText::new(format!("Finding: {}", check.finding)).size(14.0 * unit),
                        );
                        ui.add_space(8.0 * unit);
                    }
                }
                *used = ui.cursor().top() - top + 80.0 * unit;
            });
    };
    // Measure at a generous height, then draw at the height the content needs.
    let mut used = 0.0;
    let tall = egui::vec2(width, width * 8.0);
    let _ = render_ui(tall, fonts, &links, |ui| draw(ui, &mut used));
    let height = used.max(width * 9.0 / 16.0).min(tall.y);
    render_ui(egui::vec2(width, height), fonts, &links, |ui| {
        draw(ui, &mut 0.0)
    })
}

/// The speaker notes of a step (the scene's, then the step's) with lines to write on below,
/// `width` wide and at least `min_height` tall.
pub fn notes_frame(notes: &str, width: f32, min_height: f32, fonts: &FontSet) -> Frame {
    let unit = width / 1280.0;
    let draw = |ui: &mut Ui, used: &mut f32| {
        egui::CentralPanel::default()
            .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 0)))
            .show(ui, |ui| {
                let top = ui.cursor().top();
                ui.label(
                    RichText::new("Notes")
                        .size(20.0 * unit)
                        .strong()
                        .color(egui::Color32::from_gray(0x55)),
                );
                if !notes.is_empty() {
                    ui.label(RichText::new(notes).size(22.0 * unit));
                }
                ui.add_space(20.0 * unit);
                let mut y = ui.cursor().top() + 36.0 * unit;
                let rect = ui.max_rect();
                while y < rect.bottom() - 10.0 * unit {
                    ui.painter().hline(
                        rect.x_range(),
                        y,
                        egui::Stroke::new(1.0 * unit, egui::Color32::from_gray(0xBB)),
                    );
                    y += 44.0 * unit;
                }
                *used = ui.cursor().top() - top;
            });
    };
    let mut used = 0.0;
    let _ = render_ui(egui::vec2(width, width * 4.0), fonts, &[], |ui| {
        draw(ui, &mut used)
    });
    let height = (used + 40.0 * unit).max(min_height);
    let mut frame = render_ui(egui::vec2(width, height), fonts, &[], |ui| {
        draw(ui, &mut 0.0)
    });
    frame.background = None;
    frame
}

/// A step's speaker notes: the scene's, then the step's own.
pub fn notes_of(deck: &Deck, pos: Position) -> String {
    let Some(scene) = deck.scenes.get(pos.scene) else {
        return String::new();
    };
    let step = scene.steps.get(pos.step).map_or("", |s| s.notes.as_str());
    [scene.notes.as_str(), step]
        .iter()
        .filter(|t| !t.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn write(path: &Path, bytes: &[u8], report: &mut Report) -> Result<(), ExportError> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
            path: parent.to_owned(),
            source,
        })?;
    }
    std::fs::write(path, bytes).map_err(|source| ExportError::Write {
        path: path.to_owned(),
        source,
    })?;
    report.files.push(path.to_owned());
    Ok(())
}

/// 16:9 page, in points.
const WIDE_PT: (f32, f32) = (720.0, 405.0);
/// A4 portrait, in points.
const A4_PT: (f32, f32) = (595.0, 842.0);
const A4_MARGIN_PT: f32 = 36.0;

/// Exports `deck` as `opts` asks; `progress` gets a line per scene.
pub fn export(
    deck: &Deck,
    opts: &Options,
    fonts: &FontSet,
    progress: &mut dyn FnMut(&str),
) -> Result<Report, ExportError> {
    let never = std::sync::atomic::AtomicBool::new(false);
    export_with(
        deck,
        opts,
        fonts,
        &mut |_, _, line| {
            if let Some(line) = line {
                progress(line);
            }
        },
        &never,
    )
}

/// Exports `deck` as `opts` asks. `progress` gets the pages drawn so far, all pages, and a
/// line when a scene starts; `cancel` stops it between pages ([`ExportError::Cancelled`]).
pub fn export_with(
    deck: &Deck,
    opts: &Options,
    fonts: &FontSet,
    progress: &mut dyn FnMut(usize, usize, Option<&str>),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<Report, ExportError> {
    let pictures = opts.pdf.is_some() || opts.png_dir.is_some() || opts.svg_dir.is_some();
    if !pictures && opts.html_dir.is_none() {
        return Err(ExportError::NothingAsked);
    }
    let size = egui::vec2(opts.size.0 as f32, opts.size.1 as f32);
    let positions = if pictures {
        positions(deck, opts.pages)
    } else {
        Vec::new()
    };
    let mut report = Report::default();
    let renderer = opts.png_dir.as_ref().map(|_| png::PngRenderer::new(fonts));
    let mut slides: Vec<(Position, Frame, Option<String>)> = Vec::new();
    let mut last_scene = None;
    let total = positions.len();
    for (done, pos) in positions.into_iter().enumerate() {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        if last_scene != Some(pos.scene) {
            last_scene = Some(pos.scene);
            let scene = deck.scenes.get(pos.scene);
            let line = format!(
                "scene {}/{} {}",
                pos.scene + 1,
                deck.scenes.len(),
                scene.map_or("", |s| s.id.as_str())
            );
            progress(done, total, Some(&line));
        } else {
            progress(done, total, None);
        }
        let frame = step_frame(deck, pos, size, fonts);
        let stem = file_stem(deck, pos);
        // The step's generated description is the chart's text alternative (SVG, PNG, PDF).
        let alt = deck
            .scenes
            .get(pos.scene)
            .and_then(|scene| crate::model::describe::describe(scene, pos.step));
        if opts.svg_dir.is_some() || renderer.is_some() {
            let svg_text =
                svg::to_svg_described(&frame, fonts, opts.size.0, opts.size.1, alt.as_deref());
            if let Some(dir) = &opts.svg_dir {
                write(
                    &dir.join(format!("{stem}.svg")),
                    svg_text.as_bytes(),
                    &mut report,
                )?;
            }
            if let (Some(dir), Some(r)) = (&opts.png_dir, &renderer) {
                let path = dir.join(format!("{stem}.png"));
                let bytes = r
                    .render(&svg_text, opts.size.0, opts.size.1)
                    .map_err(|reason| ExportError::Render {
                        path: path.clone(),
                        reason,
                    })?;
                write(&path, &bytes, &mut report)?;
            }
        }
        if opts.pdf.is_some() {
            slides.push((pos, frame, alt));
        }
    }
    if let Some(path) = &opts.pdf {
        progress(total, total, Some("writing the PDF"));
        let title = title_frame(deck, size, &opts.date, fonts);
        let sources = sources_frame(deck, size.x, fonts);
        let (page_w, page_h) = match opts.paper {
            Paper::Wide => WIDE_PT,
            Paper::A4 => A4_PT,
        };
        let (slide_x, slide_y, slide_scale) = match opts.paper {
            Paper::Wide => (0.0, 0.0, page_w / size.x),
            Paper::A4 => (
                A4_MARGIN_PT,
                A4_MARGIN_PT,
                (page_w - 2.0 * A4_MARGIN_PT) / size.x,
            ),
        };
        let slide_h = size.y * slide_scale;
        let notes: Vec<Option<Frame>> = slides
            .iter()
            .map(|(pos, _, _)| match (opts.paper, opts.notes) {
                (Paper::A4, _) => {
                    let text = if opts.notes {
                        notes_of(deck, *pos)
                    } else {
                        String::new()
                    };
                    let room = (page_h - slide_y - slide_h - 2.0 * A4_MARGIN_PT) / slide_scale;
                    Some(notes_frame(&text, size.x, room, fonts))
                }
                (Paper::Wide, true) => {
                    let unit = size.x / 1280.0;
                    Some(notes_frame(
                        &notes_of(deck, *pos),
                        size.x - 80.0 * unit,
                        0.0,
                        fonts,
                    ))
                }
                (Paper::Wide, false) => None,
            })
            .collect();
        let total = slides.len() + 2;
        let mut pages: Vec<pdf::PageSpec> = Vec::with_capacity(total);
        let title_scale = page_w / size.x;
        pages.push(pdf::PageSpec {
            width: page_w,
            height: page_h.max(size.y * title_scale),
            placed: vec![pdf::Placed {
                frame: &title,
                x: 0.0,
                y: 0.0,
                scale: title_scale,
                alt: None,
            }],
            number: None,
        });
        let mut outline = Vec::new();
        for (i, ((pos, frame, alt), notes)) in slides.iter().zip(&notes).enumerate() {
            if pos.step == 0 || opts.pages == Pages::Scenes {
                let scene = deck.scenes.get(pos.scene);
                outline.push((
                    format!(
                        "{}. {}",
                        pos.scene + 1,
                        scene.map_or("", |s| s.title.as_str())
                    ),
                    pages.len(),
                ));
            }
            let mut placed = vec![pdf::Placed {
                frame,
                x: slide_x,
                y: slide_y,
                scale: slide_scale,
                alt: alt.as_deref(),
            }];
            let mut height = page_h;
            if let Some(n) = notes {
                let (x, y) = match opts.paper {
                    Paper::A4 => (slide_x, slide_y + slide_h + A4_MARGIN_PT / 2.0),
                    Paper::Wide => (40.0 * size.x / 1280.0 * slide_scale, slide_h + 12.0),
                };
                placed.push(pdf::Placed {
                    frame: n,
                    x,
                    y,
                    scale: slide_scale,
                    alt: None,
                });
                if opts.paper == Paper::Wide {
                    height = slide_h + 12.0 + n.height * slide_scale + 24.0;
                }
            }
            pages.push(pdf::PageSpec {
                width: page_w,
                height,
                placed,
                number: Some(format!("{} / {total}", i + 2)),
            });
        }
        let sources_scale = page_w / sources.width;
        outline.push(("Sources".to_owned(), pages.len()));
        pages.push(pdf::PageSpec {
            width: page_w,
            height: (sources.height * sources_scale).max(page_h),
            placed: vec![pdf::Placed {
                frame: &sources,
                x: 0.0,
                y: 0.0,
                scale: sources_scale,
                alt: None,
            }],
            number: Some(format!("{total} / {total}")),
        });
        let bytes = pdf::write_pdf(&pages, &outline, &deck.title, &deck.author, fonts).map_err(
            |reason| ExportError::Render {
                path: path.clone(),
                reason,
            },
        )?;
        write(path, &bytes, &mut report)?;
        report.pages = pages.len();
    }
    if let Some(dir) = &opts.html_dir {
        html::write_site(deck, dir, opts.notes, fonts, progress, cancel, &mut report)?;
    }
    Ok(report)
}
