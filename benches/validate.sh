#!/usr/bin/env bash
# Benchmark: `loftctl validate` of 20,000 User documents in one file, against libyaml
# merely parsing them (python3 `yaml.load_all(..., Loader=yaml.CSafeLoader)`), side by
# side in one run; prints the median of RUNS runs of each.
#
#   cargo build --release && benches/validate.sh            # RUNS=7 DOCS=20000 by default
#   LOFTCTL=target/release/loftctl RUNS=11 benches/validate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
LOFTCTL=${LOFTCTL:-target/release/loftctl}
RUNS=${RUNS:-7}
DOCS=${DOCS:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/users.yaml

python3 - "$file" "$DOCS" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    for i in range(n):
        f.write(f"""---
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: user-{i}
  labels:
    team: team-{i % 50}
    example.com/tier: gold
  annotations:
    example.com/owner: "someone {i}"
spec:
  displayName: User {i}
  username: user{i}
  email: user{i}@example.com
  subject: user-{i}
  groups: [dev, ops]
  clusterRoles:
  - name: loft-management-admin
  access:
  - name: self
    verbs: ["get", "update"]
    users: ["user-{i}"]
""")
PY

python3 - "$LOFTCTL" "$file" "$RUNS" <<'PY'
import statistics, subprocess, sys, time, yaml
loftctl, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = len(open(path, "rb").read())

def libyaml():
    with open(path) as f:
        n = sum(1 for _ in yaml.load_all(f, Loader=yaml.CSafeLoader))
    assert n > 0

def loft():
    r = subprocess.run([loftctl, "validate", path], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-500:]

a, b = [], []
for _ in range(runs):  # interleaved, so both see the same machine load
    t = time.perf_counter(); loft(); a.append(time.perf_counter() - t)
    t = time.perf_counter(); libyaml(); b.append(time.perf_counter() - t)
ma, mb = statistics.median(a), statistics.median(b)
print(f"input: {path} ({size/1e6:.1f} MB), {runs} runs each, interleaved")
print(f"loftctl validate (parse + all rules): median {ma*1000:8.1f} ms  (min {min(a)*1000:.1f})")
print(f"python3 yaml CSafeLoader (parse only): median {mb*1000:8.1f} ms  (min {min(b)*1000:.1f})")
print(f"loftctl is {mb/ma:.1f}x faster" if ma < mb else f"loftctl is {ma/mb:.1f}x SLOWER")
PY
