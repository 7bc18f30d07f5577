//! The `sogen` command-line tool.

fn main() {
    println!("sogen {}", env!("CARGO_PKG_VERSION"));
}
