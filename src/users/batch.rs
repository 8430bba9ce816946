//! The bounded-concurrency runner behind every writing `user` command.
//!
//! Each item runs as its own request (at most `concurrency` at once, over one shared
//! `kube::Client`, so connections are reused). Outcomes are printed in the order of the
//! input, as soon as every earlier item is done: one kubectl-style line per item on
//! stdout (`user.management.loft.sh/alice created`), each failure as
//! `error: user.management.loft.sh/bob: …` on stderr. A failed item never stops or hides
//! the others. On a terminal, a large batch shows a progress bar on stderr. At the end:
//! a summary on stderr, and the worst exit code of all items ([`Kind::worst`]).
//!
//! A closed stdout (`| head -1`) stops the output, not the work: every item is still
//! sent, and the batch ends with exit 1 and `error: stdout closed; N of M users done`
//! on stderr, so that a script sees that it did not get all the output.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use futures::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use super::{DryRun, WriteOutput, resource_name};
use crate::error::{CliError, Kind, Result};
use crate::output;
use crate::printer::Printer;

/// Batches at least this large get a progress bar (on a terminal only).
pub const PROGRESS_MIN: usize = 20;

/// What happened to one item that succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Created,
    Configured,
    Unchanged,
    Deleted,
    /// Deleted by `apply --prune`: selected, and not in the input.
    Pruned,
    Disabled,
    Enabled,
    /// Not found, and `--ignore-not-found`: counted, not printed (as kubectl).
    Ignored,
}

impl Outcome {
    /// The word kubectl prints after the resource name.
    pub fn verb(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Configured => "configured",
            Outcome::Unchanged => "unchanged",
            Outcome::Deleted => "deleted",
            Outcome::Pruned => "pruned",
            Outcome::Disabled => "disabled",
            Outcome::Enabled => "enabled",
            Outcome::Ignored => "not found (ignored)",
        }
    }
}

/// A successful item: what happened, the object's name, and the object itself when
/// there is one to print with `-o json|yaml`.
#[derive(Debug, Clone)]
pub struct Done {
    pub outcome: Outcome,
    pub name: String,
    pub object: Option<Value>,
}

impl Done {
    pub fn new(outcome: Outcome, name: impl Into<String>) -> Self {
        Done {
            outcome,
            name: name.into(),
            object: None,
        }
    }
    pub fn with_object(mut self, object: Option<Value>) -> Self {
        self.object = object;
        self
    }
}

/// One input item: a label for messages (the User's name, or where it came from when
/// it has none) and the payload handed to the operation.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub label: String,
    pub payload: T,
}

impl Item<String> {
    /// Items for these User names, labelled `user.management.loft.sh/NAME`.
    pub fn named(names: Vec<String>) -> Vec<Item<String>> {
        names
            .into_iter()
            .map(|name| Item {
                label: resource_name(&name),
                payload: name,
            })
            .collect()
    }
}

/// Resolves at each Ctrl-C (SIGINT); never, when the handler cannot be installed.
async fn interrupt() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// How a batch prints.
#[derive(Debug, Clone, Copy)]
pub struct Batch {
    pub printer: Printer,
    pub concurrency: usize,
    pub dry_run: DryRun,
    pub output: WriteOutput,
}

/// What a whole batch did.
#[derive(Debug, Default)]
pub struct Report {
    pub total: usize,
    /// How many items ended with each outcome.
    pub counts: BTreeMap<Outcome, usize>,
    /// The failed items, in input order: label and error.
    pub failed: Vec<(String, CliError)>,
    /// Ctrl-C stopped the batch early.
    pub interrupted: bool,
    /// The items never sent because of the interrupt (a tail of the input).
    pub not_started: Vec<String>,
    /// Writing to stdout failed (the reader closed it): the output stopped there, the
    /// work did not.
    pub output_error: Option<std::io::Error>,
}

impl Report {
    /// The summary of an interrupted batch: what was done, and what was never sent.
    fn interrupted_error(&self) -> CliError {
        let done = self.total - self.not_started.len();
        let mut message = format!("interrupted: {done} of {} users processed", self.total);
        let breakdown = self.breakdown();
        if !breakdown.is_empty() {
            message.push_str(&format!(" ({breakdown})"));
        }
        match self.not_started.as_slice() {
            [] => {}
            [only] => message.push_str(&format!("; not sent: {only}")),
            [first, .., last] => message.push_str(&format!(
                "; {} not sent: {first} … {last}",
                self.not_started.len()
            )),
        }
        let mut err = CliError::new(Kind::Interrupted, message);
        if !self.not_started.is_empty() {
            err.hint = Some(
                "nothing after the interrupt was sent; run the command again for the rest (a rerun of `user apply` is always safe)"
                    .to_string(),
            );
        }
        err
    }

