//! Themes for a projector: light, dark and high contrast, and the text sizes of the stage.

use egui::{Color32, Context, FontFamily, FontId, TextStyle, Visuals};

use crate::model::deck::{Rgb, ThemeName};

/// Colours the stage uses beyond egui's visuals.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    pub highlight_bg: Color32,
    pub highlight_lit_bg: Color32,
    pub highlight_text: Color32,
    pub quote_text: Color32,
    pub muted: Color32,
    pub accent: Color32,
    pub check_bg: Color32,
    pub check_border: Color32,
    pub annotation: Color32,
    pub span_fill: Color32,
    pub epilogue: Color32,
}

pub fn palette(theme: ThemeName) -> Palette {
    match theme {
        ThemeName::Light => Palette {
            highlight_bg: Color32::from_rgb(0xFF, 0xE8, 0x99),
            highlight_lit_bg: Color32::from_rgb(0xFF, 0xC1, 0x3B),
            highlight_text: Color32::from_rgb(0x10, 0x10, 0x10),
            quote_text: Color32::from_rgb(0x1A, 0x1A, 0x1A),
            muted: Color32::from_rgb(0x55, 0x55, 0x55),
            accent: Color32::from_rgb(0x00, 0x5A, 0x9C),
            check_bg: Color32::from_rgb(0xFD, 0xEE, 0xE6),
            check_border: Color32::from_rgb(0xC0, 0x4A, 0x00),
            annotation: Color32::from_rgb(0x44, 0x44, 0x44),
            span_fill: Color32::from_rgba_unmultiplied(0x88, 0x88, 0x88, 0x30),
            epilogue: Color32::from_rgb(0x6A, 0x3D, 0x9A),
        },
        ThemeName::Dark => Palette {
            highlight_bg: Color32::from_rgb(0x5C, 0x4A, 0x10),
            highlight_lit_bg: Color32::from_rgb(0x99, 0x74, 0x00),
            highlight_text: Color32::from_rgb(0xFF, 0xFF, 0xFF),
            quote_text: Color32::from_rgb(0xEE, 0xEE, 0xEE),
            muted: Color32::from_rgb(0xB0, 0xB0, 0xB0),
            accent: Color32::from_rgb(0x56, 0xB4, 0xE9),
            check_bg: Color32::from_rgb(0x3A, 0x22, 0x14),
            check_border: Color32::from_rgb(0xE6, 0x9F, 0x00),
            annotation: Color32::from_rgb(0xCC, 0xCC, 0xCC),
            span_fill: Color32::from_rgba_unmultiplied(0xAA, 0xAA, 0xAA, 0x28),
            epilogue: Color32::from_rgb(0xCC, 0x99, 0xFF),
        },
        ThemeName::HighContrast => Palette {
            highlight_bg: Color32::from_rgb(0xFF, 0xFF, 0x00),
            highlight_lit_bg: Color32::from_rgb(0x00, 0xFF, 0xFF),
            highlight_text: Color32::BLACK,
            quote_text: Color32::WHITE,
            muted: Color32::from_rgb(0xE0, 0xE0, 0xE0),
            accent: Color32::from_rgb(0xFF, 0xFF, 0x00),
            check_bg: Color32::BLACK,
            check_border: Color32::from_rgb(0xFF, 0xFF, 0x00),
            annotation: Color32::WHITE,
            span_fill: Color32::from_rgba_unmultiplied(0xFF, 0xFF, 0xFF, 0x30),
            epilogue: Color32::from_rgb(0xFF, 0x99, 0xFF),
        },
    }
}

/// Installs the stage's fonts: DejaVu Sans first for text (fallback for monospace), then the
/// system's fallback for the scripts it lacks (Chinese), found once per process.
pub fn install_fonts(ctx: &Context) {
    install_font_set(ctx, crate::fonts::FontSet::system());
}

