//! Reading a `schema.rs` back into the model: the `table!` and `joinable!` invocations it
//! holds (at any module depth), for `migration generate --diff-schema`.
//!
//! `table!` bodies are parsed with diesel's own grammar crate (`diesel_table_macro_syntax`),
//! so anything diesel accepts is read the same way.

use diesel_table_macro_syntax::TableDecl;
use syn::{GenericArgument, PathArguments, TypePath};

use crate::declared_type::DeclaredType;
use crate::model::{Column, SqlType, TableName};

/// A `table!` as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredTable {
    pub name: TableName,
    /// The key's columns by SQL name (`id` when the macro names none, as diesel assumes).
    pub primary_key: Vec<String>,
    pub columns: Vec<Column>,
    /// Each column's type as diesel_cli spells it in SQL, beside `columns`.
    pub types: Vec<Option<DeclaredType>>,
    /// Columns whose type cannot be expressed in SQL: named for the error.
    pub unsupported: Vec<String>,
}

impl DeclaredTable {
    /// How diesel_cli spells a declared column's type.
    pub fn type_of(&self, column: &Column) -> Option<&DeclaredType> {
        let i = self.columns.iter().position(|c| c.name == column.name)?;
        self.types.get(i)?.as_ref()
    }
}

/// A `joinable!(child -> parent (column))`, by Rust names as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredJoin {
    pub child: String,
    pub parent: String,
    pub column: String,
}

/// Everything a schema file declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    pub tables: Vec<DeclaredTable>,
    pub joins: Vec<DeclaredJoin>,
}

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("line {line}: {message}")]
    Syntax { line: usize, message: String },
}

impl ParseError {
    fn at(error: &syn::Error) -> ParseError {
        ParseError::Syntax {
            line: error.span().start().line,
            message: error.to_string(),
        }
    }
}

/// Parses the text of a schema file.
pub fn parse(text: &str) -> Result<Declared, ParseError> {
    let file = syn::parse_file(text).map_err(|e| ParseError::at(&e))?;
    let mut declared = Declared::default();
    collect(&file.items, &mut declared)?;
    Ok(declared)
}

