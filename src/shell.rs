//! The eframe shell: opens the deck the command line names (or the bundled story), restores
//! preferences, and runs the app in a native window.

use std::path::{Path, PathBuf};

use crate::app::{App, Prefs};
use crate::model::diag::Diagnostic;
use crate::model::load::{LoadOptions, load_with};
use crate::model::memo::Cache;
use crate::model::nav::Position;
use crate::model::source::{DeckSource, DirSource};
use crate::model::{Deck, load};
use crate::state::State;

const PREFS_KEY: &str = "storyplot.prefs";

/// Where the deck comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum DeckOrigin {
    Folder(PathBuf),
    Bundled,
}

impl DeckOrigin {
    /// The folder named on the command line; otherwise `scenes/` when run from the repository;
    /// otherwise the copy compiled into the binary.
    pub fn choose(arg: Option<&Path>) -> DeckOrigin {
        Self::choose_in(arg, Path::new(""))
    }

    /// [`DeckOrigin::choose`] as if run from `cwd`.
    pub fn choose_in(arg: Option<&Path>, cwd: &Path) -> DeckOrigin {
        let repo_deck = cwd.join("scenes");
        match arg {
            Some(dir) => DeckOrigin::Folder(dir.to_owned()),
            None if repo_deck.join(crate::model::load::DECK_FILE).is_file() => {
                DeckOrigin::Folder(repo_deck)
            }
            None => DeckOrigin::Bundled,
        }
    }

    /// Loads the deck; `Err` carries every problem (or the folder's error) as text.
    pub fn load(&self) -> Result<Deck, Vec<Diagnostic>> {
        let loaded = match self {
            DeckOrigin::Folder(dir) => match DirSource::open(dir) {
                Ok(source) => load(&source as &dyn DeckSource),
                Err(e) => {
                    return Err(vec![Diagnostic::whole_file(
                        crate::model::diag::Severity::Error,
                        &e.path,
                        e.reason,
                    )]);
                }
            },
            DeckOrigin::Bundled => load(&crate::bundled::source()),
        };
        match loaded.deck {
            Some(deck) if !deck.scenes.is_empty() => Ok(deck),
            _ => Err(loaded
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect()),
        }
    }

    /// Loads the deck for the window: big data files are not read here but on another thread
    /// once the window is up (see [`Opening::Reading`]).
    pub fn open(&self) -> Opening {
        let DeckOrigin::Folder(dir) = self else {
            return match self.load() {
                Ok(deck) => Opening::Ready(deck, Cache::default()),
                Err(problems) => Opening::Failed(problems),
            };
        };
        let source = match DirSource::open(dir) {
            Ok(source) => source,
            Err(e) => {
                return Opening::Failed(vec![Diagnostic::whole_file(
                    crate::model::diag::Severity::Error,
                    &e.path,
                    e.reason,
                )]);
            }
        };
        let mut cache = Cache::default();
        let options = LoadOptions {
            defer_bytes: Some(crate::state::BACKGROUND_READ_BYTES),
        };
        let loaded = load_with(&source, &mut cache, options);
        if !loaded.pending.is_empty() {
            return Opening::Reading(cache);
        }
        match loaded.deck {
            Some(deck) if !deck.scenes.is_empty() => Opening::Ready(deck, cache),
            _ => Opening::Failed(
                loaded
                    .diagnostics
                    .into_iter()
                    .filter(Diagnostic::is_error)
                    .collect(),
            ),
        }
    }

    /// The key remembered in preferences for this origin.
    pub fn remembered(&self) -> Option<PathBuf> {
        match self {
            DeckOrigin::Folder(dir) => Some(dir.canonicalize().unwrap_or_else(|_| dir.clone())),
            DeckOrigin::Bundled => None,
        }
    }

    pub fn label(&self) -> String {
        match self {
            DeckOrigin::Folder(dir) => dir.display().to_string(),
            DeckOrigin::Bundled => "the bundled story".to_owned(),
        }
    }
}

/// What the first load found.
pub enum Opening {
    /// The deck, and the cache its load filled.
    Ready(Deck, Cache),
    /// Big data files to read first: the window opens at once and reads them on a thread.
    Reading(Cache),
    /// Why the deck cannot be opened.
    Failed(Vec<Diagnostic>),
}

