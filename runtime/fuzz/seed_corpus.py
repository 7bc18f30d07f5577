#!/usr/bin/env python3
"""Seeds the fuzz corpus from the SOAP bodies documented in ../shared/seeds (at CI time;
shared material is never committed). Writes each XML block of each seed, plus variants in
the shapes the reader must handle (SOAP 1.1 envelope, headers inside Header, a fault), and
the hostile floods that once made decoding slow (namespace declarations and attributes, on
one element and spread over nesting; kept under the target's 1 MiB limit)."""
import hashlib
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent
seeds = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root.parents[2] / "shared" / "seeds"
out = root / "corpus" / "response"
out.mkdir(parents=True, exist_ok=True)

S12 = "http://www.w3.org/2003/05/soap-envelope"
S11 = "http://schemas.xmlsoap.org/soap/envelope/"
count = 0


def write(data: str) -> None:
    global count
    body = data.encode("utf-8")
    (out / hashlib.sha1(body).hexdigest()).write_bytes(body)
    count += 1


write(f'<s:Envelope xmlns:s="{S11}"><s:Body><s:Fault><faultcode>s:Client</faultcode>'
      '<faultstring>x</faultstring><detail><a>1</a></detail></s:Fault></s:Body></s:Envelope>')


XSI = "http://www.w3.org/2001/XMLSchema-instance"


def envelope(body: str) -> str:
    return f'<s:Envelope xmlns:s="{S11}"><s:Body>{body}</s:Body></s:Envelope>'


# The shapes of runtime/tests/support/floods.rs, under the 64 KB of CI's -max_len.
for n in (40, 400, 900):
    decls = "".join(f' xmlns:p{i}="urn:{i}"' for i in range(n))
    uses = "".join(f"<p{(i * 7919) % n}:x/>" for i in range(n))
    write(envelope(f"<GetThingResponse{decls}>{uses}</GetThingResponse>"))
    pairs = "".join(f' xmlns:p{i}="{XSI}" p{i}:nil="true"' for i in range(n))
    write(envelope(f"<GetThingResponse{pairs}/>"))
    plain = "".join(f' a{i}="1"' for i in range(n))
    write(envelope(f"<GetThingResponse{plain}/>"))
for depth, per_level in ((60, 30), (200, 2)):
    opens = "".join(
        "<L" + "".join(f' xmlns:p{d}_{i}="urn:{d}:{i}"' for i in range(per_level)) + ">"
        for d in range(depth))
    uses = "".join(f"<p0_{c % per_level}:x/>" for c in range(1500))
    write(envelope(f"<GetThingResponse>{opens}{uses}{'</L>' * depth}</GetThingResponse>"))

if not seeds.is_dir():
    sys.exit(f"no seeds folder at {seeds} ({count} flood and fault files written)")
for seed in sorted(seeds.glob("*.txt")):
    for block in re.findall(r"```xml\n(.*?)```", seed.read_text(encoding="utf-8"), re.S):
        write(block)
        soap11 = block.replace(S12, S11)
        write(soap11)
        # Headers inside Header, as the real wire has them.
        write(re.sub(r"(<SOAP-ENV:Envelope[^>]*>)(.*?)(<SOAP-ENV:Body>)",
                     r"\1<SOAP-ENV:Header>\2</SOAP-ENV:Header>\3", soap11, flags=re.S))
print(f"{count} corpus files in {out}")
