//! Frames as PDF pages with krilla: vector paths, real text in subset embedded fonts (with a
//! ToUnicode map, so the text can be searched and copied), link annotations, an outline, page
//! numbers and the document's title, author and language.
//!
//! The PDF is tagged, so a screen reader can read it: each page is a section whose text comes
//! in drawing order (egui's layout order: the order it is read in) as headings and paragraphs,
//! one paragraph per egui label, links inside them; a chart is one figure whose alternative
//! text is the step's generated description; backgrounds, rules, the timeline (navigation)
//! and page numbers are artifacts, not read. Document language: [`LANGUAGE`].

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, BBox, ContentTag, Identifier, Node, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, TextDirection};

use super::vector::{Bounds, Frame, Item, PathItem, Rgba, Seg, TextRun};
use crate::fonts::FontSet;

/// A frame drawn on a page at (x, y) points, scaled by `scale`.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a> {
    pub frame: &'a Frame,
    pub x: f32,
    pub y: f32,
    pub scale: f32,
    /// The text alternative of the frame's chart ([`Frame::figure`]): the step's description.
    /// Without it the chart's text is read as text and its drawing is decoration.
    pub alt: Option<&'a str>,
}

/// One page: its size in points, what is drawn on it, and the page number's text.
#[derive(Clone, Debug)]
pub struct PageSpec<'a> {
    pub width: f32,
    pub height: f32,
    pub placed: Vec<Placed<'a>>,
    pub number: Option<String>,
}

/// The language of the document's text: the app's own words (descriptions, labels) are
/// English, and so are the bundled deck's excerpts.
pub const LANGUAGE: &str = "en";

/// The document: pages, outline entries (title, page index), title and author.
pub fn write_pdf(
    pages: &[PageSpec],
    outline_entries: &[(String, usize)],
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
    let mut tree = TagTree::new().with_lang(Some(LANGUAGE.to_owned()));
    for (page_index, spec) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(spec.width, spec.height)
            .ok_or_else(|| format!("bad page size {}x{}", spec.width, spec.height))?;
        let mut page = doc.start_page_with(settings);
        let mut drawn: Vec<Vec<(Part, Identifier)>> = Vec::with_capacity(spec.placed.len());
        {
            let mut surface = page.surface();
            for placed in &spec.placed {
                drawn.push(draw_frame(&mut surface, placed, &faces));
            }
            if let (Some(number), Some(Some(font))) = (&spec.number, faces.first()) {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::PageNumber,
                )));
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
                surface.end_tagged();
            }
            surface.finish();
        }
        let mut section = TagGroup::new(Tag::Section);
        for (placed, drawn) in spec.placed.iter().zip(drawn) {
            let links = add_links(&mut page, placed);
            for node in frame_nodes(placed, drawn, links, page_index) {
                section.push(node);
            }
        }
        if !section.children.is_empty() {
            tree.push(section);
        }
        page.finish();
    }
    doc.set_tag_tree(tree);
    let mut outline = krilla::outline::Outline::new();
    for (text, index) in outline_entries {
        outline.push_child(krilla::outline::OutlineNode::new(
            text.clone(),
            krilla::destination::XyzDestination::new(*index, Point::from_xy(0.0, 0.0)),
        ));
    }
    doc.set_outline(outline);
    let mut meta = krilla::metadata::Metadata::new()
        .title(title.to_owned())
        .language(LANGUAGE.to_owned());
    if !author.is_empty() {
        meta = meta.authors(vec![author.to_owned()]);
    }
    doc.set_metadata(meta);
    doc.finish().map_err(|e| format!("{e:?}"))
}

/// The frame's link annotations, each tagged: by the block of text it covers, or alone.
fn add_links(page: &mut krilla::page::Page, placed: &Placed) -> Vec<(Option<usize>, Identifier)> {
    let mut out = Vec::new();
    for (r, url) in &placed.frame.links {
        let rect = Rect::from_ltrb(
            placed.x + r[0] * placed.scale,
            placed.y + r[1] * placed.scale,
            placed.x + r[2] * placed.scale,
            placed.y + r[3] * placed.scale,
        );
        let Some(rect) = rect else { continue };
        let id = page.add_tagged_annotation(krilla::annotation::Annotation::new_link(
            krilla::annotation::LinkAnnotation::new(
                rect,
                krilla::annotation::Target::Action(
                    krilla::action::LinkAction::new(url.clone()).into(),
                ),
            ),
            Some(url.clone()),
        ));
        // The label drawn in the link's area.
        let block = placed.frame.items.iter().find_map(|(_, item)| match item {
            Item::Text(t) if inside_point(r, t.x + 0.5, t.y - 0.5) => Some(t.block),
            _ => None,
        });
        out.push((block, id));
    }
    out
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

/// What a piece of a page is in the structure tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// Decoration (backgrounds, boxes, rules): not read.
    Artifact,
    /// The story's navigation (timeline): not read, like a page number.
    Navigation,
    /// The chart: read as the figure's text alternative.
    Figure,
    /// One line of a block of text (the block, the line's baseline in quarter points).
    Line(usize, i32),
}

