#!/usr/bin/env python3
"""Keeps the JSON Schemas in schemas/ in step with the cometbench parser.

  schema_test.py --root SRC_DIR --cometbench PATH

1. Each schema is a valid draft 2020-12 schema with its $id, and every property and $defs entry
   has a description.
2. Every bundled scenario, policy and profile validates against its schema and is accepted by
   `cometbench validate`.
3. Every file of fixtures/malformed is rejected by `cometbench validate` (exit 2) and by the
   scenario schema, at the place the parser names, at the object around it or at a member of
   it. The few files that break a rule no JSON Schema can state are listed in PARSER_ONLY with
   the reason; the schema must accept those (else the entry is stale and must go).
4. A few policies and profiles that the parser refuses are refused by their schemas too, at
   the same place.
5. Files may name their schema with a top-level "$schema" string: the schemas and the parser
   accept it, and refuse a "$schema" that is not a string.

Needs the jsonschema module (Debian 12's python3-jsonschema 4.10, or later); without it the test
exits 77, which ctest reports as skipped. Nothing is fetched: the three schemas refer to each
other by relative URI and are resolved from schemas/.
"""

import argparse
import copy
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

SKIP = 77

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:
    print("schema: SKIP: the python3 module jsonschema is missing "
          "(Debian: apt-get install python3-jsonschema)")
    sys.exit(SKIP)

KINDS = ("scenario", "policy", "profile")

# Files of fixtures/malformed that only the parser can reject, and why no schema can.
PARSER_ONLY = {
    "invalid_json": "not JSON (a comma is missing), so there is no document for a schema to judge",
    "nul_after_document": "not JSON (a NUL byte and more text after the document), so there is "
                          "no document for a schema to judge",
    "duplicate_key": "a key written twice: JSON Schema sees the object after parsing, which "
                     "holds the key once",
    "status_float": "200.0 is the integer 200 to JSON Schema; the parser refuses a number "
                    "written with a fraction",
    "after_bytes_beyond_body": "after_bytes is compared with the body's size in bytes",
    "drop_after_too_large": "drop_after is compared with the number of events",
    "stream_event_ref_array": "the $ref's target holds an array: needs the referenced file",
    "ref_cycle": "a $ref cycle across files: needs the referenced files",
    "ref_deep_chain": "nesting counted across referenced files: needs the referenced files",
    "ref_directory": "the $ref names a directory: needs the file system",
    "ref_invalid_json": "the referenced file is not JSON: needs the referenced file",
    "ref_missing_file": "the referenced file does not exist: needs the file system",
    "ref_nested_missing": "a $ref inside a referenced file names a missing file",
}

# Documents the parser refuses that are not in fixtures/malformed (which holds scenarios only):
# (kind, name, document). Each must be refused by its schema and by `cometbench validate`.
BASE_PROFILE = {
    "name": "p", "description": "d",
    "profile": {"operations": 1, "arrival_interval_ms": 0, "mix": [{"weight": 1, "drop": {}}]},
}


def profile_with(change):
    document = copy.deepcopy(BASE_PROFILE)
    change(document)
    return document


OTHER_INVALID = [
    ("policy", "max_attempts_zero", {"max_attempts": 0}),
    ("policy", "max_attempts_float", {"max_attempts": 2.5}),
    ("policy", "jitter_unknown", {"jitter": "fullest"}),
    ("policy", "preset_unknown", {"preset": "openai-go"}),
    ("policy", "status_600", {"retry_on_status": [503, 600]}),
    ("policy", "error_class_unknown", {"retry_on_errors": ["timeout", "cancelled"]}),
    ("policy", "multiplier_below_1", {"multiplier": 0.5}),
    ("policy", "seed_negative", {"seed": -1}),
    ("policy", "attempt_timeout_zero", {"attempt_timeout_ms": 0}),
    ("policy", "deadline_above_a_year", {"deadline_ms": 31536000001}),
    ("policy", "budget_unknown_key", {"retry_budget": {"capacity": 1, "cost": 1}}),
    ("policy", "budget_string", {"retry_budget": "on"}),
    ("policy", "schema_not_string", {"$schema": 3}),
    ("policy", "unknown_key", {"max_attempt": 3}),
    ("profile", "weight_zero",
     profile_with(lambda p: p["profile"]["mix"][0].update(weight=0))),
    ("profile", "entry_without_step",
     profile_with(lambda p: p["profile"]["mix"][0].pop("drop"))),
    ("profile", "entry_two_steps",
     profile_with(lambda p: p["profile"]["mix"][0].update(reset={}))),
    ("profile", "empty_mix", profile_with(lambda p: p["profile"].update(mix=[]))),
    ("profile", "client_policy",
     profile_with(lambda p: p.update(client={"policy": {"max_attempts": 2}}))),
    ("profile", "client_operations", profile_with(lambda p: p.update(client={"operations": 2}))),
    ("profile", "script", profile_with(lambda p: p.update(script={}))),
    ("profile", "missing_name", profile_with(lambda p: p.pop("name"))),
    ("profile", "outage_to_zero",
     profile_with(lambda p: p["profile"].update(outages=[{"from_ms": 0, "to_ms": 0, "drop": {}}]))),
    ("profile", "seed_above_int64",
     profile_with(lambda p: p["profile"].update(seed=9223372036854775808))),
]


