#!/usr/bin/env bash
# Runs the shell examples of docs/serve.md that are marked `<!-- doc-test: serve -->` against
# `cometbench serve --fixture fixtures/scenarios`, from the repository root, as a user would type
# them; an admin command that gets an HTTP error fails the test. Then the same curl commands on a
# scenario over 8 KB. Usage: serve_docs_test.sh COMETBENCH REPO_ROOT
set -euo pipefail
bin=$1
root=$2
if ! command -v jq >/dev/null; then
  echo "SKIP: jq is not installed (the documented examples pipe into it; scripts/dev installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$root"

# Each marked block, in order, as one script.
awk '/^<!-- doc-test: serve -->$/ {armed = 1; next}
     armed && /^```sh$/ {inside = 1; next}
     inside && /^```$/ {inside = 0; armed = 0; print "# --- end of block"; next}
     inside {print}' docs/serve.md >"$work/examples.sh"
blocks=$(grep -c '^# --- end of block' "$work/examples.sh" || true)
if [ "$blocks" -lt 2 ]; then
  echo "expected at least 2 doc-test blocks in docs/serve.md, found $blocks" >&2
  exit 1
fi

mkfifo "$work/out"
"$bin" serve --fixture fixtures/scenarios >"$work/out" 2>"$work/serve.err" &
serve_pid=$!
exec 3<"$work/out"
read -r -t 10 first <&3
case "$first" in
  "listening on http://"*) URL=${first#listening on } ;;
  *) echo "unexpected first line from serve: $first" >&2; exit 1 ;;
esac
export URL

# curl as typed, except that an admin command answered with an HTTP error fails, and that no
# command may take long (a POST without Content-Length used to wait for the read timeout).
curl() {
  local admin=()
  case "$*" in *"/__admin/"*) admin=(--fail-with-body --show-error) ;; esac
  command curl --max-time 3 "${admin[@]}" "$@"
}
export -f curl

echo "== running $blocks blocks from docs/serve.md"
cat "$work/examples.sh"
bash -euo pipefail "$work/examples.sh" >"$work/examples.out"
cat "$work/examples.out"
# The session example: one request on session test-42, answered by the scenario's first step.
grep -q '\[1,"test-42",503\]$' "$work/examples.out"
# The upload and the pick by name both changed the default.
grep -q '"default":"happy-path"' "$work/examples.out"
test "$(command curl -s "$URL/__admin/scenarios" | jq -r .default)" = overloaded-503-503-200

# curl --data-binary labels a body as a form, which cpp-httplib refuses past 8 KB unless the
# mock reads it as bytes: a scenario of 300 steps is about 20 KB.
{
  printf '{"name": "big", "description": "300 steps", "script": {"POST /v1/chat/completions": {"steps": ['
  for i in $(seq 1 300); do
    [ "$i" -gt 1 ] && printf ','
    printf '{"respond": {"status": 200, "body": {"$ref": "../responses/chat_completion.json"}}}'
  done
  printf ']}}}\n'
} >"$work/big.json"
test "$(wc -c <"$work/big.json")" -gt 8192
code=$(curl -s -o "$work/put.out" -w '%{http_code}' -X PUT --data-binary @"$work/big.json" \
  "$URL/__admin/scenario")
cat "$work/put.out"
test "$code" = 204
# A $ref out of the root is refused, with the same words whether the file exists or not.
for target in ../../README.md ../../no-such-file.json; do
  sed "s|../responses/chat_completion.json|$target|" "$work/big.json" >"$work/out-of-root.json"
  code=$(command curl -s --max-time 3 -o "$work/refused.out" -w '%{http_code}' -X PUT \
    --data-binary @"$work/out-of-root.json" "$URL/__admin/scenario")
  test "$code" = 400
  grep -q "\"$target\": outside the root $root/fixtures" "$work/refused.out"
done
echo "docs examples: ok"
