//! Series colours that hold on every background: WCAG 2.x contrast (1.4.11 asks 3:1 for parts of
//! graphics), a colour darkened or lightened toward the background's opposite until it reaches
//! that, and no two series of one plot in the same colour.

use super::deck::{PALETTE, Rgb};

/// The contrast graphics need against their background (WCAG 1.4.11).
pub const MIN_GRAPHICS_CONTRAST: f64 = 3.0;

/// Relative luminance (WCAG 2.x), 0 for black to 1 for white.
pub fn luminance(c: Rgb) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.040_45 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Rgb::new(m(a.r, b.r), m(a.g, b.g), m(a.b, b.b))
}

/// `color`, or the nearest colour toward black (on a light background) or white (on a dark one)
/// with at least `min` contrast against `background`: the hue stays, the lightness gives way.
pub fn legible(color: Rgb, background: Rgb, min: f64) -> Rgb {
    if contrast(color, background) >= min {
        return color;
    }
    let toward = if luminance(background) > 0.18 {
        Rgb::new(0, 0, 0)
    } else {
        Rgb::new(255, 255, 255)
    };
    (1..=20)
        .map(|k| mix(color, toward, f64::from(k) / 20.0))
        .find(|c| contrast(*c, background) >= min)
        .unwrap_or(toward)
}

/// The colours to draw a plot's series in on `background`: each legible, and no colour twice
/// (a later series that would repeat one takes the next palette colour no other series uses).
pub fn series_colors(colors: &[Rgb], background: Rgb) -> Vec<Rgb> {
    let mut out: Vec<Rgb> = Vec::with_capacity(colors.len());
    for &c in colors {
        let mut pick = legible(c, background, MIN_GRAPHICS_CONTRAST);
        if out.contains(&pick)
            && let Some(free) = PALETTE
                .iter()
                .map(|p| legible(*p, background, MIN_GRAPHICS_CONTRAST))
                .find(|p| !out.contains(p))
        {
            pick = free;
        }
        out.push(pick);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = Rgb::new(255, 255, 255);
    const BLACK: Rgb = Rgb::new(0, 0, 0);
    const DARK: Rgb = Rgb::new(10, 10, 10);

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast(WHITE, BLACK) - 21.0).abs() < 1e-9);
        // the figures: Okabe-Ito orange and sky blue on white
        assert!((contrast(Rgb::new(0xE6, 0x9F, 0x00), WHITE) - 2.25).abs() < 0.02);
        assert!((contrast(Rgb::new(0x56, 0xB4, 0xE9), WHITE) - 2.31).abs() < 0.02);
    }

    #[test]
    fn every_palette_colour_holds_on_every_background() {
        for bg in [WHITE, Rgb::new(0xFB, 0xFA, 0xF7), DARK, BLACK] {
            let colors = series_colors(&PALETTE, bg);
            for (c, p) in colors.iter().zip(PALETTE) {
                assert!(
                    contrast(*c, bg) >= MIN_GRAPHICS_CONTRAST,
                    "{p:?} as {c:?} on {bg:?}: {:.2}",
                    contrast(*c, bg)
                );
            }
            for (i, a) in colors.iter().enumerate() {
                assert!(!colors[i + 1..].contains(a), "{a:?} twice on {bg:?}");
            }
        }
        // colours that already hold are left alone
        assert_eq!(legible(PALETTE[0], WHITE, 3.0), PALETTE[0]);
    }

    #[test]
    fn two_series_never_share_a_colour() {
        let blue = PALETTE[0];
        let colors = series_colors(&[blue, blue], WHITE);
        assert_eq!(colors[0], blue);
        assert_ne!(colors[1], blue);
    }
}
