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

# shellcheck source=scripts/emulator-lib.sh
. scripts/emulator-lib.sh
emulator_setup emulator-test
emulator_build
"$work/fakegraph" -print-seed >"$work/seed.json"
emulator_start -seed "$work/seed.json"
emulator_cli_config
export WHATSAPP_BASE_URL="$emulator_url" WHATSAPP_ACCESS_TOKEN=emulator-token

cp -r examples/modules/support-line "$work/module"
echo "emulator-test: $("$cli" version | grep -m1 -E '^(Terraform|OpenTofu) v'), terraform test in examples/modules/support-line"
"$cli" -chdir="$work/module" test -no-color 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' >&2)
