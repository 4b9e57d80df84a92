//! Where the audience is in the story: a scene and a step inside it. Moves report whether
//! anything changed; none of them can leave the deck.

use super::deck::Deck;

/// A scene index and a step index inside it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Default,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    pub scene: usize,
    pub step: usize,
}

impl Position {
    pub fn new(scene: usize, step: usize) -> Position {
        Position { scene, step }
    }

    /// The next step, or the next scene's first step; `None` at the very end.
    pub fn next(self, deck: &Deck) -> Option<Position> {
        let scene = deck.scenes.get(self.scene)?;
        if self.step + 1 < scene.steps.len() {
            Some(Position::new(self.scene, self.step + 1))
        } else if self.scene + 1 < deck.scenes.len() {
            Some(Position::new(self.scene + 1, 0))
        } else {
            None
        }
    }

    /// The previous step, or the previous scene's last step; `None` at the very start.
    pub fn previous(self, deck: &Deck) -> Option<Position> {
        if self.step > 0 {
            Some(Position::new(self.scene, self.step - 1))
        } else if self.scene > 0 {
            let prev = self.scene - 1;
            let steps = deck.scenes.get(prev).map_or(1, |s| s.steps.len());
            Some(Position::new(prev, steps.saturating_sub(1)))
        } else {
            None
        }
    }

    /// The last step of the last scene.
    pub fn last(deck: &Deck) -> Position {
        let scene = deck.scenes.len().saturating_sub(1);
        let steps = deck.scenes.get(scene).map_or(1, |s| s.steps.len());
        Position::new(scene, steps.saturating_sub(1))
    }

    /// The same place clamped into the deck (after a reload removed scenes or steps).
    pub fn clamped(self, deck: &Deck) -> Position {
        let scene = self.scene.min(deck.scenes.len().saturating_sub(1));
        let steps = deck.scenes.get(scene).map_or(1, |s| s.steps.len());
        Position::new(scene, self.step.min(steps.saturating_sub(1)))
    }

    /// Parses `ID`, `ID#STEP`, `N` or `N#STEP`: scene numbers and steps count from 1, as the
    /// stage shows them ("Scene 3 / 19 · step 2 / 4"); step 1 is the opening state. `Err` lists
    /// the ids when the scene is unknown.
    pub fn parse(text: &str, deck: &Deck) -> Result<Position, String> {
        let text = text.trim();
        let (scene_part, step_part) = match text.split_once('#') {
            Some((a, b)) => (a.trim(), Some(b.trim())),
            None => (text, None),
        };
        let scene = match deck.scene_index(scene_part) {
            Some(i) => i,
            None => match scene_part.parse::<usize>() {
                Ok(n) if n >= 1 && n <= deck.scenes.len() => n - 1,
                _ => {
                    let ids: Vec<&str> = deck.scenes.iter().map(|s| s.id.as_str()).collect();
                    return Err(format!(
                        "unknown scene \"{scene_part}\" (known: {}, or a number from 1 to {})",
                        ids.join(", "),
                        deck.scenes.len()
                    ));
                }
            },
        };
        let steps = deck.scenes.get(scene).map_or(1, |s| s.steps.len());
        let step = match step_part {
            None => 0,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if n >= 1 && n <= steps => n - 1,
                _ => {
                    return Err(format!(
                        "scene \"{}\" has steps 1 to {steps}, not \"{s}\"",
                        deck.scenes.get(scene).map_or("", |s| s.id.as_str()),
                    ));
                }
            },
        };
        Ok(Position::new(scene, step))
    }
}
