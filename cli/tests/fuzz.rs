//! Property tests for the two parsers that read what users write by hand: migration
//! directory names (the version parser) and diesel.toml. Neither may panic on any input;
//! each must either accept it or say what is wrong, naming the file.
//!
//! The number of cases is 2,000 per property by default (a few seconds). For a longer run:
//!
//! ```sh
//! PROPTEST_CASES=1000000 cargo test -p strata --test fuzz --release
//! ```

use std::path::Path;

use proptest::prelude::*;
use strata::config::{Config, PrintSchemaKey};
use strata::migrate::version_of;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Keys and values diesel.toml really has, to get past the TOML syntax often.
fn toml_fragment() -> impl Strategy<Value = String> {
    let known = PrintSchemaKey::NAMES
        .iter()
        .chain(&["only_tables", "except_tables", "dir"])
        .map(|key| (*key).to_owned())
        .collect::<Vec<_>>();
    let key = prop_oneof![prop::sample::select(known), "[a-z_]{1,12}"];
    let value = prop_oneof![
        Just("true".to_owned()),
        Just("\"src/schema.rs\"".to_owned()),
        Just("[\"a\", \"b\"]".to_owned()),
        Just("{ only_tables = [\"x\"] }".to_owned()),
        Just("\"name\"".to_owned()),
        Just("\"all_tables\"".to_owned()),
        Just("[".to_owned()),
        Just("1".to_owned()),
        "\"[^\"\\\\]{0,10}\"",
        "[ -~]{0,10}",
    ];
    let section = prop_oneof![
        Just("[print_schema]".to_owned()),
        Just("[print_schema.user]".to_owned()),
        Just("[migrations_directory]".to_owned()),
        "\\[[a-z_.]{0,16}\\]",
    ];
    prop_oneof![
        section,
        (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        "[ -~]{0,20}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn version_parser_never_panics(name in "\\PC{0,80}") {
        if let Ok(version) = version_of(&name) {
            // An accepted name yields a version that fits the ledger's VARCHAR(50) (which
            // counts characters), made of the characters before the first `_` minus dashes,
            // as diesel_cli derives it (empty for a name that starts with `_`).
            prop_assert!(version.chars().count() <= 50);
            let prefix = name.split('_').next().unwrap();
            prop_assert_eq!(version, prefix.replace('-', ""));
        }
    }

    #[test]
    fn version_parser_accepts_diesel_style_names(
        date in "[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}",
        name in "[a-z][a-z0-9_]{0,30}",
    ) {
        let version = version_of(&format!("{date}_{name}")).unwrap();
        prop_assert_eq!(version, date.replace('-', ""));
    }

    #[test]
    fn diesel_toml_loader_never_panics(lines in prop::collection::vec(toml_fragment(), 0..12)) {
        let text = lines.join("\n");
        let path = Path::new("/project/diesel.toml");
        if let Err(error) = Config::parse(path, &text) {
            let message = error.to_string();
            prop_assert!(message.contains("diesel.toml"), "{} does not name the file", message);
        }
    }
}
