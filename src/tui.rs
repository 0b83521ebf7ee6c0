//! The one place that owns the terminal: raw mode, the alternate screen and
//! mouse capture on the way in; the same undone on every way out — a
//! normal quit, an error, a panic, SIGTERM, SIGHUP — and around a suspend.
//! The event loop lives here too: events become actions, actions go to
//! `App::update`, and the screen is redrawn from the app.

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};

use crate::app::{Action, App, Command, Effect, keymap};
use crate::input::{Corpus, Loading};

/// How often the loop looks at signals while no event arrives.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Longest a quit waits for the triage state to be saved.
const SAVE_ON_QUIT: Duration = Duration::from_secs(5);

/// Longest the first screen waits for the triage state to be read.
const STATE_WAIT: Duration = Duration::from_millis(100);

/// How often it takes results while a search or a view is being built.
const JOB_POLL: Duration = Duration::from_millis(20);

/// Whether a command started by `|` has the terminal.
static PIPING: AtomicBool = AtomicBool::new(false);

/// Whether the terminal is in the reader's modes, so that restoring twice
/// (a panic during a restore, a signal after a quit) does nothing.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal in the reader's modes.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    Ok(())
}

/// Gives the terminal back as it was. Safe to call at any time and more
/// than once; errors are reported, never a second panic.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let r1 = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let r2 = disable_raw_mode();
    let _ = out.flush();
    if let Err(e) = r1.and(r2) {
        // Not eprintln!: with the terminal gone (a hangup), stderr fails
        // too, and eprintln! would panic.
        let _ = writeln!(
            io::stderr(),
            "newsdump: could not restore the terminal: {e}"
        );
    }
}

/// Restores the terminal before the panic message prints, when the panic
/// is the reader's own (its thread's). A background thread's panic is not
/// the end: its job catches it and the status bar says what it was, so it
/// must neither take the terminal back nor print over the screen.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    let reader = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == reader {
            restore();
            previous(info);
        } else if !ACTIVE.load(Ordering::SeqCst) {
            previous(info);
        }
    }));
}

/// Signals the loop acts on, set from handlers.
struct Signals {
    /// SIGTERM, SIGHUP or SIGINT: the number of the first one.
    quit: Arc<AtomicUsize>,
    /// SIGTSTP from outside (raw mode turns Ctrl-Z into a key).
    stop: Arc<AtomicBool>,
    /// SIGCONT: redraw everything.
    cont: Arc<AtomicBool>,
}

impl Signals {
    fn install() -> io::Result<Signals> {
        let s = Signals {
            quit: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            cont: Arc::new(AtomicBool::new(false)),
        };
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            let quit = Arc::clone(&s.quit);
            // SAFETY: the handler only loads and stores atomics.
            unsafe {
                signal_hook::low_level::register(sig, move || {
                    // Ctrl-C typed in a command `|` runs is the command's.
                    if sig == SIGINT && PIPING.load(Ordering::SeqCst) {
                        return;
                    }
                    let _ =
                        quit.compare_exchange(0, sig as usize, Ordering::SeqCst, Ordering::SeqCst);
                })?;
            }
        }
        signal_hook::flag::register(SIGTSTP, Arc::clone(&s.stop))?;
        signal_hook::flag::register(SIGCONT, Arc::clone(&s.cont))?;
        Ok(s)
    }
}

/// Runs the reader on `corpus` until the user quits. Returns the process
/// exit code: 0, or 128 + the signal that ended it.
pub fn run(
    corpus: Corpus,
    loading: Option<Loading>,
    follow: bool,
    triage: crate::app::Triage,
) -> io::Result<u8> {
    let signals = Signals::install()?;
    install_panic_hook();
    spawn_watchdog(Arc::clone(&signals.quit));
    enter()?;
    let result = event_loop(corpus, loading, follow, triage, &signals);
    restore();
    result
}

/// How long the loop has to notice a quit signal before the watchdog ends
/// the process itself.
const QUIT_GRACE: Duration = Duration::from_millis(300);

/// Ends the process when a quit signal is not handled in time. When the
/// terminal is closed, crossterm's reader spins on end-of-file inside
/// `event::poll` (crossterm issue 793) and the loop never looks at the
/// SIGHUP flag; this thread does.
fn spawn_watchdog(quit: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        loop {
            let sig = quit.load(Ordering::SeqCst);
            if sig != 0 {
                std::thread::sleep(QUIT_GRACE);
                restore();
                std::process::exit(128 + sig as i32);
            }
            std::thread::sleep(SIGNAL_POLL);
        }
    });
}

