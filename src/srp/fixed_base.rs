//! g^e mod N for the fixed g = 2 by a precomputed comb (Lim–Lee), built once per process.
//!
//! The exponent's bits are read as `TABLES` blocks of 64 bits; each block is a comb of 8 teeth
//! 8 bits apart, and table t holds, for every 8-bit pattern, the product of the teeth it
//! selects: g^(Σ 2^(64t + 8i)). One pass over the 8 columns then costs 7 squarings and one
//! multiplication per block and column: 39 products for a 256-bit exponent (a, b, x), where
//! square-and-multiply needs about 300. Tables: 4 × 256 entries of 384 bytes (384 KiB), built
//! in a few milliseconds on first use. Longer exponents (only tests use them) take fixed
//! windows.

use super::monty::{LIMBS, Limbs, MODULUS, bit, pow};
use num_bigint::BigUint;
use std::sync::LazyLock;

/// Teeth per comb (bits of a table index).
const TEETH: usize = 8;
/// Distance between teeth: the number of squarings.
const SPACING: usize = 8;
/// Bits one table covers.
const BLOCK: usize = TEETH * SPACING;
/// Tables, so exponents up to `TABLES × BLOCK` = 256 bits (every secret: a, b, x) take the comb.
const TABLES: usize = 4;

struct Comb {
    /// `TABLES` tables of `2^TEETH` entries, in Montgomery form.
    entries: Vec<Limbs>,
}

static COMB: LazyLock<Comb> = LazyLock::new(Comb::build);

impl Comb {
    fn build() -> Self {
        let m = &*MODULUS;
        let mut two = [0u64; LIMBS];
        two[0] = 2;
        // teeth[k] = g^(2^(SPACING·k)), for every tooth of every table.
        let mut teeth = Vec::with_capacity(TABLES * TEETH);
        let mut power = m.enter_reduced(&two);
        for _ in 0..TABLES * TEETH {
            teeth.push(power);
            for _ in 0..SPACING {
                power = m.sqr(&power);
            }
        }
        let size = 1 << TEETH;
        let mut entries = vec![m.one(); TABLES * size];
        for t in 0..TABLES {
            for idx in 1..size {
                let top = usize::BITS as usize - 1 - idx.leading_zeros() as usize;
                let rest = idx & !(1 << top);
                entries[t * size + idx] = if rest == 0 {
                    teeth[t * TEETH + top]
                } else {
                    m.mul(&entries[t * size + rest], &teeth[t * TEETH + top])
                };
            }
        }
        Self { entries }
    }

    fn pow(&self, exp: &BigUint) -> BigUint {
        let m = &*MODULUS;
        let e: Vec<u64> = exp.iter_u64_digits().collect();
        let blocks = (exp.bits() as usize).div_ceil(BLOCK);
        let size = 1 << TEETH;
        let mut acc: Option<Limbs> = None;
        for col in (0..SPACING).rev() {
            if let Some(a) = &mut acc {
                *a = m.sqr(a);
            }
            for t in 0..blocks {
                let idx = (0..TEETH).fold(0usize, |idx, i| {
                    idx | ((bit(&e, t * BLOCK + i * SPACING + col) as usize) << i)
                });
                if idx != 0 {
                    let entry = &self.entries[t * size + idx];
                    acc = Some(match &acc {
                        Some(a) => m.mul(a, entry),
                        None => *entry,
                    });
                }
            }
        }
        match acc {
            Some(a) => m.leave(&a),
            None => BigUint::from(1u8),
        }
    }
}

/// g^exp mod N: the comb for exponents up to 256 bits, fixed windows beyond.
pub fn g_pow(exp: &BigUint) -> BigUint {
    if exp.bits() as usize > TABLES * BLOCK {
        pow(super::g(), exp, true)
    } else {
        COMB.pow(exp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srp::{g, n, random_biguint};

    #[test]
    fn comb_matches_num_bigint() {
        // Across teeth (8 bits), blocks (64), the comb's end (256) and the fallback.
        for bits in [
            1, 2, 7, 8, 9, 63, 64, 65, 129, 255, 256, 257, 700, 1024, 1280,
        ] {
            let e = random_biguint(bits) | (BigUint::from(1u8) << (bits - 1));
            assert_eq!(g_pow(&e), g().modpow(&e, n()), "{bits} bits");
        }
        assert_eq!(g_pow(&BigUint::default()), BigUint::from(1u8));
        for bits in [256, 1024] {
            let all_ones = (BigUint::from(1u8) << bits) - 1u8;
            assert_eq!(g_pow(&all_ones), g().modpow(&all_ones, n()), "{bits} ones");
        }
    }
}
