//! The checksum that tells an applied migration's file from an edited one.
//!
//! How it is computed (normalised line ends, `sha256:<hex>`) is the `strata-checksum`
//! crate's, shared with `embed_migrations!`, which computes embedded files' checksums at
//! compile time.

use std::borrow::Cow;
use std::fmt;

/// A recorded or computed checksum, e.g. `sha256:9f86d0…`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Checksum(Cow<'static, str>);

impl Checksum {
    /// The checksum of a migration file's text.
    pub fn of(text: &str) -> Checksum {
        Checksum(Cow::Owned(strata_checksum::checksum(text)))
    }

    /// A checksum `embed_migrations!` computed at compile time.
    pub const fn precomputed(value: &'static str) -> Checksum {
        Checksum(Cow::Borrowed(value))
    }

    /// A checksum as stored in the database.
    pub fn from_recorded(value: String) -> Checksum {
        Checksum(Cow::Owned(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Checksum;

    #[test]
    fn computed_and_recorded_compare_by_value() {
        let computed = Checksum::of("abc");
        assert_eq!(
            computed.as_str(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Checksum::from_recorded(computed.to_string()), computed);
        assert_eq!(
            Checksum::precomputed(
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
            ),
            computed
        );
    }
}
