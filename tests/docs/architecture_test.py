#!/usr/bin/env python3
"""docs/architecture.md lists, for each library, the libraries of ours it uses. This test reads
each folder's cometbench_add_library() call and fails when the two disagree, naming the folder."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
doc = (root / "docs" / "architecture.md").read_text()
block = re.search(r"```\n(clock .*?)```", doc, re.S)
if not block:
    sys.exit("docs/architecture.md: the dependency list (a code block starting with 'clock') is missing")

documented = {}
for line in block.group(1).splitlines():
    name, _, rest = line.partition(" ")
    deps = re.sub(r"\(.*?\)", "", rest).strip()
    documented[name] = set() if deps in ("", "-") else {d.strip() for d in deps.split(",")}

declared = {}
for cmake in sorted(root.glob("*/CMakeLists.txt")):
    text = cmake.read_text()
    call = re.search(r"cometbench_add_library\((\w+)(.*?)\)\s*$", text, re.S | re.M)
    if not call:
        continue
    declared[call.group(1)] = set(re.findall(r"cometbench::(\w+)", call.group(2)))

failures = []
for name in sorted(set(documented) | set(declared)):
    if name not in declared:
        failures.append(f"docs/architecture.md lists {name}, which no cometbench_add_library() defines")
    elif name not in documented:
        failures.append(f"{name}/CMakeLists.txt: library {name} is missing from docs/architecture.md")
    elif documented[name] != declared[name]:
        failures.append(f"{name}/CMakeLists.txt: uses {sorted(declared[name])}, "
                        f"docs/architecture.md says {sorted(documented[name])}")
for failure in failures:
    print(failure, file=sys.stderr)
print(f"architecture: {len(declared)} libraries, {len(failures)} differences")
sys.exit(1 if failures else 0)
