//! A column type from `schema.rs` spelled in SQL the way diesel_cli's `--diff-schema` spells
//! it: `INT4RANGE` for `Range<Integer>`, `PG_LSN` for `PgLsn`, and a `Record<(...)>` as a
//! composite type of its own, `"<COLUMN>_RECORD"`, created before the column that uses it.

use syn::{GenericArgument, PathArguments, Type, TypePath};

use crate::quote::Quote;

/// One declared type, as diesel_cli reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredType {
    /// The SQL name before capitals: a diesel type name (`Integer`), `pg_lsn`, `int4range`.
    pub sql_name: String,
    pub is_array: bool,
    pub is_nullable: bool,
    pub is_unsigned: bool,
    /// The fields of a `Record<(...)>`.
    pub record: Option<Vec<DeclaredType>>,
}

impl DeclaredType {
    /// Reads `Nullable<Array<Record<(Integer, Text)>>>` and the like; `None` for what no
    /// SQL type can spell (a record field that is not a type path).
    pub fn read(path: &TypePath) -> Option<DeclaredType> {
        let last = path.path.segments.last()?;
        let ident = last.ident.to_string();
        let mut ty = DeclaredType {
            sql_name: String::new(),
            is_array: ident == "Array",
            is_nullable: ident == "Nullable",
            is_unsigned: ident == "Unsigned",
            record: None,
        };
        let wrapper = matches!(
            ident.as_str(),
            "Array" | "Nullable" | "Unsigned" | "Range" | "Multirange" | "Record"
        );
        if !wrapper {
            ty.sql_name = if ident == "PgLsn" {
                "pg_lsn".to_owned()
            } else {
                ident
            };
            return Some(ty);
        }
        let PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        ty.sql_name = match args.args.first()? {
            GenericArgument::Type(Type::Tuple(tuple)) => {
                let fields = tuple.elems.iter().map(|field| match field {
                    Type::Path(p) => DeclaredType::read(p),
                    _ => None,
                });
                ty.record = Some(fields.collect::<Option<_>>()?);
                "record".to_owned()
            }
            GenericArgument::Type(Type::Path(p)) => {
                let inner = DeclaredType::read(p)?;
                match ident.as_str() {
                    "Range" => range_name(&inner.sql_name, "range"),
                    "Multirange" => range_name(&inner.sql_name, "multirange"),
                    _ => {
                        // A Nullable inside an Array is the element's, which SQL cannot say.
                        if !ty.is_array {
                            ty.is_nullable |= inner.is_nullable;
                            ty.is_array |= inner.is_array;
                        }
                        ty.is_unsigned |= inner.is_unsigned;
                        ty.record = ty.record.or(inner.record);
                        inner.sql_name
                    }
                }
            }
            _ => return None,
        };
        Some(ty)
    }

    /// The name of the composite type a record column (or record field) gets.
    fn record_name(column: &str) -> String {
        format!("{}_RECORD", column.to_uppercase())
    }

    /// The type after a column's name, with its leading space: ` INT4RANGE[] NOT NULL`,
    /// ` "TAGS_RECORD"`. A record's field says no NULL-ness.
    pub fn sql(&self, column: &str, max_length: Option<u64>, quote: Quote) -> String {
        self.spelled(column, max_length, quote, false)
    }

    fn spelled(&self, column: &str, max_length: Option<u64>, quote: Quote, field: bool) -> String {
        let mut out = match &self.record {
            Some(_) => format!(" {}", quote.ident(&Self::record_name(column))),
            None => format!(" {}", self.sql_name.to_uppercase()),
        };
        if let Some(length) = max_length {
            out.push_str(&format!("({length})"));
        }
        if self.is_array {
            out.push_str("[]");
        }
        if !field {
            if self.is_unsigned {
                out.push_str(" UNSIGNED");
            }
            if !self.is_nullable {
                out.push_str(" NOT NULL");
            }
        }
        out
    }

    /// The composite types a column of this type needs, each before the types that use
    /// it: (the name it is derived from, its fields).
    fn records<'a>(&'a self, prefix: &str, out: &mut Vec<(String, &'a [DeclaredType])>) {
        let Some(fields) = &self.record else {
            return;
        };
        for (i, field) in fields.iter().enumerate() {
            field.records(&format!("{prefix}_RECORD_FIELD_{i}"), out);
        }
        for (i, field) in fields.iter().enumerate() {
            if let Some(inner) = &field.record {
                out.push((format!("{prefix}_RECORD_FIELD_{i}"), inner));
            }
        }
    }