fn collect(items: &[syn::Item], declared: &mut Declared) -> Result<(), ParseError> {
    for item in items {
        match item {
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect(items, declared)?;
                }
            }
            syn::Item::Macro(item) => {
                let name = item.mac.path.segments.last().map(|s| s.ident.to_string());
                match name.as_deref() {
                    Some("table") => {
                        let decl: TableDecl =
                            item.mac.parse_body().map_err(|e| ParseError::at(&e))?;
                        declared.tables.push(table(decl));
                    }
                    Some("joinable") => {
                        let join = item
                            .mac
                            .parse_body_with(parse_join)
                            .map_err(|e| ParseError::at(&e))?;
                        declared.joins.push(join);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn table(decl: TableDecl) -> DeclaredTable {
    let mut unsupported = Vec::new();
    let types: Vec<Option<DeclaredType>> = decl
        .column_defs
        .iter()
        .map(|def| DeclaredType::read(&def.tpe))
        .collect();
    let columns: Vec<Column> = decl
        .column_defs
        .iter()
        .zip(&types)
        .map(|(def, declared)| {
            let (sql_type, nullable) = sql_type(&def.tpe);
            if declared.is_none() {
                unsupported.push(def.sql_name.clone());
            }
            let record = || SqlType {
                is_array: declared.as_ref().is_some_and(|t| t.is_array),
                ..SqlType::builtin("Record")
            };
            Column {
                name: def.sql_name.clone(),
                sql_type: sql_type.unwrap_or_else(record),
                nullable,
                max_length: def.max_length.as_ref().and_then(|l| l.base10_parse().ok()),
                comment: None,
            }
        })
        .collect();
    // Keys are written by Rust name; the columns know their SQL names.
    let sql_name_of = |ident: &syn::Ident| {
        decl.column_defs
            .iter()
            .find(|c| c.column_name == *ident)
            .map(|c| c.sql_name.clone())
            .unwrap_or_else(|| ident.to_string())
    };
    let primary_key = match &decl.primary_keys {
        Some(keys) => keys.keys.iter().map(sql_name_of).collect(),
        None => vec!["id".to_owned()],
    };
    let name = match &decl.schema {
        Some(schema) => TableName::in_schema(schema.to_string(), decl.sql_name.clone()),
        None => TableName::new(decl.sql_name.clone()),
    };
    DeclaredTable {
        name,
        primary_key,
        columns,
        types,
        unsupported,
    }
}

/// `Nullable<Array<Nullable<Unsigned<T>>>>` → the model's type and nullability; `None` for
/// a `Record<(...)>`, which has no SQL spelling here.
fn sql_type(path: &TypePath) -> (Option<SqlType>, bool) {
    let mut sql_type = SqlType::builtin("");
    let mut nullable = false;
    let mut current = path;
    loop {
        let Some(last) = current.path.segments.last() else {
            return (None, nullable);
        };
        let ident = last.ident.to_string();
        let inner = match &last.arguments {
            PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                GenericArgument::Type(syn::Type::Path(p)) => Some(p),
                _ => None,
            }),
            _ => None,
        };
        match (ident.as_str(), inner) {
            ("Nullable", Some(inner)) => {
                // Nullable inside an Array is the element's, which SQL cannot say.
                if !sql_type.is_array {
                    nullable = true;
                }
                current = inner;
            }
            ("Array", Some(inner)) => {
                sql_type.is_array = true;
                current = inner;
            }
            ("Unsigned", Some(inner)) => {
                sql_type.is_unsigned = true;
                current = inner;
            }
            ("Record", _) => return (None, nullable),
            _ => {
                sql_type.name = ident.into();
                return (Some(sql_type), nullable);
            }
        }
    }
}

fn parse_join(input: syn::parse::ParseStream<'_>) -> syn::Result<DeclaredJoin> {
    let child: syn::Ident = input.parse()?;
    input.parse::<syn::Token![->]>()?;
    let parent: syn::Ident = input.parse()?;
    let content;
    syn::parenthesized!(content in input);
    let column: syn::Ident = content.parse()?;
    Ok(DeclaredJoin {
        child: child.to_string(),
        parent: parent.to_string(),
        column: column.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_keys_types_and_joins() {
        let declared = parse(
            "// @generated\npub mod sql_types { pub struct Mood; }\n\
             diesel::table! {\n    use diesel::sql_types::*;\n    #[sql_name = \"Users\"]\n    \
             users (user_id) {\n        #[sql_name = \"Id\"]\n        user_id -> Int4,\n        \
             #[max_length = 40]\n        name -> Nullable<Varchar>,\n        tags -> \
             Array<Nullable<Text>>,\n        n -> Unsigned<Bigint>,\n    }\n}\n\
             diesel::table! { posts { id -> Integer, user_id -> Integer, } }\n\
             diesel::joinable!(posts -> users (user_id));\n",
        )
        .unwrap();
        let users = &declared.tables[0];
        assert_eq!(users.name, TableName::new("Users"));
        assert_eq!(users.primary_key, ["Id"]);
        let rendered: Vec<String> = users.columns.iter().map(Column::rendered_type).collect();
        assert_eq!(
            rendered,
            [
                "Int4",
                "Nullable<Varchar>",
                "Array<Nullable<Text>>",
                "Unsigned<Bigint>"
            ]
        );
        assert_eq!(users.columns[1].max_length, Some(40));
        assert_eq!(declared.tables[1].primary_key, ["id"]);
        assert_eq!(
            declared.joins,
            [DeclaredJoin {
                child: "posts".into(),
                parent: "users".into(),
                column: "user_id".into()
            }]
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse("diesel::table! {\n  users (id) {\n    id -> ,\n  }\n}\n").unwrap_err();
        assert!(err.to_string().starts_with("line 3: "), "{err}");
    }
}