/// Options the command line passes to the window.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    pub deck: Option<PathBuf>,
    pub scene: Option<String>,
    pub present: bool,
    pub presenter: bool,
    /// `--screen N`: the stage's screen (an index of `--list-screens`).
    pub screen: Option<usize>,
    /// Print a line to stderr for every frame painted, and a total at exit.
    pub frame_stats: bool,
    /// Print the time from process start to the first frame, then close.
    pub exit_after_first_frame: bool,
    /// When the process started (for start-up timing).
    pub started: Option<std::time::Instant>,
}

/// Counting painted frames, for `--frame-stats` and `--exit-after-first-frame`.
#[derive(Debug, Default)]
pub struct FrameStats {
    pub frames: u64,
    pub print_each: bool,
    pub exit_after_first: bool,
    pub started: Option<std::time::Instant>,
}

impl FrameStats {
    fn since_start_ms(&self) -> f64 {
        self.started
            .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0)
    }

    /// Called once per frame, after the UI is built, with the CPU time the app took for it
    /// (input, drawing, applying actions) and eframe's total for the previous frame (the app,
    /// tessellation and painting).
    fn frame(&mut self, ctx: &egui::Context, app_ms: f64, previous_total_ms: Option<f64>) {
        self.frames += 1;
        if self.print_each {
            let previous = previous_total_ms.map_or(String::new(), |ms| {
                format!(", previous frame in all {ms:.1} ms")
            });
            eprintln!(
                "storyplot: frame {} at {:.1} ms: cpu {app_ms:.2} ms{previous}",
                self.frames,
                self.since_start_ms()
            );
        }
        if self.exit_after_first && self.frames == 1 {
            eprintln!(
                "storyplot: first frame after {:.1} ms",
                self.since_start_ms()
            );
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// The app in its window, with frame statistics.
pub struct Shell {
    pub screen: Screen,
    pub stats: FrameStats,
    /// Follows the screens: re-places the windows when they change.
    pub screens: crate::screens::ScreenWatch,
}

/// What the window shows: the presentation, or why the deck could not be opened.
pub enum Screen {
    Running(Box<App>),
    Failed {
        label: String,
        problems: Vec<Diagnostic>,
    },
}

impl Shell {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        opening: Opening,
        origin: &DeckOrigin,
        options: &StartOptions,
    ) -> Shell {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let ctx = cc.egui_ctx.clone();
        let wake: crate::state::Waker = std::sync::Arc::new(move || ctx.request_repaint());
        Shell {
            screen: Screen::new(opening, origin, prefs, options, Some(wake)),
            stats: FrameStats {
                frames: 0,
                print_each: options.frame_stats,
                exit_after_first: options.exit_after_first_frame,
                started: options.started,
            },
            screens: Default::default(),
        }
    }
}

impl Screen {
    /// The app on the deck `opening` found, where the viewer asked to start (`--scene`) or left
    /// off last time.
    pub fn new(
        opening: Opening,
        origin: &DeckOrigin,
        prefs: Prefs,
        options: &StartOptions,
        wake: Option<crate::state::Waker>,
    ) -> Screen {
        let remembered = origin.remembered();
        let mut prefs = prefs;
        if prefs.last_deck != remembered {
            // Where the viewer left off belongs to another deck.
            prefs.last_position = None;
        }
        prefs.last_deck = remembered;
        let (state, cache) = match opening {
            Opening::Failed(problems) => {
                return Screen::Failed {
                    label: origin.label(),
                    problems,
                };
            }
            Opening::Ready(deck, cache) => {
                let pos = match &options.scene {
                    Some(text) => Position::parse(text, &deck).ok(),
                    None => crate::state::restored(&prefs, &deck),
                }
                .unwrap_or_default();
                let mut state = State::new(deck, origin.label());
                state.show.pos = pos.clamped(&state.doc.deck);
                (state, cache)
            }
            Opening::Reading(cache) => {
                let DeckOrigin::Folder(dir) = origin else {
                    return Screen::Failed {
                        label: origin.label(),
                        problems: Vec::new(),
                    };
                };
                let mut state = State::placeholder(dir);
                state.start_at = options.scene.clone();
                (state, cache)
            }
        };
        let mut app = App::from_state(state).with_prefs(prefs);
        if let DeckOrigin::Folder(dir) = origin {
            app.state.attach_folder(dir, cache, wake);
        } else {
            app.state.doc.wake = wake;
        }
        app.state.show.fullscreen = options.present;
        app.state.show.presenter_open = options.presenter;
        Screen::Running(Box::new(app))
    }
}

impl eframe::App for Shell {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let start = std::time::Instant::now();
        if let Screen::Running(app) = &self.screen {
            let state = crate::screens::StageState {
                fullscreen: app.state.show.fullscreen,
                presenter_open: app.state.show.presenter_open,
                swapped: app.state.show.screens_swapped,
            };
            let window = frame.winit_window().map(|w| w.as_ref());
            self.screens.frame(ui.ctx(), window, state);
        }
        match &mut self.screen {
            Screen::Running(app) => app.ui(ui),
            Screen::Failed { label, problems } => {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.heading(format!("{label} could not be opened"));
                    ui.label("Fix these problems in the deck's files, then start Storyplot again (or run `storyplot check`):");
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        for p in problems.iter() {
                            ui.label(egui::RichText::new(p.to_string()).monospace());
                        }
                    });
                });
            }
        }
        let app_ms = start.elapsed().as_secs_f64() * 1000.0;
        let previous = frame.info().cpu_usage.map(|s| f64::from(s) * 1000.0);
        self.stats.frame(ui.ctx(), app_ms, previous);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Screen::Running(app) = &self.screen {
            eframe::set_value(storage, PREFS_KEY, &app.state.prefs);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.stats.print_each {
            eprintln!(
                "storyplot: {} frames in {:.1} s",
                self.stats.frames,
                self.stats.since_start_ms() / 1000.0
            );
        }
    }
}