class Failures:
    def __init__(self):
        self.messages = []

    def add(self, message):
        self.messages.append(message)
        print("FAIL: " + message, file=sys.stderr)


def pointer(path):
    """An RFC 6901 JSON pointer from a jsonschema error path."""
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in path)


def parent(json_pointer):
    return json_pointer[:json_pointer.rfind("/")] if json_pointer else None


def describe(error):
    """FILE-relative place, message and the schema keyword that failed."""
    where = pointer(error.absolute_path) or "(top level)"
    keyword = "/".join(str(t) for t in error.absolute_schema_path)
    return f"{where}: {error.message} (schema: {keyword})"


def load_schemas(root):
    schemas = {}
    for kind in KINDS:
        path = root / "schemas" / f"{kind}.schema.json"
        with open(path, encoding="utf-8") as f:
            schemas[kind] = json.load(f)
    return schemas


def make_validators(schemas):
    """One validator per kind; $refs between the three files resolve from memory."""
    by_id = {s["$id"]: s for s in schemas.values()}
    try:
        # jsonschema 4.18 and later resolve through a `referencing` registry.
        from referencing import Registry
        from referencing.jsonschema import DRAFT202012
        registry = Registry().with_resources(
            (uri, DRAFT202012.create_resource(s)) for uri, s in by_id.items())
        return {kind: Draft202012Validator(schemas[kind], registry=registry) for kind in KINDS}
    except (ImportError, TypeError):
        pass

    # jsonschema 4.10 (Debian 12): a RefResolver with a store, and no network.
    def offline(uri):
        raise jsonschema.RefResolutionError(f"{uri}: not one of the schemas in schemas/")

    validators = {}
    for kind in KINDS:
        resolver = jsonschema.RefResolver.from_schema(
            schemas[kind], store=dict(by_id), handlers={"http": offline, "https": offline})
        validators[kind] = Draft202012Validator(schemas[kind], resolver=resolver)
    return validators


def schema_errors(validator, document):
    return sorted(validator.iter_errors(document), key=lambda e: pointer(e.absolute_path))


