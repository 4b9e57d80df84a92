//! The fonts text is drawn with, in the app and in exports: DejaVu Sans (bundled), then a
//! fallback font from the system for the scripts DejaVu lacks (Chinese: 中国制造2025). Plain
//! Rust (no egui): the app installs these bytes into egui, the export embeds them in PDF and
//! hands them to resvg, and `check` asks which characters no font can draw.

use std::sync::{Arc, OnceLock};

/// DejaVu Sans: heavier strokes than egui's default font (easier to read from the back of a
/// room) and the arrows, shapes and punctuation the stage uses.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// The family name inside `DEJAVU_SANS`.
pub const DEJAVU_FAMILY: &str = "DejaVu Sans";

/// One font face: its family name, the file's bytes and the face's index in it (a `.ttc`
/// holds several).
#[derive(Clone, Debug)]
pub struct Face {
    pub family: String,
    pub data: Arc<Vec<u8>>,
    pub index: u32,
}

impl Face {
    /// Whether this face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        ttf_parser::Face::parse(&self.data, self.index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some()
    }
}

/// The faces text is drawn with, first choice first: DejaVu Sans, then the fallback.
#[derive(Clone, Debug)]
pub struct FontSet {
    pub faces: Vec<Face>,
    /// Per face, the parsed character map (so lookups do not parse the font again).
    covered: Vec<CharCover>,
}

/// Which characters a face covers, kept as the face's code point ranges.
#[derive(Clone, Debug, Default)]
struct CharCover {
    ranges: Vec<(u32, u32)>,
}

impl CharCover {
    fn of(face: &Face) -> CharCover {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        if let Ok(f) = ttf_parser::Face::parse(&face.data, face.index)
            && let Some(cmap) = f.tables().cmap
        {
            let mut cps: Vec<u32> = Vec::new();
            for sub in cmap.subtables {
                if sub.is_unicode() {
                    sub.codepoints(|cp| {
                        if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                            cps.push(cp);
                        }
                    });
                }
            }
            cps.sort_unstable();
            cps.dedup();
            for cp in cps {
                match ranges.last_mut() {
                    Some(last) if last.1 + 1 == cp => last.1 = cp,
                    _ => ranges.push((cp, cp)),
                }
            }
        }
        CharCover { ranges }
    }

    fn contains(&self, c: char) -> bool {
        let cp = c as u32;
        let i = self.ranges.partition_point(|r| r.1 < cp);
        self.ranges.get(i).is_some_and(|r| r.0 <= cp)
    }
}

impl FontSet {
    /// DejaVu Sans and the given fallbacks.
    pub fn with_fallbacks(fallbacks: Vec<Face>) -> FontSet {
        let mut faces = vec![Face {
            family: DEJAVU_FAMILY.to_owned(),
            data: Arc::new(DEJAVU_SANS.to_vec()),
            index: 0,
        }];
        faces.extend(fallbacks);
        let covered = faces.iter().map(CharCover::of).collect();
        FontSet { faces, covered }
    }

    /// DejaVu Sans alone (read once per process): what the app starts with.
    pub fn bundled() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| FontSet::with_fallbacks(Vec::new()))
    }

    /// DejaVu Sans and, when the system has one, a CJK fallback (found once per process).
    pub fn system() -> &'static FontSet {
        static SET: OnceLock<FontSet> = OnceLock::new();
        SET.get_or_init(|| FontSet::with_fallbacks(system_fallback().into_iter().collect()))
    }

    /// The first face that has a glyph for `c`; whitespace and characters no face covers go
    /// to the first face.
    pub fn face_for(&self, c: char) -> usize {
        if c.is_whitespace() || c.is_control() {
            return 0;
        }
        self.covered
            .iter()
            .position(|cover| cover.contains(c))
            .unwrap_or(0)
    }

    /// Whether some face can draw `c`.
    pub fn can_draw(&self, c: char) -> bool {
        c.is_whitespace() || c.is_control() || self.covered.iter().any(|cv| cv.contains(c))
    }
}

/// Families tried first for the fallback, in order (Debian's `fonts-noto-cjk` and others).
const PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
];

