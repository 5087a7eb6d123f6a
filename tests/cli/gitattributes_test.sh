#!/usr/bin/env bash
# The repository keeps goldens and fixtures byte-exact on every checkout (a Windows checkout with
# core.autocrlf=true would otherwise turn each golden's LF into CRLF and fail every scenario).
# Usage: gitattributes_test.sh SOURCE_DIR. Skips (77) outside a git work tree.
set -euo pipefail
src=$1
cd "$src"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo "not a git work tree"; exit 77; }
status=0
expect() {  # expect PATH ATTRIBUTE VALUE
  local got
  got=$(git check-attr "$2" -- "$1" | sed 's/.*: //')
  if [[ "$got" != "$3" ]]; then
    echo "$1: $2 is '$got', expected '$3'"
    status=1
  fi
}
for golden in fixtures/scenarios/*.golden.jsonl; do expect "$golden" text unset; done
expect fixtures/scenarios/happy-path.json text unset
expect fixtures/review/clean_interleaved.jsonl text unset
expect fixtures/malformed/nul_after_document.json text unset
expect my-suite/new.golden.jsonl text unset  # goldens anywhere, also ones not written yet
expect tests/cli/smoke_against_serve.sh eol lf
exit $status
