#!/usr/bin/env bash
# Proves that SAMLPinPlugin regenerates exactly when it should, on a copy of Examples/OktaSP:
#   1. a build runs the generator and the example prints the pinned IdP;
#   2. a no-op rebuild does not run the generator again;
#   3. touching the metadata runs it again;
#   4. touching one of the package's templates runs it again;
#   5. changing the metadata runs it again and the new value reaches the binary;
#   6. touching saml-pin.json runs it again;
#   7. changing a value in saml-pin.json runs it again and the new value reaches the binary;
#   8. without saml-pin.json, or with two, or with metadata that is not one of the target's files, the build
#      fails with the plugin's error naming the target.
# The copy lives in a temporary folder so the committed example is never modified; templates are only
# touched (their content never changes), and the copy's saml-pin.json is restored after each change.
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"

marker="Generating SAML pins for OktaSP"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/OktaSP"
cp -R Examples/OktaSP/Package.swift Examples/OktaSP/Sources "$work/OktaSP/"
# The copy depends on this checkout by absolute path instead of '../..'.
sed -i "s|path: \"../..\"|path: \"$root\"|" "$work/OktaSP/Package.swift"
grep -q "path: \"$root\"" "$work/OktaSP/Package.swift"
metadata="$work/OktaSP/Sources/OktaSP/okta-metadata.xml"
configuration="$work/OktaSP/Sources/OktaSP/saml-pin.json"
original_configuration="$work/saml-pin.json.original"
cp "$configuration" "$original_configuration"

build() {
    local log="$work/build-$1.log"
    if ! swift build --package-path "$work/OktaSP" >"$log" 2>&1; then
        grep -v "prohibited flag" "$log" >&2
        echo "FAIL: build '$1' failed" >&2
        exit 1
    fi
    if grep -q "$marker" "$log"; then echo ran; else echo skipped; fi
}

expect() {
    local step=$1 expected=$2 actual=$3
    if [[ "$actual" != "$expected" ]]; then
        echo "FAIL: $step: the generator $actual, expected it to have $expected" >&2
        exit 1
    fi
    echo "ok: $step: generator $actual"
}

run_example() {
    "$(swift build --package-path "$work/OktaSP" --show-bin-path)/OktaSP"
}

expect "first build" ran "$(build first)"
output=$(run_example)
grep -q "identity provider 'example-okta-com': http://www.okta.com/exkppsa1qwuFV4D7z0h7" <<<"$output"
grep -q "SHA-256: D4:0D:F0:1C:CE:DE:49:D2:07:CB:6D:8A:BD:15:77:0A:4B:6E:CA:14:A8:54:48:C2:95:9A:98:F8:5D:C3:1E:D4" \
    <<<"$output"
echo "ok: the example prints the pinned entity ID and fingerprint"

# The first rebuild after a clean build may relink the tool once (a SwiftPM behaviour); the second must not.
build settle >/dev/null
expect "no-op rebuild" skipped "$(build no-op)"

touch "$metadata"
expect "rebuild after touching the metadata" ran "$(build touched)"
expect "no-op rebuild after that" skipped "$(build no-op-2)"

touch Templates/SAMLPinConfiguration.swift.template
expect "rebuild after touching a template" ran "$(build template)"

sed -i 's|https://dev-513394.oktapreview.com/|https://moved.example.com/|g' "$metadata"
expect "rebuild after changing the metadata" ran "$(build changed)"
grep -q "HTTP-POST: https://moved.example.com/app/" <<<"$(run_example)"
echo "ok: the changed endpoint reaches the binary"

touch "$configuration"
expect "rebuild after touching saml-pin.json" ran "$(build configuration-touched)"

# A new slug and SP entity ID are configuration-only values: they reach the binary only if a
# configuration change regenerates.
sed -i -e 's|"slug": "example-okta-com"|"slug": "renamed-okta"|' \
    -e 's|"entityID": "https://sp.example.com/saml/metadata"|"entityID": "https://sp.example.com/renamed"|' \
    "$configuration"
expect "rebuild after changing saml-pin.json" ran "$(build configuration-changed)"
output=$(run_example)
grep -q "identity provider 'renamed-okta': http://www.okta.com/exkppsa1qwuFV4D7z0h7" <<<"$output"
grep -q "service provider: https://sp.example.com/renamed" <<<"$output"
echo "ok: the changed slug and SP entity ID reach the binary"
cp "$original_configuration" "$configuration"
expect "rebuild after restoring saml-pin.json" ran "$(build configuration-restored)"
grep -q "identity provider 'example-okta-com'" <<<"$(run_example)"

# The plugin's own errors: each must fail the build and name the target and what is expected.
expect_plugin_error() {
    local step=$1 message=$2 log="$work/build-$1.log"
    if swift build --package-path "$work/OktaSP" >"$log" 2>&1; then
        echo "FAIL: $step: the build succeeded, expected the plugin to stop it" >&2
        exit 1
    fi
    if ! grep -qF "$message" "$log"; then
        grep -v "prohibited flag" "$log" >&2
        echo "FAIL: $step: the build log does not say: $message" >&2
        exit 1
    fi
    echo "ok: $step: the plugin says: $message"
}

rm "$configuration"
expect_plugin_error "no saml-pin.json" \
    "target 'OktaSP' applies SAMLPinPlugin but has no saml-pin.json among its files"
cp "$original_configuration" "$configuration"

mkdir "$work/OktaSP/Sources/OktaSP/second"
cp "$original_configuration" "$work/OktaSP/Sources/OktaSP/second/saml-pin.json"
expect_plugin_error "two saml-pin.json" "target 'OktaSP' has 2 saml-pin.json files"
rm -r "$work/OktaSP/Sources/OktaSP/second"

cp "$metadata" "$work/OktaSP/outside-metadata.xml"
sed -i 's|"okta-metadata.xml"|"../../outside-metadata.xml"|' "$configuration"
grep -q '"../../outside-metadata.xml"' "$configuration"
expect_plugin_error "metadata outside the target" \
    "target 'OktaSP': saml-pin.json names '../../outside-metadata.xml', which is not one of the target's files"
cp "$original_configuration" "$configuration"

expect "rebuild with the configuration back" ran "$(build recovered)"
grep -q "identity provider 'example-okta-com'" <<<"$(run_example)"
echo "ok: the example builds again once the configuration is back"
