//! A small vector form of one drawn frame, translated once from egui's shapes (before
//! tessellation, so text is still text): filled and stroked paths, runs of text with their
//! font, size and baseline, clip rectangles and link areas. SVG, PDF and PNG are all written
//! from it, so the three agree.

use egui::epaint::{self, ClippedShape, Color32, Pos2, Shape};

use crate::fonts::FontSet;

/// A colour, not premultiplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    pub fn from_egui(c: Color32) -> Rgba {
        Rgba(c.to_srgba_unmultiplied())
    }
    pub fn alpha(self) -> f32 {
        f32::from(self.0[3]) / 255.0
    }
    /// `#rrggbb`
    pub fn hex(self) -> String {
        let [r, g, b, _] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// One segment of a path, in points (y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    Move(f32, f32),
    Line(f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

/// A path with its fill and stroke (width, colour); the stroke is centred on the path.
#[derive(Clone, Debug, PartialEq)]
pub struct PathItem {
    pub segs: Vec<Seg>,
    pub fill: Option<Rgba>,
    pub stroke: Option<(f32, Rgba)>,
}

/// A run of text drawn with one face, size and colour, from its first glyph's baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    /// Clockwise, in radians, about (x, y).
    pub angle: f32,
    /// Index into the [`FontSet`]'s faces.
    pub face: usize,
    pub color: Rgba,
    /// Slanted, as egui draws italics (DejaVu Sans has no italic face).
    pub italic: bool,
    pub text: String,
    /// Which text shape of the frame the run belongs to (one label, one paragraph): runs of
    /// the same block are read together (the PDF's paragraphs).
    pub block: usize,
}

/// How far italic text leans: x moves by this much per unit of height above the baseline.
pub const ITALIC_SKEW: f32 = 0.2;

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Path(PathItem),
    Text(TextRun),
}

/// An axis-aligned rectangle: min x, min y, max x, max y.
pub type Bounds = [f32; 4];

/// One frame: its size in points, a background, and items each with an index into `clips`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    pub background: Option<Rgba>,
    pub clips: Vec<Bounds>,
    pub items: Vec<(usize, Item)>,
    /// Areas that link to a URL.
    pub links: Vec<(Bounds, String)>,
    /// The chart's area (the plot with its axes), when the frame shows one: what the PDF tags
    /// as a figure, with the step's description as its text alternative.
    pub figure: Option<Bounds>,
    /// The story's navigation (the timeline under the stage): drawn, not read (the PDF marks
    /// it as pagination, like page numbers).
    pub navigation: Option<Bounds>,
}

impl Frame {
    /// All the text of the frame, runs joined in drawing order (for tests and searches).
    pub fn text(&self) -> String {
        self.items
            .iter()
            .filter_map(|(_, i)| match i {
                Item::Text(t) => Some(t.text.as_str()),
                Item::Path(_) => None,
            })
            .collect()
    }
}

/// Translates egui's shapes into a [`Frame`]. `links` maps a text (a whole label) to the URL
/// it opens: a label drawn with exactly that text becomes a link area.
pub fn from_shapes(
    shapes: &[ClippedShape],
    width: f32,
    height: f32,
    fonts: &FontSet,
    links: &[(String, String)],
) -> Frame {
    let mut b = Builder {
        frame: Frame {
            width,
            height,
            ..Frame::default()
        },
        fonts,
        links,
        blocks: 0,
    };
    for cs in shapes {
        let clip = cs.clip_rect.intersect(egui::Rect::from_min_size(
            Pos2::ZERO,
            egui::vec2(width, height),
        ));
        if !clip.is_positive() {
            continue;
        }
        let bounds = [clip.min.x, clip.min.y, clip.max.x, clip.max.y];
        let clip_index = match b.frame.clips.iter().position(|c| *c == bounds) {
            Some(i) => i,
            None => {
                b.frame.clips.push(bounds);
                b.frame.clips.len() - 1
            }
        };
        b.shape(clip_index, &cs.shape);
    }
    b.frame
}

struct Builder<'a> {
    frame: Frame,
    fonts: &'a FontSet,
    links: &'a [(String, String)],
    /// Text shapes translated so far (each run's `block`).
    blocks: usize,
}

/// Control point distance for a quarter circle drawn as a cubic.
const KAPPA: f32 = 0.552_284_8;

fn visible(c: Color32) -> bool {
    c.a() > 0
}