    /// A column's composite types, innermost first, the column's own last.
    fn column_records<'a>(&'a self, column: &str) -> Vec<(String, &'a [DeclaredType])> {
        let mut records = Vec::new();
        self.records(column, &mut records);
        if let Some(fields) = &self.record {
            records.push((column.to_owned(), fields));
        }
        records
    }
}

/// `CREATE TYPE` statements for the records of `columns` (name, type), innermost first.
pub fn create_records(columns: &[(&str, &DeclaredType)], quote: Quote) -> String {
    let mut out = String::new();
    for (column, ty) in columns {
        for (name, fields) in ty.column_records(column) {
            out.push_str(&format!(
                "CREATE TYPE {} AS (\n",
                quote.ident(&DeclaredType::record_name(&name))
            ));
            let last = fields.len().saturating_sub(1);
            for (i, field) in fields.iter().enumerate() {
                let ty = field.spelled(&format!("{name}_RECORD_FIELD_{i}"), None, quote, true);
                let comma = if i == last { "" } else { "," };
                out.push_str(&format!(
                    "\t{} {ty}{comma}\n",
                    quote.ident(&format!("FIELD_{i}"))
                ));
            }
            out.push_str(");\n\n");
        }
    }
    out
}

/// `DROP TYPE` statements for the records of `columns`, in the opposite order, after the
/// blank lines diesel_cli puts before them.
pub fn drop_records(columns: &[(&str, &DeclaredType)], quote: Quote) -> String {
    let records: Vec<String> = columns
        .iter()
        .flat_map(|(column, ty)| ty.column_records(column))
        .map(|(name, _)| name)
        .collect();
    if records.is_empty() {
        return String::new();
    }
    let mut out = "\n\n".to_owned();
    for name in records.iter().rev() {
        out.push_str(&format!(
            "DROP TYPE IF EXISTS {};\n\n",
            quote.ident(&DeclaredType::record_name(name))
        ));
    }
    out
}

/// `int4range` for `Range<Integer>`, as diesel_cli names PostgreSQL's range types.
fn range_name(element: &str, kind: &str) -> String {
    let prefix = match element.to_uppercase().as_str() {
        "INT4" | "INTEGER" => "int4".to_owned(),
        "INT8" | "BIGINT" => "int8".to_owned(),
        "NUMERIC" => "num".to_owned(),
        "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" => "ts".to_owned(),
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => "tstz".to_owned(),
        "DATE" => "date".to_owned(),
        other => other.to_owned(),
    };
    format!("{prefix}{kind}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(ty: &str) -> DeclaredType {
        DeclaredType::read(&syn::parse_str(ty).unwrap()).unwrap()
    }

    #[test]
    fn spells_types_as_diesel_cli_does() {
        let q = Quote::Double;
        assert_eq!(read("PgLsn").sql("c", None, q), " PG_LSN NOT NULL");
        assert_eq!(read("Nullable<Timetz>").sql("c", None, q), " TIMETZ");
        assert_eq!(
            read("Array<Range<Integer>>").sql("c", None, q),
            " INT4RANGE[] NOT NULL"
        );
        assert_eq!(
            read("Nullable<Array<Record<(Integer, Text)>>>").sql("c", None, q),
            " \"C_RECORD\"[]"
        );
    }

    #[test]
    fn nested_records_are_created_innermost_first() {
        let ty = read("Record<(Record<(Integer, Array<Text>)>, Nullable<Integer>)>");
        assert_eq!(
            create_records(&[("n", &ty)], Quote::Double),
            "CREATE TYPE \"N_RECORD_FIELD_0_RECORD\" AS (\n\t\"FIELD_0\"  INTEGER,\n\t\
             \"FIELD_1\"  TEXT[]\n);\n\n\
             CREATE TYPE \"N_RECORD\" AS (\n\t\"FIELD_0\"  \"N_RECORD_FIELD_0_RECORD\",\n\t\
             \"FIELD_1\"  INTEGER\n);\n\n"
        );
        assert_eq!(
            drop_records(&[("n", &ty)], Quote::Double),
            "\n\nDROP TYPE IF EXISTS \"N_RECORD\";\n\nDROP TYPE IF EXISTS \"N_RECORD_FIELD_0_RECORD\";\n\n"
        );
    }
}
