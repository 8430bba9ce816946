#!/usr/bin/env python3
"""loftctl vs kubectl, side by side, on the same `loftctl dev-server`.

One command from a fresh clone:  python3 benches/compare.py
It builds the release binary, starts a dev-server on a free loopback port, seeds it,
and times each scenario alternating loftctl and kubectl run by run (medians of
--runs runs; peak RSS of each child from wait4). It prints a markdown table with the
ratios (loftctl / kubectl, lower is better) and the targets of issue 7.

Rows:
  1. start-up          loftctl --version            vs kubectl version --client
  2. list 10k -o json  loftctl user get -o json     vs kubectl get users -o json
     list 10k table    loftctl user get             vs kubectl get users
  3. create 1,000      loftctl user create -f FILE  vs kubectl create -f FILE
  4. apply 1,000 same  loftctl user apply -f FILE   vs kubectl apply --server-side -f FILE
  5. validate 20k      loftctl validate FILE        vs python3 yaml.load_all(CSafeLoader)
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = "bench-admin-key"


def run(cmd, env, stdin=None):
    """Run cmd, discard stdout; return (seconds, peak RSS in KiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdin=stdin or subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        err = proc.stderr.read().decode(errors="replace")[-2000:]
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}\n{err}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss


def user_doc(name):
    return (f"apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: {name}\n"
            f"  labels:\n    team: bench\nspec:\n  username: {name}\n  email: {name}@example.com\n"
            f"  displayName: Bench User {name}\n  subject: {name}\n  groups:\n  - dev\n  - ops\n"
            f"  clusterRoles:\n  - name: loft-management-admin\n")


def write_users(path, prefix, n):
    with open(path, "w") as f:
        f.write("---\n".join(user_doc(f"{prefix}-{i:05d}") for i in range(n)))


def median_pair(label, a_cmd, b_cmd, env, runs, setup=None):
    """Alternate a and b `runs` times; `setup(i, which)` may return per-run commands."""
    a_t, a_m, b_t, b_m = [], [], [], []
    for i in range(runs):
        order = [("a", a_cmd), ("b", b_cmd)] if i % 2 == 0 else [("b", b_cmd), ("a", a_cmd)]
        for which, cmd in order:
            c = setup(i, which) if setup else cmd
            t, m = run(c, env)
            (a_t if which == "a" else b_t).append(t)
            (a_m if which == "a" else b_m).append(m)
    return (label, statistics.median(a_t), statistics.median(b_t),
            max(a_m), max(b_m))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--users", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--validate-docs", type=int, default=20000)
    ap.add_argument("--no-build", action="store_true", help="use the existing target/release/loftctl")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    loftctl = os.path.join(ROOT, "target", "release", "loftctl")
    kubectl = subprocess.run(["sh", "-c", "command -v kubectl"], capture_output=True, text=True).stdout.strip()
    if not kubectl:
        raise SystemExit("kubectl is not installed: nothing to compare with")

    work = tempfile.mkdtemp(prefix="loftctl-bench-")
    server = subprocess.Popen([loftctl, "dev-server", "--listen", "127.0.0.1:0", "--access-key", KEY],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner = server.stdout.readline().strip()
        url = banner.removeprefix("listening on ")
        kubeconfig = os.path.join(work, "kubeconfig")
        with open(kubeconfig, "w") as f:
            f.write(f"apiVersion: v1\nkind: Config\nclusters:\n- name: dev\n  cluster:\n"
                    f"    server: {url}/kubernetes/management\ncontexts:\n- name: dev\n  context:\n"
                    f"    cluster: dev\n    user: admin\ncurrent-context: dev\nusers:\n- name: admin\n"
                    f"  user:\n    token: {KEY}\n")
        env = {"PATH": os.environ.get("PATH", ""), "HOME": work, "LOFT_URL": url,
               "LOFT_ACCESS_KEY": KEY, "KUBECONFIG": kubeconfig, "NO_COLOR": "1"}

        rows = []
        rows.append(median_pair("start-up", [loftctl, "--version"], [kubectl, "version", "--client"],
                                env, max(args.runs, 10)) + ("0.05", None))

        seed = os.path.join(work, "seed.yaml")
        write_users(seed, "seed", args.users)
        run([loftctl, "user", "create", "-f", seed, "-q"], env)
        rows.append(median_pair(f"list {args.users} -o json", [loftctl, "user", "get", "-o", "json"],
                                [kubectl, "get", "users", "-o", "json"], env, args.runs) + ("0.20", "0.25"))
        rows.append(median_pair(f"list {args.users} table", [loftctl, "user", "get"],
                                [kubectl, "get", "users"], env, args.runs) + ("0.20", "0.25"))

        files = {}

        def create_setup(i, which):
            path = os.path.join(work, f"create-{which}-{i}.yaml")
            write_users(path, f"c{which}{i}", args.batch)
            files.setdefault(which, path)
            if which == "a":
                return [loftctl, "user", "create", "-f", path, "-q"]
            return [kubectl, "create", "-f", path]
        rows.append(median_pair(f"create {args.batch}", None, None, env, args.runs, create_setup) + ("0.10", None))

        same = os.path.join(work, "apply.yaml")
        write_users(same, "apply", args.batch)
        run([loftctl, "user", "apply", "-f", same, "-q"], env)
        run([kubectl, "apply", "--server-side", "-f", same], env)
        run([loftctl, "user", "apply", "-f", same, "-q"], env)
        rows.append(median_pair(f"apply {args.batch} unchanged", [loftctl, "user", "apply", "-f", same, "-q"],
                                [kubectl, "apply", "--server-side", "-f", same], env, args.runs) + ("0.10", None))

        vfile = os.path.join(work, "validate.yaml")
        write_users(vfile, "v", args.validate_docs)
        py = [sys.executable, "-c",
              "import sys,yaml\nfor _ in yaml.load_all(open(sys.argv[1]), Loader=yaml.CSafeLoader): pass", vfile]
        rows.append(median_pair(f"validate {args.validate_docs} docs (vs libyaml parse)",
                                [loftctl, "validate", vfile, "-q"], py, env, args.runs) + ("1.0", None))
    finally:
        server.terminate()
        server.wait()

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"\nmachine: {os.cpu_count()} cores, {cpu}; kubectl: {kubectl}; runs: {args.runs} (median)\n")
    print("| scenario | loftctl | kubectl / baseline | time ratio | target | loftctl RSS | other RSS | RSS ratio | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    failed = []
    for label, a, b, am, bm, t_target, m_target in rows:
        ratio, mratio = a / b, am / bm
        ok = ratio <= float(t_target) and (m_target is None or mratio <= float(m_target))
        if not ok:
            failed.append(label)
        print(f"| {label} | {a*1000:.1f} ms | {b*1000:.1f} ms | {ratio:.3f} | ≤ {t_target} {'✓' if ratio <= float(t_target) else '✗'} "
              f"| {am/1024:.1f} MiB | {bm/1024:.1f} MiB | {mratio:.2f} | "
              f"{'≤ ' + m_target + (' ✓' if mratio <= float(m_target) else ' ✗') if m_target else '—'} |")
    print()
    print("all targets met" if not failed else f"targets missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
