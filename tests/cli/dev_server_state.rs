//! `--state FILE` survives SIGKILL mid-run; `-- COMMAND` runs a child against the server.

use crate::common;

use common::{ADMIN_KEY, DevServer, loftctl_cmd, run};
use kube::api::{Api, ListParams, PostParams};
use loftctl::api::User;

fn users(server: &DevServer) -> Api<User> {
    Api::all(common::kube_client(server, ADMIN_KEY))
}

#[tokio::test]
async fn state_survives_sigkill_mid_run() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    let state_arg = state.to_str().unwrap();
    let mut server = DevServer::start_with(&["--state", state_arg]);
    let api = users(&server);

    // Creates run concurrently while the server is killed: every create that was
    // acknowledged must be there after the restart.
    let writer = {
        let api = api.clone();
        tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0.. {
                let mut u = User::new(format!("u-{i:04}"));
                u.spec.email = Some(format!("{i}@x"));
                match api.create(&PostParams::default(), &u).await {
                    Ok(made) => acked.push((
                        made.metadata.name.unwrap(),
                        made.metadata
                            .resource_version
                            .unwrap()
                            .parse::<u64>()
                            .unwrap(),
                    )),
                    Err(_) => break,
                }
            }
            acked
        })
    };
    // Kill once at least 40 creates went through (observed through the API itself).
    loop {
        let n = api
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .iter()
            .filter(|u| {
                u.metadata
                    .name
                    .as_deref()
                    .is_some_and(|n| n.starts_with("u-"))
            })
            .count();
        if n >= 40 {
            break;
        }
        tokio::task::yield_now().await;
    }
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    let acked = writer.await.unwrap();
    assert!(acked.len() >= 40, "{}", acked.len());

    let server = DevServer::start_with(&["--state", state_arg]);
    let api = users(&server);
    let list = api.list(&ListParams::default()).await.unwrap();
    let names: std::collections::BTreeSet<String> = list
        .items
        .iter()
        .map(|u| u.metadata.name.clone().unwrap())
        .collect();
    for (name, _) in &acked {
        assert!(names.contains(name), "{name} was acknowledged but lost");
    }
    let got = api.get(&acked[0].0).await.unwrap();
    assert_eq!(got.spec.email.as_deref(), Some("0@x"));
    // resourceVersions keep growing after the restart.
    let max_acked = acked.iter().map(|(_, rv)| *rv).max().unwrap();
    let next = api
        .create(&PostParams::default(), &User::new("after-restart"))
        .await
        .unwrap();
    assert!(
        next.metadata
            .resource_version
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > max_acked
    );
    // A delete persists too.
    api.delete("after-restart", &Default::default())
        .await
        .unwrap();
    drop(server);
    let server = DevServer::start_with(&["--state", state_arg]);
    let api = users(&server);
    assert!(api.get_opt("after-restart").await.unwrap().is_none());
    assert_eq!(
        api.list(&ListParams::default()).await.unwrap().items.len(),
        names.len()
    );
}

#[test]
fn a_corrupt_state_file_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.jsonl");
    std::fs::write(&state, "hello\nworld\n").unwrap();
    let r = run(loftctl_cmd(dir.path()).args([
        "dev-server",
        "--listen",
        "127.0.0.1:0",
        "--state",
        state.to_str().unwrap(),
    ]));
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("is not a dev-server state file"), "{r}");
    assert!(!r.stderr.contains("panicked"), "{r}");
}

#[test]
fn child_mode_points_the_command_at_the_server_and_exits_with_its_status() {
    let home = tempfile::tempdir().unwrap();
    let script = r#"
        case "$LOFT_URL" in http://127.0.0.1:*) ;; *) exit 90 ;; esac
        test -n "$LOFT_ACCESS_KEY" || exit 91
        test -f "$KUBECONFIG" || exit 92
        loftctl whoami | grep -qx 'user admin' || exit 94
        if command -v kubectl >/dev/null; then
          printf 'apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: zed\n' | kubectl create -f - >/dev/null || exit 93
          kubectl get users -o name
        fi
        exit 7
    "#;
    let r = run(loftctl_cmd(home.path()).args(["-q", "dev-server", "--", "sh", "-c", script]));
    assert_eq!(r.code, 7, "{r}");
    if common::which("kubectl").is_some() {
        // zed and the built-in admin (no read-only key here: no viewer).
        assert_eq!(
            r.stdout, "user.management.loft.sh/admin\nuser.management.loft.sh/zed\n",
            "{r}"
        );
    }
    // The banner goes to stderr in child mode: stdout is the child's alone.
    assert!(r.stderr.contains("listening on http://127.0.0.1:"), "{r}");
}
