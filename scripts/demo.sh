#!/usr/bin/env bash
# make demo: build the provider and the fake Graph API, start the fake on
# loopback, and run examples/demo with the real terraform through
# dev_overrides (no terraform init, no network): apply, outputs, a second plan
# that must be empty, destroy. The fake is stopped however the script ends.
# TERRAFORM=<path> runs it with another CLI (Terraform >= 1.6 or OpenTofu).
set -euo pipefail
cd "$(dirname "$0")/.."

cli=${TERRAFORM:-terraform}
command -v "$cli" >/dev/null || { echo "demo: '$cli' is not on PATH or not executable (Terraform >= 1.6 or OpenTofu is needed; set TERRAFORM=<path>)" >&2; exit 1; }
echo "demo: $("$cli" version 2>/dev/null | grep -m1 -E '^(Terraform|OpenTofu) v')"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

# shellcheck source=scripts/emulator-lib.sh
. scripts/emulator-lib.sh
emulator_setup demo

step() { printf '\n==> %s\n' "$*"; }
since() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)); }

step "Building the provider and the fake Graph API"
start=$(date +%s%N)
emulator_build
echo "build took $(since "$start")"

run_start=$(date +%s%N)
step "Starting the fake Graph API on loopback (seed: internal/emulator/testdata/seed.json)"
emulator_start -strict -seed internal/emulator/testdata/seed.json
echo "fake Graph API at $emulator_url"

emulator_cli_config
export WHATSAPP_ACCESS_TOKEN=demo-token WHATSAPP_BASE_URL="$emulator_url"
export TF_VAR_webhook_verify_token=demo-verify-token TF_VAR_create_phone_number=true
mkdir "$work/config" && cp examples/demo/*.tf "$work/config/"
tf() { "$cli" -chdir="$work/config" "$@" 2> >(grep -v -e 'Provider development overrides' >&2); }

step "terraform apply: reads the account, assigns a user, subscribes the app, adopts a number's filled business profile (import), adds a phone number"
tf apply -auto-approve -compact-warnings -no-color

step "terraform output"
tf output -no-color

step "terraform plan again: nothing to change"
set +e
tf plan -detailed-exitcode -no-color >"$work/plan.txt"
code=$?
set -e
grep -E 'No changes|Plan:' "$work/plan.txt" || true
[ "$code" -eq 0 ] || { echo "demo: the second plan is not empty (exit $code)" >&2; cat "$work/plan.txt" >&2; exit 1; }

step "terraform destroy (the phone number is only forgotten and the profile's fields cleared: the Graph API cannot delete either)"
tf destroy -auto-approve -compact-warnings -no-color

printf '\ndemo done in %s after the build; the fake is stopped on exit.\n' "$(since "$run_start")"
