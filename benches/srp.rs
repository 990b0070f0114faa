//! Criterion benchmarks of Cognito SRP-6a: the client proof, the server's check, and the single
//! 3072-bit modpow behind both, for comparison with GMP (`benches/gmp_srp.py`). Each step of the
//! speed-up is measured in the same run: num-bigint's `modpow` (before), the group's Montgomery
//! arithmetic (two rows at a time, sliding windows) squaring with the general multiply, with the
//! dedicated squaring, and the fixed-base comb for g = 2 (exponents up to 256 bits, as every
//! secret is); the old client proof and server check (num-bigint, a and b of 1024 bits) are
//! rebuilt here from the same formulas so the before and after share a run.

use cogtui::srp::{
    self, ClientEphemeral, ServerEphemeral, Verifier, format_timestamp, g, g_pow, k, n,
    password_claim_signature, password_verifier, pow_mod_n, pow_mod_n_without_squaring,
    random_biguint, verify_claim,
};
use criterion::{Criterion, criterion_group, criterion_main};
use num_bigint::BigUint;
use std::hint::black_box;
use std::time::{Duration, Instant};

const POOL: &str = "abcDEF123";
const USER: &str = "3b1f0a52-6c4e-4d8e-9d0b-2f8e7c1a9e10";
const PASSWORD: &str = "Correct-Horse-Battery-9";
const SECRET_BLOCK: &[u8] = &[0x5a; 64];
const TIMESTAMP_UNIX: i64 = 1_767_225_600;

/// What a client proves its password against: the stored verifier and one server ephemeral.
struct Fixture {
    verifier: Verifier,
    server: ServerEphemeral,
    timestamp: String,
}

fn fixture() -> Fixture {
    let verifier = password_verifier(POOL, USER, PASSWORD, None);
    let server = ServerEphemeral::generate(&verifier.v);
    Fixture {
        verifier,
        server,
        timestamp: format_timestamp(TIMESTAMP_UNIX),
    }
}

/// One complete client proof: a fresh (a, A), the claim against B, and the signature.
fn client_proof(fx: &Fixture, server: &ServerEphemeral) -> (BigUint, String) {
    let client = ClientEphemeral::generate();
    let claim = client
        .claim(server.public(), &fx.verifier.salt, POOL, USER, PASSWORD)
        .expect("a B from ServerEphemeral::generate is never 0 mod N");
    let signature = password_claim_signature(&claim.key, POOL, USER, SECRET_BLOCK, &fx.timestamp);
    (client.public().clone(), signature)
}

/// H(x) of a hex string, as srp::hex_hash.
fn scrambler(a: &BigUint, b: &BigUint) -> BigUint {
    srp::hex_hash(&(srp::pad_hex(a) + &srp::pad_hex(b)))
}

/// The client's S before this change: three num-bigint modpows (the key and signature after S
/// cost microseconds and are the same code either way, so they are left out of both "before"
/// cases; the "after" proof above includes them).
fn client_s_num_bigint(server: &ServerEphemeral, x: &BigUint) -> BigUint {
    let n = n();
    let a = random_biguint(1024);
    let a_pub = g().modpow(&a, n);
    let u = scrambler(&a_pub, server.public());
    let kgx = (k() * g().modpow(x, n)) % n;
    let base = ((server.public() % n) + n - kgx) % n;
    base.modpow(&(&a + &u * x), n)
}

/// The server's S before this change: B with a 1024-bit b, then (A·v^u)^b, by num-bigint.
fn server_s_num_bigint(v: &BigUint, a_pub: &BigUint) -> BigUint {
    let n = n();
    let b = random_biguint(1024);
    let b_pub = (k() * v + g().modpow(&b, n)) % n;
    let u = scrambler(a_pub, &b_pub);
    ((a_pub % n) * v.modpow(&u, n)).modpow(&b, n)
}

fn bench_client(c: &mut Criterion) {
    let fx = fixture();
    let mut group = c.benchmark_group("client");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("proof (generate + claim + signature)", |b| {
        b.iter(|| black_box(client_proof(&fx, &fx.server)))
    });
    let x = random_biguint(256);
    group.bench_function("before: S by num-bigint (A, g^x, S)", |b| {
        b.iter(|| black_box(client_s_num_bigint(&fx.server, &x)))
    });
    group.finish();
}

fn bench_server(c: &mut Criterion) {
    let fx = fixture();
    let mut group = c.benchmark_group("server");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    // B must exist before the client can answer it, so the client's share is computed between
    // the two timed steps and left out of the measurement; every check must succeed.
    group.bench_function("verify (generate B + verify_claim)", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let server = ServerEphemeral::generate(black_box(&fx.verifier.v));
                timed += start.elapsed();
                let (a_pub, signature) = client_proof(&fx, &server);
                let start = Instant::now();
                let verdict = verify_claim(
                    &fx.verifier.v,
                    &server,
                    &a_pub,
                    POOL,
                    USER,
                    SECRET_BLOCK,
                    &fx.timestamp,
                    &signature,
                );
                timed += start.elapsed();
                verdict.expect("an honest client's claim verifies");
            }
            timed
        })
    });
    let a_pub = ClientEphemeral::generate().public().clone();
    group.bench_function("before: B and S by num-bigint, b of 1024 bits", |b| {
        b.iter(|| black_box(server_s_num_bigint(&fx.verifier.v, &a_pub)))
    });
    group.finish();
}

fn bench_modpow(c: &mut Criterion) {
    // A full-size base, as in S = (B - k g^x)^(a + u x) and (A v^u)^b.
    let base = random_biguint(3072 + 64) % n();
    for bits in [1024u64, 256] {
        let exponent = random_biguint(bits) | (BigUint::from(1u8) << (bits - 1));
        let mut group = c.benchmark_group(format!("modpow 3072-bit N, {bits}-bit exponent"));
        group.sample_size(20);
        group.measurement_time(Duration::from_secs(4));
        let e = &exponent;
        group.bench_function("g = 2, num-bigint", |b| {
            b.iter(|| black_box(g().modpow(black_box(e), n())))
        });
        group.bench_function("g = 2, Montgomery, squaring by multiply", |b| {
            b.iter(|| black_box(pow_mod_n_without_squaring(g(), black_box(e))))
        });
        group.bench_function("g = 2, Montgomery", |b| {
            b.iter(|| black_box(pow_mod_n(g(), black_box(e))))
        });
        if bits <= 256 {
            group.bench_function("g = 2, fixed-base comb", |b| {
                b.iter(|| black_box(g_pow(black_box(e))))
            });
        }
        group.bench_function("3072-bit base, num-bigint", |b| {
            b.iter(|| black_box(base.modpow(black_box(e), n())))
        });
        group.bench_function("3072-bit base, Montgomery, squaring by multiply", |b| {
            b.iter(|| black_box(pow_mod_n_without_squaring(&base, black_box(e))))
        });
        group.bench_function("3072-bit base, Montgomery", |b| {
            b.iter(|| black_box(pow_mod_n(&base, black_box(e))))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_client, bench_server, bench_modpow);
criterion_main!(benches);