    /// `2 created, 1 unchanged, 3 failed`.
    pub fn breakdown(&self) -> String {
        let mut parts: Vec<String> = self
            .counts
            .iter()
            .map(|(o, n)| format!("{n} {}", o.verb()))
            .collect();
        if !self.failed.is_empty() {
            parts.push(format!("{} failed", self.failed.len()));
        }
        parts.join(", ")
    }

    /// The exit of the command: `Ok` when every item succeeded; for a single item its
    /// own error; else an error of the worst kind naming how many failed.
    pub fn into_result(mut self) -> Result<()> {
        if self.interrupted {
            return Err(self.interrupted_error());
        }
        if let Some(io) = self.output_error.take() {
            let done = self.total - self.failed.len();
            let mut message = format!("stdout closed; {done} of {} users done", self.total);
            let breakdown = self.breakdown();
            if !breakdown.is_empty() {
                message.push_str(&format!(" ({breakdown})"));
            }
            let kind = self
                .failed
                .iter()
                .map(|(_, e)| e.kind)
                .fold(Kind::Other, Kind::worst);
            return Err(CliError::with_source(kind, message, io)
                .with_hint("the output after the reader closed stdout was not written"));
        }
        if self.failed.is_empty() {
            return Ok(());
        }
        if self.total == 1 && self.failed.len() == 1 {
            let (label, err) = self.failed.remove(0);
            return Err(err.context(label));
        }
        let worst = self
            .failed
            .iter()
            .map(|(_, e)| e.kind)
            .fold(self.failed[0].1.kind, Kind::worst);
        let hint = self
            .failed
            .iter()
            .find(|(_, e)| e.kind == worst)
            .and_then(|(_, e)| e.hint.clone());
        let mut err = CliError::new(
            worst,
            format!(
                "{} of {} users failed ({})",
                self.failed.len(),
                self.total,
                self.breakdown()
            ),
        );
        err.hint = hint;
        Err(err)
    }
}

