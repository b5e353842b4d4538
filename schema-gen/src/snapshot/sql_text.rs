//! SQL text as the catalogs store it, made comparable: a small lexer, a canonical form that
//! ignores case, whitespace and needless identifier quotes, and the pieces of SQLite's
//! stored `CREATE` statements that its pragmas do not report (checks, index expressions,
//! partial index predicates, table options).

/// A lexical token of SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A keyword or bare identifier, lower-cased (SQL folds them).
    Word(String),
    /// A quoted identifier's content (`"x"`, `` `x` ``, `[x]`).
    Quoted(String),
    /// A string literal, with its quotes.
    String(String),
    Number(String),
    /// Any other character: `(`, `)`, `,`, operators.
    Punct(char),
}

impl Token {
    fn is_wordlike(&self) -> bool {
        matches!(self, Token::Word(_) | Token::Quoted(_) | Token::Number(_))
    }

    pub fn is_word(&self, word: &str) -> bool {
        matches!(self, Token::Word(w) if w == word)
    }

    /// The token as canonical text: identifiers unquoted when quoting adds nothing.
    fn canonical(&self) -> String {
        match self {
            Token::Word(w) => w.clone(),
            Token::Quoted(q) => {
                let plain = q
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && q.chars().all(|c| c.is_alphanumeric() || c == '_');
                if plain {
                    q.to_lowercase()
                } else {
                    format!("\"{q}\"")
                }
            }
            Token::String(s) | Token::Number(s) => s.clone(),
            Token::Punct(c) => c.to_string(),
        }
    }
}

/// Splits SQL into tokens, dropping whitespace and comments.
pub fn tokens(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '\'' {
            let start = i;
            i += 1;
            while i < chars.len() {
                if chars[i] == '\'' && chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                } else if chars[i] == '\'' {
                    i += 1;
                    break;
                } else {
                    i += 1;
                }
            }
            out.push(Token::String(
                chars[start..i.min(chars.len())].iter().collect(),
            ));
        } else if c == '"' || c == '`' || c == '[' {
            let close = if c == '[' { ']' } else { c };
            let mut text = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == close && close != ']' && chars.get(i + 1) == Some(&close) {
                    text.push(close);
                    i += 2;
                } else if chars[i] == close {
                    i += 1;
                    break;
                } else {
                    text.push(chars[i]);
                    i += 1;
                }
            }
            out.push(Token::Quoted(text));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            out.push(Token::Number(chars[start..i].iter().collect()));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Token::Word(word.to_lowercase()));
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

/// Tokens as canonical text: one space between two words (or a `)` and a word), none
/// around other punctuation.
pub fn join(tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut previous_wordlike = false;
    for token in tokens {
        let wordlike = token.is_wordlike() || matches!(token, Token::String(_));
        if previous_wordlike && wordlike {
            out.push(' ');
        }
        out.push_str(&token.canonical());
        previous_wordlike = wordlike || *token == Token::Punct(')');
    }
    out
}

/// SQL text in canonical form: `CHECK (Price > 0)` and `check(price>0)` read the same.
pub fn canonical(sql: &str) -> String {
    join(&tokens(sql))
}

/// The index of the `)` that closes the `(` at `open`.
fn closing(tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token {
            Token::Punct('(') => depth += 1,
            Token::Punct(')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The parts of a stored `CREATE TABLE` the SQLite pragmas leave out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableText {
    /// `(name, expression)` of each `CHECK`, the name when it has `CONSTRAINT name`.
    pub checks: Vec<(Option<String>, String)>,
    /// Canonical text after the column list: `without rowid`, `strict`.
    pub options: String,
}

pub fn sqlite_table(sql: &str) -> TableText {
    let tokens = tokens(sql);
    let Some(open) = tokens.iter().position(|t| *t == Token::Punct('(')) else {
        return TableText::default();
    };
    let close = closing(&tokens, open).unwrap_or(tokens.len());
    let mut checks = Vec::new();
    let mut i = open;
    while i < close {
        if tokens[i].is_word("check") && tokens.get(i + 1) == Some(&Token::Punct('(')) {
            let end = closing(&tokens, i + 1).unwrap_or(close);
            let name = match (
                i.checked_sub(2).map(|j| &tokens[j]),
                tokens.get(i.wrapping_sub(1)),
            ) {
                (Some(t), Some(Token::Word(n) | Token::Quoted(n))) if t.is_word("constraint") => {
                    Some(n.clone())
                }
                _ => None,
            };
            checks.push((name, join(&tokens[i + 2..end])));
            i = end;
        }
        i += 1;
    }
    let options = tokens.get(close + 1..).map(join).unwrap_or_default();
    TableText { checks, options }
}

/// The key list (with expressions, collations and order) and the `WHERE` predicate of a
/// stored `CREATE INDEX`.
pub fn sqlite_index(sql: &str) -> (String, Option<String>) {
    let tokens = tokens(sql);
    let Some(on) = tokens.iter().position(|t| t.is_word("on")) else {
        return (String::new(), None);
    };
    let Some(open) = tokens[on..].iter().position(|t| *t == Token::Punct('(')) else {
        return (String::new(), None);
    };
    let open = on + open;
    let close = closing(&tokens, open).unwrap_or(tokens.len() - 1);
    let keys = join(&tokens[open..=close]);
    let predicate = tokens
        .get(close + 1)
        .filter(|t| t.is_word("where"))
        .map(|_| join(&tokens[close + 2..]));
    (keys, predicate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ignores_case_space_and_plain_quotes() {
        assert_eq!(canonical("CHECK ( \"Price\" > 0 )"), "check(price>0)");
        assert_eq!(canonical("check(price>0)"), "check(price>0)");
        assert_eq!(canonical("a  = 'It''s A'"), "a='It''s A'");
        assert_eq!(canonical("\"odd name\" -- note\n"), "\"odd name\"");
    }

    #[test]
    fn finds_checks_and_options() {
        let t = sqlite_table(
            "CREATE TABLE t (a INTEGER CHECK (a > 0), b TEXT, \
             CONSTRAINT b_short CHECK(length(b) < 10)) WITHOUT ROWID",
        );
        assert_eq!(
            t.checks,
            vec![
                (None, "a>0".to_owned()),
                (Some("b_short".to_owned()), "length(b)<10".to_owned())
            ]
        );
        assert_eq!(t.options, "without rowid");
    }

    #[test]
    fn splits_index_keys_and_predicate() {
        assert_eq!(
            sqlite_index("CREATE INDEX i ON users (lower(email) DESC) WHERE active = 1"),
            (
                "(lower(email) desc)".to_owned(),
                Some("active=1".to_owned())
            )
        );
        assert_eq!(
            sqlite_index("CREATE UNIQUE INDEX \"i\" ON \"users\"(\"email\")"),
            ("(email)".to_owned(), None)
        );
    }
}
