#!/usr/bin/env python3
"""Python's zeep on the benchmark messages and the WSDL corpus (the third judge).

Decodes each message exactly as a zeep client decodes a reply (binding.process_reply on
the operation, with the agent's WSDL loaded from ../shared/wsdl), encodes the decoded
value back to bytes (the response element's render + lxml serialisation), and loads all
166 WSDL files of Services86-88 the way a user does (zeep.Client(path)).

    pip install zeep
    python3 tests/benches/zeep_bench.py --messages DIR [--wsdl ../shared/wsdl] [--json OUT]

DIR holds entity.xml, messages.xml and blob.xml, written by the criterion bench
(SOGEN_BENCH_MESSAGES=DIR cargo bench -p sogen-tests --bench messages). Prints and
optionally writes mean seconds per operation.
"""

import argparse
import base64
import json
import os
import sys
import time
import types

import zeep
from lxml import etree

NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"

# message file -> (agent, operation, response element, minimum repetitions)
MESSAGES = {
    "entity": ("Chat", "GetChatSessionEntity", "GetChatSessionEntityResponse", 200),
    "messages": ("Chat", "GetChatMessages", "GetChatMessagesResponse", 3),
    "blob": ("BLOB", "GetBlobStream", "GetBlobStreamResponse", 10),
}


def mean_seconds(fn, min_runs, min_seconds=2.0):
    """Mean wall time of fn() over at least min_runs runs and min_seconds (after one warm-up)."""
    fn()
    runs, start = 0, time.perf_counter()
    while runs < min_runs or time.perf_counter() - start < min_seconds:
        fn()
        runs += 1
    return (time.perf_counter() - start) / runs


def reply(content):
    return types.SimpleNamespace(
        status_code=200,
        content=content,
        headers={"Content-Type": "text/xml; charset=utf-8"},
        encoding="utf-8",
    )


def bench_message(wsdl_root, folder, name, checks):
    agent, operation, element_name, min_runs = MESSAGES[name]
    client = zeep.Client(os.path.join(wsdl_root, "Services88", agent + ".wsdl"))
    binding = client.service._binding
    op = binding._operations[operation]
    with open(os.path.join(folder, name + ".xml"), "rb") as f:
        content = f.read()

    def decode():
        return binding.process_reply(client, op, reply(content))

    # Operations with SOAP headers answer {header, body}; the value is body.Response.
    value = decode().body["Response"]
    checks(value)
    element = client.get_element("{%s}%s" % (NS, element_name))

    def encode():
        body = etree.Element("{http://schemas.xmlsoap.org/soap/envelope/}Body")
        element.render(body, {"Response": value})
        return etree.tostring(body)

    encoded = encode()
    assert len(encoded) > len(content) * 0.5, (name, len(encoded), len(content))
    return {
        "bytes": len(content),
        "decode": mean_seconds(decode, min_runs),
        "encode": mean_seconds(encode, min_runs),
    }


def check_entity(v):
    assert v.ChatSessionId == 4711, v.ChatSessionId
    assert len(v.FieldProperties.FieldPropertyDictionaryKeyValuePair) == 12
    assert v.User.FullName == "Ada Nordmann"
    assert v.CustomerName == "Ola & Kari Nordmann"


def check_messages(v):
    items = v.ChatMessage
    assert len(items) == 10000, len(items)
    assert items[-1].ChatMessageId == 10000


def check_blob(v):
    assert isinstance(v, bytes) and len(v) == 1 << 20, type(v)


def bench_load(wsdl_root):
    files = sorted(
        os.path.join(wsdl_root, version, f)
        for version in ("Services86", "Services87", "Services88")
        for f in os.listdir(os.path.join(wsdl_root, version))
        if f.endswith(".wsdl")
    )
    assert len(files) == 166, len(files)
    start = time.perf_counter()
    for path in files:
        zeep.Client(path)
    return time.perf_counter() - start


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", required=True)
    parser.add_argument("--wsdl", default=os.path.join(here, "../../../shared/wsdl"))
    parser.add_argument("--json")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    wsdl = os.path.normpath(args.wsdl)
    if not os.path.isdir(wsdl):
        sys.exit("zeep_bench: %s not found" % wsdl)

    results = {"zeep": zeep.__version__, "python": sys.version.split()[0]}
    for name, checks in (("entity", check_entity), ("messages", check_messages), ("blob", check_blob)):
        results[name] = bench_message(wsdl, args.messages, name, checks)
        r = results[name]
        print("zeep %-8s %9d bytes  decode %.6f s  encode %.6f s" % (name, r["bytes"], r["decode"], r["encode"]))
    if not args.skip_load:
        results["load"] = bench_load(wsdl)
        print("zeep load 166 WSDLs: %.3f s" % results["load"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
