// Reading a folder allocates a little per file on every core; glibc's
// allocator spent ~10% of a 100,000-file load in its free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    newsdump::cli::main()
}
