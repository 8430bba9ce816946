#!/bin/sh
# Seed the fuzz corpora (fuzz/corpus/TARGET, git-ignored) from tests/fixtures.
# validate: every YAML/JSON fixture as is. token_decode: every token fixture under each
# key mode (first byte: 0 no key, 1 RSA, 2 EC, 3 JWK set), and each key file as mode 4
# (KEY 0xFF TOKEN).
set -eu
cd "$(dirname "$0")"
fx=../tests/fixtures
mkdir -p corpus/validate corpus/token_decode
for f in "$fx"/*.json "$fx"/*.yaml "$fx"/hostile/*; do
    [ -f "$f" ] || continue
    # Skip the multi-MiB generated ones: libFuzzer's -max_len would cut them anyway.
    [ "$(wc -c <"$f")" -le 65536 ] || continue
    cp "$f" "corpus/validate/$(basename "$f")"
done
for t in "$fx"/tokens/*; do
    n=$(basename "$t")
    for m in 0 1 2 3; do
        { printf "\\$(printf '%03o' "$m")"; cat "$t"; } >"corpus/token_decode/$m-$n"
    done
    for k in "$fx"/token-test-*.pem "$fx"/token-test-jwks.json; do
        { printf '\004'; cat "$k"; printf '\377'; cat "$t"; } >"corpus/token_decode/4-$(basename "$k")-$n"
    done
done
echo "validate: $(ls corpus/validate | wc -l) seeds; token_decode: $(ls corpus/token_decode | wc -l) seeds"
