#!/usr/bin/env bash
# Runs `terraform test` for examples/modules/support-line against fakegraph,
# the way the emulator guide shows: build the provider and the emulator, start
# the emulator on loopback, point the provider at it, run the module's tests.
# TERRAFORM=<path> picks the CLI (Terraform >= 1.6). Everything runs in a
# temporary folder; the emulator is stopped however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

cli=${TERRAFORM:-terraform}
command -v "$cli" >/dev/null || { echo "emulator-test: '$cli' is not on PATH (Terraform >= 1.6 is needed for terraform test)" >&2; exit 1; }
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

work=$(mktemp -d)
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ] && kill -0 "$fake_pid" 2>/dev/null; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/bin/terraform-provider-whatsapp" .
go build -o "$work/fakegraph" ./internal/graphapi/graphapitest/cmd/fakegraph
"$work/fakegraph" -print-seed >"$work/seed.json"
"$work/fakegraph" -seed "$work/seed.json" -addr-file "$work/addr" >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do [ -s "$work/addr" ] && break; sleep 0.05; done
[ -s "$work/addr" ] || { echo "emulator-test: the emulator did not start:" >&2; cat "$work/fake.log" >&2; exit 1; }

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "waba-terraform/whatsapp" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export WHATSAPP_BASE_URL=$(cat "$work/addr") WHATSAPP_ACCESS_TOKEN=emulator-token

cp -r examples/modules/support-line "$work/module"
echo "emulator-test: $("$cli" version | grep -m1 -E '^(Terraform|OpenTofu) v'), terraform test in examples/modules/support-line"
"$cli" -chdir="$work/module" test -no-color 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' >&2)
