#!/bin/sh
# Seed the fuzz corpora (fuzz/corpus/TARGET, git-ignored) from tests/fixtures.
# validate: every YAML/JSON fixture as is. token_decode: every token fixture under each
# key mode (first byte: 0 no key, 1 RSA, 2 EC, 3 JWK set) — the hostile *.jwt too — and
# each key file as mode 4 (KEY 0xFF TOKEN). loft_config: a few config files as the loft CLI
# writes them, and every JSON fixture.
set -eu
cd "$(dirname "$0")"
fx=../tests/fixtures
mkdir -p corpus/validate corpus/token_decode corpus/loft_config
for f in "$fx"/*.json "$fx"/*.yaml "$fx"/hostile/*; do
    [ -f "$f" ] || continue
    # Skip the multi-MiB generated ones: libFuzzer's -max_len would cut them anyway.
    [ "$(wc -c <"$f")" -le 65536 ] || continue
    cp "$f" "corpus/validate/$(basename "$f")"
done
for t in "$fx"/tokens/* "$fx"/hostile/*.jwt; do
    n=$(basename "$t")
    for m in 0 1 2 3; do
        { printf "\\$(printf '%03o' "$m")"; cat "$t"; } >"corpus/token_decode/$m-$n"
    done
    for k in "$fx"/token-test-*.pem "$fx"/token-test-jwks.json; do
        { printf '\004'; cat "$k"; printf '\377'; cat "$t"; } >"corpus/token_decode/4-$(basename "$k")-$n"
    done
done
printf '{"host":"https://loft.example","accesskey":"abc","insecure":true}' >corpus/loft_config/login.json
printf '{\n  "version": "v1",\n  "host": "https://loft.example",\n  "accesskey": "",\n  "insecure": false,\n  "lastInstallContext": "kind"\n}\n' >corpus/loft_config/full.json
printf '  \n' >corpus/loft_config/blank.json
printf '[]' >corpus/loft_config/array.json
for f in "$fx"/*.json; do
    [ "$(wc -c <"$f")" -le 65536 ] || continue
    cp "$f" "corpus/loft_config/$(basename "$f")"
done
echo "validate: $(ls corpus/validate | wc -l) seeds; token_decode: $(ls corpus/token_decode | wc -l) seeds; loft_config: $(ls corpus/loft_config | wc -l) seeds"
