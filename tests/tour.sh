#!/usr/bin/env bash
# The README tour. Run it against the embedded dev-server:
#
#   cargo run --locked -- dev-server -q -- bash tests/tour.sh   (-q: no request log)
#
# The dev-server sets LOFT_URL, LOFT_ACCESS_KEY and KUBECONFIG for this script and puts
# its own loftctl first on PATH. tests/tour.rs runs it in CI, so it stays true.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold= plain=; fi
step() { printf '\n%s## %s%s\n' "$bold" "$*" "$plain" >&2; }
show() { printf '$ %s\n' "$*" >&2; "$@"; }

step "Who am I?"
show loftctl whoami

step "Create users: from flags, then from a manifest (validated locally first)"
show loftctl user create alice --email alice@example.com --display-name "Alice Liddell" \
  --group developers --cluster-role loft-management-admin --label team=platform
cat > "$dir/users.yaml" <<'YAML'
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: bob
  labels: {team: platform}
spec:
  email: bob@example.com
  displayName: Bob
  groups: [developers]
---
apiVersion: management.loft.sh/v1
kind: User
metadata:
  name: carol
spec:
  email: carol@example.com
  displayName: Carol
YAML
show loftctl user create -f "$dir/users.yaml"

step "A typo is caught before anything reaches the server (exit 3)"
printf 'apiVersion: management.loft.sh/v1\nkind: User\nmetadata:\n  name: dave\nspec:\n  emial: dave@example.com\n' > "$dir/typo.yaml"
set +e
show loftctl validate "$dir/typo.yaml"
echo "exit code: $?" >&2
set -e

step "List them: a table for people, json/jsonpath/name for scripts"
show loftctl user list
show loftctl user list -l team=platform -o name
show loftctl user list -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.email}{"\n"}{end}'

step "Edit one (any \$EDITOR works; here sed plays the editor)"
EDITOR="sed -i s/alice@example.com/alice@wonderland.example.com/" show loftctl user edit alice
show loftctl user get alice -o jsonpath='{.spec.email}{"\n"}'

step "And kubectl sees the same objects"
if command -v kubectl >/dev/null; then
  show kubectl get users
fi

step "Issue a short-lived, scoped token, then decode it"
token=$(loftctl token create --ttl 1h --project p1 --role runner)
printf '$ loftctl token create --ttl 1h --project p1 --role runner\n%s…\n' "${token:0:40}" >&2
printf '%s' "$token" | show loftctl token decode -

step "Delete (a script must say --yes)"
show loftctl user delete alice bob carol --yes
# Left: the user behind the dev-server's admin key.
show loftctl user list -o name