/// A system font that draws Chinese (中), through fontconfig's folders: a preferred family when
/// present, else any face that covers it. `None` when the system has none.
pub fn system_fallback() -> Option<Face> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let family_of = |info: &fontdb::FaceInfo| {
        info.families
            .first()
            .map(|(name, _)| name.clone())
            .unwrap_or_default()
    };
    let regular = |info: &fontdb::FaceInfo| {
        info.weight == fontdb::Weight::NORMAL && info.style == fontdb::Style::Normal
    };
    let faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    let chosen = PREFERRED
        .iter()
        .find_map(|want| {
            faces
                .iter()
                .copied()
                .filter(|f| regular(f))
                .find(|f| f.families.iter().any(|(n, _)| n == want))
        })
        .or_else(|| {
            faces.iter().copied().filter(|f| regular(f)).find(|f| {
                db.with_face_data(f.id, |data, index| {
                    ttf_parser::Face::parse(data, index)
                        .ok()
                        .and_then(|face| face.glyph_index('中'))
                        .is_some()
                })
                .unwrap_or(false)
            })
        })?;
    let family = family_of(chosen);
    let index = chosen.index;
    let data = db.with_face_data(chosen.id, |data, _| data.to_vec())?;
    Some(Face {
        family,
        data: Arc::new(data),
        index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_draws_latin_but_not_chinese() {
        let set = FontSet::with_fallbacks(Vec::new());
        assert!(set.can_draw('a'));
        assert!(set.can_draw('→'));
        assert!(!set.can_draw('中'));
        assert_eq!(set.face_for('中'), 0);
    }
}

/// Whether any text of `deck` has a character the bundled DejaVu Sans cannot draw: only then
/// does the app load a system fallback font (a CJK font is ~19 MB and slows the first frame).
pub fn deck_needs_fallback(deck: &crate::model::Deck) -> bool {
    let base = FontSet::bundled();
    let mut texts: Vec<&str> = vec![&deck.title, &deck.subtitle, &deck.author];
    texts.extend(deck.eras.iter().map(|e| e.label.as_str()));
    for s in &deck.scenes {
        texts.extend([s.title.as_str(), s.notes.as_str()]);
        for e in &s.excerpts {
            texts.extend([
                e.quote.as_str(),
                e.attribution.outlet.as_str(),
                e.attribution.author.as_str(),
                e.attribution.speaker.as_str(),
                e.attribution.headline.as_str(),
            ]);
            texts.extend(e.highlights.iter().map(|h| h.note.as_str()));
        }
        for c in &s.checks {
            texts.extend([c.claim.as_str(), c.finding.as_str()]);
        }
        if let Some(p) = &s.plot {
            texts.extend([
                p.title.as_str(),
                p.y_label.as_str(),
                p.y_unit.as_str(),
                p.measure_note.as_str(),
                p.description.as_str(),
            ]);
            for series in &p.series {
                texts.extend([
                    series.label.as_str(),
                    series.unit.as_str(),
                    series.caveat.as_str(),
                    series.source.title.as_str(),
                    series.source.publisher.as_str(),
                ]);
            }
            texts.extend(p.annotations.iter().map(|a| a.label.as_str()));
        }
        texts.extend(s.steps.iter().map(|st| st.notes.as_str()));
    }
    texts
        .iter()
        .flat_map(|t| t.chars())
        .any(|c| !c.is_ascii() && !base.can_draw(c))
}

#[cfg(test)]
mod fallback_tests {
    use super::*;

    #[test]
    fn only_a_deck_with_characters_dejavu_lacks_needs_the_fallback() {
        let mut deck = crate::model::load(&crate::bundled::source())
            .deck
            .unwrap_or_else(|| panic!("the bundled deck loads"));
        assert!(
            !deck_needs_fallback(&deck),
            "the bundled story is Latin script"
        );
        if let Some(scene) = deck.scenes.get_mut(3) {
            scene.title = "中国制造2025".to_owned();
        }
        assert!(deck_needs_fallback(&deck));
    }
}
