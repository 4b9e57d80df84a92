//! Where the stage and the presenter windows go: the screens present now, the stage's saved (or
//! current) geometry and the mode in; a screen and a rectangle for each window out. Pure
//! geometry in the desktop's physical pixels (what window systems place windows in), each
//! screen with its scale factor; no window system, so every case is a row of a table in the tests.

/// A rectangle in the desktop's physical pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    pub const fn new(x: i32, y: i32, width: u32, height: u32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    fn right(&self) -> i64 {
        i64::from(self.x) + i64::from(self.width)
    }

    fn bottom(&self) -> i64 {
        i64::from(self.y) + i64::from(self.height)
    }

    /// Whether `other` lies entirely inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    /// The area the two rectangles share, in square pixels.
    pub fn overlap(&self, other: &Rect) -> u64 {
        let w = self.right().min(other.right()) - i64::from(self.x.max(other.x));
        let h = self.bottom().min(other.bottom()) - i64::from(self.y.max(other.y));
        if w > 0 && h > 0 {
            (w as u64) * (h as u64)
        } else {
            0
        }
    }

    /// This rectangle grown by `(w, h)` to the right and down: a window's frame around its
    /// inner area (the frame's top-left is where the window was placed).
    fn grown(&self, (w, h): (u32, u32)) -> Rect {
        Rect::new(
            self.x,
            self.y,
            self.width.saturating_add(w),
            self.height.saturating_add(h),
        )
    }
}

/// One screen as the window system reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenInfo {
    /// The window system's name: `eDP-1`, `HDMI-1`, `\\.\DISPLAY2`, `Color LCD`.
    pub name: String,
    pub rect: Rect,
    /// Physical pixels per point (2 on a HiDPI laptop).
    pub scale: f64,
    /// The window system's primary screen.
    pub primary: bool,
}

impl ScreenInfo {
    /// A laptop's own panel, by the names window systems give them (Linux: eDP, LVDS, DSI;
    /// macOS: "Built-in", "Color LCD").
    pub fn is_builtin(&self) -> bool {
        let name = self.name.to_ascii_lowercase();
        ["edp", "lvds", "dsi", "built-in", "color lcd"]
            .iter()
            .any(|p| name.starts_with(p) || name.contains(&format!(" {p}")))
    }

    fn px(&self, points: f64) -> u32 {
        (points * self.scale).round().max(0.0) as u32
    }

    /// Room a window frame takes around the inner area: borders and a title bar.
    fn frame_px(&self) -> (u32, u32) {
        (self.px(FRAME_W_PTS), self.px(FRAME_H_PTS))
    }
}

/// Width and height, in points, allowed for a window's frame (borders, title bar) when checking
/// that a window fits: the real frame is only known once the window is open.
pub const FRAME_W_PTS: f64 = 8.0;
pub const FRAME_H_PTS: f64 = 40.0;
/// The stage window's size with nothing saved, in points.
pub const STAGE_DEFAULT_PTS: (f64, f64) = (1280.0, 760.0);
/// The stage never gets narrower than this to make room for the presenter window.
pub const STAGE_MIN_PTS: (f64, f64) = (800.0, 500.0);
/// The presenter window's size when it shares a screen with the stage, in points.
pub const PRESENTER_DEFAULT_PTS: (f64, f64) = (1280.0, 800.0);
pub const PRESENTER_MIN_PTS: (f64, f64) = (640.0, 400.0);

/// What the stage does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A normal window.
    Window,
    /// Fullscreen, presenting.
    Present,
}

/// Everything placement depends on.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The screens present now, in the window system's order.
    pub screens: &'a [ScreenInfo],
    /// The stage window's saved or current geometry: the frame's top-left corner and the inner
    /// size, in physical pixels of the screen it was on.
    pub stage: Option<Rect>,
    pub mode: Mode,
    /// The presenter window is open (on a single screen, the stage makes room for it).
    pub presenter: bool,
    /// `--screen N`: the stage's screen, chosen by the user.
    pub stage_screen: Option<usize>,
    /// The user swapped the stage's and the presenter's screens.
    pub swapped: bool,
}

