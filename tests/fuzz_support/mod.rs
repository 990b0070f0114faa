//! What `tests/fuzz_wire.rs` fuzzes with: one local pool with two signed-in users, the corpus
//! of `tests/data/fuzz/` with its placeholders filled in, the strategies that make odd values,
//! and the edits that mutate a seed request.
#![allow(dead_code)]

use super::common::{TestPool, start};
use cogtui::srp::{self, ClientEphemeral, ServerEphemeral};
use num_bigint::BigUint;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

/// The known password of both fixture users.
pub const PASSWORD: &str = "Fuzz-Passw0rd!";
/// Marks a generated string, so an answer that quotes it can be found.
pub const MARK: &str = "q7Zx";

/// Every operation the pool serves, and one it does not.
pub const OPS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "GetUser",
    "UpdateUserAttributes",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "ChangePassword",
    "GlobalSignOut",
    "RevokeToken",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "CreateUserPool",
    "CreateUserPoolClient",
    "DescribeUserPool",
    "DescribeUserPoolClient",
    "AdminCreateUser",
    "AdminGetUser",
    "ListUsers",
    "AdminConfirmSignUp",
    "AdminDeleteUser",
    "AdminSetUserPassword",
    "DeleteUserPool",
];

/// Field names of the API, so random objects sometimes hit a real one.
pub const FIELDS: &[&str] = &[
    "ClientId",
    "Username",
    "Password",
    "SecretHash",
    "UserAttributes",
    "ValidationData",
    "ClientMetadata",
    "ConfirmationCode",
    "ForceAliasCreation",
    "AuthFlow",
    "AuthParameters",
    "ChallengeName",
    "ChallengeResponses",
    "Session",
    "AccessToken",
    "PreviousPassword",
    "ProposedPassword",
    "AttributeName",
    "Code",
    "Token",
    "ClientSecret",
    "UserPoolId",
    "PoolName",
    "Policies",
    "PasswordPolicy",
    "MinimumLength",
    "AliasAttributes",
    "UsernameAttributes",
    "AutoVerifiedAttributes",
    "Schema",
    "AttributeDataType",
    "ClientName",
    "GenerateSecret",
    "ExplicitAuthFlows",
    "AccessTokenValidity",
    "IdTokenValidity",
    "RefreshTokenValidity",
    "TokenValidityUnits",
    "AccessToken",
    "IdToken",
    "RefreshToken",
    "PreventUserExistenceErrors",
    "TemporaryPassword",
    "MessageAction",
    "Filter",
    "Limit",
    "PaginationToken",
    "Permanent",
    "Name",
    "Value",
    "USERNAME",
    "PASSWORD",
    "SRP_A",
    "SECRET_HASH",
    "REFRESH_TOKEN",
    "PASSWORD_CLAIM_SIGNATURE",
    "PASSWORD_CLAIM_SECRET_BLOCK",
    "TIMESTAMP",
    "NEW_PASSWORD",
];

/// Strings that have broken parsers elsewhere: escapes, bidi and zero-width characters, NUL,
/// numbers and enum values where text is expected, and the API's own words.
pub const ODD: &[&str] = &[
    "",
    " ",
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\0",
    "\r\n",
    "null",
    "true",
    "-1",
    "1e999",
    "18446744073709551616",
    "0",
    "NaN",
    "seconds",
    "minutes",
    "hours",
    "days",
    "USER_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "REFRESH_TOKEN_AUTH",
    "PASSWORD_VERIFIER",
    "NEW_PASSWORD_REQUIRED",
    "ALLOW_USER_SRP_AUTH",
    "ENABLED",
    "LEGACY",
    "email",
    "email_verified",
    "sub",
    "custom:x",
    "email = \"a\"",
    "email ^= \"",
    "a@b",
    "@",
    "%00",
    "../../etc/passwd",
    "'; DROP TABLE users; --",
    "Thu Nov 5 09:04:07 UTC 2026",
    "Feb 30",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖",
];

/// A seed request of the corpus.
#[derive(Debug, Clone)]
pub struct Seed {
    pub op: String,
    /// The body as JSON, or raw text that is not (or not only) valid JSON.
    pub body: Result<Value, String>,
}

pub struct Fixture {
    pub rt: tokio::runtime::Runtime,
    pub pool: TestPool,
    pub wire: Vec<Seed>,
    pub srp: Vec<String>,
    pub tokens: Vec<String>,
    pub id_token: String,
    pub access_token: String,
    pub jwks: Value,
    pub issuer: String,
    pub server: ServerEphemeral,
    pub client: ClientEphemeral,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

pub fn fx() -> &'static Fixture {
    FIXTURE.get_or_init(Fixture::new)
}

