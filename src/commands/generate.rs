//! The files generated from the clap definition and committed: shell completions in
//! `completions/` and one man page per command and subcommand in `man/`.
//!
//! `tests/cli/generated_files.rs` fails when the committed files are stale; regenerate them
//! with `UPDATE_GENERATED=1 cargo test --test cli generated_files`.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Every generated file: its path relative to the repository root, and its content.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut text = Vec::new();
        crate::commands::write_completion(shell, &mut text);
        let name = match shell {
            Shell::Bash => "loftctl.bash",
            Shell::Zsh => "_loftctl",
            Shell::Fish => "loftctl.fish",
            Shell::PowerShell => "_loftctl.ps1",
            _ => "loftctl.elv",
        };
        files.push((format!("completions/{name}"), text));
    }
    let mut cmd = Cli::command();
    cmd.build();
    man_pages(&cmd, &mut files);
    files
}

fn man_pages(cmd: &clap::Command, files: &mut Vec<(String, Vec<u8>)>) {
    if cmd.is_hide_set() {
        return;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = man.render(&mut page);
    files.push((format!("man/{}", man.get_filename()), page));
    for sub in cmd.get_subcommands() {
        man_pages(sub, files);
    }
}
