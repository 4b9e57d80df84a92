//! A [`Frame`] as SVG, written by hand: paths, `<text>` in the fonts' family names (no
//! embedded images), clip rectangles, and `<a>` around link areas.

use std::fmt::Write;

use super::vector::{Frame, Item, PathItem, Seg, TextRun};
use crate::fonts::FontSet;

/// The SVG document of `frame`, `width_px` by `height_px` (the view box is the frame's points).
pub fn to_svg(frame: &Frame, fonts: &FontSet, width_px: u32, height_px: u32) -> String {
    to_svg_described(frame, fonts, width_px, height_px, None)
}

/// [`to_svg`], with `alt` (the chart's generated description) as the picture's text
/// alternative: `role="img"`, `aria-label` and a `<title>`, which screen readers read.
pub fn to_svg_described(
    frame: &Frame,
    fonts: &FontSet,
    width_px: u32,
    height_px: u32,
    alt: Option<&str>,
) -> String {
    to_svg_with(
        frame,
        fonts,
        width_px,
        height_px,
        &SvgExtras {
            alt,
            ..SvgExtras::default()
        },
    )
}

/// A data point's hover text: an invisible circle at (`x`, `y`) in the frame's points, with a
/// `<title>` (`6 Jul 2018: 12%`) that a browser shows on hover.
#[derive(Clone, Debug, PartialEq)]
pub struct PointTip {
    pub x: f32,
    pub y: f32,
    pub text: String,
}

/// What a web page adds to a chart's SVG.
#[derive(Clone, Debug, Default)]
pub struct SvgExtras<'a> {
    /// The text alternative (see [`to_svg_described`]).
    pub alt: Option<&'a str>,
    /// Put before every `id` of the document, so that several SVGs can share one page.
    pub id_prefix: &'a str,
    /// A hover text per data point, drawn over everything.
    pub tips: &'a [PointTip],
    /// Leave out the `<title>` of the whole picture (a page that has `aria-label` and the text
    /// beside the chart: a browser would show the long description on every hover).
    pub no_title: bool,
    /// Keep the link areas out of the keyboard's Tab order (a page that lists the same links).
    pub links_unfocusable: bool,
}

/// [`to_svg_described`] with ids prefixed and the data points' hover texts.
pub fn to_svg_with(
    frame: &Frame,
    fonts: &FontSet,
    width_px: u32,
    height_px: u32,
    extras: &SvgExtras,
) -> String {
    let (alt, pre) = (extras.alt, extras.id_prefix);
    let mut s = String::with_capacity(64 * 1024);
    let (w, h) = (frame.width, frame.height);
    let label = alt
        .map(|a| format!(r#" role="img" aria-label="{}""#, escape(a)))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{width_px}" height="{height_px}" viewBox="0 0 {w} {h}"{label}>"#
    );
    if let Some(a) = alt.filter(|_| !extras.no_title) {
        let _ = writeln!(s, "<title>{}</title>", escape(a));
    }
    s.push_str("<defs>\n");
    for (i, c) in frame.clips.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<clipPath id="{pre}c{i}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
            num(c[0]),
            num(c[1]),
            num(c[2] - c[0]),
            num(c[3] - c[1])
        );
    }
    s.push_str("</defs>\n");
    if let Some(bg) = frame.background {
        let _ = writeln!(s, r#"<rect width="{w}" height="{h}" fill="{}"/>"#, bg.hex());
    }
    // Consecutive items with the same clip share one group.
    let mut open: Option<usize> = None;
    for (clip, item) in &frame.items {
        if open != Some(*clip) {
            if open.is_some() {
                s.push_str("</g>\n");
            }
            let _ = writeln!(s, r#"<g clip-path="url(#{pre}c{clip})">"#);
            open = Some(*clip);
        }
        match item {
            Item::Path(p) => path(&mut s, p),
            Item::Text(t) => text(&mut s, t, fonts),
        }
    }
    if open.is_some() {
        s.push_str("</g>\n");
    }
    let tab = if extras.links_unfocusable {
        r#" tabindex="-1""#
    } else {
        ""
    };
    for (r, url) in &frame.links {
        let _ = writeln!(
            s,
            r#"<a href="{}" xlink:href="{}"{tab}><rect x="{}" y="{}" width="{}" height="{}" fill="none" pointer-events="all"/></a>"#,
            escape(url),
            escape(url),
            num(r[0]),
            num(r[1]),
            num(r[2] - r[0]),
            num(r[3] - r[1])
        );
    }
    if !extras.tips.is_empty() {
        s.push_str("<g class=\"tips\">\n");
        for t in extras.tips {
            let _ = writeln!(
                s,
                r##"<circle cx="{}" cy="{}" r="7" fill="#000" fill-opacity="0" pointer-events="all"><title>{}</title></circle>"##,
                num(t.x),
                num(t.y),
                escape(&t.text)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// A number with at most two decimals.
fn num(x: f32) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

pub fn path_data(segs: &[Seg]) -> String {
    let mut d = String::new();
    for seg in segs {
        match *seg {
            Seg::Move(x, y) => {
                let _ = write!(d, "M{} {}", num(x), num(y));
            }
            Seg::Line(x, y) => {
                let _ = write!(d, "L{} {}", num(x), num(y));
            }
            Seg::Cubic(a, b, c, e, x, y) => {
                let _ = write!(
                    d,
                    "C{} {} {} {} {} {}",
                    num(a),
                    num(b),
                    num(c),
                    num(e),
                    num(x),
                    num(y)
                );
            }
            Seg::Close => d.push('Z'),
        }
    }
    d
}

fn path(s: &mut String, p: &PathItem) {
    let _ = write!(s, r#"<path d="{}""#, path_data(&p.segs));
    match p.fill {
        Some(f) => {
            let _ = write!(s, r#" fill="{}""#, f.hex());
            if f.0[3] < 255 {
                let _ = write!(s, r#" fill-opacity="{:.3}""#, f.alpha());
            }
        }
        None => s.push_str(r#" fill="none""#),
    }
    if let Some((width, c)) = p.stroke {
        let _ = write!(
            s,
            r#" stroke="{}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="round""#,
            c.hex(),
            num(width)
        );
        if c.0[3] < 255 {
            let _ = write!(s, r#" stroke-opacity="{:.3}""#, c.alpha());
        }
    }
    s.push_str("/>\n");
}

fn text(s: &mut String, t: &TextRun, fonts: &FontSet) {
    let family = fonts
        .faces
        .get(t.face)
        .map_or(crate::fonts::DEJAVU_FAMILY, |f| f.family.as_str());
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" font-family="{}" font-size="{}" fill="{}""#,
        num(t.x),
        num(t.y),
        escape(family),
        num(t.size),
        t.color.hex()
    );
    if t.color.0[3] < 255 {
        let _ = write!(s, r#" fill-opacity="{:.3}""#, t.color.alpha());
    }
    if t.angle != 0.0 {
        let _ = write!(
            s,
            r#" transform="rotate({} {} {})""#,
            num(t.angle.to_degrees()),
            num(t.x),
            num(t.y)
        );
    } else if t.italic {
        // Slanted about the baseline, as egui draws italics.
        let k = super::vector::ITALIC_SKEW;
        let _ = write!(s, r#" transform="matrix(1 0 {} 1 {} 0)""#, -k, num(k * t.y));
    }
    let _ = writeln!(s, r#" xml:space="preserve">{}</text>"#, escape(&t.text));
}

/// Text escaped for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}