/// Where one window goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index into [`Request::screens`].
    pub screen: usize,
    /// Fullscreen: the screen's rectangle. Otherwise the frame's top-left corner and the inner
    /// size, like [`Request::stage`].
    pub rect: Rect,
    pub fullscreen: bool,
}

/// Where both windows go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub stage: Place,
    pub presenter: Place,
}

/// The laptop's own screen: a built-in panel by name, else the primary screen, else the first.
pub fn laptop_screen(screens: &[ScreenInfo]) -> usize {
    screens
        .iter()
        .position(ScreenInfo::is_builtin)
        .or_else(|| screens.iter().position(|s| s.primary))
        .unwrap_or(0)
}

/// The largest screen other than `not` (the first of equals); `not` when it is the only one.
fn other_screen(screens: &[ScreenInfo], not: usize) -> usize {
    let area = |s: &ScreenInfo| u64::from(s.rect.width) * u64::from(s.rect.height);
    screens
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != not)
        .fold(None::<(usize, u64)>, |best, (i, s)| match best {
            Some((_, a)) if a >= area(s) => best,
            _ => Some((i, area(s))),
        })
        .map_or(not, |(i, _)| i)
}

/// The screen a window mostly lies on, if it touches any.
pub fn screen_of(screens: &[ScreenInfo], rect: &Rect) -> Option<usize> {
    screens
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.rect.overlap(rect)))
        .filter(|(_, a)| *a > 0)
        .fold(None::<(usize, u64)>, |best, (i, a)| match best {
            Some((_, b)) if b >= a => best,
            _ => Some((i, a)),
        })
        .map(|(i, _)| i)
}

/// Places the stage and the presenter window; `None` when the window system reports no screen
/// (then it places the windows itself).
pub fn place(req: &Request<'_>) -> Option<Placement> {
    let screens = req.screens;
    let count = screens.len();
    if count == 0 {
        return None;
    }
    let laptop = laptop_screen(screens);
    let from = req.stage.and_then(|r| screen_of(screens, &r));
    let mut stage = match (req.stage_screen.filter(|i| *i < count), req.mode) {
        (Some(i), _) => i,
        (None, Mode::Present) if count >= 2 => other_screen(screens, laptop),
        (None, _) => from.unwrap_or(laptop),
    };
    let mut presenter = if stage == laptop {
        other_screen(screens, stage)
    } else {
        laptop
    };
    if req.swapped && count >= 2 {
        std::mem::swap(&mut stage, &mut presenter);
    }
    let on = |i: usize| &screens[i];

    let stage_place = match req.mode {
        Mode::Present => Place {
            screen: stage,
            rect: on(stage).rect,
            fullscreen: true,
        },
        Mode::Window => Place {
            screen: stage,
            rect: fit(req.stage, from.map(on), on(stage)),
            fullscreen: false,
        },
    };
    if presenter != stage {
        // Its own screen: the presenter fills it, as a normal window.
        let screen = on(presenter);
        let (fw, fh) = screen.frame_px();
        let rect = Rect::new(
            screen.rect.x,
            screen.rect.y,
            screen.rect.width.saturating_sub(fw),
            screen.rect.height.saturating_sub(fh),
        );
        return Some(Placement {
            stage: stage_place,
            presenter: Place {
                screen: presenter,
                rect,
                fullscreen: false,
            },
        });
    }
    let (stage_place, presenter_rect) = share_screen(on(stage), stage_place, req.presenter);
    Some(Placement {
        stage: stage_place,
        presenter: Place {
            screen: stage,
            rect: presenter_rect,
            fullscreen: false,
        },
    })
}