impl Batch {
    /// Run `op` over every item, at most `concurrency` at once; print each outcome in
    /// input order as soon as it is known; print the summary; return the report.
    ///
    /// Ctrl-C (SIGINT) stops starting new items; the requests in flight finish and are
    /// reported as usual. A second Ctrl-C stops waiting: the items still in flight are
    /// reported failed with an unknown outcome. Either way the report says so
    /// ([`Report::interrupted`]) and [`Report::into_result`] gives exit 130.
    ///
    /// Outcome lines (and the `-o json|yaml` document) go to `out`. A write to `out`
    /// that fails stops the output but not the batch ([`Report::output_error`]).
    pub async fn run<T, F, Fut>(
        &self,
        items: Vec<Item<T>>,
        op: F,
        out: &mut dyn Write,
    ) -> Result<Report>
    where
        F: Fn(T) -> Fut,
        Fut: Future<Output = Result<Done>>,
    {
        let total = items.len();
        let mut report = Report {
            total,
            ..Report::default()
        };
        let bar = self.progress_bar(total);
        let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
        let op = &op;
        let stop = AtomicBool::new(false);
        let started = AtomicUsize::new(0);
        let (stop_ref, started_ref) = (&stop, &started);
        // Items are taken lazily, one when a slot frees: once `stop` is set none starts.
        let mut results =
            futures::stream::iter(items.into_iter().enumerate().map_while(|(index, item)| {
                if stop_ref.load(Ordering::SeqCst) {
                    return None;
                }
                started_ref.fetch_add(1, Ordering::SeqCst);
                Some(async move { (index, op(item.payload).await) })
            }))
            .buffer_unordered(self.concurrency.max(1));

        let mut objects: Vec<Value> = Vec::new();
        let mut pending: BTreeMap<usize, Result<Done>> = BTreeMap::new();
        let mut next = 0;
        let mut finished = 0;
        let mut abandoned = false;
        let mut ctrl_c = Box::pin(interrupt());
        loop {
            // The lines of results already here are written together; before waiting
            // for the next result, what is written is flushed: a reader sees every
            // line as soon as the batch would otherwise sit idle.
            let result = match futures::FutureExt::now_or_never(results.next()) {
                Some(r) => r,
                None => {
                    flush(out, &mut report);
                    tokio::select! {
                        r = results.next() => r,
                        () = &mut ctrl_c => {
                            if stop.swap(true, Ordering::SeqCst) {
                                abandoned = true;
                                break;
                            }
                            report.interrupted = true;
                            let in_flight = started.load(Ordering::SeqCst) - finished;
                            let note = format!(
                                "interrupted: starting no more; waiting for {in_flight} request(s) in flight (Ctrl-C again to stop waiting)"
                            );
                            match &bar {
                                Some(bar) => bar.suspend(|| self.printer.warn(&note)),
                                None => self.printer.warn(&note),
                            }
                            ctrl_c = Box::pin(interrupt());
                            continue;
                        }
                    }
                }
            };
            let Some((index, result)) = result else {
                break;
            };
            finished += 1;
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            pending.insert(index, result);
            while let Some(result) = pending.remove(&next) {
                self.emit(&labels[next], result, out, &bar, &mut report, &mut objects)?;
                next += 1;
            }
        }
        drop(results);
        flush(out, &mut report);
        let started = started.load(Ordering::SeqCst);
        if abandoned {
            // Dropped before their answers came: the server may or may not have acted.
            for index in next..started {
                pending.entry(index).or_insert_with(|| {
                    Err(CliError::new(
                        Kind::Interrupted,
                        "interrupted before the answer came; the outcome is unknown",
                    ))
                });
            }
            while let Some(result) = pending.remove(&next) {
                self.emit(&labels[next], result, out, &bar, &mut report, &mut objects)?;
                next += 1;
            }
        }
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        report.not_started = labels[started.min(total)..].to_vec();
        match self.output {
            WriteOutput::Json | WriteOutput::Yaml
                if !objects.is_empty() && report.output_error.is_none() =>
            {
                let value = if total == 1 && objects.len() == 1 {
                    objects.remove(0)
                } else {
                    output::list_value(objects)
                };
                let written = if self.output == WriteOutput::Json {
                    output::write_json(&mut *out, &value)
                } else {
                    output::write_yaml(&mut *out, &value)
                };
                if let Err(e) = written.and_then(|()| out.flush().map_err(CliError::from)) {
                    report.output_error = Some(std::io::Error::other(e.message()));
                }
            }
            _ => {}
        }
        // (A closed stdout ends in an error that carries the breakdown instead.)
        if total > 1
            && report.failed.is_empty()
            && !report.interrupted
            && report.output_error.is_none()
        {
            self.printer
                .status(format!("{total} users: {}", report.breakdown()));
        }
        Ok(report)
    }

    /// Print one finished item (a stdout line, or an `error:` line) and count it.
    fn emit(
        &self,
        label: &str,
        result: Result<Done>,
        out: &mut dyn Write,
        bar: &Option<ProgressBar>,
        report: &mut Report,
        objects: &mut Vec<Value>,
    ) -> Result<()> {
        match result {
            Ok(done) => {
                *report.counts.entry(done.outcome).or_default() += 1;
                match self.line(&done) {
                    // Once stdout is closed, nothing more is written to it.
                    Some(_) if report.output_error.is_some() => {}
                    Some(line) => {
                        // Under a progress bar (on stderr) the line is flushed
                        // while the bar is hidden; else when the batch waits.
                        let written = match bar {
                            Some(bar) => bar.suspend(|| {
                                writeln!(out, "{line}")?;
                                out.flush()
                            }),
                            None => writeln!(out, "{line}"),
                        };
                        if let Err(e) = written {
                            report.output_error = Some(e);
                        }
                    }
                    None => objects.extend(done.object),
                }
            }
            Err(err) => {
                // A batch of one reports its failure once, as the command's error
                // (`Report::into_result`), not here and again there.
                if report.total > 1 {
                    // The lines before it first: stdout and stderr often share a file.
                    flush(out, report);
                    let print = || self.printer.error_in(label, &err);
                    match bar {
                        Some(bar) => bar.suspend(print),
                        None => print(),
                    }
                }
                report.failed.push((label.to_string(), err));
            }
        }
        Ok(())
    }

    /// The stdout line of a successful item (`None` for json/yaml: printed at the end).
    fn line(&self, done: &Done) -> Option<String> {
        if done.outcome == Outcome::Ignored {
            return None;
        }
        let name = resource_name(&done.name);
        match self.output {
            WriteOutput::Lines => Some(format!(
                "{name} {}{}",
                done.outcome.verb(),
                self.dry_run.suffix()
            )),
            WriteOutput::Name => Some(name),
            WriteOutput::Json | WriteOutput::Yaml => None,
        }
    }

