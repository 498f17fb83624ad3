#!/usr/bin/env bash
# make testacc-live-emulated: the live-safe acceptance tests, the sweepers
# and the probe in live mode, pointed at a started fakegraph on loopback
# instead of graph.facebook.com. The same code path as a run against Meta
# (CONTRIBUTING.md): only the base URL and the token differ. The emulator
# holds the live seed (probe -print-seed: the starter seed with the app
# already subscribed, as a real account's is), whose WABA, number, user and
# business reach the tests through the WHATSAPP_LIVE_* variables.
# WHATSAPP_LIVE_LOOPBACK_ONLY=1 makes the tests refuse any other host.
# TERRAFORM=<path> picks the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

cli=${TERRAFORM:-$(command -v terraform || true)}
[ -x "$cli" ] || { echo "testacc-live-emulated: no Terraform CLI (set TERRAFORM=<path>; tests never download it)" >&2; exit 1; }
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
# A CLI configuration naming a missing file makes the CLI warn on every run.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ]; then export TF_CLI_CONFIG_FILE=/dev/null; fi

# shellcheck source=scripts/emulator-lib.sh
. scripts/emulator-lib.sh
emulator_setup testacc-live-emulated
go build -o "$work/fakegraph" ./cmd/fakegraph
go test -c -o "$work/provider.test" ./internal/provider
go build -o "$work/probe" ./scripts/probe
"$work/probe" -print-seed >"$work/seed.json"
emulator_start -seed "$work/seed.json" -strict

# Only what a live run against Meta would set, aimed at the emulator.
# The emulator costs nothing: the destructive tests run too.
unset WHATSAPP_APP_SECRET WHATSAPP_APP_ID WHATSAPP_API_VERSION
export WHATSAPP_LIVE=1 WHATSAPP_LIVE_LOOPBACK_ONLY=1 WHATSAPP_LIVE_DESTRUCTIVE=1 WHATSAPP_LIVE_PIN=123456
export WHATSAPP_BASE_URL="$emulator_url" WHATSAPP_ACCESS_TOKEN=emulator-token
export WHATSAPP_LIVE_WABA_ID=104996122399160 WHATSAPP_LIVE_PHONE_NUMBER_ID=110200345501442
export WHATSAPP_LIVE_USER_ID=100055555555555 WHATSAPP_LIVE_BUSINESS_ID=506914307656634
export WHATSAPP_LIVE_CALLBACK_URL=https://hooks.example.com/tfacc WHATSAPP_LIVE_VERIFY_TOKEN=tfacc-verify
export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli" TF_ACC_PROVIDER_NAMESPACE=waba-terraform

echo "testacc-live-emulated: $("$cli" version | grep -m1 -E '^(Terraform|OpenTofu) v'), live-safe tests against $emulator_url"
(cd internal/provider && "$work/provider.test" -test.count=1 -test.timeout 10m -test.run '^TestAccLive' -test.v) >"$work/tests.log" 2>&1 ||
  { cat "$work/tests.log"; echo "testacc-live-emulated: the live-safe tests failed" >&2; exit 1; }
grep -E '^(--- |ok|PASS|FAIL)' "$work/tests.log"

echo "testacc-live-emulated: sweepers (make sweep) against the emulator"
(cd internal/provider && "$work/provider.test" -sweep=live) >"$work/sweep.log" 2>&1 ||
  { cat "$work/sweep.log"; echo "testacc-live-emulated: the sweepers failed" >&2; exit 1; }

echo "testacc-live-emulated: probe, the emulator against a fresh emulator (no differences allowed)"
"$work/probe" -emulated -out "$work/probe.md"
cat "$work/probe.md"