impl Part {
    fn content_tag(self) -> ContentTag<'static> {
        match self {
            Part::Artifact => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
            Part::Navigation => {
                ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther))
            }
            Part::Figure => ContentTag::Other,
            Part::Line(..) => ContentTag::Span(SpanTag::empty()),
        }
    }
}

fn inside_point(b: &Bounds, x: f32, y: f32) -> bool {
    b[0] <= x && x <= b[2] && b[1] <= y && y <= b[3]
}

/// Whether `b` is a box inside `f` (give or take a point).
fn within(f: &Bounds, b: &Bounds) -> bool {
    let slack = 1.0;
    b[0] <= b[2]
        && b[1] <= b[3]
        && f[0] - slack <= b[0]
        && f[1] - slack <= b[1]
        && b[2] <= f[2] + slack
        && b[3] <= f[3] + slack
}

/// The box around a path's points (control points included).
fn path_bounds(segs: &[Seg]) -> Option<Bounds> {
    let mut b: Option<Bounds> = None;
    let mut add = |x: f32, y: f32| {
        let v = b.get_or_insert([x, y, x, y]);
        *v = [v[0].min(x), v[1].min(y), v[2].max(x), v[3].max(y)];
    };
    for seg in segs {
        match *seg {
            Seg::Move(x, y) | Seg::Line(x, y) => add(x, y),
            Seg::Cubic(a, b, c, d, x, y) => {
                add(a, b);
                add(c, d);
                add(x, y);
            }
            Seg::Close => {}
        }
    }
    b
}

/// Which part of the structure an item belongs to: inside the chart's area (as far as it is
/// visible: clipped), or a line of text, or decoration.
fn part_of(frame: &Frame, figure: Option<&Bounds>, clip: usize, item: &Item) -> Part {
    let clip = frame.clips.get(clip);
    match item {
        Item::Text(t) if frame.navigation.is_some_and(|n| inside_point(&n, t.x, t.y)) => {
            Part::Navigation
        }
        Item::Text(t) => {
            let seen = clip.is_none_or(|c| inside_point(c, t.x, t.y));
            // The plot clips its labels to its area: those are the chart's even where they
            // start outside it (an event label left of the visible range).
            let clipped_to_figure = clip.is_some_and(|c| figure.is_some_and(|f| within(f, c)));
            if clipped_to_figure || seen && figure.is_some_and(|f| inside_point(f, t.x, t.y)) {
                Part::Figure
            } else {
                Part::Line(t.block, (t.y * 4.0).round() as i32)
            }
        }
        Item::Path(p) => {
            let (Some(f), Some(b)) = (figure, path_bounds(&p.segs)) else {
                return Part::Artifact;
            };
            let b = match clip {
                Some(c) => [
                    b[0].max(c[0]),
                    b[1].max(c[1]),
                    b[2].min(c[2]),
                    b[3].min(c[3]),
                ],
                None => b,
            };
            if within(f, &b) {
                Part::Figure
            } else {
                Part::Artifact
            }
        }
    }
}

/// Draws a frame, each run of items marked as the part of the structure it belongs to;
/// returns the marks in drawing order (artifacts' are not part of the structure).
fn draw_frame(
    surface: &mut Surface,
    placed: &Placed,
    faces: &[Option<Font>],
) -> Vec<(Part, Identifier)> {
    let frame = placed.frame;
    let figure = frame.figure.as_ref().filter(|_| placed.alt.is_some());
    let mut marks = Vec::new();
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
            // A background artifact carries its box, in page space.
            let on_page = Rect::from_xywh(
                placed.x,
                placed.y,
                frame.width * placed.scale,
                frame.height * placed.scale,
            );
            surface.start_tagged(ContentTag::Artifact(match on_page {
                Some(rect) => Artifact::new(ArtifactType::Background, Some(rect)),
                None => Artifact::with_kind(ArtifactType::Layout),
            }));
            surface.set_fill(Some(fill(bg)));
            surface.set_stroke(None);
            surface.draw_path(&p);
            surface.end_tagged();
        }
    }
    // Marked content and clips nest: a clip is closed before its marked content ends.
    let mut open: Option<usize> = None;
    let mut marked: Option<Part> = None;
    // A block of text is read as one: where its first run is (an event label's second line
    // may fall outside the chart's area).
    let mut last_text: Option<(usize, Part)> = None;
    for (clip, item) in &frame.items {
        let part = match (item, last_text) {
            (Item::Text(t), Some((block, first))) if t.block == block => match first {
                Part::Line(..) => Part::Line(block, (t.y * 4.0).round() as i32),
                other => other,
            },
            _ => part_of(frame, figure, *clip, item),
        };
        if let Item::Text(t) = item {
            last_text = Some((t.block, part));
        }
        if marked != Some(part) {
            if open.take().is_some() {
                surface.pop();
            }
            if marked.is_some() {
                surface.end_tagged();
            }
            let id = surface.start_tagged(part.content_tag());
            if !matches!(part, Part::Artifact | Part::Navigation) {
                marks.push((part, id));
            }
            marked = Some(part);
        }
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
    if marked.is_some() {
        surface.end_tagged();
    }
    surface.pop();
    marks
}

