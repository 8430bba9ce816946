fn main() -> std::process::ExitCode {
    loftctl::main()
}
