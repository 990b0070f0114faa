//! Values of any length over a key/value secret store that caps each value (Windows'
//! Credential Manager: 2,560 bytes): split into numbered chunks, reassembled and checked on read.
//!
//! A value of at most `CHUNK_LIMIT` bytes is stored as is under its name. A longer one is
//! stored as `name#0`, `name#1`, … and `name` holds the header `cogtui-chunked:<count>:<sha256>`;
//! the digest tells a damaged or half-replaced value from a whole one.

use super::SessionError;
use sha2::{Digest, Sha256};
use std::time::Duration;
use zeroize::Zeroizing;

/// The largest value stored in one piece (below Windows' 2,560-byte cap, on every platform so
/// the splitting is exercised everywhere).
pub(crate) const CHUNK_LIMIT: usize = 2500;
const HEADER: &str = "cogtui-chunked:";
/// A guard against sweeping forever in a store that misbehaves.
const MAX_CHUNKS: usize = 64;
/// Reads that find pieces not matching their header try again, in case a writer without the
/// refresh lock was half-way through.
const READ_ATTEMPTS: usize = 3;

/// The raw operations of a secret store, one value per name.
pub(crate) trait RawSecrets: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, SessionError>;
    fn set(&self, name: &str, value: &str) -> Result<(), SessionError>;
    /// Whether there was something to delete.
    fn delete(&self, name: &str) -> Result<bool, SessionError>;
}

fn chunk_name(name: &str, i: usize) -> String {
    format!("{name}#{i}")
}

fn digest(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// `(count, digest)` if `value` is a chunk header.
fn parse_header(value: &str) -> Option<Result<(usize, &str), ()>> {
    let rest = value.strip_prefix(HEADER)?;
    let parsed = rest
        .split_once(':')
        .and_then(|(n, d)| Some((n.parse::<usize>().ok()?, d)))
        .filter(|(n, d)| *n > 0 && *n <= MAX_CHUNKS && d.len() == 64);
    Some(parsed.ok_or(()))
}

/// Splits at char boundaries into pieces of at most `CHUNK_LIMIT` bytes.
fn split(value: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK_LIMIT);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    pieces
}

/// The number of chunks the current header of `name` announces (0 if none or unreadable).
fn current_chunks(raw: &dyn RawSecrets, name: &str) -> Result<usize, SessionError> {
    Ok(match raw.get(name)? {
        Some(v) => match parse_header(&v) {
            Some(Ok((n, _))) => n,
            _ => 0,
        },
        None => 0,
    })
}

/// Deletes `name#from..known`, then any further chunk until one is missing.
fn remove_chunks(
    raw: &dyn RawSecrets,
    name: &str,
    from: usize,
    known: usize,
) -> Result<(), SessionError> {
    for i in from..known {
        raw.delete(&chunk_name(name, i))?;
    }
    let mut i = known.max(from);
    while i < MAX_CHUNKS && raw.delete(&chunk_name(name, i))? {
        i += 1;
    }
    Ok(())
}

/// Stores `value` under `name`, splitting it if needed and removing stale chunks.
pub(crate) fn write(raw: &dyn RawSecrets, name: &str, value: &str) -> Result<(), SessionError> {
    let old = current_chunks(raw, name)?;
    if value.len() <= CHUNK_LIMIT && !value.starts_with(HEADER) {
        raw.set(name, value)?;
        return remove_chunks(raw, name, 0, old);
    }
    let pieces = split(value);
    if pieces.len() > MAX_CHUNKS {
        return Err(SessionError::Keyring(format!(
            "the value is too large to store ({} bytes)",
            value.len()
        )));
    }
    for (i, piece) in pieces.iter().enumerate() {
        raw.set(&chunk_name(name, i), piece)?;
    }
    let header = format!("{HEADER}{}:{}", pieces.len(), digest(value));
    raw.set(name, &header)?;
    remove_chunks(raw, name, pieces.len(), old)
}

