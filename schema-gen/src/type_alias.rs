//! diesel's SQL type aliases: `Varchar` is `Text`, `Int4` is `Integer`. Two columns can only
//! be compared (as `joinable!` compares a foreign key with the key it references) when
//! their types are the same type once the aliases are resolved.

use crate::model::SqlType;

/// The type an alias stands for, or the name itself.
fn resolved(name: &str) -> &str {
    match name {
        "Tinyint" => "TinyInt",
        "Int2" | "Smallint" | "SmallSerial" => "SmallInt",
        "Int4" | "Serial" => "Integer",
        "Int8" | "Bigint" | "BigSerial" => "BigInt",
        "Float4" => "Float",
        "Float8" => "Double",
        "Decimal" => "Numeric",
        "VarChar" | "Varchar" | "Char" | "Tinytext" | "Mediumtext" | "Longtext" | "Bpchar" => {
            "Text"
        }
        "Tinyblob" | "Blob" | "Mediumblob" | "Longblob" | "Varbinary" | "Bit" | "Bytea" => "Binary",
        "Macaddr" => "MacAddr",
        "Macaddr8" => "MacAddr8",
        other => other,
    }
}

/// Whether two columns' types are one diesel type (nullability aside).
pub fn same_type(a: &SqlType, b: &SqlType) -> bool {
    a.is_array == b.is_array
        && a.is_unsigned == b.is_unsigned
        && resolved(&a.name) == resolved(&b.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_the_type_they_name() {
        let t = SqlType::builtin;
        assert!(same_type(&t("Varchar"), &t("Text")));
        assert!(same_type(&t("Int4"), &t("Integer")));
        assert!(same_type(&t("Bpchar"), &t("Text")));
        assert!(!same_type(&t("Int4"), &t("Int8")));
        assert!(!same_type(&t("Int8"), &t("Int2")));
        let mut unsigned = t("Integer");
        unsigned.is_unsigned = true;
        assert!(!same_type(&unsigned, &t("Integer")));
    }
}
