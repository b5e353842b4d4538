//! A diesel connection a backend owns (it connected from a URL) or borrows (the
//! application's own, from its pool or its tests), used the same way either way.

use std::ops::{Deref, DerefMut};

/// An owned or borrowed diesel connection.
#[derive(Debug)]
pub enum Held<'c, C> {
    Owned(C),
    Borrowed(&'c mut C),
}

impl<C> Deref for Held<'_, C> {
    type Target = C;

    fn deref(&self) -> &C {
        match self {
            Held::Owned(conn) => conn,
            Held::Borrowed(conn) => conn,
        }
    }
}

impl<C> DerefMut for Held<'_, C> {
    fn deref_mut(&mut self) -> &mut C {
        match self {
            Held::Owned(conn) => conn,
            Held::Borrowed(conn) => conn,
        }
    }
}
