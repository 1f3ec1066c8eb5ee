//! The `corridors` binary: parse the arguments, run, report the error and exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = corridors::cli::Cli::parse();
    corridors::output::set_stdout_closed_at_start(stdout_closed_at_start::get());
    match corridors::app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => error.report(),
    }
}

/// Whether standard output was closed when the process started, as in
/// `corridors compare >&-`. Rust's runtime opens /dev/null in place of a closed
/// standard stream before `main`, so the output would vanish with exit 0; this looks
/// first, from a constructor the loader runs before the runtime starts.
#[cfg(target_os = "linux")]
mod stdout_closed_at_start {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        // SAFETY: F_GETFD only asks whether descriptor 1 is open.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static LOOK: extern "C" fn() = look;

    pub fn get() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }
}

#[cfg(not(target_os = "linux"))]
mod stdout_closed_at_start {
    pub fn get() -> bool {
        false
    }
}
