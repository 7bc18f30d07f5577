#!/usr/bin/env python3
"""Validates captured SOAP requests against the XML Schema inside their WSDL.

An independent judge of the bytes sogen's generated code writes: the schema
comes straight from the WSDL (every `xs:schema` under `wsdl:types`, built into
one `xmlschema.XMLSchema`), and each request's body wrapper element and its
header elements (ApplicationToken, Credentials, TimeZone) are validated
against the schema's global element declarations.

Usage: validate.py MANIFEST
MANIFEST: one request per line, `WSDL<TAB>ENVELOPE_FILE<TAB>LABEL`.
Prints one line per invalid request and a summary `validated N of M`;
exits 0 only when every request is valid (2 when xmlschema/lxml are missing).
"""

import sys
from collections import defaultdict

try:
    import xmlschema
    from lxml import etree
except ImportError as e:  # the Rust test decides whether this is a failure
    print(f"missing Python package: {e.name} (pip install xmlschema lxml)")
    sys.exit(2)

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP_ENVS = {
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
}


def load_schema(wsdl_path):
    """One schema from every `xs:schema` of the WSDL's `types`.

    lxml keeps the namespace declarations made on nested elements (the
    `xmlns:q1` style WCF emits), which ElementTree would drop.
    """
    tree = etree.parse(wsdl_path)
    schemas = tree.getroot().findall(f"{{{WSDL}}}types/{{{XS}}}schema")
    if not schemas:
        raise ValueError(f"{wsdl_path}: no xs:schema under wsdl:types")
    # Each schema serialised on its own keeps the namespaces in scope of the
    # WSDL root, and xmlschema's resource tracks nested declarations.
    texts = [etree.tostring(s, encoding="unicode") for s in schemas]
    schema = xmlschema.XMLSchema(texts[0], build=False)
    for other in texts[1:]:
        schema.add_schema(other, build=False)
    schema.build()
    return schema


def check(schema, envelope_path):
    """Errors of one captured envelope ([] when valid)."""
    root = etree.parse(envelope_path).getroot()
    if etree.QName(root).namespace not in SOAP_ENVS or etree.QName(root).localname != "Envelope":
        return [f"root is {root.tag}, not a SOAP Envelope"]
    env = etree.QName(root).namespace
    body = root.find(f"{{{env}}}Body")
    if body is None:
        return ["no Body"]
    parts = [e for e in body if isinstance(e.tag, str)]
    if len(parts) != 1:
        return [f"Body holds {len(parts)} elements, expected 1"]
    header = root.find(f"{{{env}}}Header")
    if header is not None:
        parts += [e for e in header if isinstance(e.tag, str)]
    errors = []
    for part in parts:
        # Serialised on its own, the element keeps every namespace in scope
        # (lxml writes inherited declarations), so xsi:type prefixes resolve.
        doc = etree.fromstring(etree.tostring(part))
        name = etree.QName(doc)
        if doc.tag not in schema.maps.elements:
            errors.append(f"{doc.tag}: no global element declaration")
            continue
        try:
            for err in schema.iter_errors(doc):
                errors.append(f"{name.localname}: {err.reason} at {err.path}")
        except (KeyError, LookupError) as e:  # xmlschema raises on an unknown xsi:type
            errors.append(f"{name.localname}: {e}")
    return errors


def main(manifest):
    by_wsdl = defaultdict(list)
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                wsdl, envelope, label = line.rstrip("\n").split("\t")
                by_wsdl[wsdl].append((envelope, label))
    total = sum(len(v) for v in by_wsdl.values())
    valid = 0
    for wsdl in sorted(by_wsdl):
        schema = load_schema(wsdl)
        for envelope, label in by_wsdl[wsdl]:
            errors = check(schema, envelope)
            if errors:
                print(f"INVALID {label} ({envelope}):")
                for e in errors[:5]:
                    print(f"    {e}")
            else:
                valid += 1
    print(f"validated {valid} of {total}")
    return 0 if valid == total else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(64)
    sys.exit(main(sys.argv[1]))
