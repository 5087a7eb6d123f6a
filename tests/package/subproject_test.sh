#!/usr/bin/env bash
# cometbench as a subproject (add_subdirectory/FetchContent): configures a parent project that
# does not set any COMETBENCH_* option, then checks that the generated build has none of our
# tests, benchmarks or -Werror, while cometbench::client is there to link.
#   subproject_test.sh SOURCE_DIR WORK_DIR
set -euo pipefail
source_dir=$1 work=$2
rm -rf "$work"
cmake -S "$source_dir/tests/package/subproject" -B "$work" -G Ninja \
  -DCOMETBENCH_SOURCE="$source_dir" >"$work.log" 2>&1 || { cat "$work.log"; exit 1; }
status=0
if grep -rq --include='*.ninja' -e '-Werror' "$work"; then
  echo "the parent's build compiles cometbench with -Werror:"
  grep -rl --include='*.ninja' -e '-Werror' "$work"
  status=1
fi
tests=$(ctest --test-dir "$work" -N | sed -n 's/^Total Tests: //p')
if [ "$tests" != 0 ]; then
  echo "the parent's build registers $tests cometbench tests"
  status=1
fi
targets=$(ninja -C "$work" -t targets all)
if ! grep -q '^parent_app:' <<<"$targets"; then
  echo "the parent's build has no parent_app target"
  status=1
fi
[ $status -eq 0 ] && echo "subproject: no tests, no benchmarks, no -Werror; parent_app links cometbench::client"
exit $status
