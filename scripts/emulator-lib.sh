# Shared by scripts/demo.sh and scripts/emulator-test.sh (sourced, not run):
# a work folder removed on exit, the provider and fakegraph built into it,
# the emulator started on loopback and stopped on exit, and a CLI
# configuration whose dev_overrides point at the built provider.
#
#   emulator_setup NAME          work folder and traps; NAME prefixes messages
#   emulator_build               go build of the provider and fakegraph
#   emulator_start ARGS...       starts fakegraph with ARGS; sets $emulator_url
#   emulator_cli_config          writes and exports TF_CLI_CONFIG_FILE

emulator_setup() {
  emulator_name=$1
  work=$(mktemp -d)
  fake_pid=""
  trap emulator_cleanup EXIT
  trap 'exit 130' INT TERM
}

emulator_cleanup() {
  if [ -n "$fake_pid" ] && kill -0 "$fake_pid" 2>/dev/null; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}

emulator_build() {
  go build -o "$work/bin/terraform-provider-whatsapp" .
  go build -o "$work/fakegraph" ./cmd/fakegraph
}

emulator_start() {
  "$work/fakegraph" "$@" -addr-file "$work/addr" >"$work/fake.log" 2>&1 &
  fake_pid=$!
  for _ in $(seq 100); do [ -s "$work/addr" ] && break; sleep 0.05; done
  [ -s "$work/addr" ] || { echo "$emulator_name: the emulator did not start:" >&2; cat "$work/fake.log" >&2; exit 1; }
  emulator_url=$(cat "$work/addr")
}

emulator_cli_config() {
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "waba-terraform/whatsapp" = "$work/bin"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
}