fn event_loop(
    corpus: Corpus,
    loading: Option<Loading>,
    follow: bool,
    triage: crate::app::Triage,
    signals: &Signals,
) -> io::Result<u8> {
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::with_triage(corpus, size.width, size.height, triage);
    // Chosen once: NO_COLOR does not change while the reader runs.
    let theme = crate::ui::Theme::from_env();
    app.set_loading(loading);
    if follow {
        app.update(Command::ToggleFollow);
    }
    let hyperlinks = hyperlinks_wanted();
    // The states are read on their own thread while the dump is opened;
    // the first screen waits a little for them, not for ever.
    app.wait_for_state(STATE_WAIT);
    loop {
        let quit = signals.quit.load(Ordering::SeqCst);
        if quit != 0 {
            // Within the watchdog's grace: what is queued is a few writes.
            app.finish_writes(QUIT_GRACE / 2);
            return Ok(128 + quit as u8);
        }
        // The size can change without a resize event reaching us (while
        // suspended, or between the last event and now): the app must lay
        // out for the buffer ratatui is about to draw.
        let size = terminal.size()?;
        let area = app.screen().area();
        if (size.width, size.height) != (area.width, area.height) {
            app.update(Action::Resize(size.width, size.height));
        }
        terminal.draw(|f| crate::ui::render(f, &app, theme))?;
        if hyperlinks {
            draw_hyperlinks(&app, theme)?;
        }
        if signals.stop.swap(false, Ordering::SeqCst) {
            suspend(&mut terminal, signals)?;
            continue;
        }
        if signals.cont.swap(false, Ordering::SeqCst) {
            terminal.clear()?;
        }
        // Background jobs report between events; their results are drawn
        // on the next turn of the loop.
        app.tick();
        if !event::poll(if app.busy() { JOB_POLL } else { SIGNAL_POLL })? {
            continue;
        }
        // Take every event that is already waiting before drawing again,
        // so a held key or a resize storm costs one frame, not one each.
        loop {
            let ev = event::read()?;
            if let Event::Paste(text) = &ev {
                // Pasted text is typed into an open prompt, up to its first
                // line end; without a prompt it is no key at all.
                if app.prompt().is_some() {
                    for c in text.chars().take_while(|&c| c != '\n' && c != '\r') {
                        app.update(Action::Insert(c));
                    }
                }
            } else if let Some(action) = keymap::for_app(&app, &ev) {
                #[cfg(debug_assertions)]
                panic_for_tests(&ev);
                app.update(action);
            }
            let mut suspended = false;
            while let Some(effect) = app.take_effect() {
                match effect {
                    Effect::Quit => {
                        // The last key's change is saved before we go.
                        if !app.finish_writes(SAVE_ON_QUIT) {
                            restore();
                            let _ = writeln!(
                                io::stderr(),
                                "newsdump: the last changes to the triage state may not be saved (the state database stayed busy)"
                            );
                        }
                        return Ok(0);
                    }
                    Effect::Suspend => {
                        suspend(&mut terminal, signals)?;
                        suspended = true;
                    }
                    Effect::Copy(text) => {
                        let mut out = io::stdout();
                        out.write_all(osc52(&text).as_bytes())?;
                        out.flush()?;
                    }
                    Effect::Open(url) => {
                        if let Err(why) = open_url(&url) {
                            app.say(why);
                        }
                    }
                    Effect::Pipe { command, input } => {
                        let said = pipe(&command, &input);
                        enter()?;
                        terminal.clear()?;
                        app.say(said);
                        suspended = true;
                    }
                }
            }
            if suspended || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

/// Whether link lines become OSC 8 hyperlinks: not with
/// `NEWSDUMP_NO_HYPERLINKS` set, nor on the Linux console or a dumb
/// terminal (which would show the sequence); elsewhere a terminal that
/// does not know OSC 8 ignores it.
fn hyperlinks_wanted() -> bool {
    let off = std::env::var_os("NEWSDUMP_NO_HYPERLINKS").is_some_and(|v| !v.is_empty());
    let term = std::env::var("TERM").unwrap_or_default();
    !off && term != "linux" && term != "dumb" && !term.is_empty()
}

/// Draws the link lines on screen again as OSC 8 hyperlinks, over what
/// ratatui drew (the same characters, the same style), so that a click
/// opens them in terminals that can. ratatui's buffer does not hold the
/// sequences (they would count as columns); its next diff leaves these
/// cells alone while they show the same text.
fn draw_hyperlinks(app: &App, theme: crate::ui::Theme) -> io::Result<()> {
    use crossterm::style::{Attribute, Print, ResetColor, SetAttribute, SetStyle};
    let links = crate::ui::links_on_screen(app);
    if links.is_empty() {
        return Ok(());
    }
    let style = theme.role(crate::text::Role::Link);
    let content = crossterm::style::ContentStyle {
        foreground_color: style.fg.map(to_crossterm),
        background_color: None,
        underline_color: None,
        attributes: crossterm::style::Attributes::from(Attribute::Underlined),
    };
    let mut out = io::stdout().lock();
    for l in &links {
        crossterm::queue!(
            out,
            cursor::MoveTo(l.x, l.y),
            SetStyle(content),
            // The URL passed text::checked_url: no control, no space.
            Print(format!("\x1b]8;;{}\x1b\\", l.url)),
            Print(&l.text),
            Print("\x1b]8;;\x1b\\"),
            SetAttribute(Attribute::Reset),
            ResetColor
        )?;
    }
    out.flush()
}

/// A ratatui colour as crossterm's.
fn to_crossterm(c: ratatui::style::Color) -> crossterm::style::Color {
    use crossterm::style::Color as C;
    use ratatui::style::Color as R;
    match c {
        R::Blue => C::DarkBlue,
        R::Cyan => C::DarkCyan,
        R::Yellow => C::DarkYellow,
        R::Green => C::DarkGreen,
        R::Magenta => C::DarkMagenta,
        R::Red => C::DarkRed,
        R::DarkGray => C::DarkGrey,
        R::White => C::White,
        R::Black => C::Black,
        R::Gray => C::Grey,
        _ => C::Reset,
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard: the terminal
/// (or tmux, with `set-clipboard`) does it, over ssh too. The text is
/// base64: no byte of it reaches the terminal as itself.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

/// Starts the browser on `url` (checked by `text::checked_url`): each
/// command of `$BROWSER` (`:`-separated, `%s` standing for the URL) in
/// turn, else the platform's opener. Never through a shell; the URL is one
/// argument; the browser's output goes nowhere (it would draw over the
/// screen).
fn open_url(url: &str) -> Result<(), String> {
    crate::text::checked_url(url)?;
    let mut tried = Vec::new();
    for argv in opener_commands(url, std::env::var("BROWSER").ok().as_deref()) {
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        match std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
        {
            Ok(mut child) => {
                // Reaped when it ends, without holding the reader up.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => tried.push(format!("{}: {e}", crate::text::sanitize(program))),
        }
    }
    Err(format!("cannot open a browser ({})", tried.join("; ")))
}

/// The command lines that may open `url`, in the order to try them.
pub fn opener_commands(url: &str, browser: Option<&str>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for entry in browser.unwrap_or("").split(':') {
        let words: Vec<&str> = entry.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let mut argv: Vec<String> = words.iter().map(|w| w.replace("%s", url)).collect();
        if !words.iter().any(|w| w.contains("%s")) {
            argv.push(url.to_string());
        }
        out.push(argv);
    }
    let platform = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    out.push(vec![platform.to_string(), url.to_string()]);
    out
}

/// `|`: runs `command` with `sh -c` (the user typed it, as at less's `|`),
/// the article on its standard input and the terminal its own; then waits
/// for Enter, as less does, so its output can be read. Returns what the
/// status bar says after.
fn pipe(command: &str, input: &str) -> String {
    restore();
    let mut out = io::stdout();
    let _ = writeln!(out, "| {}", crate::text::sanitize(command));
    PIPING.store(true, Ordering::SeqCst);
    let result = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                // A command that stops reading early (head) is no error.
                let _ = stdin.write_all(input.as_bytes());
            }
            child.wait()
        });
    PIPING.store(false, Ordering::SeqCst);
    let said = match &result {
        Ok(status) if status.success() => "piped".to_string(),
        Ok(status) => format!("the command ended with {status}"),
        Err(e) => format!("cannot run sh: {e}"),
    };
    let _ = write!(out, "[{said}: press Enter to go back]");
    let _ = out.flush();
    // The terminal, not standard input: that may be the dump (`cat … |
    // newsdump -`).
    let mut line = String::new();
    if let Ok(tty) = std::fs::File::open("/dev/tty") {
        let _ = io::BufRead::read_line(&mut io::BufReader::new(tty), &mut line);
    }
    said
}

/// Debug builds only: the end-to-end tests make the reader panic on a key
/// named in `NEWSDUMP_TEST_PANIC_KEY`, to check that the panic hook gives
/// the terminal back.
#[cfg(debug_assertions)]
fn panic_for_tests(ev: &Event) {
    if let (Event::Key(k), Ok(key)) = (ev, std::env::var("NEWSDUMP_TEST_PANIC_KEY"))
        && k.code == crossterm::event::KeyCode::Char(key.chars().next().unwrap_or('\0'))
    {
        panic!("a panic asked for by NEWSDUMP_TEST_PANIC_KEY");
    }
}

/// Whether this process group owns the terminal (is in the foreground).
fn in_foreground() -> bool {
    // SAFETY: plain queries on our own descriptors and process group.
    unsafe { libc::tcgetpgrp(libc::STDOUT_FILENO) == libc::getpgrp() }
}

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again and
/// redraw everything.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>, signals: &Signals) -> io::Result<()> {
    restore();
    // SIGSTOP cannot be caught: the process stops here and goes on after
    // SIGCONT.
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    // Resumed: by `fg`, or by `kill %1` (SIGTERM and SIGCONT) or `bg`. Take
    // the terminal back only in the foreground — from the background it
    // would stop us again (SIGTTOU) — and leave at once when told to quit.
    loop {
        if signals.quit.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
        if in_foreground() {
            break;
        }
        std::thread::sleep(SIGNAL_POLL);
    }
    enter()?;
    terminal.clear()?;
    Ok(())
}
