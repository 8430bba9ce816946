//! Local validation of manifests, with FILE:LINE:COLUMN diagnostics (issue 4).
