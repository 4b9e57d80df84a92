//! The screens the app sees (winit's monitors, through eframe) and the glue that puts the stage
//! and the presenter window where [`crate::placement`] says: before the window opens, when the
//! presenter opens, when the user swaps screens, and when a screen comes, goes or changes size.

use eframe::UserEvent;
use egui::{Context, Id, Pos2, Vec2, ViewportBuilder, ViewportCommand, ViewportId, pos2, vec2};
use winit::application::ApplicationHandler;
use winit::event_loop::{ActiveEventLoop, EventLoop};
use winit::monitor::MonitorHandle;

use crate::placement::{self, Mode, Placement, Rect, Request, ScreenInfo};

/// Screens as [`placement`] sees them, in winit's order (the order `ViewportCommand::SetMonitor`
/// counts in).
pub fn screens_from(
    monitors: impl IntoIterator<Item = MonitorHandle>,
    primary: Option<&MonitorHandle>,
) -> Vec<ScreenInfo> {
    monitors
        .into_iter()
        .map(|m| {
            let pos = m.position();
            let size = m.size();
            ScreenInfo {
                name: m.name().unwrap_or_default(),
                rect: Rect::new(pos.x, pos.y, size.width, size.height),
                scale: m.scale_factor(),
                primary: primary == Some(&m),
            }
        })
        .collect()
}

/// Reads the screens before any window exists: runs the event loop until it has started, then
/// stops it (winit lists monitors only from a running loop). The loop can run again afterwards.
pub fn query(event_loop: &mut EventLoop<UserEvent>) -> Result<Vec<ScreenInfo>, String> {
    use winit::platform::run_on_demand::EventLoopExtRunOnDemand as _;

    struct Lister(Option<Vec<ScreenInfo>>);
    impl ApplicationHandler<UserEvent> for Lister {
        fn resumed(&mut self, event_loop: &ActiveEventLoop) {
            let primary = event_loop.primary_monitor();
            self.0 = Some(screens_from(
                event_loop.available_monitors(),
                primary.as_ref(),
            ));
            event_loop.exit();
        }
        fn window_event(
            &mut self,
            _: &ActiveEventLoop,
            _: winit::window::WindowId,
            _: winit::event::WindowEvent,
        ) {
        }
    }
    let mut lister = Lister(None);
    event_loop
        .run_app_on_demand(&mut lister)
        .map_err(|e| e.to_string())?;
    Ok(lister.0.unwrap_or_default())
}

/// `storyplot --list-screens`: one line per screen.
pub fn list_text(screens: &[ScreenInfo]) -> String {
    if screens.is_empty() {
        return "no screens reported (the window system places the window itself)\n".to_owned();
    }
    let laptop = placement::laptop_screen(screens);
    let mut text = String::new();
    for (i, s) in screens.iter().enumerate() {
        let name = if s.name.is_empty() { "?" } else { &s.name };
        let mut notes = Vec::new();
        if s.primary {
            notes.push("primary");
        }
        if screens.len() > 1 && i == laptop {
            notes.push("laptop: presenter window");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join(", "))
        };
        text.push_str(&format!(
            "{i}  {name}  {}x{}  at {},{}  scale {}{notes}\n",
            s.rect.width, s.rect.height, s.rect.x, s.rect.y, s.scale
        ));
    }
    text
}

/// What the command line asks of the windows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub present: bool,
    pub presenter: bool,
    /// `--screen N`, an index into the screens listed at start.
    pub stage_screen: Option<usize>,
}

/// The screen whose rectangle holds a position given in points, and that screen's scale.
fn scale_at(screens: &[ScreenInfo], pos_pts: Pos2) -> f64 {
    screens
        .iter()
        .find(|s| {
            let x = f64::from(pos_pts.x) * s.scale;
            let y = f64::from(pos_pts.y) * s.scale;
            let r = s.rect;
            x >= f64::from(r.x)
                && y >= f64::from(r.y)
                && x < f64::from(r.x) + f64::from(r.width)
                && y < f64::from(r.y) + f64::from(r.height)
        })
        .map_or(1.0, |s| s.scale)
}

fn to_points(rect: Rect, scale: f64) -> (Pos2, Vec2) {
    let s = scale as f32;
    (
        pos2(rect.x as f32 / s, rect.y as f32 / s),
        vec2(rect.width as f32 / s, rect.height as f32 / s),
    )
}

