#!/usr/bin/env python3
"""Validates the JSON document on stdin against the JSON Schema file given
as the only argument, with the independent `jsonschema` package. Prints
`ok` or the first errors, and exits 0 or 1; exits 3 when `jsonschema` is
not installed (the caller decides whether that is a skip)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("the jsonschema package is not installed", file=sys.stderr)
    sys.exit(3)

schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(sys.stdin)
validator = jsonschema.Draft202012Validator(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:20]:
    print("/".join(str(p) for p in e.absolute_path), ":", e.message[:300])
if errors:
    print(f"{len(errors)} errors")
    sys.exit(1)
print("ok")
