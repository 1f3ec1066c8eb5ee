//! Rebuild when the dataset changes: `include_dir!` compiles routes/ into the binary,
//! but cargo only knows to rebuild for files it is told about.
fn main() {
    println!("cargo:rerun-if-changed=routes");
}
