//! Client and server SRP agree on random inputs, and the group's own arithmetic (fixed-base comb
//! and Montgomery exponentiation) equals num-bigint's `modpow`.

use cogtui::srp::{
    self, ClientEphemeral, ServerEphemeral, g, g_pow, n, password_claim_signature,
    password_verifier, pow_mod_n, verify_claim,
};
use num_bigint::BigUint;
use proptest::prelude::*;

fn number(bytes: &[u8]) -> BigUint {
    BigUint::from_bytes_be(bytes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A client that knows the password always passes; one byte off in the password never does.
    #[test]
    fn client_and_server_agree(
        a in prop::collection::vec(any::<u8>(), 1..=128),
        b in prop::collection::vec(any::<u8>(), 1..=32),
        salt in prop::collection::vec(any::<u8>(), 1..=16),
        pool in "[A-Za-z0-9]{1,12}",
        user in "[a-z0-9-]{1,36}",
        password in "[ -~]{1,40}",
        block in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let verifier = password_verifier(&pool, &user, &password, Some(number(&salt)));
        let server = ServerEphemeral::from_secret(number(&b), &verifier.v);
        prop_assume!(server.public() % n() != BigUint::default());
        let client = ClientEphemeral::from_secret(number(&a));
        prop_assume!(client.public() % n() != BigUint::default());
        let ts = "Thu Jan 1 00:00:00 UTC 2026";
        let check = |pw: &str| {
            let claim = client.claim(server.public(), &verifier.salt, &pool, &user, pw)?;
            let sig = password_claim_signature(&claim.key, &pool, &user, &block, ts);
            verify_claim(&verifier.v, &server, client.public(), &pool, &user, &block, ts, &sig)
        };
        prop_assert_eq!(check(&password), Ok(()));
        prop_assert_eq!(check(&format!("{password}x")), Err(srp::SrpError::BadSignature));
    }

    #[test]
    fn group_arithmetic_equals_num_bigint(
        base in prop::collection::vec(any::<u8>(), 0..=400),
        exp in prop::collection::vec(any::<u8>(), 0..=170),
    ) {
        let (base, exp) = (number(&base), number(&exp));
        prop_assert_eq!(pow_mod_n(&base, &exp), base.modpow(&exp, n()));
        prop_assert_eq!(g_pow(&exp), g().modpow(&exp, n()));
    }
}

#[test]
fn generated_ephemerals_agree() {
    let verifier = password_verifier("pool", "user", "Passw0rd!", None);
    let server = ServerEphemeral::generate(&verifier.v);
    let client = ClientEphemeral::generate();
    let claim = client
        .claim(server.public(), &verifier.salt, "pool", "user", "Passw0rd!")
        .expect("claim");
    let sig = password_claim_signature(&claim.key, "pool", "user", b"blk", "ts");
    assert_eq!(
        verify_claim(
            &verifier.v,
            &server,
            client.public(),
            "pool",
            "user",
            b"blk",
            "ts",
            &sig
        ),
        Ok(())
    );
}
