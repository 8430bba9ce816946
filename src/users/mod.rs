//! The logic behind `loftctl user …`: batches, the edit loop, deletes (issue 5).
//!
//! - `rest` — users over the wire as raw JSON values (nothing dropped, parsed once);
//! - `get` — paged list, names, `--watch`;
//! - printing goes through the shared `crate::output` layer (streamed page by page);
//! - `edit` — the editor loop; `patch` — merge/JSON patches checked locally first;
//! - `check` — the local validation used by edit and patch.

pub mod check;
pub mod edit;
pub mod get;
pub mod patch;
pub mod rest;
