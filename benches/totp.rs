//! Criterion benchmark of the TOTP check the local pool runs when it answers a
//! SOFTWARE_TOKEN_MFA challenge (`local/ops/mfa.rs`): decode the stored base32 secret, then
//! RFC 6238 verification over ±1 step with the replay check. The target: it adds at
//! most 1 ms to a sign-in.

use cogtui::totp::{base32_decode, base32_encode, code_at, generate_secret, verify};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const NOW: i64 = 1_767_225_600;

fn totp_check(c: &mut Criterion) {
    let stored = base32_encode(&generate_secret());
    let secret = base32_decode(&stored).unwrap_or_default();
    let current = code_at(&secret, NOW);
    let previous = code_at(&secret, NOW - 30);
    let mut group = c.benchmark_group("pool TOTP check");
    group.bench_function("right code (current step)", |b| {
        b.iter(|| {
            let bytes = base32_decode(black_box(&stored)).unwrap_or_default();
            black_box(verify(&bytes, black_box(&current), NOW, Some(NOW / 30 - 2)))
        })
    });
    group.bench_function("right code (previous step)", |b| {
        b.iter(|| {
            let bytes = base32_decode(black_box(&stored)).unwrap_or_default();
            black_box(verify(&bytes, black_box(&previous), NOW, None))
        })
    });
    // The slowest case: every step of the window is computed and compared.
    group.bench_function("wrong code (whole window)", |b| {
        b.iter(|| {
            let bytes = base32_decode(black_box(&stored)).unwrap_or_default();
            black_box(verify(&bytes, black_box("000000"), NOW, None))
        })
    });
    group.finish();
}

criterion_group!(benches, totp_check);
criterion_main!(benches);