/// The `AuthenticationResult` of a USER_PASSWORD_AUTH sign-in of a fresh, confirmed user.
fn signed_in_user(p: &TestPool, name: &str) -> Value {
    let st = &p.pool.as_ref().expect("pool").state;
    let call = |op: &str, body: Value| {
        st.call(op, body.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{op}: {e}"))
    };
    call(
        "SignUp",
        json!({"ClientId": p.info.client_id, "Username": name, "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}]}),
    );
    call(
        "AdminConfirmSignUp",
        json!({"UserPoolId": p.info.user_pool_id, "Username": name}),
    );
    let out = call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
               "AuthParameters": {"USERNAME": name, "PASSWORD": PASSWORD}}),
    );
    let v: Value = serde_json::from_str(&out).expect("json");
    v["AuthenticationResult"].clone()
}

fn corpus_lines(name: &str) -> Vec<String> {
    let path = format!("{}/tests/data/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn fill(text: &str, vars: &[(&str, String)]) -> String {
    // Longest names first, so `$N` does not eat `$N_UPPER`.
    let mut vars = vars.to_vec();
    vars.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    vars.iter()
        .fold(text.to_owned(), |t, (k, v)| t.replace(k, v))
}

impl Fixture {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let pool = rt.block_on(start());
        let st = pool.pool.as_ref().expect("pool").state.clone();
        // Sent codes stay in the outbox; a long run must not fill the captured stderr.
        st.set_echo(false);
        let wire_user = signed_in_user(&pool, "fuzzwire");
        let jwt_user = signed_in_user(&pool, "fuzzjwt");
        let s = |v: &Value| v.as_str().expect("token").to_owned();
        let access_token = s(&jwt_user["AccessToken"]);
        let parts: Vec<&str> = access_token.split('.').collect();
        let n = srp::n();
        let client = ClientEphemeral::generate();
        let vars = [
            ("$CLIENT_ID", pool.info.client_id.clone()),
            ("$SECRET_CLIENT_ID", pool.info.client_id_with_secret.clone()),
            ("$POOL_ID", pool.info.user_pool_id.clone()),
            ("$ACCESS_TOKEN", s(&wire_user["AccessToken"])),
            ("$REFRESH_TOKEN", s(&wire_user["RefreshToken"])),
            ("$USER", "fuzzwire".into()),
            ("$EMAIL", "fuzzwire@example.com".into()),
            ("$PASSWORD", PASSWORD.into()),
            ("$SRP_A", client.public_hex()),
            ("$N_UPPER", n.to_str_radix(16).to_uppercase()),
            ("$N_PLUS_1", (n + 1u32).to_str_radix(16)),
            ("$N_MINUS_1", (n - 1u32).to_str_radix(16)),
            ("$2N", (n * 2u32).to_str_radix(16)),
            ("$N", n.to_str_radix(16)),
        ];
        let wire = corpus_lines("wire.jsonl")
            .iter()
            .map(|line| {
                let v: Value = serde_json::from_str(&fill(line, &vars)).expect("corpus line");
                Seed {
                    op: v["op"].as_str().expect("op").to_owned(),
                    body: match v.get("raw") {
                        Some(raw) => Err(raw.as_str().expect("raw").to_owned()),
                        None => Ok(v["body"].clone()),
                    },
                }
            })
            .collect();
        let srp = corpus_lines("srp.txt")
            .iter()
            .map(|l| fill(l, &vars))
            .collect();
        let token_vars = [
            ("$ID_TOKEN", s(&jwt_user["IdToken"])),
            ("$ACCESS_TOKEN", access_token.clone()),
            ("$HEADER", parts[0].to_owned()),
            ("$PAYLOAD", parts[1].to_owned()),
            ("$SIG", parts[2].to_owned()),
        ];
        let tokens = corpus_lines("tokens.txt")
            .iter()
            .map(|l| fill(l, &token_vars))
            .collect();
        let pool_id = pool.info.user_pool_id.clone();
        let jwks = json!({"keys": [st.keys(&pool_id).expect("keys").jwk().clone()]});
        let issuer = st.issuer(&pool_id);
        Self {
            rt,
            wire,
            srp,
            tokens,
            id_token: s(&jwt_user["IdToken"]),
            access_token,
            jwks,
            issuer,
            server: ServerEphemeral::from_secret(BigUint::from(12345u32), &BigUint::from(7u32)),
            client,
            pool,
        }
    }

    pub fn state(&self) -> &cogtui::local::State {
        &self.pool.pool.as_ref().expect("pool").state
    }

    pub fn client_id(&self) -> &str {
        &self.pool.info.client_id
    }
}

