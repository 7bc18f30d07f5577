//! Mutated WSDL never makes the reader panic: every input ends in a model or
//! in an error whose position lies inside the input.

use crate::reader_util;

use reader_util::agent_wsdl;
use sogen_codegen::reader;

/// Every construct the reader knows, in one agent.
fn seed() -> String {
    agent_wsdl(
        "Services1",
        "Demo",
        r#"<xs:complexType name="Carrier"><xs:sequence><xs:element minOccurs="0" name="Rights" type="tns:Rights"/></xs:sequence><xs:attribute name="Kind" type="xs:string"/></xs:complexType>
           <xs:complexType name="Entity"><xs:complexContent mixed="false"><xs:extension base="q6:Carrier" xmlns:q6="http://example.com/ws/Services1"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Id" nillable="true" type="ser:guid"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
           <xs:simpleType name="Rights"><xs:list><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="R"><xs:annotation><xs:appinfo><EnumerationValue xmlns="http://schemas.microsoft.com/2003/10/Serialization/">1</EnumerationValue></xs:appinfo></xs:annotation></xs:enumeration></xs:restriction></xs:simpleType></xs:list></xs:simpleType>
           <xs:complexType name="ArrayOfEntity"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Entity" nillable="true" type="tns:Entity"/></xs:sequence></xs:complexType>
           <xs:complexType name="Dict"><xs:annotation><xs:appinfo><IsDictionary xmlns="http://schemas.microsoft.com/2003/10/Serialization/">true</IsDictionary></xs:appinfo></xs:annotation><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="Pair"><xs:complexType><xs:sequence><xs:element name="Key" type="xs:string"/><xs:element name="Value" type="xs:anyType"/></xs:sequence></xs:complexType></xs:element></xs:sequence></xs:complexType>
           <xs:element name="Get"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="Items" type="tns:ArrayOfEntity"/><xs:element name="Map" type="tns:Dict"/></xs:sequence></xs:complexType></xs:element>"#,
        &["Get", "Put"],
    )
}

/// Fragments that make mutations meaningful to a WSDL reader.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</",
    "\"",
    "'",
    ":",
    "=",
    "&amp;",
    "&#0;",
    "&#x1F600;",
    "&bogus;",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<!DOCTYPE a>",
    "xmlns:q6=\"\"",
    "tns:",
    "q6:",
    "xs:",
    "xs:anyType",
    "tns:Nope",
    "minOccurs=\"-1\"",
    "maxOccurs=\"unbounded\"",
    "</xs:sequence>",
    "<xs:sequence>",
    "<xs:choice/>",
    "<xs:element name=\"X\"/>",
    "base=\"tns:Entity\"",
    "style=\"rpc\"",
    "use=\"encoded\"",
    "\u{e9}",
    "\u{FFFF}",
    "\n",
];

/// xorshift64*: a fixed, dependency-free sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let at = boundary(&s, rng.below(s.len() + 1));
        let len = rng.below(40);
        let end = boundary(&s, at + len);
        match rng.below(5) {
            0 => s.replace_range(at..end, ""),
            1 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let piece = s[at..end].to_string();
                s.insert_str(at, &piece);
            }
            3 => s.truncate(at),
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                s.replace_range(at..end, token);
            }
        }
    }
    s
}

#[test]
fn mutated_documents_give_a_model_or_a_located_error() {
    let seed = seed();
    reader::read_str("seed.wsdl", &seed).expect("the seed is valid");
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut ok, mut errors) = (0, 0);
    for _ in 0..3000 {
        let text = mutate(&mut rng, &seed);
        match reader::read_str("m.wsdl", &text) {
            Ok(_) => ok += 1,
            Err(e) => {
                errors += 1;
                let (line, column) = e
                    .line_column()
                    .expect("errors in a document have a position");
                let lines: Vec<&str> = text.split('\n').collect();
                assert!(line >= 1 && (line as usize) <= lines.len(), "{e}");
                let width = lines[line as usize - 1].chars().count() as u32;
                assert!(column >= 1 && column <= width + 1, "{e}");
                assert!(!e.message().is_empty());
            }
        }
    }
    // Both outcomes occur: the mutations reach past the XML parser.
    assert!(ok > 100 && errors > 1000, "ok {ok}, errors {errors}");
}
