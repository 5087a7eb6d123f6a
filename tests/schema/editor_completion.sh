#!/usr/bin/env bash
# An editor completing and checking files with the schemas: runs editor_completion.mjs with the
# JSON language service of VS Code (vscode-json-languageservice, pinned below), installed from
# the npm registry into WORK the first time.
#
#   tests/schema/editor_completion.sh SOURCE_ROOT WORK
#
# Exit 0: the editor offers what the schemas promise; 1: it does not; 77: skipped, because node,
# npm or the packages cannot be had (ctest SKIP_RETURN_CODE).
set -uo pipefail

root=$1
work=$2
here=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
packages=(vscode-json-languageservice@5.7.2 vscode-languageserver-textdocument@1.0.16)

skip() {
  echo "SKIP schema.editor: $*"
  exit 77
}

command -v node >/dev/null 2>&1 || skip "node is not installed (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || skip "npm is not installed (apt-get install npm)"
mkdir -p "$work" || skip "cannot create $work"
prefix=$(cd "$work" && pwd)/editor
if [ ! -f "$prefix/node_modules/vscode-json-languageservice/package.json" ] ||
   [ "$(node -p "require('$prefix/node_modules/vscode-json-languageservice/package.json').version")" != 5.7.2 ]; then
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{"private": true}' >"$prefix/package.json"
  # Only the packages' files are needed: no install scripts. Short timeouts, so that a machine
  # without the registry skips in seconds.
  if ! log=$(npm install --prefix "$prefix" --no-audit --no-fund --ignore-scripts \
               --fetch-retries=1 --fetch-timeout=20000 "${packages[@]}" 2>&1); then
    skip "npm install ${packages[*]} failed: $(echo "$log" | tail -1)"
  fi
fi
EDITOR_MODULES=$prefix/node_modules exec node "$here/editor_completion.mjs" "$root"
