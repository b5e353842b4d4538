//! `patch_file`: a unified diff applied to the generated `schema.rs`.
//!
//! Users keep hand edits to the generated file (a type swapped, a column renamed) as a
//! patch that is re-applied after every generation. A hunk is applied where its header says,
//! or, when the lines above it changed length, at the nearest place where its context and
//! removed lines match exactly (as `patch` does, without fuzz). A hunk that matches nowhere
//! is an error naming the hunk, the lines it expected and what the file has there, so the
//! user can refresh the patch.

use std::path::{Path, PathBuf};

use crate::paths::shown;

/// A parsed unified diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    hunks: Vec<Hunk>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    /// The `@@ ... @@` line, for messages.
    header: String,
    /// Its 1-based line in the patch file.
    patch_line: usize,
    /// 1-based first line of the old text it covers (0 for an empty old side).
    old_start: usize,
    lines: Vec<HunkLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HunkLine {
    Context(String),
    Remove(String),
    Add(String),
}

impl Hunk {
    /// The lines the hunk expects to find: context and removed lines, in order.
    fn old_lines(&self) -> Vec<&str> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                HunkLine::Context(t) | HunkLine::Remove(t) => Some(t.as_str()),
                HunkLine::Add(_) => None,
            })
            .collect()
    }

    /// The lines that replace them: context and added lines, in order.
    fn new_lines(&self) -> Vec<&str> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                HunkLine::Context(t) | HunkLine::Add(t) => Some(t.as_str()),
                HunkLine::Remove(_) => None,
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PatchError {
    #[error("{}:{line}: {message}", shown(path))]
    Malformed {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{} has no hunks (no `@@` lines): is it a unified diff?", shown(path))]
    Empty { path: PathBuf },
    #[error(
        "{}: hunk #{number} (`{header}`, line {patch_line}) no longer applies to the generated \
         schema: it expects these lines at line {expected_at}:\n{expected}\nbut the generated \
         schema has there:\n{found}\nthe schema changed under the patch; regenerate without \
         patch_file, edit the result again, and save a new diff",
        shown(path)
    )]
    DoesNotApply {
        path: PathBuf,
        number: usize,
        header: String,
        patch_line: usize,
        expected_at: usize,
        expected: String,
        found: String,
    },
}

impl Patch {
    /// Parses a unified diff (`diff -u`, `git diff`); file headers and other lines outside
    /// hunks are ignored.
    pub fn parse(text: &str, path: &Path) -> Result<Patch, PatchError> {
        let malformed = |line: usize, message: String| PatchError::Malformed {
            path: path.to_owned(),
            line,
            message,
        };
        let mut hunks: Vec<Hunk> = Vec::new();
        // Lines still owed to the current hunk: (old side, new side).
        let mut owed = (0usize, 0usize);
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            if owed == (0, 0) {
                if line.starts_with("@@") {
                    let (old_start, old_len, new_len) = parse_header(line)
                        .ok_or_else(|| malformed(number, format!("bad hunk header `{line}`")))?;
                    hunks.push(Hunk {
                        header: line.to_owned(),
                        patch_line: number,
                        old_start,
                        lines: Vec::new(),
                    });
                    owed = (old_len, new_len);
                }
                continue;
            }
            let hunk = hunks.last_mut().expect("owed lines imply a hunk");
            let (kind, body) = match line.chars().next() {
                Some(' ') => (' ', &line[1..]),
                // Some editors strip the space of an empty context line.
                None => (' ', ""),
                Some('-') => ('-', &line[1..]),
                Some('+') => ('+', &line[1..]),
                Some('\\') => continue, // "\ No newline at end of file"
                Some(_) => {
                    return Err(malformed(
                        number,
                        format!(
                            "hunk `{}` ends early: {} more old and {} more new lines expected",
                            hunk.header, owed.0, owed.1
                        ),
                    ))
                }
            };
            let too_many = || {
                malformed(
                    number,
                    format!("hunk `{}` has more lines than its header says", hunk.header),
                )
            };
            match kind {
                ' ' => {
                    owed.0 = owed.0.checked_sub(1).ok_or_else(too_many)?;
                    owed.1 = owed.1.checked_sub(1).ok_or_else(too_many)?;
                    hunk.lines.push(HunkLine::Context(body.to_owned()));
                }
                '-' => {
                    owed.0 = owed.0.checked_sub(1).ok_or_else(too_many)?;
                    hunk.lines.push(HunkLine::Remove(body.to_owned()));
                }
                _ => {
                    owed.1 = owed.1.checked_sub(1).ok_or_else(too_many)?;
                    hunk.lines.push(HunkLine::Add(body.to_owned()));
                }
            }
        }
        if owed != (0, 0) {
            return Err(malformed(
                text.lines().count(),
                "the patch ends in the middle of a hunk".to_owned(),
            ));
        }
        if hunks.is_empty() {
            return Err(PatchError::Empty {
                path: path.to_owned(),
            });
        }
        Ok(Patch { hunks })
    }

    /// Applies every hunk to `text`, in order.
    pub fn apply(&self, text: &str, path: &Path) -> Result<String, PatchError> {
        let ends_with_newline = text.ends_with('\n');
        let mut lines: Vec<&str> = text.lines().collect();
        let mut out: Vec<String> = Vec::with_capacity(lines.len());
        // Index in `lines` up to which everything has been copied to `out`.
        let mut done = 0;
        // How far the hunks found so far sat from their headers.
        let mut shift: isize = 0;
        for (index, hunk) in self.hunks.iter().enumerate() {
            let old = hunk.old_lines();
            let wanted = (hunk.old_start.saturating_sub(1) as isize + shift).max(0) as usize;
            let at = find(&lines, &old, wanted, done).ok_or_else(|| {
                let start = wanted.min(lines.len());
                let end = (start + old.len().max(1)).min(lines.len());
                PatchError::DoesNotApply {
                    path: path.to_owned(),
                    number: index + 1,
                    header: hunk.header.clone(),
                    patch_line: hunk.patch_line,
                    expected_at: start + 1,
                    expected: quote(&old),
                    found: quote(&lines[start..end]),
                }
            })?;
            shift += at as isize - (hunk.old_start.saturating_sub(1) as isize);
            out.extend(lines[done..at].iter().map(|l| (*l).to_owned()));
            out.extend(hunk.new_lines().iter().map(|l| (*l).to_owned()));
            done = at + old.len();
        }
        out.extend(lines.drain(done..).map(str::to_owned));
        let mut result = out.join("\n");
        if ends_with_newline && !result.is_empty() {
            result.push('\n');
        }
        Ok(result)
    }
}

