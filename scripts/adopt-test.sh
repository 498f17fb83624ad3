#!/usr/bin/env bash
# The adoption guide's two loops, against fakegraph seeded with an existing
# setup (examples/guides/adopting/seed.json, one item a page):
#
#   query         (Terraform >= 1.14) terraform query -generate-config-out
#                 writes resource and import blocks for everything found
#   data-sources  (Terraform >= 1.7) examples/guides/adopting/data-sources:
#                 the discovery data sources and import blocks with for_each
#
# Either way the first plan only imports (no add, change or destroy), apply
# imports it all, and the next plan is empty. TERRAFORM=<path> picks the CLI.
# Everything runs in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-query}
cli=${TERRAFORM:-terraform}
command -v "$cli" >/dev/null || { echo "adopt-test: '$cli' is not an executable Terraform" >&2; exit 1; }
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

# shellcheck source=scripts/emulator-lib.sh
. scripts/emulator-lib.sh
emulator_setup adopt-test
emulator_build
emulator_start -seed examples/guides/adopting/seed.json -page-size 1
emulator_cli_config
export WHATSAPP_BASE_URL="$emulator_url" WHATSAPP_ACCESS_TOKEN=emulator-token

tf() { "$cli" -chdir="$work" "$@" 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' >&2); }
echo "adopt-test ($mode): $("$cli" version | grep -m1 -E '^(Terraform|OpenTofu) v')"

case "$mode" in
query)
  # Both WABAs: 3 + 1 numbers, 3 + 2 users, 2 subscriptions, 4 + 2 templates (one
  # of each OTP kind), 2 Flows; the support number's 2 QR codes.
  want=21
  cp examples/guides/adopting/main.tf examples/guides/adopting/adopt.tfquery.hcl "$work/"
  tf query -no-color -generate-config-out=adopt.tf >"$work/query.out"
  resources=$(grep -c '^resource "whatsapp_' "$work/adopt.tf" || true)
  imports=$(grep -c '^import {' "$work/adopt.tf" || true)
  echo "adopt-test: query wrote $resources resource blocks and $imports import blocks"
  if [ "$resources" != "$want" ] || [ "$imports" != "$want" ]; then
    echo "adopt-test: expected $want of each; adopt.tf:" >&2; cat "$work/adopt.tf" >&2; exit 1
  fi
  ;;
data-sources)
  # The first WABA: 3 numbers, 3 users.
  want=6
  cp examples/guides/adopting/data-sources/main.tf "$work/"
  ;;
*)
  echo "adopt-test: unknown mode '$mode' (query or data-sources)" >&2; exit 2
  ;;
esac

expect_plan() {
  local want_line=$1 want_code=$2 code=0
  tf plan -no-color -input=false -detailed-exitcode >"$work/plan.out" || code=$?
  if [ "$code" != "$want_code" ] || ! grep -q "$want_line" "$work/plan.out"; then
    echo "adopt-test: expected '$want_line' (exit code $want_code), got exit code $code:" >&2; cat "$work/plan.out" >&2; exit 1
  fi
  echo "adopt-test: plan: $want_line"
}
expect_plan "Plan: $want to import, 0 to add, 0 to change, 0 to destroy." 2
tf apply -no-color -input=false -auto-approve >"$work/apply.out" || { cat "$work/apply.out" >&2; exit 1; }
grep -m1 '^Apply complete' "$work/apply.out"
expect_plan "No changes." 0