    fn progress_bar(&self, total: usize) -> Option<ProgressBar> {
        if total < PROGRESS_MIN || !self.printer.show_progress() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} users {elapsed}") {
            bar.set_style(style);
        }
        Some(bar)
    }
}

/// Flush the lines written so far; a failure is the report's output error (once
/// stdout is closed, nothing more is written to it).
fn flush(out: &mut dyn Write, report: &mut Report) {
    if report.output_error.is_none()
        && let Err(e) = out.flush()
    {
        report.output_error = Some(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(concurrency: usize) -> Batch {
        Batch {
            printer: Printer::plain(),
            concurrency,
            dry_run: DryRun::None,
            output: WriteOutput::Lines,
        }
    }

    fn items(n: usize) -> Vec<Item<usize>> {
        (0..n)
            .map(|i| Item {
                label: resource_name(&format!("u{i}")),
                payload: i,
            })
            .collect()
    }

    impl Batch {
        /// [`Batch::run`], its output thrown away.
        async fn run_to_sink<T, F, Fut>(&self, items: Vec<Item<T>>, op: F) -> Result<Report>
        where
            F: Fn(T) -> Fut,
            Fut: Future<Output = Result<Done>>,
        {
            self.run(items, op, &mut std::io::sink()).await
        }
    }

    /// A reader that takes `lines` lines, then closes the pipe (every later write fails
    /// with `BrokenPipe`, as on a pipe whose reader ended).
    struct ClosesAfter {
        lines: usize,
        taken: Vec<u8>,
    }

    impl Write for ClosesAfter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.taken.iter().filter(|&&b| b == b'\n').count() >= self.lines {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.taken.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A pipe that counts the lines it was given at each flush.
    #[derive(Default)]
    struct Flushes {
        taken: Vec<u8>,
        /// Lines received when each flush came.
        at: Vec<usize>,
        /// The same count, for the operations to see.
        seen: std::sync::Arc<AtomicUsize>,
    }

    impl Write for Flushes {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.taken.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            let lines = self.taken.iter().filter(|&&b| b == b'\n').count();
            self.at.push(lines);
            self.seen.store(lines, Ordering::SeqCst);
            Ok(())
        }
    }

    #[test]
    fn lines_of_results_already_here_are_flushed_together() {
        // Every result is ready at once: one flush, not one per line (each a write
        // system call on a real stdout).
        let mut out = Flushes::default();
        let ok = |i: usize| async move { Ok(Done::new(Outcome::Created, format!("u{i}"))) };
        block(batch(5).run(items(200), ok, &mut out)).unwrap();
        assert_eq!(out.at.last(), Some(&200));
        assert!(out.at.len() <= 2, "flushed at {:?}", out.at);
    }

    #[test]
    fn lines_are_flushed_before_the_batch_waits() {
        // u3 finishes only once the lines before it have reached the reader (or gives
        // up after many turns): a batch that held them while waiting fails the test.
        let mut out = Flushes::default();
        let seen = std::sync::Arc::clone(&out.seen);
        let op = |i: usize| {
            let seen = std::sync::Arc::clone(&seen);
            async move {
                let mut saw = i != 3;
                for _ in 0..1000 {
                    if saw {
                        break;
                    }
                    tokio::task::yield_now().await;
                    saw = seen.load(Ordering::SeqCst) >= 3;
                }
                match saw {
                    true => Ok(Done::new(Outcome::Created, format!("u{i}"))),
                    false => Err(CliError::other("the first lines were never flushed")),
                }
            }
        };
        let report = block(batch(1).run(items(6), op, &mut out)).unwrap();
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(out.at.last(), Some(&6));
    }

    #[test]
    fn lines_go_to_the_given_writer_in_input_order() {
        let mut out = Vec::new();
        let report = block(batch(5).run(
            items(30),
            |i| async move {
                // Later items finish first.
                for _ in 0..(30 - i) {
                    tokio::task::yield_now().await;
                }
                Ok(Done::new(Outcome::Created, format!("u{i}")))
            },
            &mut out,
        ))
        .unwrap();
        assert!(report.into_result().is_ok());
        let expected: String = (0..30)
            .map(|i| format!("user.management.loft.sh/u{i} created\n"))
            .collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn a_closed_stdout_stops_the_output_not_the_work() {
        let done = AtomicUsize::new(0);
        let mut out = ClosesAfter {
            lines: 1,
            taken: Vec::new(),
        };
        let report = block(batch(8).run(
            items(1000),
            |i| {
                let done = &done;
                async move {
                    done.fetch_add(1, Ordering::SeqCst);
                    Ok(Done::new(Outcome::Created, format!("u{i}")))
                }
            },
            &mut out,
        ))
        .unwrap();
        assert_eq!(done.load(Ordering::SeqCst), 1000, "every item was sent");
        assert_eq!(out.taken, b"user.management.loft.sh/u0 created\n");
        let err = report.into_result().unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert_eq!(
            err.message(),
            "stdout closed; 1000 of 1000 users done (1000 created): broken pipe"
        );
    }

    fn block<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn failures_are_reported_exactly_and_never_hide_the_others() {
        let report = block(batch(7).run_to_sink(items(300), |i| async move {
            tokio::task::yield_now().await;
            match i % 50 {
                3 => Err(CliError::new(Kind::Conflict, format!("u{i} exists"))),
                4 => Err(CliError::new(Kind::NotFound, format!("u{i} gone"))),
                _ => Ok(Done::new(Outcome::Created, format!("u{i}"))),
            }
        }))
        .unwrap();
        assert_eq!(report.total, 300);
        assert_eq!(report.counts.get(&Outcome::Created), Some(&288));
        let failed: Vec<&str> = report.failed.iter().map(|(l, _)| l.as_str()).collect();
        let expected: Vec<String> = (0..300)
            .filter(|i| i % 50 == 3 || i % 50 == 4)
            .map(|i| resource_name(&format!("u{i}")))
            .collect();
        assert_eq!(failed, expected);
        let err = report.into_result().unwrap_err();
        assert_eq!(err.kind, Kind::Conflict, "the worst code wins: 5 over 4");
        assert_eq!(
            err.message(),
            "12 of 300 users failed (288 created, 12 failed)"
        );
    }

    #[test]
    fn concurrency_is_bounded() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let report = block(batch(4).run_to_sink(items(40), |i| {
            let (running, peak) = (&running, &peak);
            async move {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                for _ in 0..3 {
                    tokio::task::yield_now().await;
                }
                running.fetch_sub(1, Ordering::SeqCst);
                Ok(Done::new(Outcome::Deleted, format!("u{i}")))
            }
        }))
        .unwrap();
        assert_eq!(report.counts.get(&Outcome::Deleted), Some(&40));
        assert_eq!(peak.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn an_interrupted_batch_is_exit_130_and_names_what_was_not_sent() {
        let mut report = Report {
            total: 5,
            interrupted: true,
            not_started: vec![resource_name("u3"), resource_name("u4")],
            ..Report::default()
        };
        report.counts.insert(Outcome::Created, 2);
        report
            .failed
            .push((resource_name("u2"), CliError::new(Kind::Conflict, "exists")));
        let err = report.into_result().unwrap_err();
        assert_eq!(err.exit_code(), 130);
        assert_eq!(
            err.message(),
            "interrupted: 3 of 5 users processed (2 created, 1 failed); 2 not sent: \
             user.management.loft.sh/u3 … user.management.loft.sh/u4"
        );
        assert!(err.hint.is_some());
        // Interrupted after everything had started: nothing "not sent", no hint.
        let report = Report {
            total: 1,
            interrupted: true,
            ..Report::default()
        };
        let err = report.into_result().unwrap_err();
        assert_eq!(err.message(), "interrupted: 1 of 1 users processed");
        assert_eq!(err.hint, None);
    }

    #[test]
    fn a_single_failure_is_its_own_error() {
        let report = block(batch(1).run_to_sink(items(1), |_| async {
            Err::<Done, _>(CliError::new(Kind::Unauthorized, "forbidden").with_hint("h"))
        }))
        .unwrap();
        let err = report.into_result().unwrap_err();
        assert_eq!(err.kind, Kind::Unauthorized);
        assert_eq!(err.message(), "user.management.loft.sh/u0: forbidden");
        assert_eq!(err.hint.as_deref(), Some("h"));
    }

    #[test]
    fn lines_follow_kubectl() {
        let mut b = batch(1);
        let done = Done::new(Outcome::Created, "alice");
        assert_eq!(
            b.line(&done).as_deref(),
            Some("user.management.loft.sh/alice created")
        );
        b.dry_run = DryRun::Server;
        assert_eq!(
            b.line(&done).as_deref(),
            Some("user.management.loft.sh/alice created (server dry run)")
        );
        b.output = WriteOutput::Name;
        assert_eq!(
            b.line(&done).as_deref(),
            Some("user.management.loft.sh/alice")
        );
        b.output = WriteOutput::Json;
        assert_eq!(b.line(&done), None);
    }
}
