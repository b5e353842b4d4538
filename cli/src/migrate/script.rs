//! Splitting a migration file into statements, each with the line it starts on.
//!
//! Statements are sent one at a time, as `psql -f` and the `sqlite3` shell do, so that a
//! failure can be reported as `up.sql:7` rather than "somewhere in up.sql", and so that a
//! dry run can print exactly what would be sent. The splitter understands what can hide a
//! `;`: quotes, comments, PostgreSQL dollar quotes, and the `BEGIN ... END` body of a trigger.

/// What can hide a `;` in a database's SQL: the lexical rules that differ between
/// databases, which each backend's [`Dialect`](super::dialect::Dialect) states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitRules {
    /// `#` starts a comment that runs to the end of the line.
    pub hash_comments: bool,
    /// A backslash escapes the next character of a quoted string.
    pub backslash_escapes: bool,
    /// `` `name` `` quotes an identifier.
    pub backtick_identifiers: bool,
    /// `[name]` quotes an identifier.
    pub bracket_identifiers: bool,
    /// `$tag$ ... $tag$` quotes a string.
    pub dollar_quotes: bool,
    /// Which statements hold a `BEGIN ... END` body whose `;` do not end them.
    pub bodies: Bodies,
}

impl SplitRules {
    /// Quotes and `--`/`/* */` comments only, the SQL standard's.
    pub const STANDARD: SplitRules = SplitRules {
        hash_comments: false,
        backslash_escapes: false,
        backtick_identifiers: false,
        bracket_identifiers: false,
        dollar_quotes: false,
        bodies: Bodies::None,
    };
}

/// The statements whose body holds `;` that belong to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// None: every `;` outside quotes and comments ends a statement.
    None,
    /// `CREATE [TEMP] TRIGGER ... BEGIN ... END` (SQLite's).
    Triggers,
    /// `CREATE ... PROCEDURE | FUNCTION | TRIGGER | EVENT` with `BEGIN ... END` bodies, in
    /// which `END IF`, `END LOOP`, `END WHILE` and `END REPEAT` close inner blocks
    /// (MySQL's).
    Routines,
}

/// One statement of a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement's text, without the terminating `;`.
    pub sql: String,
    /// The 1-based line its first token is on.
    pub line: usize,
}

/// Splits `sql` into statements; comments and whitespace between statements are dropped.
pub fn split(sql: &str, rules: &SplitRules) -> Vec<Statement> {
    let sql = sql.strip_prefix('\u{feff}').unwrap_or(sql);
    let bytes = sql.as_bytes();
    let mut statements = Vec::new();
    let mut start: Option<usize> = None;
    let mut blocks = BlockTracker::new(rules.bodies);
    let mut lines = LineCounter::new();
    let mut i = 0;

    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        // Comments are skipped without starting a statement.
        if c == b'-' && next == Some(b'-') || rules.hash_comments && c == b'#' {
            i = find_from(bytes, i, b"\n").map_or(bytes.len(), |end| end + 1);
            continue;
        }
        if c == b'/' && next == Some(b'*') {
            i = find_from(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2);
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b';' {
            if let Some(s) = start {
                if !blocks.needs_end() {
                    statements.push(statement(sql, s, i, &mut lines));
                    start = None;
                    blocks = BlockTracker::new(rules.bodies);
                }
            }
            i += 1;
            continue;
        }
        start.get_or_insert(i);
        i = match c {
            b'\'' => skip_quoted(bytes, i, b'\'', rules.backslash_escapes),
            b'"' => skip_quoted(bytes, i, b'"', rules.backslash_escapes),
            b'`' if rules.backtick_identifiers => skip_quoted(bytes, i, b'`', false),
            b'[' if rules.bracket_identifiers => {
                find_from(bytes, i + 1, b"]").map_or(bytes.len(), |end| end + 1)
            }
            b'$' if rules.dollar_quotes => skip_dollar_quote(bytes, i),
            c if is_word_byte(c) => {
                let end = (i..bytes.len())
                    .find(|&j| !is_word_byte(bytes[j]))
                    .unwrap_or(bytes.len());
                blocks.word(&sql[i..end]);
                end
            }
            _ => {
                blocks.other();
                i + 1
            }
        };
    }
    if let Some(s) = start {
        statements.push(statement(sql, s, bytes.len(), &mut lines));
    }
    statements
}

