//! The one integration-test binary (as jj's `cli/tests/runner.rs`): every test of the real
//! `loftctl` binary, one module per area, linked once.

mod common;
mod user_support;

mod accesskey;
mod accesskey_server;
mod connection;
mod dev_server_api;
mod dev_server_kubectl;
mod dev_server_python;
mod dev_server_robust;
mod dev_server_semantics;
mod dev_server_ssa;
mod dev_server_state;
mod exec_credential;
mod explain_cli;
mod generated_files;
mod hostile_inputs;
mod hostile_server;
mod house;
mod identity;
mod layering;
mod login_files;
mod lost_answers;
mod no_leaks;
mod output_formats;
mod output_jsonpath;
mod output_pipe;
mod output_yaml;
mod reliability;
mod schema_corpus;
mod schema_generated;
mod schema_server;
mod token_create;
mod token_decode;
mod tour;
mod user_delete_prompt;
mod user_edit;
mod user_get;
mod user_patch;
mod user_write;
mod users_as_code;
mod validate_cli;
mod validate_rules;
