//! The checksum that tells an applied migration's file from an edited one, as text:
//! `sha256:<64 hex digits>`.
//!
//! The text is normalised first, so that what an editor or git does without the author
//! meaning it does not count as an edit: a UTF-8 byte-order mark is dropped and CRLF line
//! ends become LF. The algorithm is part of the recorded value, so it can change later
//! without misreading old rows.

use sha2::{Digest, Sha256};

/// The algorithm's name, the recorded value's prefix.
pub const ALGORITHM: &str = "sha256";

/// The checksum of a migration file's text.
pub fn checksum(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut hasher = Sha256::new();
    // CRLF -> LF without copying the text: hash the pieces between the CRs that are
    // followed by LF.
    let mut rest = text;
    while let Some(at) = rest.find("\r\n") {
        hasher.update(&rest.as_bytes()[..at]);
        rest = &rest[at + 1..];
    }
    hasher.update(rest.as_bytes());
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(ALGORITHM.len() + 1 + 64);
    hex.push_str(ALGORITHM);
    hex.push(':');
    for byte in digest {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).expect("nibble"));
        hex.push(char::from_digit(u32::from(byte & 0xf), 16).expect("nibble"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::checksum;

    #[test]
    fn known_value() {
        // sha256("abc"), the FIPS 180-2 test vector.
        assert_eq!(
            checksum("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn line_ends_and_bom_do_not_count_as_edits() {
        let lf = checksum("CREATE TABLE a (id INT);\nDROP TABLE b;\n");
        assert_eq!(
            checksum("CREATE TABLE a (id INT);\r\nDROP TABLE b;\r\n"),
            lf
        );
        assert_eq!(
            checksum("\u{feff}CREATE TABLE a (id INT);\nDROP TABLE b;\n"),
            lf
        );
        assert_ne!(checksum("CREATE TABLE a (id BIGINT);\nDROP TABLE b;\n"), lf);
        // A lone CR is content, not a line end.
        assert_ne!(checksum("a\rb"), checksum("ab"));
    }
}