def run_validate(cometbench, path):
    """Exit status and stderr of `cometbench validate PATH`."""
    done = subprocess.run([cometbench, "validate", str(path)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, errors="replace", timeout=60)
    return done.returncode, done.stderr


def parser_error(stderr, path):
    """The parser's pointer and message for a problem in PATH itself, from a line
    `PATH[:LINE:COLUMN]: [POINTER: ]MESSAGE` ("" for the whole document), or None when no line
    names PATH (the problem is in a file it refers to)."""
    line_re = re.compile(re.escape(str(path)) + r"(?::[0-9]+:[0-9]+)?: (.*)")
    for line in stderr.splitlines():
        match = line_re.fullmatch(line)
        if not match:
            continue
        rest = match.group(1)
        if rest.startswith("/") and ": " in rest:
            return rest[:rest.index(": ")], rest[rest.index(": ") + 2:]
        return "", rest
    return None


def first_line(stderr):
    lines = stderr.strip().splitlines()
    return lines[0] if lines else "(nothing on stderr)"


def only_the_name_rule(stderr, path):
    """True when `validate`'s only objection is that "name" differs from the file's name."""
    found = parser_error(stderr, path)
    return (found is not None and found[0] == "/name" and "(the file's name)" in found[1]
            and len(stderr.strip().splitlines()) == 2)


def kind_of(path):
    name = path.name
    if name.endswith(".policy.json"):
        return "policy"
    if name.endswith(".profile.json"):
        return "profile"
    return "scenario"


def bundled_files(root):
    """Every scenario, policy and profile that ships with the sources, and the test data that
    the C++ tests load as valid files."""
    files = []
    for pattern in ("fixtures/scenarios/*.json", "fixtures/smoke/*.json",
                    "fixtures/policies/*.policy.json", "fixtures/profiles/*.profile.json",
                    "tests/faults/data/*.json", "tests/faults/data/sub/*.json",
                    "tests/faults/data/profiles/*.profile.json"):
        files += sorted(root.glob(pattern))
    return files


DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def undescribed(schema, where=""):
    """Pointers of the properties and $defs entries in SCHEMA that have no description, so that
    an editor has something to show for every key."""
    missing = []
    if isinstance(schema, dict):
        for keyword in ("properties", "$defs"):
            for name, sub in schema.get(keyword, {}).items():
                token = name.replace("~", "~0").replace("/", "~1")
                if isinstance(sub, dict) and "description" not in sub:
                    missing.append(f"{where}/{keyword}/{token}")
        for keyword, sub in schema.items():
            if keyword not in ("enum", "default", "const"):
                missing += undescribed(sub, f"{where}/{keyword}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            missing += undescribed(sub, f"{where}/{i}")
    return missing


def check_schemas(schemas, failures):
    for kind, schema in schemas.items():
        expected_id = f"https://cometbench.dev/schemas/{kind}.schema.json"
        if schema.get("$id") != expected_id:
            failures.add(f"schemas/{kind}.schema.json: $id is {schema.get('$id')!r}, "
                         f"expected {expected_id!r}")
        if schema.get("$schema") != DRAFT_2020_12:
            failures.add(f"schemas/{kind}.schema.json: $schema is {schema.get('$schema')!r}, "
                         f"expected {DRAFT_2020_12!r}")
        for place in undescribed(schema):
            failures.add(f"schemas/{kind}.schema.json: {place}: no description")
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            failures.add(f"schemas/{kind}.schema.json: not a valid draft 2020-12 schema: "
                         f"{pointer(e.absolute_path) or '(top level)'}: {e.message}")


def check_bundled(root, files, validators, cometbench, failures):
    valid = 0
    for path in files:
        rel = path.relative_to(root)
        kind = kind_of(path)
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except ValueError as e:
            failures.add(f"{rel}: not JSON: {e}")
            continue
        errors = schema_errors(validators[kind], document)
        for error in errors:
            failures.add(f"{rel}: rejected by schemas/{kind}.schema.json: {describe(error)}")
        status, stderr = run_validate(cometbench, path)
        # Test data is loaded by the parser directly, without `validate`'s name rule.
        test_data = rel.parts[0] == "tests" and only_the_name_rule(stderr, path)
        if status != 0 and not test_data:
            failures.add(f"{rel}: `cometbench validate` exited {status}: {first_line(stderr)}")
            continue
        if not errors:
            valid += 1
    return valid


def same_place(at, errors):
    """Whether the schema objects where the parser does: at its pointer AT, at the object
    around it (an unknown key, a property name or a missing key is the object's error), or at a
    member of it (a {"raw": ""} body is too short at its "raw")."""
    places = {pointer(e.absolute_path) for e in errors}
    return at in places or parent(at) in places or any(parent(p) == at for p in places)


def check_malformed(root, validators, cometbench, failures):
    folder = root / "fixtures" / "malformed"
    files = sorted(folder.glob("*.json"))
    if len(files) < 20:
        failures.add(f"{folder}: only {len(files)} malformed files found")
    rejected, parser_only = 0, []
    for path in files:
        name = path.stem
        rel = path.relative_to(root)
        status, stderr = run_validate(cometbench, path)
        if status != 2:
            failures.add(f"{rel}: `cometbench validate` exited {status}, expected 2 (invalid)")
            continue
        if only_the_name_rule(stderr, path):
            failures.add(f"{rel}: the parser refused only the name: {first_line(stderr)}")
            continue
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except ValueError as e:
            document, not_json = None, str(e)
        if name in PARSER_ONLY:
            # A stale entry would hide a rule the schema has learnt: the schema must accept it.
            if document is None or not schema_errors(validators["scenario"], document):
                parser_only.append(name)
                rejected += 1
            else:
                failures.add(f"{rel}: listed in PARSER_ONLY ({PARSER_ONLY[name]}) but the "
                             f"schema rejects it too: remove it from the list")
            continue
        if document is None:
            failures.add(f"{rel}: not JSON ({not_json}): list it in PARSER_ONLY")
            continue
        errors = schema_errors(validators["scenario"], document)
        if not errors:
            failures.add(f"{rel}: the parser rejects it ({first_line(stderr)}) but "
                         f"schemas/scenario.schema.json accepts it")
            continue
        found = parser_error(stderr, path)
        if found is None:
            failures.add(f"{rel}: the parser's error is not about this file itself "
                         f"({first_line(stderr)}): list it in PARSER_ONLY if no schema can see it")
            continue
        if not same_place(found[0], errors):
            failures.add(f"{rel}: the parser rejects {found[0] or '(top level)'} but the schema "
                         f"rejects elsewhere: " + "; ".join(describe(e) for e in errors))
            continue
        rejected += 1
    return len(files), rejected, parser_only


def check_other_invalid(validators, cometbench, workdir, failures):
    checked = 0
    for kind, name, document in OTHER_INVALID:
        if kind == "profile" and "name" in document:
            document = {**document, "name": name}  # the name rule is not what is tested
        path = workdir / f"{name}.{kind}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        status, stderr = run_validate(cometbench, path)
        if status != 2:
            failures.add(f"{kind} {name}: `cometbench validate` exited {status}, expected 2")
            continue
        errors = schema_errors(validators[kind], document)
        found = parser_error(stderr, path)
        if not errors:
            failures.add(f"{kind} {name}: {json.dumps(document)} is accepted by "
                         f"schemas/{kind}.schema.json, but the parser refuses it: "
                         f"{first_line(stderr)}")
        elif found is None or not same_place(found[0], errors):
            failures.add(f"{kind} {name}: the parser ({first_line(stderr)}) and the schema ("
                         + "; ".join(describe(e) for e in errors) + ") refuse different places")
        else:
            checked += 1
    return checked


SCHEMA_KEY_SAMPLES = {
    "scenario": ("with-schema.json", {
        "name": "with-schema", "description": "a scenario that names its schema",
        "script": {"POST /v1/chat/completions": {"steps": [{"respond": {"status": 200}}]}}}),
    "policy": ("with-schema.policy.json", {"max_attempts": 2, "jitter": "none"}),
    "profile": ("with-schema.profile.json", {
        "name": "with-schema", "description": "a profile that names its schema",
        "profile": {"operations": 1, "arrival_interval_ms": 0,
                    "mix": [{"weight": 1, "respond": {"status": 200}}]}}),
}


def check_schema_key(root, validators, cometbench, workdir, failures):
    """A file may name its schema with a top-level "$schema" string, a path relative to it:
    the schema and the parser accept it, and refuse a "$schema" that is not a string."""
    for kind, sample in (("scenario", "fixtures/scenarios/happy-path.json"),
                         ("policy", "fixtures/policies/fail-fast.policy.json"),
                         ("profile", "fixtures/profiles/full-outage.profile.json")):
        reference = f"../../schemas/{kind}.schema.json"
        if not (root / sample).parent.joinpath(reference).is_file():
            failures.add(f"{sample}: \"$schema\": {reference!r} does not lead to the schema")
        with open(root / sample, encoding="utf-8") as f:
            document = {"$schema": reference, **json.load(f)}
        for error in schema_errors(validators[kind], document):
            failures.add(f"{sample} with \"$schema\": {describe(error)}")

        name, body = SCHEMA_KEY_SAMPLES[kind]
        for value, expected in ((reference, 0), (1, 2)):
            document = {"$schema": value, **body}
            if bool(schema_errors(validators[kind], document)) != (expected == 2):
                failures.add(f"{kind} with \"$schema\": {value!r}: the schema "
                             f"{'accepts' if expected else 'refuses'} it")
            path = workdir / name
            path.write_text(json.dumps(document), encoding="utf-8")
            status, stderr = run_validate(cometbench, path)
            if status != expected:
                failures.add(f"{kind} with \"$schema\": {value!r}: `cometbench validate` "
                             f"exited {status}, expected {expected}: {first_line(stderr)}")


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--root", required=True, type=pathlib.Path,
                           help="the cometbench source folder")
    arguments.add_argument("--cometbench", required=True, help="the cometbench command")
    options = arguments.parse_args()
    root = options.root.resolve()
    if not os.access(options.cometbench, os.X_OK):
        print(f"schema: {options.cometbench}: not an executable", file=sys.stderr)
        return 1

    failures = Failures()
    schemas = load_schemas(root)
    check_schemas(schemas, failures)
    if failures.messages:
        print(f"schema: {len(failures.messages)} problems in schemas/ (listed above)",
              file=sys.stderr)
        return 1
    validators = make_validators(schemas)

    files = bundled_files(root)
    valid = check_bundled(root, files, validators, options.cometbench, failures)
    total, rejected, parser_only = check_malformed(root, validators, options.cometbench,
                                                   failures)
    with tempfile.TemporaryDirectory(prefix="cometbench-schema-") as workdir:
        others = check_other_invalid(validators, options.cometbench, pathlib.Path(workdir),
                                     failures)
        check_schema_key(root, validators, options.cometbench, pathlib.Path(workdir), failures)

    print(f"schema: {valid} bundled files valid, {rejected} malformed files rejected "
          f"({len(parser_only)} by the parser only: {', '.join(parser_only)}); "
          f"{others} invalid policies and profiles rejected by both")
    if failures.messages:
        print(f"schema: {len(failures.messages)} failures (listed above)", file=sys.stderr)
        return 1
    if rejected != total:
        print(f"schema: {total - rejected} of {total} malformed files not rejected",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
