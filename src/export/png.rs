//! A frame's SVG rendered to PNG on the CPU (resvg / tiny-skia), with the same font bytes the
//! PDF embeds, so no system font and no GPU is needed.

use std::sync::Arc;

use crate::fonts::FontSet;

/// Renders SVG to PNG; keeps the fonts loaded between pictures.
pub struct PngRenderer {
    options: resvg::usvg::Options<'static>,
}

impl PngRenderer {
    pub fn new(fonts: &FontSet) -> PngRenderer {
        let mut options = resvg::usvg::Options {
            font_family: crate::fonts::DEJAVU_FAMILY.to_owned(),
            ..Default::default()
        };
        let db = options.fontdb_mut();
        for face in &fonts.faces {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = face.data.clone();
            db.load_font_source(resvg::usvg::fontdb::Source::Binary(data));
        }
        PngRenderer { options }
    }

    /// The pixels of `svg` at `width` × `height`, RGBA not premultiplied.
    pub fn render_rgba(&self, svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
        let pixmap = self.pixmap(svg, width, height)?;
        Ok(pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect())
    }

    fn pixmap(
        &self,
        svg: &str,
        width: u32,
        height: u32,
    ) -> Result<resvg::tiny_skia::Pixmap, String> {
        let tree = resvg::usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
            .ok_or_else(|| format!("cannot make a {width}x{height} picture"))?;
        let size = tree.size();
        let transform = resvg::tiny_skia::Transform::from_scale(
            width as f32 / size.width(),
            height as f32 / size.height(),
        );
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        Ok(pixmap)
    }

    /// The PNG file of `svg` at `width` × `height` pixels (the SVG's own size).
    pub fn render(&self, svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
        self.pixmap(svg, width, height)?
            .encode_png()
            .map_err(|e| e.to_string())
    }
}
