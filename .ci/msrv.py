"""The declared rust-version holds for the locked dependencies: no package in the
resolved graph (all features, dev-dependencies included) declares a higher
`rust-version` than the workspace's. `.ci/run` then builds the workspace with that
toolchain where it can install it; where it cannot, this and clippy's `incompatible_msrv`
lint (in the clippy step) are what is left.

    python3 .ci/msrv.py
"""
import json
import subprocess
import sys


def version(text):
    return tuple(int(part) for part in text.split("."))


meta = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--all-features"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
)
members = set(meta["workspace_members"])
resolved = {node["id"] for node in meta["resolve"]["nodes"]}
packages = [p for p in meta["packages"] if p["id"] in resolved]
declared = {p["rust_version"] for p in packages if p["id"] in members and p["rust_version"]}
if len(declared) != 1:
    sys.exit(f"the workspace members declare {sorted(declared)}: one rust-version expected")
msrv = declared.pop()
needs = sorted(
    ((version(p["rust_version"]), p["name"], p["version"]) for p in packages
     if p["id"] not in members and p["rust_version"]),
    reverse=True,
)
too_new = [n for n in needs if n[0] > version(msrv)]
for v, name, ver in too_new:
    print(f"{name} {ver} needs Rust {'.'.join(map(str, v))}, above the declared {msrv}")
if too_new:
    sys.exit(1)
top = needs[0]
print(f"rust-version {msrv}: the {len(needs)} locked dependencies that declare one need at "
      f"most {'.'.join(map(str, top[0]))} ({top[1]} {top[2]})")