/// Reads the value under `name`, reassembling chunks. A damaged value gives
/// `Err(reason)` in plain words, never the value itself.
pub(crate) fn read(
    raw: &dyn RawSecrets,
    name: &str,
) -> Result<Option<Zeroizing<String>>, ReadError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match read_once(raw, name) {
            Err(ReadError::Damaged(_)) if attempt < READ_ATTEMPTS => {
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

fn read_once(raw: &dyn RawSecrets, name: &str) -> Result<Option<Zeroizing<String>>, ReadError> {
    let Some(head) = raw.get(name)? else {
        return Ok(None);
    };
    let (count, expected) = match parse_header(&head) {
        None => return Ok(Some(head)),
        Some(Err(())) => return Err(ReadError::Damaged("its chunk header is malformed".into())),
        Some(Ok(parsed)) => parsed,
    };
    let mut whole = Zeroizing::new(String::new());
    for i in 0..count {
        match raw.get(&chunk_name(name, i))? {
            Some(piece) => whole.push_str(&piece),
            None => {
                return Err(ReadError::Damaged(format!(
                    "piece {} of {count} is missing",
                    i + 1
                )));
            }
        }
    }
    if digest(&whole) != expected {
        return Err(ReadError::Damaged(
            "its pieces do not match their checksum".into(),
        ));
    }
    Ok(Some(whole))
}

/// Deletes `name` and all its chunks. Whether there was anything.
pub(crate) fn remove(raw: &dyn RawSecrets, name: &str) -> Result<bool, SessionError> {
    let known = current_chunks(raw, name)?;
    // The header goes first, so that a failure half-way leaves no entry that looks whole.
    let existed = raw.delete(name)?;
    remove_chunks(raw, name, 0, known)?;
    Ok(existed)
}

/// Why a read failed: the store failed, or what it holds is damaged.
#[derive(Debug)]
pub(crate) enum ReadError {
    Store(SessionError),
    Damaged(String),
}

impl From<SessionError> for ReadError {
    fn from(e: SessionError) -> Self {
        Self::Store(e)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// An in-memory `RawSecrets` that enforces the per-value cap.
    #[derive(Default)]
    pub(crate) struct MapSecrets(pub Mutex<BTreeMap<String, String>>);

    impl RawSecrets for MapSecrets {
        fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, SessionError> {
            Ok(self
                .0
                .lock()
                .unwrap()
                .get(name)
                .cloned()
                .map(Zeroizing::new))
        }
        fn set(&self, name: &str, value: &str) -> Result<(), SessionError> {
            assert!(value.len() <= 2560, "{name} is {} bytes", value.len());
            self.0.lock().unwrap().insert(name.into(), value.into());
            Ok(())
        }
        fn delete(&self, name: &str) -> Result<bool, SessionError> {
            Ok(self.0.lock().unwrap().remove(name).is_some())
        }
    }

    impl MapSecrets {
        pub(crate) fn names(&self) -> Vec<String> {
            self.0.lock().unwrap().keys().cloned().collect()
        }
    }

    fn value(len: usize) -> String {
        // Multi-byte characters make sure splitting respects char boundaries.
        "aé€"
            .chars()
            .cycle()
            .scan(0, |n, c| {
                *n += c.len_utf8();
                (*n <= len).then_some(c)
            })
            .collect()
    }

    #[test]
    fn a_6000_byte_value_is_split_and_reassembled() {
        let raw = MapSecrets::default();
        let v = value(6000);
        write(&raw, "p/u/tokens", &v).unwrap();
        assert_eq!(
            raw.names(),
            ["p/u/tokens", "p/u/tokens#0", "p/u/tokens#1", "p/u/tokens#2"]
        );
        assert!(raw.get("p/u/tokens").unwrap().unwrap().starts_with(HEADER));
        assert_eq!(read(&raw, "p/u/tokens").unwrap().unwrap().as_str(), v);
    }

    #[test]
    fn small_values_stay_whole_and_stale_chunks_go() {
        let raw = MapSecrets::default();
        write(&raw, "k", &value(6000)).unwrap();
        write(&raw, "k", &value(3000)).unwrap();
        assert_eq!(raw.names(), ["k", "k#0", "k#1"]);
        write(&raw, "k", "{}").unwrap();
        assert_eq!(raw.names(), ["k"]);
        assert_eq!(read(&raw, "k").unwrap().unwrap().as_str(), "{}");
        assert!(remove(&raw, "k").unwrap());
        assert!(raw.names().is_empty());
        assert!(read(&raw, "k").unwrap().is_none());
        assert!(!remove(&raw, "k").unwrap());
    }

    #[test]
    fn delete_removes_every_chunk_even_leftovers() {
        let raw = MapSecrets::default();
        write(&raw, "k", &value(6000)).unwrap();
        raw.set("k#3", "left over by a crash").unwrap();
        remove(&raw, "k").unwrap();
        assert!(raw.names().is_empty());
    }

    #[test]
    fn damage_is_reported_not_panicked() {
        let raw = MapSecrets::default();
        write(&raw, "k", &value(6000)).unwrap();
        raw.delete("k#1").unwrap();
        assert!(matches!(read(&raw, "k"), Err(ReadError::Damaged(r)) if r.contains("missing")));
        write(&raw, "k", &value(6000)).unwrap();
        raw.set("k#1", "tampered").unwrap();
        assert!(matches!(read(&raw, "k"), Err(ReadError::Damaged(r)) if r.contains("checksum")));
        raw.set("k", "cogtui-chunked:lots").unwrap();
        assert!(matches!(read(&raw, "k"), Err(ReadError::Damaged(r)) if r.contains("header")));
    }
}
