#!/usr/bin/env bash
# The openai Node SDK, two clients in parallel on two sessions of one `cometbench serve`
# (sdk_sessions.mjs). The SDK is installed with npm into SDK_DIR (a build folder) at the pinned
# version. Exits 77 (ctest SKIP) with a message when node, npm or the package cannot be had.
# Usage: sdk_sessions_test.sh COMETBENCH REPO_ROOT SDK_DIR
set -euo pipefail
bin=$1
root=$2
sdk_dir=$(realpath -m "$3")  # require() takes a bare relative path for a package name
# Checked with Node 20 (openai 7.x requires Node 22).
openai_version=6.49.0

skip() {
  echo "SKIP: $*"
  exit 77
}
command -v node >/dev/null || skip "node is not installed"
installed() {
  node -e "process.exit(require('$sdk_dir/node_modules/openai/package.json').version === '$openai_version' ? 0 : 1)" \
    2>/dev/null
}
if ! installed; then
  command -v npm >/dev/null || skip "npm is not installed, and openai@$openai_version is not in $sdk_dir"
  mkdir -p "$sdk_dir"
  if ! timeout 180 npm install --prefix "$sdk_dir" --no-audit --no-fund --no-save \
    "openai@$openai_version" >"$sdk_dir/npm.log" 2>&1; then
    tail -5 "$sdk_dir/npm.log"
    skip "npm could not install openai@$openai_version (no registry access?)"
  fi
  installed || skip "openai@$openai_version is not in $sdk_dir after npm install"
fi

work=$(mktemp -d)
trap 'kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
mkfifo "$work/out"
"$bin" serve --fixture "$root/fixtures/scenarios" >"$work/out" 2>"$work/serve.err" &
serve_pid=$!
exec 3<"$work/out"
read -r -t 10 first <&3
case "$first" in
  "listening on http://"*) url=${first#listening on } ;;
  *) echo "unexpected first line from serve: $first" >&2; exit 1 ;;
esac
echo "node $(node --version), openai $openai_version, serve at $url"
node "$(dirname "$0")/sdk_sessions.mjs" "$url" "$sdk_dir"
echo "sdk sessions: ok"
