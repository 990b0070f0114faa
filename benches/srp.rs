//! Criterion benchmarks of Cognito SRP-6a: the client proof, the server's check, and the single
//! 3072-bit modpow behind both, for comparison with GMP (`benches/gmp_srp.py`).

use cogtui::srp::{
    ClientEphemeral, ServerEphemeral, Verifier, format_timestamp, g, n, password_claim_signature,
    password_verifier, random_biguint, verify_claim,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
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

fn bench_client(c: &mut Criterion) {
    let fx = fixture();
    let mut group = c.benchmark_group("client");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("proof (generate + claim + signature)", |b| {
        b.iter(|| black_box(client_proof(&fx, &fx.server)))
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
    group.finish();
}

fn bench_modpow(c: &mut Criterion) {
    let exponent = random_biguint(1024);
    // A full-size base, as in S = (B - k g^x)^(a + u x) and (A v^u)^b.
    let base = random_biguint(3072 + 64) % n();
    let mut group = c.benchmark_group("modpow 3072-bit modulus, 1024-bit exponent");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(6));
    group.bench_with_input(BenchmarkId::new("base", "g = 2"), &exponent, |b, e| {
        b.iter(|| black_box(g().modpow(black_box(e), n())))
    });
    group.bench_with_input(BenchmarkId::new("base", "3072-bit"), &exponent, |b, e| {
        b.iter(|| black_box(base.modpow(black_box(e), n())))
    });
    group.finish();
}

criterion_group!(benches, bench_client, bench_server, bench_modpow);
criterion_main!(benches);