/// Opens the window. Returns the process exit code.
pub fn run(options: StartOptions) -> i32 {
    let origin = DeckOrigin::choose(options.deck.as_deref());
    let opening = origin.open();
    match &opening {
        Opening::Failed(problems) => {
            for p in problems {
                eprint!("{p}");
            }
        }
        Opening::Ready(deck, _) => {
            if let Some(text) = &options.scene
                && let Err(e) = Position::parse(text, deck)
            {
                eprintln!("storyplot: --scene {text}: {e}");
                return 2;
            }
        }
        Opening::Reading(_) => {}
    }
    // Our own event loop, to read the screens before the window opens and place it.
    let mut event_loop =
        match winit::event_loop::EventLoop::<eframe::UserEvent>::with_user_event().build() {
            Ok(event_loop) => event_loop,
            Err(e) => {
                eprintln!("storyplot: cannot open a window: {e}");
                return 1;
            }
        };
    let screens = crate::screens::query(&mut event_loop).unwrap_or_else(|e| {
        eprintln!("storyplot: cannot list the screens: {e}");
        Vec::new()
    });
    if let Some(n) = options.screen
        && n >= screens.len()
    {
        eprintln!(
            "storyplot: --screen {n}: there {} (storyplot --list-screens lists them)",
            match screens.len() {
                1 => "is 1 screen, number 0".to_owned(),
                count => format!("are {count} screens, numbered from 0"),
            }
        );
        return 2;
    }
    let wanted = crate::screens::Wanted {
        present: options.present,
        presenter: options.presenter,
        stage_screen: options.screen,
    };
    let watch = crate::screens::ScreenWatch::new(wanted, &screens);
    let viewport = egui::ViewportBuilder::default()
        .with_title("Storyplot")
        .with_inner_size([1280.0, 760.0])
        .with_min_inner_size({
            let (w, h) = crate::placement::STAGE_MIN_PTS;
            [w as f32, h as f32]
        })
        .with_fullscreen(options.present);
    let native = eframe::NativeOptions {
        viewport,
        // Runs after eframe put the saved geometry in: keep it only where it fits a screen.
        window_builder: Some(Box::new(move |builder| {
            crate::screens::place_start(builder, &screens, wanted)
        })),
        ..Default::default()
    };
    let mut app = eframe::create_native(
        "Storyplot",
        native,
        Box::new(move |cc| {
            let mut shell = Shell::new(cc, opening, &origin, &options);
            shell.screens = watch;
            Ok(Box::new(shell))
        }),
        &event_loop,
    );
    use winit::platform::run_on_demand::EventLoopExtRunOnDemand as _;
    match event_loop.run_app_on_demand(&mut app) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("storyplot: cannot open a window: {e}");
            1
        }
    }
}

/// `storyplot --list-screens`: prints the screens the app sees. Returns the exit code.
pub fn list_screens() -> i32 {
    let screens = winit::event_loop::EventLoop::<eframe::UserEvent>::with_user_event()
        .build()
        .map_err(|e| e.to_string())
        .and_then(|mut event_loop| crate::screens::query(&mut event_loop));
    match screens {
        Ok(screens) => {
            print!("{}", crate::screens::list_text(&screens));
            0
        }
        Err(e) => {
            eprintln!("storyplot: cannot list the screens: {e}");
            1
        }
    }
}
