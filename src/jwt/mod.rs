//! JWT decoding and verification for `loftctl token` (issue 6).
