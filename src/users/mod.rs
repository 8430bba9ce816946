//! The logic behind `loftctl user …`: batches, the edit loop, deletes (issue 5).
