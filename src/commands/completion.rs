//! `loftctl completion SHELL`: the same scripts as `completions/`, generated from the
//! clap definition at run time.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Ctx;
use crate::cli::Cli;
use crate::error::Result;

/// Print a shell completion script
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  loftctl completion bash > /etc/bash_completion.d/loftctl\n  loftctl completion zsh > \"${fpath[1]}/_loftctl\"\n  loftctl completion fish > ~/.config/fish/completions/loftctl.fish"
)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(ctx: &Ctx, args: CompletionArgs) -> Result<()> {
    // Generated into memory first: clap_complete panics on a write error, and a script
    // larger than the stdout buffer would reach a closed pipe inside it.
    let mut script = Vec::new();
    write_completion(args.shell, &mut script);
    let mut out = ctx.printer.stdout();
    std::io::Write::write_all(&mut out, &script)?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

/// The completion script of `shell`, as committed in `completions/`.
pub fn write_completion(shell: Shell, out: &mut dyn std::io::Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "loftctl", out);
}