/// The stage's builder as eframe hands it over (the saved geometry put in, in points), placed:
/// the saved geometry kept only when it fits a screen present now; `--present` fullscreen on the
/// stage's screen (the external one when there are two).
pub fn place_start(
    builder: ViewportBuilder,
    screens: &[ScreenInfo],
    wanted: Wanted,
) -> ViewportBuilder {
    let saved = builder.position.zip(builder.inner_size).map(|(pos, size)| {
        let scale = scale_at(screens, pos) as f32;
        Rect::new(
            (pos.x * scale).round() as i32,
            (pos.y * scale).round() as i32,
            (size.x * scale).round() as u32,
            (size.y * scale).round() as u32,
        )
    });
    let present = wanted.present || builder.fullscreen == Some(true);
    let request = Request {
        screens,
        stage: saved,
        mode: if present { Mode::Present } else { Mode::Window },
        presenter: wanted.presenter,
        stage_screen: wanted.stage_screen,
        swapped: false,
    };
    let Some(placed) = placement::place(&request) else {
        return builder.with_fullscreen(present);
    };
    let Some(screen) = screens.get(placed.stage.screen) else {
        return builder;
    };
    let (pos, size) = to_points(placed.stage.rect, screen.scale);
    if placed.stage.fullscreen {
        // Fullscreen on that screen; leaving fullscreen restores a window on the same screen.
        let (_, inner) = to_points(
            placement::place(&Request {
                mode: Mode::Window,
                ..request
            })
            .map_or(placed.stage.rect, |p| p.stage.rect),
            screen.scale,
        );
        builder
            .with_position(pos)
            .with_inner_size(inner)
            .with_fullscreen(true)
            .with_monitor(placed.stage.screen)
    } else {
        builder
            .with_position(pos)
            .with_inner_size(size)
            .with_fullscreen(false)
    }
}

/// Where the presenter window goes (position and inner size in points), for its builder.
pub fn presenter_geometry(ctx: &Context) -> Option<(Pos2, Vec2)> {
    ctx.data(|d| d.get_temp(Id::unique(PRESENTER_GEOMETRY)))
}

const PRESENTER_GEOMETRY: &str = "storyplot-presenter-geometry";
/// Screens are read again at most this often, and only in frames painted anyway (no repaint is
/// asked for, so an idle app stays idle).
const CHECK_SECS: f64 = 1.0;
/// Attempts to make a fullscreen stage fill its screen again before leaving it as it is.
const MAX_REFITS: u8 = 3;

/// Follows the screens while the app runs.
#[derive(Debug, Default)]
pub struct ScreenWatch {
    /// The name of the screen `--screen N` chose, to find it again when screens change.
    chosen_name: Option<String>,
    screens: Vec<ScreenInfo>,
    checked_secs: Option<f64>,
    swapped: bool,
    presenter_open: bool,
    /// Checks in a row that found the fullscreen stage not filling a screen.
    refits: u8,
    /// Where the presenter window should be (frame's top-left, inner size; physical pixels).
    presenter_target: Option<Rect>,
    /// Times the presenter window was put back there since placement last changed.
    presenter_refits: u8,
    /// X11: a connection of our own (`None` inside: not on X11, or it failed).
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    x11: Option<Option<x11::X11>>,
}

/// The state of the app the placement depends on, read each frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageState {
    pub fullscreen: bool,
    pub presenter_open: bool,
    pub swapped: bool,
}

impl ScreenWatch {
    pub fn new(wanted: Wanted, screens_at_start: &[ScreenInfo]) -> ScreenWatch {
        ScreenWatch {
            chosen_name: wanted
                .stage_screen
                .and_then(|i| screens_at_start.get(i))
                .map(|s| s.name.clone()),
            ..ScreenWatch::default()
        }
    }

