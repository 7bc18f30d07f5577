#!/usr/bin/env python3
"""Prints BENCHMARKS.md's table from one run: criterion's estimates and zeep_bench's JSON.

    python3 tests/benches/report.py --criterion TARGET/criterion --zeep zeep.json
"""

import argparse
import json
import os

MESSAGES = (("entity", "ChatSessionEntity + nested carriers"), ("messages", "GetChatMessages, 10,000 messages"), ("blob", "1 MiB base64 blob"))
# Targets (issue 21): decoding the structured messages >= 0.6x the bare event loop and >= 3x
# serde, every decode >= 30x zeep (the bare loop does not decode base64, so the blob has no
# target against it); encoding the structured messages >= 0.7x the bare writer.
STRUCTURED = ("entity", "messages")


def target(direction, name, contender):
    if direction == "decode":
        if contender == "zeep":
            return 30.0
        return {"bare": 0.6, "serde": 3.0}[contender] if name in STRUCTURED else None
    return 0.7 if contender == "bare" and name in STRUCTURED else None


GENERATION_TARGET = 10.0


def seconds(criterion, group, bench):
    """Mean seconds of one criterion benchmark (its group's '/' becomes '_' on disk)."""
    path = os.path.join(criterion, group.replace("/", "_"), bench, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["mean"]["point_estimate"] / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--criterion", required=True)
    p.add_argument("--zeep", required=True)
    args = p.parse_args()
    with open(args.zeep) as f:
        zeep = json.load(f)

    print("| message | direction | size | bare quick-xml | quick-xml serde | zeep | sogen | sogen vs bare | sogen vs serde | sogen vs zeep |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    missed = []
    for direction in ("decode", "encode"):
        for name, label in MESSAGES:
            size = zeep[name]["bytes"]
            t = {c: seconds(args.criterion, "%s/%s" % (direction, name), c) for c in ("bare", "serde", "sogen")}
            t["zeep"] = zeep[name][direction]
            mbs = {c: size / t[c] / 1e6 for c in t}
            ratio = {c: t[c] / t["sogen"] for c in ("bare", "serde", "zeep")}
            cells = []
            for c in ("bare", "serde", "zeep"):
                cell = "%.2fx" % ratio[c]
                goal = target(direction, name, c)
                if goal is not None and ratio[c] < goal:
                    cell += " (target %gx: missed)" % goal
                    missed.append("%s %s vs %s" % (direction, name, c))
                cells.append(cell)
            print("| %s | %s | %.0f KB | %.0f MB/s | %.0f MB/s | %.2f MB/s | %.0f MB/s | %s |" % (
                label, direction, size / 1e3, mbs["bare"], mbs["serde"], mbs["zeep"], mbs["sogen"], " | ".join(cells)))

    gen = seconds(args.criterion, "generate", "services86-88")
    print()
    print("| corpus | sogen read + plan + emit | zeep load | sogen faster by |")
    print("|---|---:|---:|---:|")
    if "load" in zeep:
        r = zeep["load"] / gen
        note = "" if r >= GENERATION_TARGET else " (target %gx: missed)" % GENERATION_TARGET
        if note:
            missed.append("generation vs zeep load")
        print("| Services86-88, 166 WSDL files | %.3f s | %.3f s | %.1fx%s |" % (gen, zeep["load"], r, note))
    print()
    print("zeep %s on Python %s; sogen vs X = X's time / sogen's time (higher is better for sogen)." % (zeep["zeep"], zeep["python"]))
    print("targets missed: " + (", ".join(missed) if missed else "none"))


if __name__ == "__main__":
    main()