impl Builder<'_> {
    fn push(&mut self, clip: usize, item: Item) {
        self.frame.items.push((clip, item));
    }

    fn path(&mut self, clip: usize, segs: Vec<Seg>, fill: Color32, stroke: epaint::Stroke) {
        let fill = visible(fill).then(|| Rgba::from_egui(fill));
        let stroke = (stroke.width > 0.0 && visible(stroke.color))
            .then(|| (stroke.width, Rgba::from_egui(stroke.color)));
        if fill.is_none() && stroke.is_none() || segs.is_empty() {
            return;
        }
        self.push(clip, Item::Path(PathItem { segs, fill, stroke }));
    }

    fn shape(&mut self, clip: usize, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) => {}
            Shape::Vec(shapes) => {
                for s in shapes {
                    self.shape(clip, s);
                }
            }
            Shape::Circle(c) => {
                // The stroke lies outside the circle.
                let segs = ellipse(c.center, egui::vec2(c.radius, c.radius));
                self.path(clip, segs.clone(), c.fill, epaint::Stroke::NONE);
                let r = c.radius + c.stroke.width / 2.0;
                self.path(
                    clip,
                    ellipse(c.center, egui::vec2(r, r)),
                    Color32::TRANSPARENT,
                    c.stroke,
                );
            }
            Shape::Ellipse(e) => {
                self.path(
                    clip,
                    ellipse(e.center, e.radius),
                    e.fill,
                    epaint::Stroke::NONE,
                );
                let r = e.radius + egui::Vec2::splat(e.stroke.width / 2.0);
                self.path(clip, ellipse(e.center, r), Color32::TRANSPARENT, e.stroke);
            }
            Shape::LineSegment { points, stroke } => {
                let segs = vec![
                    Seg::Move(points[0].x, points[0].y),
                    Seg::Line(points[1].x, points[1].y),
                ];
                self.path(clip, segs, Color32::TRANSPARENT, *stroke);
            }
            Shape::Path(p) => {
                let mut segs = polyline(&p.points);
                if p.closed && !segs.is_empty() {
                    segs.push(Seg::Close);
                }
                let stroke = epaint::Stroke::new(p.stroke.width, solid(&p.stroke.color));
                let fill = if p.closed {
                    p.fill
                } else {
                    Color32::TRANSPARENT
                };
                self.path(clip, segs, fill, stroke);
            }
            Shape::Band(band) => {
                // The area between the top and bottom of each point: one polygon.
                let mut pts: Vec<Pos2> = band
                    .points
                    .iter()
                    .map(|p| Pos2::new(p.x, p.y.min))
                    .collect();
                pts.extend(band.points.iter().rev().map(|p| Pos2::new(p.x, p.y.max)));
                let mut segs = polyline(&pts);
                segs.push(Seg::Close);
                self.path(clip, segs, band.fill, epaint::Stroke::NONE);
                let stroke_color = band.stroke.color;
                if band.stroke.width > 0.0 && visible(stroke_color) {
                    // A band drawn as a thick line: its outline in the stroke colour.
                    let mut segs = polyline(&pts);
                    segs.push(Seg::Close);
                    self.path(clip, segs, stroke_color, band.stroke);
                }
            }
            Shape::Rect(r) => self.rect(clip, r),
            Shape::Text(t) => self.text(clip, t),
            Shape::Mesh(mesh) => self.mesh(clip, mesh),
            Shape::QuadraticBezier(q) => {
                let [p0, p1, p2] = q.points;
                let c1 = p0 + (p1 - p0) * (2.0 / 3.0);
                let c2 = p2 + (p1 - p2) * (2.0 / 3.0);
                let mut segs = vec![
                    Seg::Move(p0.x, p0.y),
                    Seg::Cubic(c1.x, c1.y, c2.x, c2.y, p2.x, p2.y),
                ];
                if q.closed {
                    segs.push(Seg::Close);
                }
                let stroke = epaint::Stroke::new(q.stroke.width, solid(&q.stroke.color));
                self.path(clip, segs, q.fill, stroke);
            }
            Shape::CubicBezier(c) => {
                let [p0, p1, p2, p3] = c.points;
                let mut segs = vec![
                    Seg::Move(p0.x, p0.y),
                    Seg::Cubic(p1.x, p1.y, p2.x, p2.y, p3.x, p3.y),
                ];
                if c.closed {
                    segs.push(Seg::Close);
                }
                let stroke = epaint::Stroke::new(c.stroke.width, solid(&c.stroke.color));
                self.path(clip, segs, c.fill, stroke);
            }
        }
    }

    fn rect(&mut self, clip: usize, r: &epaint::RectShape) {
        let rect = r.rect;
        let cr = r.corner_radius;
        self.path(
            clip,
            rounded_rect(rect, [cr.nw, cr.ne, cr.se, cr.sw].map(f32::from)),
            r.fill,
            epaint::Stroke::NONE,
        );
        if r.stroke.width > 0.0 && visible(r.stroke.color) {
            let half = r.stroke.width / 2.0;
            let grow = match r.stroke_kind {
                epaint::StrokeKind::Inside => -half,
                epaint::StrokeKind::Middle => 0.0,
                epaint::StrokeKind::Outside => half,
            };
            let radii = [cr.nw, cr.ne, cr.se, cr.sw].map(|c| (f32::from(c) + grow).max(0.0));
            self.path(
                clip,
                rounded_rect(rect.expand(grow), radii),
                Color32::TRANSPARENT,
                r.stroke,
            );
        }
    }

    /// A mesh as filled triangles, one path per colour (fills and shaded areas of plots).
    fn mesh(&mut self, clip: usize, mesh: &epaint::Mesh) {
        let mut by_color: Vec<(Color32, Vec<Seg>)> = Vec::new();
        for tri in mesh.indices.chunks_exact(3) {
            let vs: Vec<&epaint::Vertex> = tri
                .iter()
                .filter_map(|i| mesh.vertices.get(*i as usize))
                .collect();
            let [a, b, c] = vs.as_slice() else { continue };
            if !visible(a.color) {
                continue;
            }
            let segs = [
                Seg::Move(a.pos.x, a.pos.y),
                Seg::Line(b.pos.x, b.pos.y),
                Seg::Line(c.pos.x, c.pos.y),
                Seg::Close,
            ];
            match by_color.iter_mut().find(|(col, _)| *col == a.color) {
                Some((_, s)) => s.extend(segs),
                None => by_color.push((a.color, segs.to_vec())),
            }
        }
        for (color, segs) in by_color {
            self.path(clip, segs, color, epaint::Stroke::NONE);
        }
    }

    fn text(&mut self, clip: usize, t: &epaint::TextShape) {
        let galley = &t.galley;
        if t.opacity_factor <= 0.0 || galley.is_empty() {
            return;
        }
        let block = self.blocks;
        self.blocks += 1;
        let job = &galley.job;
        let rot = egui::emath::Rot2::from_angle(t.angle);
        // Font sizes by character: glyphs follow the job's characters (one per character, plus
        // one per line break), unless the galley was elided; then the row's font height says.
        let formats: Vec<(f32, bool)> = job
            .text
            .char_indices()
            .map(|(byte, _)| {
                job.sections
                    .iter()
                    .find(|s| s.byte_range.start.0 <= byte && byte < s.byte_range.end.0)
                    .map_or((14.0, false), |s| (s.format.font_id.size, s.format.italics))
            })
            .collect();
        let glyph_count: usize = galley
            .rows
            .iter()
            .map(|r| r.row.glyphs.len() + usize::from(r.ends_with_newline))
            .sum();
        let sizes_match = glyph_count == formats.len();
        let mut char_index = 0usize;
        for placed in &galley.rows {
            let row = &placed.row;
            // Highlight backgrounds: the row mesh's triangles outside the glyphs.
            let mesh = &row.visuals.mesh;
            let glyph_vertices = row.visuals.glyph_vertex_range.clone();
            let mut bg = epaint::Mesh::default();
            for tri in mesh.indices.chunks_exact(3) {
                if tri.iter().any(|i| glyph_vertices.contains(&(*i as usize))) {
                    continue;
                }
                for i in tri {
                    if let Some(v) = mesh.vertices.get(*i as usize) {
                        let pos = t.pos + rot * (placed.pos.to_vec2() + v.pos.to_vec2());
                        bg.indices.push(bg.vertices.len() as u32);
                        bg.vertices.push(epaint::Vertex {
                            pos,
                            uv: v.uv,
                            color: v.color,
                        });
                    }
                }
            }
            if !bg.indices.is_empty() && t.angle == 0.0 {
                self.mesh(clip, &bg);
            }
            let mut run: Option<TextRun> = None;
            let mut runs: Vec<TextRun> = Vec::new();
            for glyph in &row.glyphs {
                let (size, italic) = if sizes_match {
                    formats.get(char_index).copied().unwrap_or((14.0, false))
                } else {
                    (glyph.font_height / 1.164, false)
                };
                char_index += 1;
                let color = glyph_color(t, mesh, glyph);
                let face = self.fonts.face_for(glyph.chr);
                let at = t.pos + rot * (placed.pos.to_vec2() + glyph.pos.to_vec2());
                // A new run after whitespace, or where face, size or colour change.
                let continues = run.as_ref().is_some_and(|r| {
                    let space = glyph.chr.is_whitespace();
                    (r.size - size).abs() < 0.01
                        && r.italic == italic
                        && (space
                            || r.face == face
                                && r.color == color
                                && !r.text.ends_with(char::is_whitespace))
                });
                if continues {
                    if let Some(r) = run.as_mut() {
                        r.text.push(glyph.chr);
                    }
                } else {
                    runs.extend(run.take());
                    run = Some(TextRun {
                        x: at.x,
                        y: at.y,
                        size,
                        angle: t.angle,
                        face,
                        color,
                        italic,
                        text: glyph.chr.to_string(),
                        block,
                    });
                }
            }
            runs.extend(run.take());
            char_index += usize::from(placed.ends_with_newline);
            for r in runs {
                if r.text.trim().is_empty() || r.color.0[3] == 0 {
                    continue;
                }
                self.push(clip, Item::Text(r));
            }
        }
        if t.underline.width > 0.0 && visible(t.underline.color) {
            for placed in &galley.rows {
                let rect = placed.rect().translate(t.pos.to_vec2());
                let y = rect.bottom() - t.underline.width / 2.0;
                self.path(
                    clip,
                    vec![Seg::Move(rect.left(), y), Seg::Line(rect.right(), y)],
                    Color32::TRANSPARENT,
                    t.underline,
                );
            }
        }
        if let Some((_, url)) = self.links.iter().find(|(text, _)| *text == job.text) {
            let r = galley.rect.translate(t.pos.to_vec2());
            self.frame
                .links
                .push(([r.min.x, r.min.y, r.max.x, r.max.y], url.clone()));
        }
    }
}