/// Installs `set`'s faces: the first as the first choice, the others as fallbacks.
pub fn install_font_set(ctx: &Context, set: &crate::fonts::FontSet) {
    use egui::epaint::text::{FontData, FontInsert, FontPriority, InsertFontFamily};
    for (i, face) in set.faces.iter().enumerate() {
        let priority = if i == 0 {
            FontPriority::Highest
        } else {
            FontPriority::Lowest
        };
        ctx.add_font(FontInsert {
            name: if i == 0 {
                "DejaVuSans".to_owned()
            } else {
                format!("fallback-{}", face.family)
            },
            data: FontData::from_blob(face.data.clone(), face.index),
            families: vec![
                InsertFontFamily {
                    family: FontFamily::Proportional,
                    priority,
                },
                InsertFontFamily {
                    family: FontFamily::Monospace,
                    priority: FontPriority::Lowest,
                },
            ],
        });
    }
}

/// Sets visuals, text sizes and the zoom factor that scales every text and line.
pub fn apply(ctx: &Context, theme: ThemeName, font_scale: f32) {
    let mut visuals = match theme {
        ThemeName::Light => Visuals::light(),
        ThemeName::Dark => Visuals::dark(),
        ThemeName::HighContrast => {
            let mut v = Visuals::dark();
            v.panel_fill = Color32::BLACK;
            v.window_fill = Color32::BLACK;
            v.extreme_bg_color = Color32::BLACK;
            v.override_text_color = Some(Color32::WHITE);
            v.widgets.noninteractive.bg_stroke.color = Color32::WHITE;
            v.widgets.noninteractive.fg_stroke.color = Color32::WHITE;
            v.widgets.inactive.fg_stroke.color = Color32::WHITE;
            v.widgets.inactive.bg_stroke = egui::Stroke::new(1.5, Color32::WHITE);
            v.selection.bg_fill = Color32::from_rgb(0x00, 0x60, 0xFF);
            v
        }
    };
    if theme == ThemeName::Light {
        visuals.panel_fill = Color32::from_rgb(0xFB, 0xFA, 0xF7);
    }
    ctx.set_visuals_of(egui::Theme::Dark, visuals.clone());
    ctx.set_visuals_of(egui::Theme::Light, visuals);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(30.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(17.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(13.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(15.0, FontFamily::Monospace),
            ),
        ]
        .into();
    });
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    ctx.set_zoom_factor(font_scale);
}

/// A ring around the control with the keyboard focus, in the theme's accent, over everything:
/// egui's own sign of focus (a frameless button's brighter text) is too faint to find from
/// the back of a room, or at all in high contrast.
pub fn focus_ring_ui(ctx: &Context, theme: ThemeName) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(r) = ctx.read_response(id) else {
        return;
    };
    let rect = r.interact_rect;
    if !rect.is_positive() {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Tooltip,
        egui::Id::unique("focus-ring"),
    ));
    let accent = palette(theme).accent;
    // A dark or light halo under the ring keeps it visible on any background.
    let halo = match theme {
        ThemeName::Light => Color32::WHITE,
        ThemeName::Dark | ThemeName::HighContrast => Color32::BLACK,
    };
    let ring = rect.expand(3.0);
    painter.rect_stroke(
        ring,
        4.0,
        egui::Stroke::new(5.0, halo),
        egui::StrokeKind::Middle,
    );
    painter.rect_stroke(
        ring,
        4.0,
        egui::Stroke::new(3.0, accent),
        egui::StrokeKind::Middle,
    );
}

/// Reduced motion turns egui's own animations off (panels, scrolling, fades) as well.
pub fn apply_motion(ctx: &Context, reduce: bool) {
    let default = egui::Style::default();
    ctx.all_styles_mut(|style| {
        style.animation_time = if reduce { 0.0 } else { default.animation_time };
        style.scroll_animation = if reduce {
            egui::style::ScrollAnimation::none()
        } else {
            default.scroll_animation
        };
    });
}

pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.r, rgb.g, rgb.b)
}

/// An era's shade on the timeline: its colour, or a neutral tint.
pub fn era_fill(rgb: Option<Rgb>, theme: ThemeName, i: usize) -> Color32 {
    let base = rgb.map(color).unwrap_or_else(|| {
        if i.is_multiple_of(2) {
            Color32::from_gray(0xDD)
        } else {
            Color32::from_gray(0xC8)
        }
    });
    match theme {
        ThemeName::Light => base,
        ThemeName::Dark | ThemeName::HighContrast => {
            Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), 0x55)
        }
    }
}
