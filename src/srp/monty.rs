//! Montgomery arithmetic modulo the 3072-bit N on fixed arrays of 48 limbs: no allocation per
//! product, a dedicated squaring, and fixed-window exponentiation for any base.
//!
//! num-bigint's `modpow` allocates two vectors for every Montgomery product and squares with
//! the general multiply; this module is what replaces it for the group's modulus. Values cross
//! the boundary as [`BigUint`] and are checked against num-bigint's `modpow` in the tests.

use super::group::n;
use num_bigint::BigUint;
use std::sync::LazyLock;

/// 64-bit limbs in a 3072-bit number.
pub(crate) const LIMBS: usize = 48;

/// A residue modulo N, little-endian limbs, in Montgomery form (x·R mod N, R = 2^3072) unless
/// said otherwise.
pub(crate) type Limbs = [u64; LIMBS];

/// The modulus and the constants Montgomery reduction needs.
pub(crate) struct Modulus {
    n: Limbs,
    /// −N⁻¹ mod 2^64.
    n0inv: u64,
    /// R² mod N, to bring a number into Montgomery form.
    r2: Limbs,
    /// R mod N: one in Montgomery form.
    one: Limbs,
}

pub(crate) static MODULUS: LazyLock<Modulus> = LazyLock::new(|| Modulus::new(n()));

/// The limbs of `x`, which must be below 2^3072 (callers reduce mod N first).
fn limbs_of(x: &BigUint) -> Limbs {
    let mut out = [0u64; LIMBS];
    for (o, d) in out.iter_mut().zip(x.iter_u64_digits()) {
        *o = d;
    }
    out
}

fn biguint_of(x: &Limbs) -> BigUint {
    let mut bytes = Vec::with_capacity(LIMBS * 8);
    for limb in x {
        bytes.extend_from_slice(&limb.to_le_bytes());
    }
    BigUint::from_bytes_le(&bytes)
}

/// a += b·c + carry, returning the high word as the new carry.
#[inline(always)]
fn mac(a: &mut u64, b: u64, c: u64, carry: u64) -> u64 {
    let t = u128::from(*a) + u128::from(b) * u128::from(c) + u128::from(carry);
    *a = t as u64;
    (t >> 64) as u64
}

