#!/usr/bin/env bash
# Interop check: the real openai Node SDK against `cometbench serve`, compared with
# `cometbench run --policy preset:openai-node` on the same scenarios (docs/policy.md,
# "Interop check"). Installs the pinned openai package into WORK (once; later runs reuse it).
#
#   tests/interop/openai_node.sh COMETBENCH SCENARIO_DIR WORK
#
# Exit 0: every scenario agrees; 1: one does not; 77: skipped, because node, npm or the
# package cannot be had (ctest SKIP_RETURN_CODE). OPENAI_NODE_VERSION overrides the pin.
set -uo pipefail

cometbench=$1
scenarios=$2
work=$3
version=${OPENAI_NODE_VERSION:-7.59.0}
here=$(cd "${BASH_SOURCE[0]%/*}" && pwd)

skip() {
  echo "SKIP interop.openai_node: $*"
  exit 77
}

command -v node >/dev/null 2>&1 || skip "node is not installed (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || skip "npm is not installed (apt-get install npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
# The SDK needs fetch, streams and AbortSignal from the runtime: Node 18 or later.
[ "$node_major" -ge 18 ] || skip "node $(node --version) is too old (the openai SDK needs 18 or later)"

mkdir -p "$work" || skip "cannot create $work"
work=$(cd "$work" && pwd)
[[ $cometbench == /* ]] || cometbench=$PWD/$cometbench
prefix=$work/openai-node-$version
installed=$(node -p "try { require('$prefix/node_modules/openai/package.json').version } catch { '' }")
if [ "$installed" != "$version" ]; then
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{"private": true}' >"$prefix/package.json"
  # No install scripts, no audit: only the package's files are needed. Short timeouts so that a
  # machine without the registry skips in seconds rather than minutes.
  if ! log=$(npm install --prefix "$prefix" --no-audit --no-fund --ignore-scripts \
               --fetch-retries=1 --fetch-timeout=20000 "openai@$version" 2>&1); then
    skip "npm could not install openai@$version: $(echo "$log" | grep -m1 -iE 'err|error' || echo "$log" | tail -1)"
  fi
fi

# Each scenario plays one fault the SDK meets in production; all take a few seconds of real time
# at most (serve runs on the real clock; held requests are left out: the SDK waits 10 minutes).
list=(
  overloaded-503-503-200
  rate-limited-retry-after-seconds
  rate-limited-retry-after-ms
  retry-after-over-cap-use-backoff
  preset-openai-node-retry-after-0-and-61
  x-should-retry-false-503
  bad-request-400
  invalid-request-500-not-retried
  reset-then-ok
  drop-then-ok
  truncated-body-then-ok
  preset-openai-node-truncated-body
  faults-in-a-row
  stream-dropped-after-three-events
  preset-openai-node-stream-cut-before-first-event
)
files=()
for name in "${list[@]}"; do files+=("$scenarios/$name.json"); done

exec node "$here/openai_node_check.mjs" "$cometbench" "$prefix" "${files[@]}"