static COUNTS: OnceLock<Mutex<HashMap<&'static str, u64>>> = OnceLock::new();

/// Counts a property's cases; every 100,000th is reported on stderr (written past libtest's
/// capture), so a long run that is stopped still tells how far each property got.
pub fn tick(property: &'static str) {
    let counts = COUNTS.get_or_init(Mutex::default);
    let n = {
        let mut m = counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = m.entry(property).or_default();
        *n += 1;
        *n
    };
    if n.is_multiple_of(100_000) {
        let _ = writeln!(std::io::stderr(), "fuzz: {property} {n} cases");
    }
}

/// The cases of a property: `PROPTEST_CASES` (256 by default) divided by `divisor`, for the
/// properties whose cases cost a modpow; at least 16.
pub fn config(divisor: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: (base.cases / divisor).max(16),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
        )),
        ..base
    }
}

/// Odd strings: empty, arbitrary Unicode, printable ASCII, long hex, long runs, the [`ODD`]
/// list, and marked ones (`q7Zx…`) whose quoting in an answer can be found.
pub fn odd_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(ODD).prop_map(str::to_owned),
        2 => any::<String>(),
        2 => "[ -~]{0,40}",
        1 => "[0-9a-fA-F]{1,800}",
        1 => (0usize..10_000).prop_map(|n| "a".repeat(n)),
        1 => (select(ODD), select(ODD)).prop_map(|(a, b)| format!("{a}{b}")),
        3 => (select(ODD), "[a-z0-9@.]{0,8}").prop_map(|(o, s)| format!("{MARK}{s}{o}")),
    ]
}

/// Any JSON value, odd strings and numbers at the leaves, up to 3 levels of lists and maps.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        odd_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

pub fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(FIELDS).prop_map(str::to_owned),
        1 => odd_string(),
    ]
}

/// One edit of a JSON body; the `usize` picks a node (pre-order, modulo their number).
#[derive(Debug, Clone)]
pub enum Edit {
    /// An odd string in place of a string (the types stay right, so the edit reaches the ops).
    Text(usize, String),
    Replace(usize, Value),
    Remove(usize),
    Add(usize, String, Value),
}

/// One edit of a body's bytes.
#[derive(Debug, Clone)]
pub enum Cut {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Repeat(usize, usize),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<usize>(), odd_string()).prop_map(|(n, s)| Edit::Text(n, s)),
        1 => (any::<usize>(), json_value()).prop_map(|(n, v)| Edit::Replace(n, v)),
        1 => any::<usize>().prop_map(Edit::Remove),
        2 => (any::<usize>(), field_name(), json_value()).prop_map(|(n, k, v)| Edit::Add(n, k, v)),
    ]
}

pub fn cut() -> impl Strategy<Value = Cut> {
    prop_oneof![
        any::<usize>().prop_map(Cut::Truncate),
        (any::<usize>(), 1u8..).prop_map(|(p, x)| Cut::Flip(p, x)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(p, b)| Cut::Insert(p, b)),
        (any::<usize>(), 1usize..32).prop_map(|(p, n)| Cut::Delete(p, n)),
        (any::<usize>(), 1usize..64).prop_map(|(p, n)| Cut::Repeat(p, n)),
    ]
}

