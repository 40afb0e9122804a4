//! `sfn-asl`: see the library (`lib.rs`) for the commands.

fn main() -> std::process::ExitCode {
    sfn_asl::main()
}
