//! Embeds the bundled deck (`scenes/`) in the binary, so the release build opens the story from
//! any folder. Lists every file under `scenes/` in a sorted, generated table.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push(rel.to_owned());
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let scenes = manifest.join("scenes");
    println!("cargo:rerun-if-changed=scenes");
    let mut files = Vec::new();
    walk(&scenes, &scenes, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Every file of the bundled deck, by name inside the deck folder.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for rel in files {
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.ends_with(".ron") || name.ends_with(".csv") || name.ends_with(".md") {
            println!("cargo:rerun-if-changed=scenes/{name}");
            code.push_str(&format!(
                "    ({name:?}, include_bytes!({:?})),\n",
                scenes.join(&rel).to_string_lossy()
            ));
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("bundled.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
