#!/usr/bin/env bash
# The emulator guide's install line, tested: `go install
# github.com/waba-terraform/terraform-provider-whatsapp/cmd/fakegraph@VERSION`
# from a clean GOPATH, against this module as the working tree holds it
# (published into a throwaway file proxy by scripts/localproxy; its
# dependencies come from the local module cache, then the Go module proxy).
# The installed binary must start and answer a Graph API request.
set -euo pipefail
cd "$(dirname "$0")/.."

module=github.com/waba-terraform/terraform-provider-whatsapp
version=v0.0.0-local
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The tracked files only, as they are now: nothing ignored or built locally.
mkdir -p "$work/src"
git ls-files -z | xargs -0 cp --parents -t "$work/src"
go run ./scripts/localproxy -src "$work/src" -dir "$work/proxy" -version "$version"

cache=$(go env GOMODCACHE)/cache/download
env -u GOFLAGS GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" GOBIN="$work/bin" \
  GOPROXY="file://$work/proxy,file://$cache,https://proxy.golang.org" GONOSUMDB="$module" GOWORK=off \
  go install "$module/cmd/fakegraph@$version" 2>"$work/install.log" || { cat "$work/install.log" >&2; exit 1; }

"$work/bin/fakegraph" -print-seed >"$work/seed.json"
"$work/bin/fakegraph" -seed "$work/seed.json" -addr-file "$work/addr" >"$work/fake.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/addr" ] && break; sleep 0.05; done
[ -s "$work/addr" ] || { echo "fakegraph-install: the installed emulator did not start:" >&2; cat "$work/fake.log" >&2; exit 1; }
# The starter seed's token and WABA (fakegraph -print-seed).
answer=$(curl -fsS -H 'Authorization: Bearer emulator-token' "$(cat "$work/addr")/v25.0/debug_token?input_token=emulator-token") || {
  echo "fakegraph-install: the installed emulator did not answer:" >&2; cat "$work/fake.log" >&2; exit 1; }
grep -q '"is_valid":true' <<<"$answer" || { echo "fakegraph-install: unexpected answer: $answer" >&2; exit 1; }
echo "fakegraph-install: go install $module/cmd/fakegraph@$version from a clean GOPATH: installed, started, answered debug_token"