    /// Once per frame of the stage: re-places the windows when the screens changed, the
    /// presenter opened or the user swapped screens.
    pub fn frame(
        &mut self,
        ctx: &Context,
        window: Option<&winit::window::Window>,
        state: StageState,
    ) {
        let Some(window) = window else { return };
        let now = ctx.input(|i| i.time);
        let opened = state.presenter_open && !self.presenter_open;
        let swap = state.swapped != self.swapped;
        self.presenter_open = state.presenter_open;
        let due = self.checked_secs.is_none_or(|t| now - t >= CHECK_SECS);
        if !due && !opened && !swap {
            return;
        }
        self.checked_secs = Some(now);
        let primary = window.primary_monitor();
        let from_winit = screens_from(window.available_monitors(), primary.as_ref());
        let screens = self.x11_screens(window, &from_winit).unwrap_or(from_winit);
        let first = self.screens.is_empty();
        let changed = screens != self.screens;
        self.screens = screens;
        let stage = window.outer_position().ok().map(|p| {
            let size = window.inner_size();
            Rect::new(p.x, p.y, size.width, size.height)
        });
        if first {
            // One more look once the window is shown (the checks below need a painted frame).
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(CHECK_SECS + 0.1));
        }
        // A fullscreen stage that does not fill a screen (winit keeps a window's size in points
        // when it lands on a screen of another scale, even in fullscreen): fill it again, a few
        // times at most.
        let misfit = state.fullscreen
            && !first
            && stage.is_some_and(|r| self.screens.iter().all(|s| s.rect != r));
        self.refits = if misfit { self.refits + 1 } else { 0 };
        let refit = misfit && self.refits <= MAX_REFITS;
        if !changed && !opened && !swap && !refit {
            if state.presenter_open {
                self.refit_presenter(ctx);
            }
            return;
        }
        self.swapped = state.swapped;
        let stage_screen = self
            .chosen_name
            .as_ref()
            .and_then(|name| self.screens.iter().position(|s| &s.name == name));
        let request = Request {
            screens: &self.screens,
            stage,
            mode: if state.fullscreen {
                Mode::Present
            } else {
                Mode::Window
            },
            presenter: state.presenter_open,
            stage_screen,
            swapped: state.swapped,
        };
        let Some(placed) = placement::place(&request) else {
            return;
        };
        self.store_presenter(ctx, &placed);
        if first {
            // The window was placed before it opened (see `place_start`).
            return;
        }
        let Some(screen) = self.screens.get(placed.stage.screen) else {
            return;
        };
        if placed.stage.fullscreen {
            // Fills that screen again: the screen may have moved, changed size or be new. The
            // minimum size, in pixels of the scale the window had when it was set, is set again
            // in this screen's pixels: a projector may be smaller than it was.
            let (min_w, min_h) = placement::STAGE_MIN_PTS;
            ctx.send_viewport_cmd(ViewportCommand::MinInnerSize(vec2(
                min_w as f32,
                min_h as f32,
            )));
            if !self.x11_fullscreen_on(screen.rect) {
                ctx.send_viewport_cmd(ViewportCommand::SetMonitor(placed.stage.screen));
            }
        } else if let Some(stage) = stage
            && placed.stage.rect != stage
        {
            // (Where windows cannot know their position, as on Wayland, they stay put.)
            let (pos, size) = to_points(placed.stage.rect, screen.scale);
            ctx.send_viewport_cmd(ViewportCommand::OuterPosition(pos));
            ctx.send_viewport_cmd(ViewportCommand::InnerSize(size));
        }
    }

    /// X11: the screens as RandR reports them now (winit's list is not refreshed there), with
    /// the scale winit gives the screen of the same name.
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    fn x11_screens(
        &mut self,
        window: &winit::window::Window,
        from_winit: &[ScreenInfo],
    ) -> Option<Vec<ScreenInfo>> {
        let x11 = self.x11.get_or_insert_with(|| x11::X11::connect(window));
        let mut screens = x11.as_ref()?.monitors()?;
        for s in &mut screens {
            s.scale = from_winit
                .iter()
                .find(|w| w.name == s.name)
                .map_or(window.scale_factor(), |w| w.scale);
        }
        Some(screens)
    }

    #[cfg(not(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    )))]
    fn x11_screens(
        &mut self,
        _: &winit::window::Window,
        _: &[ScreenInfo],
    ) -> Option<Vec<ScreenInfo>> {
        None
    }

    /// X11: the fullscreen stage onto the screen at `rect`, through the window manager
    /// (winit would use its outdated monitor list). Whether it was done.
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    fn x11_fullscreen_on(&self, rect: Rect) -> bool {
        match self.x11.as_ref() {
            Some(Some(x11)) => x11.fullscreen_on(rect).is_some(),
            _ => false,
        }
    }

    #[cfg(not(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    )))]
    fn x11_fullscreen_on(&self, _: Rect) -> bool {
        false
    }

    fn store_presenter(&mut self, ctx: &Context, placed: &Placement) {
        let Some(screen) = self.screens.get(placed.presenter.screen) else {
            return;
        };
        let geometry = to_points(placed.presenter.rect, screen.scale);
        ctx.data_mut(|d| d.insert_temp(Id::unique(PRESENTER_GEOMETRY), geometry));
        self.presenter_target = Some(placed.presenter.rect);
        self.presenter_refits = 0;
    }

    /// Puts the presenter window where placement said, if it is not there: egui converts its
    /// position and size with the scale of the screen the window is on when they are sent, and
    /// winit rescales a window that lands on a screen of another scale afterwards.
    fn refit_presenter(&mut self, ctx: &Context) {
        let Some(target) = self.presenter_target else {
            return;
        };
        let id = ViewportId::from_hash_of(crate::ui::presenter::PRESENTER_VIEWPORT);
        let Some((outer, inner, ppp)) = ctx.input_for(id, |i| {
            let v = i.viewport();
            Some((v.outer_rect?, v.inner_rect?, i.pixels_per_point()))
        }) else {
            return;
        };
        let px = |v: f32| (v * ppp).round() as i64;
        let off = (px(outer.min.x) - i64::from(target.x)).abs()
            + (px(outer.min.y) - i64::from(target.y)).abs()
            + (px(inner.width()) - i64::from(target.width)).abs()
            + (px(inner.height()) - i64::from(target.height)).abs();
        if off <= 8 || self.presenter_refits >= MAX_REFITS {
            return;
        }
        self.presenter_refits += 1;
        let pts = |v: f64| v as f32 / ppp;
        // The minimum size too: it was set in pixels of the scale the window had then.
        let (min_w, min_h) = placement::PRESENTER_MIN_PTS;
        ctx.send_viewport_cmd_to(
            id,
            ViewportCommand::MinInnerSize(vec2(min_w as f32, min_h as f32)),
        );
        ctx.send_viewport_cmd_to(
            id,
            ViewportCommand::OuterPosition(pos2(
                pts(f64::from(target.x)),
                pts(f64::from(target.y)),
            )),
        );
        ctx.send_viewport_cmd_to(
            id,
            ViewportCommand::InnerSize(vec2(
                pts(f64::from(target.width)),
                pts(f64::from(target.height)),
            )),
        );
    }
}

