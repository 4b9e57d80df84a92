//! Frames as PDF pages with krilla: vector paths, real text in subset embedded fonts (with a
//! ToUnicode map, so the text can be searched and copied), link annotations, an outline, page
//! numbers and the document's title and author.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::vector::{Frame, Item, PathItem, Rgba, Seg, TextRun};
use crate::fonts::FontSet;

/// A frame drawn on a page at (x, y) points, scaled by `scale`.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a> {
    pub frame: &'a Frame,
    pub x: f32,
    pub y: f32,
    pub scale: f32,
}

/// One page: its size in points, what is drawn on it, and the page number's text.
#[derive(Clone, Debug)]
pub struct PageSpec<'a> {
    pub width: f32,
    pub height: f32,
    pub placed: Vec<Placed<'a>>,
    pub number: Option<String>,
}

/// The document: pages, outline entries (title, page index), title and author.
pub fn write_pdf(
    pages: &[PageSpec],
    outline: &[(String, usize)],
    title: &str,
    author: &str,
    fonts: &FontSet,
) -> Result<Vec<u8>, String> {
    let faces: Vec<Option<Font>> = fonts
        .faces
        .iter()
        .map(|f| Font::new(f.data.clone().into(), f.index))
        .collect();
    let mut doc = Document::new();
    for spec in pages {
        let settings = PageSettings::from_wh(spec.width, spec.height)
            .ok_or_else(|| format!("bad page size {}x{}", spec.width, spec.height))?;
        let mut page = doc.start_page_with(settings);
        {
            let mut surface = page.surface();
            for placed in &spec.placed {
                draw_frame(&mut surface, placed, &faces);
            }
            if let (Some(number), Some(Some(font))) = (&spec.number, faces.first()) {
                surface.set_fill(Some(fill(Rgba([0x66, 0x66, 0x66, 255]))));
                let size = 8.0;
                let width = number.chars().count() as f32 * size * 0.6;
                surface.draw_text(
                    Point::from_xy(spec.width - 18.0 - width, spec.height - 10.0),
                    font.clone(),
                    size,
                    number,
                    false,
                    TextDirection::Auto,
                );
            }
            surface.finish();
        }
        for placed in &spec.placed {
            for (r, url) in &placed.frame.links {
                let rect = Rect::from_ltrb(
                    placed.x + r[0] * placed.scale,
                    placed.y + r[1] * placed.scale,
                    placed.x + r[2] * placed.scale,
                    placed.y + r[3] * placed.scale,
                );
                if let Some(rect) = rect {
                    page.add_annotation(krilla::annotation::Annotation::new_link(
                        krilla::annotation::LinkAnnotation::new(
                            rect,
                            krilla::annotation::Target::Action(
                                krilla::action::LinkAction::new(url.clone()).into(),
                            ),
                        ),
                        Some(url.clone()),
                    ));
                }
            }
        }
        page.finish();
    }
    let mut tree = krilla::outline::Outline::new();
    for (text, index) in outline {
        tree.push_child(krilla::outline::OutlineNode::new(
            text.clone(),
            krilla::destination::XyzDestination::new(*index, Point::from_xy(0.0, 0.0)),
        ));
    }
    doc.set_outline(tree);
    let mut meta = krilla::metadata::Metadata::new().title(title.to_owned());
    if !author.is_empty() {
        meta = meta.authors(vec![author.to_owned()]);
    }
    doc.set_metadata(meta);
    doc.finish().map_err(|e| format!("{e:?}"))
}

fn fill(c: Rgba) -> Fill {
    let [r, g, b, _] = c.0;
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::new(c.alpha()).unwrap_or(NormalizedF32::ONE),
        rule: FillRule::NonZero,
    }
}

fn stroke(width: f32, c: Rgba) -> Stroke {
    let [r, g, b, _] = c.0;
    Stroke {
        paint: rgb::Color::new(r, g, b).into(),
        width,
        opacity: NormalizedF32::new(c.alpha()).unwrap_or(NormalizedF32::ONE),
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Default::default()
    }
}

fn build_path(segs: &[Seg]) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    for seg in segs {
        match *seg {
            Seg::Move(x, y) => pb.move_to(x, y),
            Seg::Line(x, y) => pb.line_to(x, y),
            Seg::Cubic(a, b, c, d, x, y) => pb.cubic_to(a, b, c, d, x, y),
            Seg::Close => pb.close(),
        }
    }
    pb.finish()
}

fn draw_frame(surface: &mut Surface, placed: &Placed, faces: &[Option<Font>]) {
    let frame = placed.frame;
    surface.push_transform(&Transform::from_row(
        placed.scale,
        0.0,
        0.0,
        placed.scale,
        placed.x,
        placed.y,
    ));
    if let Some(bg) = frame.background
        && let Some(rect) = Rect::from_xywh(0.0, 0.0, frame.width, frame.height)
    {
        let mut pb = PathBuilder::new();
        pb.push_rect(rect);
        if let Some(p) = pb.finish() {
            surface.set_fill(Some(fill(bg)));
            surface.set_stroke(None);
            surface.draw_path(&p);
        }
    }
    let mut open: Option<usize> = None;
    for (clip, item) in &frame.items {
        if open != Some(*clip) {
            if open.is_some() {
                surface.pop();
                open = None;
            }
            let rect = frame
                .clips
                .get(*clip)
                .and_then(|c| Rect::from_ltrb(c[0], c[1], c[2], c[3]));
            let Some(rect) = rect else { continue };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            let Some(clip_path) = pb.finish() else {
                continue;
            };
            surface.push_clip_path(&clip_path, &FillRule::NonZero);
            open = Some(*clip);
        }
        match item {
            Item::Path(p) => draw_path(surface, p),
            Item::Text(t) => draw_text(surface, t, faces),
        }
    }
    if open.is_some() {
        surface.pop();
    }
    surface.pop();
}

fn draw_path(surface: &mut Surface, p: &PathItem) {
    let Some(path) = build_path(&p.segs) else {
        return;
    };
    surface.set_fill(p.fill.map(fill));
    surface.set_stroke(p.stroke.map(|(w, c)| stroke(w, c)));
    surface.draw_path(&path);
}

fn draw_text(surface: &mut Surface, t: &TextRun, faces: &[Option<Font>]) {
    let Some(Some(font)) = faces.get(t.face).or_else(|| faces.first()) else {
        return;
    };
    surface.set_fill(Some(fill(t.color)));
    surface.set_stroke(None);
    let rotated = t.angle != 0.0;
    let slanted = !rotated && t.italic;
    if rotated {
        surface.push_transform(&Transform::from_rotate_at(t.angle.to_degrees(), t.x, t.y));
    } else if slanted {
        // Slanted about the baseline, as egui draws italics.
        let k = super::vector::ITALIC_SKEW;
        surface.push_transform(&Transform::from_row(1.0, 0.0, -k, 1.0, k * t.y, 0.0));
    }
    surface.draw_text(
        Point::from_xy(t.x, t.y),
        font.clone(),
        t.size,
        &t.text,
        false,
        TextDirection::Auto,
    );
    if rotated || slanted {
        surface.pop();
    }
}
