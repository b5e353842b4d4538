//! Re-expands `strata::embed_migrations!()` in src/bin/blog.rs when a migration directory is
//! added or removed (an edited file is tracked by the `include_str!` it expands to).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