/// `@@ -a,b +c,d @@ ...` → (a, b, d); a missing length is 1.
fn parse_header(line: &str) -> Option<(usize, usize, usize)> {
    let inner = line.strip_prefix("@@ ")?;
    let (ranges, _) = inner.split_once(" @@")?;
    let (old, new) = ranges.split_once(' ')?;
    let range = |r: &str, sign: char| -> Option<(usize, usize)> {
        let r = r.strip_prefix(sign)?;
        match r.split_once(',') {
            Some((start, len)) => Some((start.parse().ok()?, len.parse().ok()?)),
            None => Some((r.parse().ok()?, 1)),
        }
    };
    let (old_start, old_len) = range(old, '-')?;
    let (_, new_len) = range(new, '+')?;
    Some((old_start, old_len, new_len))
}

/// Where `needle` occurs in `lines`, at `wanted` or the nearest offset from it, never before
/// `not_before` (hunks apply in order and do not overlap).
fn find(lines: &[&str], needle: &[&str], wanted: usize, not_before: usize) -> Option<usize> {
    let fits = |at: usize| {
        at >= not_before
            && at + needle.len() <= lines.len()
            && lines[at..at + needle.len()] == *needle
    };
    (0..=lines.len()).find_map(|distance| {
        let after = wanted + distance;
        let before = wanted.checked_sub(distance);
        if fits(after) {
            Some(after)
        } else {
            before.filter(|&b| fits(b))
        }
    })
}

fn quote(lines: &[&str]) -> String {
    if lines.is_empty() {
        return "  | (end of file)".to_owned();
    }
    lines
        .iter()
        .map(|l| format!("  | {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENERATED: &str = "a\nb\nc\nd\ne\nf\n";

    fn patch(text: &str) -> Patch {
        Patch::parse(text, Path::new("p.diff")).unwrap()
    }

    #[test]
    fn applies_at_the_header_position() {
        let p = patch("--- a\n+++ b\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n");
        assert_eq!(
            p.apply(GENERATED, Path::new("p.diff")).unwrap(),
            "a\nb\nC\nd\ne\nf\n"
        );
    }

    #[test]
    fn applies_where_the_lines_moved() {
        let p = patch("@@ -2,3 +2,4 @@\n b\n c\n+c2\n d\n");
        let moved = format!("new\nnew\n{GENERATED}");
        assert_eq!(
            p.apply(&moved, Path::new("p.diff")).unwrap(),
            "new\nnew\na\nb\nc\nc2\nd\ne\nf\n"
        );
    }

    #[test]
    fn a_hunk_that_matches_nowhere_names_itself_and_the_lines() {
        let p = patch("@@ -2,2 +2,2 @@\n b\n-x\n+y\n");
        let err = p.apply(GENERATED, Path::new("p.diff")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.diff: hunk #1 (`@@ -2,2 +2,2 @@`, line 1) no longer applies to the generated \
             schema: it expects these lines at line 2:\n  | b\n  | x\nbut the generated schema \
             has there:\n  | b\n  | c\nthe schema changed under the patch; regenerate without \
             patch_file, edit the result again, and save a new diff"
        );
    }

    #[test]
    fn malformed_patches_name_the_line() {
        let err = Patch::parse("@@ -1,2 +1,2 @@\n a\nzzz\n", Path::new("p.diff")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.diff:3: hunk `@@ -1,2 +1,2 @@` ends early: 1 more old and 1 more new lines \
             expected"
        );
        assert_eq!(
            Patch::parse("just text\n", Path::new("p.diff"))
                .unwrap_err()
                .to_string(),
            "p.diff has no hunks (no `@@` lines): is it a unified diff?"
        );
    }
}