/// A block of text: its largest size and its words.
#[derive(Default)]
struct Block {
    size: f32,
    text: String,
    /// The baseline of its last run.
    last_y: Option<f32>,
}

/// The blocks that are headings: those drawn in the frame's largest size, when that is
/// notably larger than its body text (the size most of its characters have): a slide's title,
/// the title page's. (Only one level: excerpts are drawn larger than the small print around
/// them, and size alone does not tell a quote from a heading.)
fn headings(blocks: &BTreeMap<usize, Block>, frame: &Frame) -> Vec<usize> {
    let key = |size: f32| (size * 2.0).round() as i32;
    let mut chars: BTreeMap<i32, usize> = BTreeMap::new();
    for (_, item) in &frame.items {
        if let Item::Text(t) = item {
            *chars.entry(key(t.size)).or_default() += t.text.chars().count();
        }
    }
    let body = chars
        .iter()
        .max_by_key(|(size, n)| (**n, -**size))
        .map(|(size, _)| *size);
    let largest = blocks.values().map(|b| key(b.size)).max();
    match (body, largest) {
        (Some(body), Some(largest)) if largest as f32 >= body as f32 * 1.3 => blocks
            .iter()
            .filter(|(_, b)| key(b.size) == largest)
            .map(|(i, _)| *i)
            .collect(),
        _ => Vec::new(),
    }
}

/// The structure of one drawn frame, in reading (drawing) order: a heading or paragraph per
/// block of text, links inside the paragraph they cover, and the chart as one figure.
fn frame_nodes(
    placed: &Placed,
    marks: Vec<(Part, Identifier)>,
    links: Vec<(Option<usize>, Identifier)>,
    page_index: usize,
) -> Vec<Node> {
    let frame = placed.frame;
    let mut blocks: BTreeMap<usize, Block> = BTreeMap::new();
    for (_, item) in &frame.items {
        if let Item::Text(t) = item {
            let b = blocks.entry(t.block).or_default();
            b.size = b.size.max(t.size);
            // A new line is a word break.
            if b.last_y.is_some_and(|y| y != t.y) && !b.text.ends_with(char::is_whitespace) {
                b.text.push(' ');
            }
            b.last_y = Some(t.y);
            b.text.push_str(&t.text);
        }
    }
    let headings = headings(&blocks, frame);
    // Groups in the order they are first drawn: the figure, or a block's lines.
    enum Group {
        Figure(Vec<Identifier>),
        Block(usize, Vec<Identifier>),
    }
    let mut groups: Vec<Group> = Vec::new();
    for (part, id) in marks {
        match part {
            Part::Artifact | Part::Navigation => {}
            Part::Figure => match groups.iter_mut().find(|g| matches!(g, Group::Figure(_))) {
                Some(Group::Figure(ids)) => ids.push(id),
                _ => groups.push(Group::Figure(vec![id])),
            },
            Part::Line(block, _) => {
                match groups
                    .iter_mut()
                    .find(|g| matches!(g, Group::Block(b, _) if *b == block))
                {
                    Some(Group::Block(_, ids)) => ids.push(id),
                    _ => groups.push(Group::Block(block, vec![id])),
                }
            }
        }
    }
    let mut nodes: Vec<Node> = Vec::with_capacity(groups.len());
    let mut links = links;
    for group in groups {
        match group {
            Group::Figure(ids) => {
                let bbox = frame.figure.and_then(|f| {
                    Rect::from_ltrb(
                        placed.x + f[0] * placed.scale,
                        placed.y + f[1] * placed.scale,
                        placed.x + f[2] * placed.scale,
                        placed.y + f[3] * placed.scale,
                    )
                });
                let tag = Tag::Figure(placed.alt.map(str::to_owned))
                    .with_bbox(bbox.map(|r| BBox::new(page_index, r)));
                nodes.push(
                    TagGroup::with_children(tag, ids.into_iter().map(Node::from).collect()).into(),
                );
            }
            Group::Block(block, ids) => {
                let mut children: Vec<Node> = ids.into_iter().map(Node::from).collect();
                // A link covering the block: the annotation first, then its text.
                if let Some(at) = links.iter().position(|(b, _)| *b == Some(block)) {
                    let (_, annotation) = links.remove(at);
                    let mut link = TagGroup::new(Tag::Link);
                    link.push(annotation);
                    for child in children.drain(..) {
                        link.push(child);
                    }
                    children.push(link.into());
                }
                let group = if headings.contains(&block) {
                    let title = blocks.get(&block).map(|b| b.text.trim().to_owned());
                    TagGroup::with_children(Tag::Hn(NonZeroU16::MIN, title), children)
                } else {
                    TagGroup::with_children(Tag::P, children)
                };
                nodes.push(group.into());
            }
        }
    }
    // A link with no text of its own still needs its place in the tree.
    for (_, annotation) in links {
        nodes.push(TagGroup::with_children(Tag::Link, vec![annotation.into()]).into());
    }
    nodes
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
