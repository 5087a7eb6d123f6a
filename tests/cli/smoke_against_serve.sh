#!/usr/bin/env bash
# `cometbench smoke` over http against `cometbench serve`: the operator workflow end to end,
# through the real binary and a real port. Usage: smoke_against_serve.sh COMETBENCH FIXTURE
set -euo pipefail
bin=$1
fixture=$2
work=$(mktemp -d)
trap 'kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

mkfifo "$work/out"
"$bin" serve --fixture "$fixture" --port 0 >"$work/out" &
serve_pid=$!
exec 3<"$work/out"
read -r -t 10 first <&3
case "$first" in
  "listening on http://"*) url=${first#listening on } ;;
  *) echo "unexpected first line from serve: $first" >&2; exit 1 ;;
esac

COMETAPI_KEY=smoke-test-key "$bin" smoke --base-url "$url/v1" --out "$work/records.jsonl" \
  >"$work/smoke.txt"
cat "$work/smoke.txt"
grep -q '^PASS smoke' "$work/smoke.txt"
test "$(wc -l <"$work/records.jsonl")" -eq 4
if grep -q 'smoke-test-key\|sk-cometbench-invalid' "$work/records.jsonl"; then
  echo "a key leaked into the records" >&2
  exit 1
fi
"$bin" review "$work/records.jsonl"

# The same check fails (exit 1) against a key the server does not accept.
set +e
COMETAPI_KEY=wrong-key "$bin" smoke --base-url "$url/v1" >"$work/fail.txt"
code=$?
set -e
cat "$work/fail.txt"
test "$code" -eq 1
grep -q '^FAIL smoke: the happy-path call failed' "$work/fail.txt"

# A base URL's user:password is never printed, and a base URL without /v1 gets a hint on its 404.
hostport=${url#http://}
set +e
COMETAPI_KEY=smoke-test-key "$bin" smoke --base-url "http://alice:s3cret@$hostport" >"$work/no-v1.txt" 2>&1
code=$?
set -e
cat "$work/no-v1.txt"
test "$code" -eq 1
grep -qx "smoke against http://\*\*\*@$hostport (model gpt-4o-mini)" "$work/no-v1.txt"
grep -qF "(404 from a base URL whose path does not end in /v1: try http://***@$hostport/v1)" \
  "$work/no-v1.txt"
if grep -q 's3cret' "$work/no-v1.txt"; then
  echo "the base URL's password was printed" >&2
  exit 1
fi
echo "smoke against serve: ok"
