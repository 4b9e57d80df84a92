//! Issue 5 foundations: editing through a working copy (preview through an overlay, undo and
//! redo), saving only changed files atomically, conflicts with changes on disk, and a save that
//! is killed over and over never leaves a torn file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::Fixture;
use storyplot::model::load;
use storyplot::model::workspace::Workspace;

#[test]
fn edits_preview_through_the_overlay_and_undo_redo() {
    let f = Fixture::new();
    let mut ws = Workspace::open(f.path()).unwrap();
    let text = ws.text("01-war.ron").unwrap();
    // typing into one field: one undo step
    for (i, title) in ["T", "Ti", "Tit", "Title"].iter().enumerate() {
        let t = text.replace("The trade war begins", title);
        assert!(ws.set_text("01-war.ron", t, "01-war.ron/title", 0.1 * i as f64));
    }
    let deck = load(&ws.overlay()).deck.unwrap();
    assert_eq!(deck.scenes[0].title, "Title");
    assert_eq!(ws.dirty(), ["01-war.ron"]);
    // the file on disk is untouched until saved
    assert_eq!(std::fs::read_to_string(f.file("01-war.ron")).unwrap(), text);
    // a second field later: a second step
    ws.set_text(
        "02-deal.ron",
        ws.text("02-deal.ron").unwrap().replace("Phase One", "Deal"),
        "02/title",
        5.0,
    );
    assert!(ws.undo());
    assert_eq!(
        load(&ws.overlay()).deck.unwrap().scenes[1].title,
        "Phase One"
    );
    assert!(ws.undo());
    assert_eq!(
        load(&ws.overlay()).deck.unwrap().scenes[0].title,
        "The trade war begins"
    );
    assert!(!ws.is_dirty());
    assert!(!ws.undo());
    assert!(ws.redo());
    assert_eq!(load(&ws.overlay()).deck.unwrap().scenes[0].title, "Title");
    // a broken edit: the overlay reports it where it is
    ws.set_text(
        "02-deal.ron",
        ws.text("02-deal.ron")
            .unwrap()
            .replace(r#"era: "war""#, r#"era: "wat""#),
        "02/era",
        9.0,
    );
    let loaded = load(&ws.overlay());
    assert!(loaded.deck.is_none());
    assert!(
        loaded.diagnostics[0]
            .headline()
            .ends_with(r#"02-deal.ron:5:10: unknown era "wat" (known: war)"#)
    );
}

#[test]
fn save_writes_only_changed_files_and_then_is_clean() {
    let f = Fixture::new();
    let mut ws = Workspace::open(f.path()).unwrap();
    let deal_before = std::fs::metadata(f.file("02-deal.ron"))
        .unwrap()
        .modified()
        .unwrap();
    let new = ws
        .text("01-war.ron")
        .unwrap()
        .replace("The trade war begins", "Saved title");
    ws.set_text("01-war.ron", new.clone(), "t", 0.0);
    assert_eq!(ws.save().unwrap(), ["01-war.ron"]);
    assert_eq!(std::fs::read_to_string(f.file("01-war.ron")).unwrap(), new);
    assert_eq!(
        std::fs::metadata(f.file("02-deal.ron"))
            .unwrap()
            .modified()
            .unwrap(),
        deal_before
    );
    assert!(!ws.is_dirty());
    // no temporary files left behind
    let leftovers: Vec<String> = std::fs::read_dir(f.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".storyplot-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // our own save coming back through the watcher is not a conflict
    assert_eq!(ws.disk_changed("01-war.ron"), None);
}

#[test]
fn a_change_on_disk_under_unsaved_edits_is_a_conflict_never_silently_lost() {
    let f = Fixture::new();
    let mut ws = Workspace::open(f.path()).unwrap();
    let original = ws.text("01-war.ron").unwrap();
    let mine = original.replace("The trade war begins", "Mine");
    ws.set_text("01-war.ron", mine.clone(), "t", 0.0);
    let theirs = original.replace("The trade war begins", "Theirs");
    std::fs::write(f.file("01-war.ron"), &theirs).unwrap();
    let conflict = ws.disk_changed("01-war.ron").expect("a conflict");
    assert_eq!(conflict.disk_text, theirs);
    // keep mine: the edits stay, and saving overwrites the disk version knowingly
    ws.settle(&conflict, true, 1.0);
    assert_eq!(ws.text("01-war.ron").unwrap(), mine);
    assert!(ws.is_dirty());
    // a file with no unsaved edits just follows the disk
    std::fs::write(
        f.file("02-deal.ron"),
        ws.text("02-deal.ron").unwrap().replace("Phase One", "Disk"),
    )
    .unwrap();
    assert_eq!(ws.disk_changed("02-deal.ron"), None);
    assert_eq!(load(&ws.overlay()).deck.unwrap().scenes[1].title, "Disk");
    // take theirs: the edits go, undoably
    std::fs::write(
        f.file("01-war.ron"),
        original.replace("The trade war begins", "Theirs 2"),
    )
    .unwrap();
    let conflict = ws.disk_changed("01-war.ron").unwrap();
    ws.settle(&conflict, false, 2.0);
    assert_eq!(
        load(&ws.overlay()).deck.unwrap().scenes[0].title,
        "Theirs 2"
    );
    assert!(ws.undo());
    assert_eq!(ws.text("01-war.ron").unwrap(), mine);
}

/// The child side of the crash test: saves two versions of a scene alternately, forever.
#[test]
fn child_save_loop() {
    let Ok(path) = std::env::var("STORYPLOT_SAVE_LOOP") else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    // the original text, as the parent first saw it (the file itself may hold either version)
    let a = std::fs::read_to_string(path.with_extension("orig")).unwrap();
    let b = a.replace(
        "The trade war begins",
        &"A much longer title that makes the file bigger ".repeat(50),
    );
    storyplot::model::save::write_atomic(&path, b.as_bytes()).unwrap();
    storyplot::model::save::write_atomic(&path, a.as_bytes()).unwrap();
    // tell the parent the loop is running
    std::fs::write(path.with_extension("ready"), b"").unwrap();
    loop {
        storyplot::model::save::write_atomic(&path, b.as_bytes()).unwrap();
        storyplot::model::save::write_atomic(&path, a.as_bytes()).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let f = Fixture::new();
    let path = f.file("01-war.ron");
    let a = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path.with_extension("orig"), &a).unwrap();
    let b = a.replace(
        "The trade war begins",
        &"A much longer title that makes the file bigger ".repeat(50),
    );
    let exe = std::env::current_exe().unwrap();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut seen_b = 0;
    for round in 0..40 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "child_save_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("STORYPLOT_SAVE_LOOP", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // wait until the child is saving (a loaded machine may take a while to start it)
        let ready = path.with_extension("ready");
        let start = std::time::Instant::now();
        while !ready.exists() && start.elapsed() < std::time::Duration::from_secs(20) {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(
            ready.exists(),
            "round {round}: the child never started saving"
        );
        std::fs::remove_file(&ready).unwrap();
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        std::thread::sleep(std::time::Duration::from_millis(rng % 30));
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(
            now == a || now == b,
            "round {round}: a torn file of {} bytes",
            now.len()
        );
        seen_b += usize::from(now == b);
        storyplot::model::codec::parse::<storyplot::model::file::SceneFile>(&now).unwrap();
    }
    // The child was in its save loop at every kill (it signals after its first saves); which
    // version a kill catches depends on the machine's load, so it is reported, not asserted.
    eprintln!("the new version was on disk at {seen_b} of 40 kills");
}

#[test]
fn deck_operations_add_duplicate_move_and_remove_scenes_undoably() {
    let f = Fixture::new();
    let mut ws = Workspace::open(f.path()).unwrap();
    let new = ws.add_scene("01-war.ron", false, 0.0).unwrap();
    assert_eq!(new.file, "new-scene.ron");
    let deck = load(&ws.overlay()).deck.unwrap();
    let ids: Vec<&str> = deck.scenes.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["trade-war", "new-scene", "phase-one"]);
    let copy = ws.add_scene("02-deal.ron", true, 5.0).unwrap();
    assert_eq!(copy.id, "phase-one-copy");
    let deck = load(&ws.overlay()).deck.unwrap();
    assert_eq!(deck.scenes[3].title, "Phase One (copy)");
    assert!(ws.move_scene("02-deal.ron", -1, 10.0).unwrap());
    assert!(
        !ws.move_scene("01-war.ron", -1, 11.0).unwrap(),
        "nothing before the first"
    );
    let deck = load(&ws.overlay()).deck.unwrap();
    let ids: Vec<&str> = deck.scenes.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["trade-war", "phase-one", "new-scene", "phase-one-copy"]
    );
    ws.remove_scene("new-scene.ron", 20.0).unwrap();
    assert_eq!(load(&ws.overlay()).deck.unwrap().scenes.len(), 3);
    // each operation is one undo step, back to the start
    for _ in 0..4 {
        assert!(ws.undo());
    }
    assert!(!ws.undo());
    let deck = load(&ws.overlay()).deck.unwrap();
    assert_eq!(deck.scenes.len(), 2);
    // saving writes the new scene files and the deck
    ws.add_scene("01-war.ron", false, 30.0).unwrap();
    let written = ws.save().unwrap();
    assert_eq!(written, ["deck.ron", "new-scene.ron"]);
    let on_disk =
        storyplot::model::load(&storyplot::model::source::DirSource::open(f.path()).unwrap());
    assert_eq!(on_disk.deck.unwrap().scenes.len(), 3);
}

#[test]
fn save_as_and_new_deck_write_only_into_an_empty_folder() {
    let f = Fixture::new();
    let ws = Workspace::open(f.path()).unwrap();
    let target = tempfile::tempdir().unwrap();
    let copy = target.path().join("copy");
    storyplot::model::workspace::write_new_deck(&copy, &ws.all_files()).unwrap();
    let loaded = storyplot::model::load(&storyplot::model::source::DirSource::open(&copy).unwrap());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    // never over an existing deck
    let again = storyplot::model::workspace::write_new_deck(&copy, &ws.all_files()).unwrap_err();
    assert!(again.contains("the folder is not empty"), "{again}");
    let fresh = target.path().join("new");
    let starter: Vec<(String, Vec<u8>)> = storyplot::model::workspace::starter_deck()
        .into_iter()
        .map(|(n, t)| (n, t.into_bytes()))
        .collect();
    storyplot::model::workspace::write_new_deck(&fresh, &starter).unwrap();
    let loaded =
        storyplot::model::load(&storyplot::model::source::DirSource::open(&fresh).unwrap());
    assert_eq!(loaded.errors(), 0);
}
