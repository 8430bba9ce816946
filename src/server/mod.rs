//! `loftctl dev-server`: an emulator of the management API (issue 3).
