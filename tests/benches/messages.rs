//! Decoding and encoding benchmarks (being written).
fn main() {}