/// The stage window on `screen`: the given geometry when it fits; else the same size moved onto
/// the screen; else shrunk to the screen. A window coming from a screen of another scale keeps
/// its size in points.
fn fit(stage: Option<Rect>, from: Option<&ScreenInfo>, screen: &ScreenInfo) -> Rect {
    let frame = screen.frame_px();
    let max_w = screen.rect.width.saturating_sub(frame.0).max(1);
    let max_h = screen.rect.height.saturating_sub(frame.1).max(1);
    let Some(r) = stage else {
        let w = screen.px(STAGE_DEFAULT_PTS.0).min(max_w);
        let h = screen.px(STAGE_DEFAULT_PTS.1).min(max_h);
        return centred(screen, w, h);
    };
    let same_screen = from.is_some_and(|f| f.rect == screen.rect);
    if same_screen && screen.rect.contains(&r.grown(frame)) {
        return r;
    }
    let ratio = from.map_or(1.0, |f| screen.scale / f.scale);
    let w = ((f64::from(r.width) * ratio).round() as u32).min(max_w);
    let h = ((f64::from(r.height) * ratio).round() as u32).min(max_h);
    if !same_screen {
        return centred(screen, w, h);
    }
    // Same screen, partly off it: move it in by as little as possible.
    let clamp = |v: i32, lo: i32, len: u32, room: u32| {
        let hi = i64::from(lo) + i64::from(room) - i64::from(len);
        i64::from(v).clamp(i64::from(lo), hi.max(i64::from(lo))) as i32
    };
    Rect::new(
        clamp(r.x, screen.rect.x, w + frame.0, screen.rect.width),
        clamp(r.y, screen.rect.y, h + frame.1, screen.rect.height),
        w,
        h,
    )
}

fn centred(screen: &ScreenInfo, w: u32, h: u32) -> Rect {
    let frame = screen.frame_px();
    let x = i64::from(screen.rect.x)
        + (i64::from(screen.rect.width) - i64::from(w + frame.0)).max(0) / 2;
    let y = i64::from(screen.rect.y)
        + (i64::from(screen.rect.height) - i64::from(h + frame.1)).max(0) / 2;
    Rect::new(x as i32, y as i32, w, h)
}

/// One screen for both windows. A windowed stage and the presenter sit side by side (the stage
/// narrowed if it must, never below its minimum); over a fullscreen stage the presenter is a
/// normal window in the lower-right corner, covering part of the stage: on one screen there is
/// nowhere else.
fn share_screen(screen: &ScreenInfo, stage: Place, presenter_open: bool) -> (Place, Rect) {
    let s = &screen.rect;
    let (fw, fh) = screen.frame_px();
    let max_h = s.height.saturating_sub(fh);
    let presenter_w = (s.width * 2 / 5)
        .clamp(
            screen.px(PRESENTER_MIN_PTS.0),
            screen.px(PRESENTER_DEFAULT_PTS.0),
        )
        .min(s.width.saturating_sub(fw));
    let presenter_h = screen.px(PRESENTER_DEFAULT_PTS.1).min(max_h);
    if stage.fullscreen {
        let w = (s.width / 2).max(presenter_w.min(s.width.saturating_sub(fw)));
        let h = (s.height / 2)
            .max(screen.px(PRESENTER_MIN_PTS.1))
            .min(max_h);
        let x = s.right() - i64::from(w + fw);
        let y = s.bottom() - i64::from(h + fh);
        return (stage, Rect::new(x as i32, y as i32, w, h));
    }
    let r = stage.rect;
    let room_right = s.right() - (r.right() + i64::from(fw));
    let room_left = i64::from(r.x) - i64::from(s.x);
    let need = i64::from(presenter_w + fw);
    if room_right >= need {
        let x = r.right() + i64::from(fw);
        let rect = Rect::new(x as i32, s.y, presenter_w, presenter_h);
        return (stage, rect);
    }
    if room_left >= need || !presenter_open {
        let rect = Rect::new(s.x, s.y, presenter_w, presenter_h);
        return (stage, rect);
    }
    // Narrow the stage to the left part of the screen, the presenter on the right.
    let stage_w = s
        .width
        .saturating_sub(presenter_w + 2 * fw)
        .max(screen.px(STAGE_MIN_PTS.0));
    let stage_rect = Rect::new(s.x, r.y.max(s.y), stage_w, r.height.min(max_h));
    let x = stage_rect.right() + i64::from(fw);
    let presenter = Rect::new(x as i32, s.y, presenter_w, presenter_h);
    (
        Place {
            rect: stage_rect,
            ..stage
        },
        presenter,
    )
}