/// The colour a glyph is painted with, as `tessellate_text` picks it.
fn glyph_color(t: &epaint::TextShape, mesh: &epaint::Mesh, glyph: &epaint::text::Glyph) -> Rgba {
    let mut color = mesh
        .vertices
        .get(glyph.first_vertex as usize)
        .map_or(t.fallback_color, |v| v.color);
    if color == Color32::PLACEHOLDER {
        color = t.fallback_color;
    }
    if let Some(over) = t.override_text_color {
        color = over;
    }
    if t.opacity_factor < 1.0 {
        color = color.gamma_multiply(t.opacity_factor);
    }
    Rgba::from_egui(color)
}

fn solid(c: &epaint::ColorMode) -> Color32 {
    match c {
        epaint::ColorMode::Solid(c) => *c,
        // A gradient along the path: its colour at the start.
        epaint::ColorMode::UV(f) => f(egui::Rect::NOTHING, Pos2::ZERO),
    }
}

fn polyline(points: &[Pos2]) -> Vec<Seg> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                Seg::Move(p.x, p.y)
            } else {
                Seg::Line(p.x, p.y)
            }
        })
        .collect()
}

fn ellipse(c: Pos2, r: egui::Vec2) -> Vec<Seg> {
    let (kx, ky) = (r.x * KAPPA, r.y * KAPPA);
    vec![
        Seg::Move(c.x + r.x, c.y),
        Seg::Cubic(c.x + r.x, c.y + ky, c.x + kx, c.y + r.y, c.x, c.y + r.y),
        Seg::Cubic(c.x - kx, c.y + r.y, c.x - r.x, c.y + ky, c.x - r.x, c.y),
        Seg::Cubic(c.x - r.x, c.y - ky, c.x - kx, c.y - r.y, c.x, c.y - r.y),
        Seg::Cubic(c.x + kx, c.y - r.y, c.x + r.x, c.y - ky, c.x + r.x, c.y),
        Seg::Close,
    ]
}

