//! SQLite declared type names → diesel SQL types.
//!
//! SQLite accepts any type name and derives a storage affinity from it. diesel_cli maps the
//! declared name by looking for keywords in it, in a fixed order; the same order is kept
//! here so `INT2`, `TINYINT`, `VARCHAR(40)` and `DECIMAL(10, 2)` print what diesel prints.

/// The diesel type for a declared SQLite type name, or `None` when diesel_cli has no mapping
/// (it aborts there; the caller falls back and warns).
pub fn diesel_type_for(declared: &str) -> Option<&'static str> {
    let ty = declared.to_lowercase();
    let has = |word: &str| ty.contains(word);
    let mapped = if ty == "boolean" || ty == "bool" || (has("tiny") && has("int")) {
        "Bool"
    } else if ty == "int2" || (has("small") && has("int")) {
        "SmallInt"
    } else if ty == "int8" || (has("big") && has("int")) {
        "BigInt"
    } else if has("int") {
        "Integer"
    } else if has("char") || has("clob") || has("text") {
        "Text"
    } else if ty.is_empty() || has("blob") || has("binary") {
        "Binary"
    } else if has("float") || has("real") {
        "Float"
    } else if has("double") || has("num") || has("dec") {
        "Double"
    } else if ty == "datetime" || ty == "timestamp" {
        "Timestamp"
    } else if ty == "date" {
        "Date"
    } else if ty == "time" {
        "Time"
    } else {
        return None;
    };
    Some(mapped)
}

/// What strata prints where diesel_cli has no mapping. SQLite hands any stored value back as
/// text when asked for text, so `Text` always loads; JSON and UUID columns hold text too.
pub const FALLBACK_TYPE: &str = "Text";

#[cfg(test)]
mod tests {
    use super::diesel_type_for;

    #[test]
    fn keyword_order_matches_diesel_cli() {
        let cases = [
            ("INTEGER", "Integer"),
            ("int", "Integer"),
            ("MEDIUMINT", "Integer"),
            ("TINYINT", "Bool"),
            ("BOOLEAN", "Bool"),
            ("INT2", "SmallInt"),
            ("SMALLINT", "SmallInt"),
            ("INT8", "BigInt"),
            ("UNSIGNED BIG INT", "BigInt"),
            ("VARCHAR(255)", "Text"),
            ("NVARCHAR(40)", "Text"),
            ("CLOB", "Text"),
            ("", "Binary"),
            ("VARBINARY(64)", "Binary"),
            ("REAL", "Float"),
            ("DOUBLE PRECISION", "Double"),
            ("DECIMAL(10, 2)", "Double"),
            ("NUMERIC", "Double"),
            ("DATETIME", "Timestamp"),
            ("date", "Date"),
            ("TIME", "Time"),
        ];
        for (declared, expected) in cases {
            assert_eq!(diesel_type_for(declared), Some(expected), "{declared}");
        }
    }

    #[test]
    fn unknown_types_have_no_mapping() {
        for declared in ["json", "uuid", "jsonb", "money"] {
            assert_eq!(diesel_type_for(declared), None, "{declared}");
        }
    }
}