impl Modulus {
    fn new(n: &BigUint) -> Self {
        let n_limbs = limbs_of(n);
        // Newton's iteration for N⁻¹ mod 2^64 (N is odd); each step doubles the correct bits.
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n_limbs[0].wrapping_mul(inv)));
        }
        let r = BigUint::from(1u8) << (64 * LIMBS);
        Self {
            n: n_limbs,
            n0inv: inv.wrapping_neg(),
            r2: limbs_of(&((&r * &r) % n)),
            one: limbs_of(&(r % n)),
        }
    }

    /// One in Montgomery form.
    pub(crate) fn one(&self) -> Limbs {
        self.one
    }

    /// t·R⁻¹ mod N for a double-width t < N·R. Rows are reduced two at a time, their carry
    /// chains interleaved: each chain waits on its own add-with-carry, so two of them keep the
    /// multiplier busy where one left it idle half the time.
    #[inline]
    fn redc(&self, t: &mut [u64; 2 * LIMBS]) -> Limbs {
        let n = &self.n;
        let mut top_carry = 0u64;
        for i in (0..LIMBS).step_by(2) {
            // A fixed-length window, so the indexing below needs no bounds checks.
            let row = &mut t[i..i + LIMBS + 2];
            let m0 = row[0].wrapping_mul(self.n0inv);
            let mut c0 = mac(&mut row[0], m0, n[0], 0);
            c0 = mac(&mut row[1], m0, n[1], c0);
            // Row i + 1's multiplier needs t[i + 1] after row i's first two words, no more.
            let m1 = row[1].wrapping_mul(self.n0inv);
            let mut c1 = mac(&mut row[1], m1, n[0], 0);
            for j in 2..LIMBS {
                c0 = mac(&mut row[j], m0, n[j], c0);
                c1 = mac(&mut row[j], m1, n[j - 1], c1);
            }
            let s = u128::from(row[LIMBS]) + u128::from(c0) + u128::from(top_carry);
            row[LIMBS] = s as u64;
            c1 = mac(&mut row[LIMBS], m1, n[LIMBS - 1], c1);
            let s = u128::from(row[LIMBS + 1]) + u128::from(c1) + (s >> 64);
            row[LIMBS + 1] = s as u64;
            top_carry = (s >> 64) as u64;
        }
        let mut out = [0u64; LIMBS];
        out.copy_from_slice(&t[LIMBS..]);
        self.reduce_once(&mut out, top_carry);
        out
    }

    /// Subtracts N once if `top:x` ≥ N (x < 2N on entry).
    #[inline]
    fn reduce_once(&self, x: &mut Limbs, top: u64) {
        let mut diff = [0u64; LIMBS];
        let mut borrow = false;
        for ((d, &a), &b) in diff.iter_mut().zip(x.iter()).zip(self.n.iter()) {
            let (s1, b1) = a.overflowing_sub(b);
            let (s2, b2) = s1.overflowing_sub(u64::from(borrow));
            *d = s2;
            borrow = b1 || b2;
        }
        // x ≥ N exactly when the subtraction did not borrow past the top word.
        if top != 0 || !borrow {
            *x = diff;
        }
    }

    /// a·b·R⁻¹ mod N: the product two rows at a time (as in [`Self::redc`]), then reduced.
    #[inline]
    pub(crate) fn mul(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let mut t = [0u64; 2 * LIMBS];
        for i in (0..LIMBS).step_by(2) {
            let (a0, a1) = (a[i], a[i + 1]);
            let row = &mut t[i..i + LIMBS + 2];
            let mut c0 = mac(&mut row[0], a0, b[0], 0);
            let mut c1 = 0u64;
            for j in 1..LIMBS {
                c0 = mac(&mut row[j], a0, b[j], c0);
                c1 = mac(&mut row[j], a1, b[j - 1], c1);
            }
            // t[i + LIMBS] and above are still zero here.
            let mut hi = c0;
            c1 = mac(&mut hi, a1, b[LIMBS - 1], c1);
            row[LIMBS] = hi;
            row[LIMBS + 1] = c1;
        }
        self.redc(&mut t)
    }

    /// a²·R⁻¹ mod N: each cross product once (rows two at a time), doubled, then the squares on
    /// the diagonal.
    #[inline]
    pub(crate) fn sqr(&self, a: &Limbs) -> Limbs {
        let mut t = [0u64; 2 * LIMBS];
        // Row i adds a[i]·a[j] for j > i at t[i + j]; its carry lands at t[i + LIMBS].
        let mut i = 0;
        while i + 2 < LIMBS {
            let (a0, a1) = (a[i], a[i + 1]);
            let row = &mut t[i..i + LIMBS + 2];
            let mut c0 = mac(&mut row[i + 1], a0, a[i + 1], 0);
            c0 = mac(&mut row[i + 2], a0, a[i + 2], c0);
            let mut c1 = 0u64;
            for j in i + 3..LIMBS {
                c0 = mac(&mut row[j], a0, a[j], c0);
                c1 = mac(&mut row[j], a1, a[j - 1], c1);
            }
            let mut hi = c0;
            c1 = mac(&mut hi, a1, a[LIMBS - 1], c1);
            row[LIMBS] = hi;
            row[LIMBS + 1] = c1;
            i += 2;
        }
        // The last row (i = LIMBS − 2) when the pairs stop one short of it.
        if i + 1 < LIMBS {
            let c = mac(&mut t[2 * i + 1], a[i], a[i + 1], 0);
            t[i + LIMBS] = c;
        }
        let mut shifted_out = 0u64;
        for w in t.iter_mut() {
            let next = *w >> 63;
            *w = (*w << 1) | shifted_out;
            shifted_out = next;
        }
        let mut carry = 0u64;
        for (i, &ai) in a.iter().enumerate() {
            let sq = u128::from(ai) * u128::from(ai);
            let lo = u128::from(t[2 * i]) + (sq & u128::from(u64::MAX)) + u128::from(carry);
            t[2 * i] = lo as u64;
            let hi = u128::from(t[2 * i + 1]) + (sq >> 64) + (lo >> 64);
            t[2 * i + 1] = hi as u64;
            carry = (hi >> 64) as u64;
        }
        self.redc(&mut t)
    }

    /// x (below N) into Montgomery form.
    pub(crate) fn enter_reduced(&self, x: &Limbs) -> Limbs {
        self.mul(x, &self.r2)
    }

    /// Out of Montgomery form, as a number below N.
    pub(crate) fn leave(&self, x: &Limbs) -> BigUint {
        let mut t = [0u64; 2 * LIMBS];
        t[..LIMBS].copy_from_slice(x);
        biguint_of(&self.redc(&mut t))
    }

    /// A number (any size) reduced mod N, in Montgomery form.
    pub(crate) fn enter(&self, x: &BigUint) -> Limbs {
        if x >= n() {
            self.enter_reduced(&limbs_of(&(x % n())))
        } else {
            self.enter_reduced(&limbs_of(x))
        }
    }
}

/// Bit `i` of little-endian limbs (0 past the end).
#[inline]
pub(crate) fn bit(e: &[u64], i: usize) -> u64 {
    e.get(i / 64).map_or(0, |w| (w >> (i % 64)) & 1)
}