fn statement(sql: &str, start: usize, end: usize, lines: &mut LineCounter) -> Statement {
    Statement {
        sql: sql[start..end].trim_end().to_owned(),
        line: lines.line_at(sql.as_bytes(), start),
    }
}

/// Numbers lines as the scanner moves forward, so that numbering every statement costs one
/// pass over the file: counting from the start for each statement is quadratic in its size.
struct LineCounter {
    /// The 1-based line `at` is on.
    line: usize,
    /// How far the newlines have been counted.
    at: usize,
}

impl LineCounter {
    fn new() -> Self {
        LineCounter { line: 1, at: 0 }
    }

    /// The 1-based line of byte `position`, which is never before the previous call's.
    fn line_at(&mut self, bytes: &[u8], position: usize) -> usize {
        self.line += bytes[self.at..position]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.at = position;
        self.line
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Skips a quoted run starting at `start`; a doubled quote is an escaped quote, and with
/// `backslash` a backslash escapes the next byte. Returns the index after the closing quote.
fn skip_quoted(bytes: &[u8], start: usize, quote: u8, backslash: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if backslash && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Skips `$tag$ ... $tag$` when `start` opens one; otherwise (a `$1` parameter, say) just `$`.
fn skip_dollar_quote(bytes: &[u8], start: usize) -> usize {
    let tag_end =
        (start + 1..bytes.len()).find(|&j| !(bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_'));
    let Some(tag_end) = tag_end.filter(|&j| bytes[j] == b'$') else {
        return start + 1;
    };
    if bytes.get(start + 1).is_some_and(u8::is_ascii_digit) {
        return start + 1;
    }
    let tag = &bytes[start..=tag_end];
    find_from(bytes, tag_end + 1, tag).map_or(bytes.len(), |close| close + tag.len())
}

/// Keeps `;` inside the body of a SQLite trigger (`BEGIN ... END`) or a MySQL stored
/// routine, trigger or event from ending the statement.
///
/// Inside such a statement it tracks the blocks a `;` can sit in: `BEGIN ... END` and
/// `CASE ... END` (a `CASE` expression, or MySQL's `END CASE`). MySQL's `END IF`, `END LOOP`,
/// `END WHILE` and `END REPEAT` close blocks that always sit inside a `BEGIN`, so they need
/// no tracking of their own. A `;` ends the statement once no block is open.
#[derive(Debug)]
struct BlockTracker {
    bodies: Bodies,
    /// Words seen at the start of the statement, up to eight.
    leading: Vec<String>,
    in_body_statement: bool,
    /// Open blocks, innermost last: `BEGIN` or `CASE`.
    open: Vec<&'static str>,
    /// An `END` whose meaning depends on the next word.
    pending_end: bool,
}

impl BlockTracker {
    fn new(bodies: Bodies) -> Self {
        BlockTracker {
            bodies,
            leading: Vec::new(),
            in_body_statement: false,
            open: Vec::new(),
            pending_end: false,
        }
    }

    fn word(&mut self, word: &str) {
        // Past its leading words, only a body statement looks at words: the values of a
        // data migration need no upper-case copy each.
        if self.leading.len() >= 8 && !self.in_body_statement {
            return;
        }
        let word = word.to_ascii_uppercase();
        if self.leading.len() < 8 {
            self.leading.push(word.clone());
            self.in_body_statement = self.in_body_statement || self.opens_body();
        }
        if !self.in_body_statement {
            return;
        }
        if std::mem::take(&mut self.pending_end) {
            match word.as_str() {
                // MySQL's END IF / END LOOP / ...: blocks inside a BEGIN, not tracked.
                "IF" | "LOOP" | "WHILE" | "REPEAT" if self.bodies == Bodies::Routines => return,
                "CASE" => {
                    self.open.pop();
                    return;
                }
                _ => {
                    self.open.pop();
                }
            }
        }
        match word.as_str() {
            "BEGIN" => self.open.push("BEGIN"),
            "CASE" => self.open.push("CASE"),
            "END" => self.pending_end = true,
            _ => {}
        }
    }

    fn other(&mut self) {
        if std::mem::take(&mut self.pending_end) {
            self.open.pop();
        }
    }

    /// Whether the statement so far starts a body that may hold `;`.
    fn opens_body(&self) -> bool {
        let leading: Vec<&str> = self.leading.iter().map(String::as_str).collect();
        match self.bodies {
            Bodies::Triggers => matches!(
                leading.as_slice(),
                ["CREATE", "TRIGGER", ..] | ["CREATE", "TEMP" | "TEMPORARY", "TRIGGER", ..]
            ),
            Bodies::Routines => {
                leading.first() == Some(&"CREATE")
                    && leading[1..]
                        .iter()
                        .any(|w| matches!(*w, "PROCEDURE" | "FUNCTION" | "TRIGGER" | "EVENT"))
            }
            Bodies::None => false,
        }
    }

    /// Whether a `;` here is inside the body (and does not end the statement).
    fn needs_end(&mut self) -> bool {
        self.other();
        !self.open.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of the three backends (each states its own in its module), as the tests
    /// below exercise them.
    const SQLITE: SplitRules = SplitRules {
        backtick_identifiers: true,
        bracket_identifiers: true,
        bodies: Bodies::Triggers,
        ..SplitRules::STANDARD
    };
    const POSTGRES: SplitRules = SplitRules {
        dollar_quotes: true,
        ..SplitRules::STANDARD
    };
    const MYSQL: SplitRules = SplitRules {
        hash_comments: true,
        backslash_escapes: true,
        backtick_identifiers: true,
        bodies: Bodies::Routines,
        ..SplitRules::STANDARD
    };

    fn texts(sql: &str, rules: SplitRules) -> Vec<(usize, String)> {
        split(sql, &rules)
            .into_iter()
            .map(|s| (s.line, s.sql))
            .collect()
    }

    #[test]
    fn statements_with_their_lines() {
        let sql = "-- header\nCREATE TABLE a (x INT);\n\n  INSERT INTO a VALUES (1);\nSELECT 1";
        assert_eq!(
            texts(sql, SQLITE),
            vec![
                (2, "CREATE TABLE a (x INT)".to_owned()),
                (4, "INSERT INTO a VALUES (1)".to_owned()),
                (5, "SELECT 1".to_owned()),
            ]
        );
    }

    #[test]
    fn semicolons_in_quotes_and_comments_do_not_split() {
        let sql = "INSERT INTO t VALUES ('a;b', \"c;d\", [e;f]) /* ; */ -- ;\n;SELECT 2;";
        assert_eq!(split(sql, &SQLITE).len(), 2);
    }

    #[test]
    fn sqlite_trigger_body_is_one_statement() {
        let sql = "CREATE TRIGGER t AFTER UPDATE ON a\nBEGIN\n  INSERT INTO b VALUES (1);\n  \
                   UPDATE c SET x = 1;\nEND;\nSELECT 1;";
        let parts = texts(sql, SQLITE);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].1.ends_with("END"));
        assert_eq!(parts[1], (6, "SELECT 1".to_owned()));
    }

    #[test]
    fn case_expressions_inside_a_sqlite_trigger_do_not_end_it() {
        let sql = "CREATE TRIGGER t AFTER UPDATE ON a BEGIN\n  UPDATE c SET x = CASE WHEN \
                   new.y THEN 1 ELSE 2 END;\n  DELETE FROM d;\nEND;\nSELECT 1;";
        let parts = texts(sql, SQLITE);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(parts[1], (5, "SELECT 1".to_owned()));
    }

    #[test]
    fn mysql_routine_bodies_are_one_statement() {
        let sql = "CREATE DEFINER=`root`@`%` PROCEDURE p(IN n INT)\nBEGIN\n  \
                   IF n > 0 THEN\n    SELECT CASE WHEN n > 1 THEN 'many' ELSE 'one' END;\n  \
                   END IF;\n  WHILE n > 0 DO SET n = n - 1; END WHILE;\n  \
                   CASE n WHEN 0 THEN SELECT 0; ELSE SELECT 1; END CASE;\nEND;\n\
                   CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1;\n\
                   INSERT INTO a VALUES (1);";
        let parts = texts(sql, MYSQL);
        assert_eq!(parts.len(), 3, "{parts:#?}");
        assert!(parts[0].1.ends_with("END CASE;\nEND"));
        assert_eq!(parts[1].0, 9);
        assert_eq!(parts[2], (10, "INSERT INTO a VALUES (1)".to_owned()));
    }

    #[test]
    fn mysql_begin_outside_a_routine_is_a_transaction() {
        assert_eq!(split("BEGIN; SELECT 1; COMMIT;", &MYSQL).len(), 3);
    }

    #[test]
    fn postgres_dollar_quotes() {
        let sql = "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\
                   SELECT $$a;b$$; PREPARE p AS SELECT $1;";
        assert_eq!(split(sql, &POSTGRES).len(), 3);
    }

    #[test]
    fn mysql_hash_comments_and_backslashes() {
        let sql = "# c;\nINSERT INTO t VALUES ('it\\'s; fine');\nSELECT 1;";
        assert_eq!(texts(sql, MYSQL)[1].0, 3);
        assert_eq!(split(sql, &MYSQL).len(), 2);
    }

    /// About `size` bytes of data migration: one- and multi-line INSERTs, a `;` in strings
    /// and in comments, comment lines between statements. Returns the text and each
    /// statement as the splitter should give it, numbered as the text is written.
    fn bulk_migration(size: usize) -> (String, Vec<(usize, String)>) {
        let mut sql = String::with_capacity(size + 200);
        let mut expected = Vec::new();
        let mut line = 1;
        for i in 0.. {
            if sql.len() >= size {
                break;
            }
            if i % 100 == 0 {
                sql.push_str(&format!("-- rows {i} to {}; loaded in bulk\n", i + 99));
                line += 1;
            }
            let statement = if i % 7 == 0 {
                format!(
                    "INSERT INTO bulk_rows (id, name, note)\nVALUES ({i}, 'name {i}',\n  \
                     'a note; with a semicolon')"
                )
            } else if i % 11 == 0 {
                format!("INSERT INTO bulk_rows (id, name) /* ; */ VALUES ({i}, 'x')")
            } else {
                format!(
                    "INSERT INTO bulk_rows (id, name, note) VALUES ({i}, 'row {i}; it''s', NULL)"
                )
            };
            expected.push((line, statement.clone()));
            line += statement.matches('\n').count() + 1;
            sql.push_str(&statement);
            sql.push_str(";\n");
        }
        (sql, expected)
    }

    #[test]
    fn a_five_megabyte_data_migration_keeps_its_line_numbers() {
        let (sql, expected) = bulk_migration(5 * 1024 * 1024);
        for dialect in [SQLITE, POSTGRES, MYSQL] {
            let parts = texts(&sql, dialect);
            assert_eq!(parts.len(), expected.len(), "{dialect:?}");
            let middle = expected.len() / 2;
            for at in [0, middle, expected.len() - 1] {
                assert_eq!(parts[at], expected[at], "{dialect:?}, statement {at}");
            }
            let first_wrong = parts.iter().zip(&expected).position(|(a, b)| a != b);
            assert_eq!(first_wrong, None, "{dialect:?}");
        }
    }

    #[test]
    fn comments_only_is_no_statement() {
        assert!(split("-- Your SQL goes here\n\n/* nothing */\n", &SQLITE).is_empty());
        assert!(split("\u{feff}  \n", &POSTGRES).is_empty());
    }
}