/// X11 through x11rb: the monitors RandR reports now, and moving a fullscreen window to
/// another monitor with the window manager's `_NET_WM_STATE` protocol (EWMH).
#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "ios", target_os = "android"))
))]
mod x11 {
    use raw_window_handle::{HasWindowHandle as _, RawWindowHandle};
    use x11rb::connection::Connection as _;
    use x11rb::protocol::randr::ConnectionExt as _;
    use x11rb::protocol::xproto::{
        ClientMessageEvent, ConfigureWindowAux, ConnectionExt as _, EventMask,
    };
    use x11rb::rust_connection::RustConnection;

    use crate::placement::{Rect, ScreenInfo};

    pub struct X11 {
        conn: RustConnection,
        root: u32,
        /// The stage's X window.
        window: u32,
    }

    impl std::fmt::Debug for X11 {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "X11 {{ window: {:#x} }}", self.window)
        }
    }

    impl X11 {
        /// `None` when the window is not an X11 window or the display cannot be reached.
        pub fn connect(window: &winit::window::Window) -> Option<X11> {
            let window = match window.window_handle().ok()?.as_raw() {
                RawWindowHandle::Xlib(h) => u32::try_from(h.window).ok()?,
                RawWindowHandle::Xcb(h) => h.window.get(),
                _ => return None,
            };
            let (conn, screen) = x11rb::connect(None).ok()?;
            let root = conn.setup().roots.get(screen)?.root;
            Some(X11 { conn, root, window })
        }

        /// The active monitors, named like winit names them (by output); scale 1 until the
        /// caller knows better.
        pub fn monitors(&self) -> Option<Vec<ScreenInfo>> {
            let reply = self
                .conn
                .randr_get_monitors(self.root, true)
                .ok()?
                .reply()
                .ok()?;
            let names: Vec<_> = reply
                .monitors
                .iter()
                .map(|m| self.conn.get_atom_name(m.name).ok())
                .collect();
            let screens = reply
                .monitors
                .iter()
                .zip(names)
                .map(|(m, cookie)| ScreenInfo {
                    name: cookie
                        .and_then(|c| c.reply().ok())
                        .map(|r| String::from_utf8_lossy(&r.name).into_owned())
                        .unwrap_or_default(),
                    rect: Rect::new(
                        i32::from(m.x),
                        i32::from(m.y),
                        u32::from(m.width),
                        u32::from(m.height),
                    ),
                    scale: 1.0,
                    primary: m.primary,
                })
                .collect();
            Some(screens)
        }

        /// Leaves fullscreen, moves into `rect`, enters fullscreen again: the window manager
        /// fills the monitor the window is on.
        pub fn fullscreen_on(&self, rect: Rect) -> Option<()> {
            let atom = |name: &[u8]| {
                self.conn
                    .intern_atom(false, name)
                    .ok()?
                    .reply()
                    .ok()
                    .map(|r| r.atom)
            };
            let state = atom(b"_NET_WM_STATE")?;
            let fullscreen = atom(b"_NET_WM_STATE_FULLSCREEN")?;
            let mask = EventMask::SUBSTRUCTURE_REDIRECT | EventMask::SUBSTRUCTURE_NOTIFY;
            // data: action (0 remove, 1 add), property, second property, source (1: an app)
            let message = |action: u32| {
                ClientMessageEvent::new(32, self.window, state, [action, fullscreen, 0, 1, 0])
            };
            self.conn
                .send_event(false, self.root, mask, message(0))
                .ok()?;
            // Entirely inside the target: the window manager fills the monitor the window is
            // (mostly) on.
            let aux = ConfigureWindowAux::new()
                .x(rect.x.saturating_add(rect.width as i32 / 4))
                .y(rect.y.saturating_add(rect.height as i32 / 4))
                .width((rect.width / 2).max(1))
                .height((rect.height / 2).max(1));
            self.conn.configure_window(self.window, &aux).ok()?;
            self.conn
                .send_event(false, self.root, mask, message(1))
                .ok()?;
            self.conn.flush().ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::placement::screen_for_tests as screen;

    /// The builder eframe hands over after restoring a window saved in the lower-right corner
    /// of a 1920×1080 screen.
    fn saved_in_corner() -> ViewportBuilder {
        ViewportBuilder::default()
            .with_position([1500.0, 900.0])
            .with_inner_size([1280.0, 760.0])
            .with_fullscreen(false)
    }

    #[test]
    fn the_start_builder_moves_a_saved_window_onto_a_smaller_screen() {
        let screens = [screen("screen", 0, 0, 1024, 768, 1.0)];
        let b = place_start(saved_in_corner(), &screens, Wanted::default());
        assert_eq!(b.position, Some(pos2(0.0, 0.0)));
        assert_eq!(b.inner_size, Some(vec2(1016.0, 728.0)));
        assert_eq!((b.fullscreen, b.monitor), (Some(false), None));

        let present = Wanted {
            present: true,
            ..Wanted::default()
        };
        let b = place_start(saved_in_corner(), &screens, present);
        assert_eq!((b.fullscreen, b.monitor), (Some(true), Some(0)));
    }

    #[test]
    fn the_start_builder_keeps_a_window_that_fits_and_presents_on_the_projector() {
        let screens = [
            screen("eDP-1", 0, 0, 2880, 1800, 2.0),
            screen("HDMI-1", 2880, 0, 1024, 768, 1.0),
        ];
        // 100,100 points on the scale-2 laptop; 1280×760 points fit there.
        let saved = ViewportBuilder::default()
            .with_position([100.0, 100.0])
            .with_inner_size([1280.0, 760.0]);
        let b = place_start(saved.clone(), &screens, Wanted::default());
        assert_eq!(b.position, Some(pos2(100.0, 100.0)));
        assert_eq!(b.inner_size, Some(vec2(1280.0, 760.0)));

        let present = Wanted {
            present: true,
            ..Wanted::default()
        };
        let b = place_start(saved.clone(), &screens, present);
        assert_eq!((b.fullscreen, b.monitor), (Some(true), Some(1)));
        assert_eq!(b.position, Some(pos2(2880.0, 0.0)));
        let chosen = Wanted {
            stage_screen: Some(0),
            ..present
        };
        assert_eq!(place_start(saved, &screens, chosen).monitor, Some(0));
    }

    #[test]
    fn list_screens_names_each_screen_and_the_laptop() {
        let screens = [
            screen("eDP-1", 0, 0, 2880, 1800, 2.0),
            ScreenInfo {
                primary: true,
                ..screen("HDMI-1", 2880, 0, 1024, 768, 1.0)
            },
        ];
        assert_eq!(
            list_text(&screens),
            "0  eDP-1  2880x1800  at 0,0  scale 2  (laptop: presenter window)\n\
             1  HDMI-1  1024x768  at 2880,0  scale 1  (primary)\n"
        );
        assert!(list_text(&[]).starts_with("no screens"));
    }
}