/// A rectangle with corner radii (nw, ne, se, sw).
fn rounded_rect(r: egui::Rect, radii: [f32; 4]) -> Vec<Seg> {
    let max = (r.width().min(r.height()) / 2.0).max(0.0);
    let [nw, ne, se, sw] = radii.map(|x| x.min(max));
    let (l, t, rt, b) = (r.left(), r.top(), r.right(), r.bottom());
    let mut segs = vec![Seg::Move(l + nw, t), Seg::Line(rt - ne, t)];
    if ne > 0.0 {
        segs.push(Seg::Cubic(
            rt - ne + ne * KAPPA,
            t,
            rt,
            t + ne - ne * KAPPA,
            rt,
            t + ne,
        ));
    }
    segs.push(Seg::Line(rt, b - se));
    if se > 0.0 {
        segs.push(Seg::Cubic(
            rt,
            b - se + se * KAPPA,
            rt - se + se * KAPPA,
            b,
            rt - se,
            b,
        ));
    }
    segs.push(Seg::Line(l + sw, b));
    if sw > 0.0 {
        segs.push(Seg::Cubic(
            l + sw - sw * KAPPA,
            b,
            l,
            b - sw + sw * KAPPA,
            l,
            b - sw,
        ));
    }
    segs.push(Seg::Line(l, t + nw));
    if nw > 0.0 {
        segs.push(Seg::Cubic(
            l,
            t + nw - nw * KAPPA,
            l + nw - nw * KAPPA,
            t,
            l + nw,
            t,
        ));
    }
    segs.push(Seg::Close);
    segs
}
