//! A bare eframe window of the same egui version and renderer, for comparing start-up time:
//! `cargo run --release --example bare_window -- --exit-after-first-frame`.

fn main() -> eframe::Result {
    let started = std::time::Instant::now();
    let exit_after_first = std::env::args().any(|a| a == "--exit-after-first-frame");
    let mut frames = 0u64;
    eframe::run_ui_native(
        "bare",
        eframe::NativeOptions::default(),
        move |ui, _frame| {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.label("bare eframe window");
            });
            frames += 1;
            if exit_after_first && frames == 1 {
                eprintln!(
                    "bare: first frame after {:.1} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                );
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        },
    )
}