/// The bits `lo..=hi` of `e`, as a number.
#[inline]
fn bits_between(e: &[u64], lo: usize, hi: usize) -> usize {
    (lo..=hi)
        .rev()
        .fold(0, |acc, i| (acc << 1) | bit(e, i) as usize)
}

/// base^exp mod N by sliding windows over odd powers: a run of zero bits costs squarings only,
/// and each window of up to `w` bits one product (about bits/(w + 1) of them, where fixed
/// windows take bits/w). `dedicated_squaring: false` squares with the general multiply, kept
/// only so the bench can show what the squaring is worth.
pub(crate) fn pow(base: &BigUint, exp: &BigUint, dedicated_squaring: bool) -> BigUint {
    let m = &*MODULUS;
    let e: Vec<u64> = exp.iter_u64_digits().collect();
    let bits = exp.bits() as usize;
    if bits == 0 {
        return BigUint::from(1u8);
    }
    let w = if bits > 384 { 5 } else { 4 };
    let square = |x: &Limbs| {
        if dedicated_squaring {
            m.sqr(x)
        } else {
            m.mul(x, x)
        }
    };
    // table[k] = base^(2k + 1).
    let b = m.enter(base);
    let b2 = square(&b);
    let mut table = vec![b; 1 << (w - 1)];
    for k in 1..table.len() {
        table[k] = m.mul(&table[k - 1], &b2);
    }
    // Bits above `top` are done; `acc` is None until the first window (the top bit is set).
    let mut acc: Option<Limbs> = None;
    let mut top = bits;
    while top > 0 {
        let hi = top - 1;
        if bit(&e, hi) == 0 {
            acc = acc.map(|a| square(&a));
            top = hi;
            continue;
        }
        // The longest window ending at `hi` that starts on a set bit.
        let mut lo = (hi + 1).saturating_sub(w);
        while bit(&e, lo) == 0 {
            lo += 1;
        }
        let entry = &table[bits_between(&e, lo, hi) >> 1];
        acc = Some(match acc {
            Some(mut a) => {
                for _ in lo..=hi {
                    a = square(&a);
                }
                m.mul(&a, entry)
            }
            None => *entry,
        });
        top = lo;
    }
    match acc {
        Some(a) => m.leave(&a),
        None => BigUint::from(1u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srp::random_biguint;

    #[test]
    fn products_and_powers_match_num_bigint() {
        let m = &*MODULUS;
        let n = n();
        for _ in 0..8 {
            let x = random_biguint(3072) % n;
            let y = random_biguint(3072) % n;
            let (xm, ym) = (m.enter(&x), m.enter(&y));
            assert_eq!(m.leave(&m.mul(&xm, &ym)), (&x * &y) % n);
            assert_eq!(m.leave(&m.sqr(&xm)), (&x * &x) % n);
            let e = random_biguint(300);
            assert_eq!(pow(&x, &e, true), x.modpow(&e, n));
            assert_eq!(pow(&x, &e, false), x.modpow(&e, n));
        }
    }

    #[test]
    fn sliding_windows_match_num_bigint_for_every_shape() {
        let n = n();
        let x = random_biguint(3072) % n;
        let one = BigUint::from(1u8);
        let mut exps: Vec<BigUint> = (1u32..=40).map(BigUint::from).collect();
        for bits in [63u64, 64, 65, 255, 256, 257, 383, 384, 385, 512, 513, 1024] {
            exps.push(random_biguint(bits) | (&one << (bits - 1)));
            // Long runs of zeros and of ones, and a lone top bit.
            exps.push(&one << (bits - 1));
            exps.push((&one << (bits - 1)) | &one);
            exps.push((&one << bits) - &one);
        }
        for e in &exps {
            assert_eq!(pow(&x, e, true), x.modpow(e, n), "exponent {e:x}");
        }
    }

    #[test]
    fn edge_values() {
        let n = n();
        let one = BigUint::from(1u8);
        let n_minus_1 = n - &one;
        // (N−1)² ≡ 1, all-ones limbs in the squaring, and inputs at or above N.
        assert_eq!(pow(&n_minus_1, &BigUint::from(2u8), true), one);
        assert_eq!(pow(n, &BigUint::from(5u8), true), BigUint::default());
        assert_eq!(
            pow(&(n + 7u8), &BigUint::from(3u8), true),
            BigUint::from(343u32)
        );
        let big = (BigUint::from(1u8) << 4000) - 1u8;
        assert_eq!(
            pow(&big, &BigUint::from(65537u32), true),
            big.modpow(&BigUint::from(65537u32), n)
        );
        assert_eq!(pow(&n_minus_1, &BigUint::default(), true), one);
        assert_eq!(pow(&BigUint::default(), &one, true), BigUint::default());
    }
}