/// A screen named `name` at `x, y`, `w × h` pixels (tests of placement and of the screen watch).
#[cfg(test)]
pub(crate) fn screen_for_tests(
    name: &str,
    x: i32,
    y: i32,
    w: u32,
    h: u32,
    scale: f64,
) -> ScreenInfo {
    ScreenInfo {
        name: name.to_owned(),
        rect: Rect::new(x, y, w, h),
        scale,
        primary: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::screen_for_tests as screen;

    fn request(screens: &[ScreenInfo], stage: Option<Rect>, mode: Mode) -> Request<'_> {
        Request {
            screens,
            stage,
            mode,
            presenter: false,
            stage_screen: None,
            swapped: false,
        }
    }

    /// The whole window, frame included, lies on its screen.
    fn assert_visible(screens: &[ScreenInfo], place: &Place, case: &str) {
        let s = &screens[place.screen];
        let outer = if place.fullscreen {
            place.rect
        } else {
            place.rect.grown(s.frame_px())
        };
        assert!(
            s.rect.contains(&outer),
            "{case}: {outer:?} is not inside {} {:?}",
            s.name,
            s.rect
        );
    }

    /// Saved in the lower-right corner of a 1920×1080 screen (where the teacher left it).
    const CORNER_1080: Rect = Rect::new(1500, 900, 1280, 760);

    #[test]
    fn the_stage_lands_where_the_table_says() {
        let small = [screen("screen", 0, 0, 1024, 768, 1.0)];
        let right = [
            screen("eDP-1", 0, 0, 1920, 1080, 1.0),
            screen("HDMI-1", 1920, 0, 1280, 800, 1.0),
        ];
        let left = [
            screen("eDP-1", 0, 0, 1920, 1080, 1.0),
            screen("HDMI-1", -1024, 200, 1024, 768, 1.0),
        ];
        let above = [
            screen("DP-2", 0, -800, 1280, 800, 1.0),
            screen("eDP-1", 0, 0, 1920, 1080, 1.0),
        ];
        // The projector is listed first and is smaller: still the stage's screen.
        let smaller_first = [
            screen("HDMI-1", 2560, 0, 1024, 768, 1.0),
            screen("eDP-1", 0, 0, 2560, 1600, 1.0),
        ];
        let hidpi = [
            screen("eDP-1", 0, 0, 2880, 1800, 2.0),
            screen("HDMI-1", 2880, 0, 1024, 768, 1.0),
        ];
        // The saved window was on a projector at the right that is gone now.
        let removed = [screen("eDP-1", 0, 0, 1366, 768, 1.0)];
        let on_removed = Some(Rect::new(2100, 100, 1200, 700));

        type Case<'a> = (
            &'a str,
            &'a [ScreenInfo],
            Option<Rect>,
            Mode,
            usize,
            Option<Rect>,
        );
        // (case, screens, saved stage, mode, stage's screen, exact stage rect when it is known)
        let cases: &[Case] = &[
            (
                "smaller screen, present",
                &small,
                Some(CORNER_1080),
                Mode::Present,
                0,
                Some(Rect::new(0, 0, 1024, 768)),
            ),
            (
                "smaller screen, window",
                &small,
                Some(CORNER_1080),
                Mode::Window,
                0,
                Some(Rect::new(0, 0, 1016, 728)),
            ),
            (
                "projector right",
                &right,
                None,
                Mode::Present,
                1,
                Some(Rect::new(1920, 0, 1280, 800)),
            ),
            (
                "projector left",
                &left,
                None,
                Mode::Present,
                1,
                Some(Rect::new(-1024, 200, 1024, 768)),
            ),
            (
                "projector above",
                &above,
                None,
                Mode::Present,
                0,
                Some(Rect::new(0, -800, 1280, 800)),
            ),
            (
                "projector smaller, listed first",
                &smaller_first,
                None,
                Mode::Present,
                0,
                Some(Rect::new(2560, 0, 1024, 768)),
            ),
            (
                "hidpi laptop, scale-1 projector",
                &hidpi,
                None,
                Mode::Present,
                1,
                Some(Rect::new(2880, 0, 1024, 768)),
            ),
            (
                "window stays on the laptop",
                &right,
                Some(Rect::new(100, 100, 1280, 760)),
                Mode::Window,
                0,
                Some(Rect::new(100, 100, 1280, 760)),
            ),
            (
                "window stays on the projector",
                &right,
                Some(Rect::new(2000, 20, 1000, 600)),
                Mode::Window,
                1,
                Some(Rect::new(2000, 20, 1000, 600)),
            ),
            (
                "stage's screen removed, window",
                &removed,
                on_removed,
                Mode::Window,
                0,
                None,
            ),
            (
                "stage's screen removed, present",
                &removed,
                on_removed,
                Mode::Present,
                0,
                Some(Rect::new(0, 0, 1366, 768)),
            ),
            ("nothing saved", &small, None, Mode::Window, 0, None),
        ];
        for (case, screens, saved, mode, want_screen, want_rect) in cases {
            let placed = place(&request(screens, *saved, *mode)).expect(case);
            assert_eq!(placed.stage.screen, *want_screen, "{case}: screen");
            assert_eq!(placed.stage.fullscreen, *mode == Mode::Present, "{case}");
            if let Some(want) = want_rect {
                assert_eq!(placed.stage.rect, *want, "{case}: rect");
            }
            assert_visible(screens, &placed.stage, case);
            assert_visible(screens, &placed.presenter, case);
            if screens.len() >= 2 {
                assert_ne!(
                    placed.presenter.screen, placed.stage.screen,
                    "{case}: presenter"
                );
            }
        }
    }

    #[test]
    fn the_presenter_goes_to_the_laptop_and_the_swap_exchanges_screens() {
        let screens = [
            screen("eDP-1", 0, 0, 1920, 1080, 1.0),
            screen("HDMI-1", 1920, 0, 1280, 800, 1.0),
        ];
        let placed = place(&request(&screens, None, Mode::Present)).expect("screens");
        assert_eq!((placed.stage.screen, placed.presenter.screen), (1, 0));
        assert_eq!(placed.presenter.rect, Rect::new(0, 0, 1912, 1040));

        let swapped = Request {
            swapped: true,
            ..request(&screens, None, Mode::Present)
        };
        let placed = place(&swapped).expect("screens");
        assert_eq!((placed.stage.screen, placed.presenter.screen), (0, 1));
        assert_eq!(placed.stage.rect, Rect::new(0, 0, 1920, 1080));
        assert_eq!(placed.presenter.rect, Rect::new(1920, 0, 1272, 760));

        // `--screen 0` puts the stage on the laptop; the presenter takes the projector.
        let chosen = Request {
            stage_screen: Some(0),
            ..request(&screens, None, Mode::Present)
        };
        let placed = place(&chosen).expect("screens");
        assert_eq!((placed.stage.screen, placed.presenter.screen), (0, 1));
        // An index past the screens present is ignored.
        let gone = Request {
            stage_screen: Some(5),
            ..request(&screens, None, Mode::Present)
        };
        assert_eq!(place(&gone).expect("screens").stage.screen, 1);
    }

    #[test]
    fn a_laptop_is_found_by_name_then_by_primary() {
        let mut screens = vec![
            screen("HDMI-1", 0, 0, 1920, 1080, 1.0),
            screen("DP-1", 1920, 0, 1920, 1080, 1.0),
        ];
        assert_eq!(laptop_screen(&screens), 0);
        screens[1].primary = true;
        assert_eq!(laptop_screen(&screens), 1);
        screens[0].name = "LVDS-1".to_owned();
        assert_eq!(laptop_screen(&screens), 0);
        assert!(screen("Built-in Retina Display", 0, 0, 1, 1, 2.0).is_builtin());
        assert!(!screen("HDMI-1", 0, 0, 1, 1, 1.0).is_builtin());
    }

    #[test]
    fn hidpi_sizes_follow_the_screen_scale() {
        let screens = [
            screen("eDP-1", 0, 0, 2880, 1800, 2.0),
            screen("HDMI-1", 2880, 0, 1920, 1080, 1.0),
        ];
        // 1280×760 points on the laptop: 2560×1520 pixels, fits as saved.
        let saved = Some(Rect::new(100, 100, 2560, 1520));
        let placed = place(&request(&screens, saved, Mode::Window)).expect("screens");
        assert_eq!(placed.stage.rect, Rect::new(100, 100, 2560, 1520));
        // The presenter's frame allowance is in points too: 8×40 points are 16×80 pixels.
        assert_eq!(placed.presenter.rect, Rect::new(2880, 0, 1912, 1040));
        // Swapped to the scale-1 projector, the window keeps its size in points.
        let swapped = Request {
            swapped: true,
            ..request(&screens, saved, Mode::Window)
        };
        let placed = place(&swapped).expect("screens");
        assert_eq!(placed.stage.screen, 1);
        assert_eq!(
            (placed.stage.rect.width, placed.stage.rect.height),
            (1280, 760)
        );
        assert_visible(&screens, &placed.stage, "swapped");
        assert_eq!(placed.presenter.rect, Rect::new(0, 0, 2864, 1720));
    }

    #[test]
    fn one_screen_puts_the_presenter_beside_a_windowed_stage() {
        let screens = [screen("eDP-1", 0, 0, 1920, 1080, 1.0)];
        let cases = [
            // (saved stage, stage after, presenter x)
            (Rect::new(0, 0, 1000, 700), Rect::new(0, 0, 1000, 700), 1008),
            (
                Rect::new(880, 0, 1000, 700),
                Rect::new(880, 0, 1000, 700),
                0,
            ),
            (
                Rect::new(300, 100, 1280, 760),
                Rect::new(0, 100, 1136, 760),
                1144,
            ),
        ];
        for (saved, want_stage, want_x) in cases {
            let req = Request {
                presenter: true,
                ..request(&screens, Some(saved), Mode::Window)
            };
            let placed = place(&req).expect("screens");
            assert_eq!(placed.stage.rect, want_stage, "{saved:?}");
            assert_eq!(placed.presenter.rect.x, want_x, "{saved:?}");
            let stage_outer = placed.stage.rect.grown(screens[0].frame_px());
            let presenter_outer = placed.presenter.rect.grown(screens[0].frame_px());
            assert_eq!(stage_outer.overlap(&presenter_outer), 0, "{saved:?}");
            assert_visible(&screens, &placed.presenter, "presenter");
        }
        // Over a fullscreen stage: a normal window in the lower-right corner, inside the screen.
        let placed = place(&Request {
            presenter: true,
            ..request(&screens, None, Mode::Present)
        })
        .expect("screens");
        assert!(placed.stage.fullscreen && !placed.presenter.fullscreen);
        assert_eq!(placed.presenter.rect, Rect::new(952, 500, 960, 540));
    }

    #[test]
    fn no_screen_leaves_placement_to_the_window_system() {
        assert_eq!(place(&request(&[], Some(CORNER_1080), Mode::Present)), None);
    }
}