/// JSON pointers of every node of `v`, pre-order.
fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(child, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

pub fn apply_edit(v: &mut Value, e: &Edit) {
    let mut ps = Vec::new();
    pointers(v, "", &mut ps);
    let pick = |n: usize| ps[n % ps.len()].clone();
    match e {
        Edit::Text(n, text) => {
            let strings: Vec<&String> = ps
                .iter()
                .filter(|p| v.pointer(p).is_some_and(Value::is_string))
                .collect();
            if strings.is_empty() {
                return;
            }
            let p = strings[n % strings.len()].clone();
            if let Some(node) = v.pointer_mut(&p) {
                *node = Value::String(text.clone());
            }
        }
        Edit::Replace(n, new) => {
            if let Some(node) = v.pointer_mut(&pick(*n)) {
                *node = new.clone();
            }
        }
        Edit::Remove(n) => {
            // A field, not the root (Replace empties the root often enough).
            let p = if ps.len() > 1 {
                ps[1 + n % (ps.len() - 1)].clone()
            } else {
                String::new()
            };
            let Some((parent, last)) = p.rsplit_once('/') else {
                *v = json!({});
                return;
            };
            let key = last.replace("~1", "/").replace("~0", "~");
            match v.pointer_mut(parent) {
                Some(Value::Object(m)) => {
                    m.remove(&key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>()
                        && i < items.len()
                    {
                        items.remove(i);
                    }
                }
                _ => {}
            }
        }
        Edit::Add(n, k, new) => match v.pointer_mut(&pick(*n)) {
            Some(Value::Object(m)) => {
                m.insert(k.clone(), new.clone());
            }
            Some(Value::Array(items)) => items.push(new.clone()),
            Some(other) => *other = json!({ k.clone(): new.clone() }),
            None => {}
        },
    }
}

pub fn apply_cut(b: &mut Vec<u8>, c: &Cut) {
    let at = |p: usize, len: usize| if len == 0 { 0 } else { p % (len + 1) };
    match c {
        Cut::Truncate(p) => b.truncate(at(*p, b.len())),
        Cut::Flip(p, x) => {
            if !b.is_empty() {
                let i = p % b.len();
                b[i] ^= x;
            }
        }
        Cut::Insert(p, bytes) => {
            let i = at(*p, b.len());
            b.splice(i..i, bytes.iter().copied());
        }
        Cut::Delete(p, n) => {
            let i = at(*p, b.len());
            let end = (i + n).min(b.len());
            b.drain(i..end);
        }
        Cut::Repeat(p, n) => {
            let i = at(*p, b.len());
            let end = (i + n).min(b.len());
            let piece: Vec<u8> = b[i..end].to_vec();
            b.splice(end..end, piece);
        }
    }
}

/// A request as the router hands it to an operation.
#[derive(Clone)]
pub struct Case {
    pub op: String,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.op, String::from_utf8_lossy(&self.body))
    }
}

/// Creating a pool makes a 2048-bit RSA key (a quarter of a second): fuzzed on its own, with
/// fewer cases.
pub const SLOW_OPS: &[&str] = &["CreateUserPool"];

/// The operations but the slow ones.
pub fn fast_ops() -> Vec<&'static str> {
    OPS.iter()
        .copied()
        .filter(|o| !SLOW_OPS.contains(o))
        .collect()
}

/// A corpus seed of one of `ops`, maybe sent to another of them, with JSON edits and then byte
/// edits.
fn mutated_seed(ops: Vec<&'static str>) -> impl Strategy<Value = Case> {
    let seeds: Vec<usize> = (0..fx().wire.len())
        .filter(|i| ops.contains(&fx().wire[*i].op.as_str()))
        .collect();
    (
        select(seeds),
        prop::option::weighted(0.2, select(ops)),
        prop::collection::vec(edit(), 0..3),
        prop::collection::vec(cut(), 0..2),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(i, other_op, edits, cuts, cut_it)| {
            let seed = &fx().wire[i];
            let op = other_op.map_or_else(|| seed.op.clone(), str::to_owned);
            let mut body = match &seed.body {
                Ok(v) => {
                    let mut v = v.clone();
                    for e in &edits {
                        apply_edit(&mut v, e);
                    }
                    v.to_string().into_bytes()
                }
                Err(raw) => raw.clone().into_bytes(),
            };
            // Byte edits on a quarter of the cases: the rest stays valid JSON and reaches the ops.
            if cut_it || seed.body.is_err() {
                for c in &cuts {
                    apply_cut(&mut body, c);
                }
            }
            Case { op, body }
        })
}

/// Any request body one of `ops` (or an unknown operation) may be sent.
pub fn case(ops: Vec<&'static str>) -> impl Strategy<Value = Case> {
    let any_op = prop_oneof![
        9 => select(ops.clone()).prop_map(str::to_owned),
        1 => "[ -~]{0,30}",
    ];
    prop_oneof![
        6 => mutated_seed(ops),
        2 => (any_op.clone(), json_value()).prop_map(|(op, v)| Case { op, body: v.to_string().into_bytes() }),
        1 => (any_op, prop::collection::vec(any::<u8>(), 0..256)).prop_map(|(op, body)| Case { op, body }),
    ]
}
