fn main() -> std::process::ExitCode {
    newsdump::cli::main()
}
