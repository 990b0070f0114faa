"""GMP baseline for benches/srp.rs: the same SRP-6a client-proof maths with gmpy2.powmod.

Does the work of one Cognito client proof (A = g^a mod N with a fresh 256-bit a, as cogtui's
srp::SECRET_BITS, u, x, S = (B - k g^x)^(a + u x) mod N, HKDF, HMAC signature) against a real
B = k v + g^b from a server-side computation, and times it with time.perf_counter. It does not
try to reproduce cogtui's exact values, only the same amount of work.

Needs gmpy2 (`pip install gmpy2`). Run: python3 benches/gmp_srp.py [seconds-per-measurement]
"""

import base64
import hashlib
import hmac
import os
import secrets
import sys
import time

import gmpy2
from gmpy2 import mpz, powmod

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = mpz(N_HEX, 16)
G = mpz(2)

POOL = "abcDEF123"
USER = "3b1f0a52-6c4e-4d8e-9d0b-2f8e7c1a9e10"
PASSWORD = "Correct-Horse-Battery-9"
SECRET_BLOCK = bytes([0x5A]) * 64
TIMESTAMP = "Thu Jan 1 00:00:00 UTC 2026"


def pad_hex(n):
    """Hex as AWS's SDKs write it: even length, a 00 byte before a high first nibble."""
    s = format(n, "x")
    if len(s) % 2 == 1:
        s = "0" + s
    elif s[0] in "89abcdef":
        s = "00" + s
    return s


def hex_hash(h):
    return mpz(hashlib.sha256(bytes.fromhex(h)).hexdigest(), 16)


K = hex_hash(pad_hex(N) + pad_hex(G))
# The secrets a and b, as cogtui draws them (srp::SECRET_BITS), so both do the same work.
SECRET_BITS = 256


def private_x(salt):
    inner = hashlib.sha256(f"{POOL}{USER}:{PASSWORD}".encode()).hexdigest()
    return hex_hash(pad_hex(salt) + inner)


def hkdf16(ikm, salt):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


def server_setup():
    """The server's side at sign-up and InitiateAuth: v = g^x and B = k v + g^b mod N."""
    salt = mpz(secrets.randbits(128))
    v = powmod(G, private_x(salt), N)
    b = mpz(secrets.randbits(SECRET_BITS))
    big_b = (K * v + powmod(G, b, N)) % N
    return salt, v, b, big_b


def client_proof(big_b, salt, a=None):
    """One complete client proof, as ClientEphemeral::generate + claim + signature."""
    if a is None:
        a = mpz(int.from_bytes(os.urandom(SECRET_BITS // 8), "big"))
    big_a = powmod(G, a, N)
    u = hex_hash(pad_hex(big_a) + pad_hex(big_b))
    x = private_x(salt)
    base = (big_b - K * powmod(G, x, N)) % N
    s = powmod(base, a + u * x, N)
    key = hkdf16(bytes.fromhex(pad_hex(s)), bytes.fromhex(pad_hex(u)))
    msg = POOL.encode() + USER.encode() + SECRET_BLOCK + TIMESTAMP.encode()
    return format(big_a, "x"), base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest())


def check_against_server(salt, v, b, big_b):
    """The client's S must equal the server's (A v^u)^b, or the work measured is not SRP."""
    a = mpz(secrets.randbits(SECRET_BITS))
    a_hex, _ = client_proof(big_b, salt, a)
    big_a = mpz(a_hex, 16)
    u = hex_hash(pad_hex(big_a) + pad_hex(big_b))
    x = private_x(salt)
    s_client = powmod((big_b - K * powmod(G, x, N)) % N, a + u * x, N)
    s_server = powmod(big_a * powmod(v, u, N), b, N)
    if s_client != s_server:
        sys.exit("self-check failed: client and server S differ")


def per_call_ms(fn, seconds):
    """Mean ms per call over batches until `seconds` have passed (after a short warm-up)."""
    warm_end = time.perf_counter() + min(1.0, seconds / 4)
    while time.perf_counter() < warm_end:
        fn()
    calls = 0
    start = time.perf_counter()
    end = start + seconds
    while True:
        for _ in range(20):
            fn()
        calls += 20
        now = time.perf_counter()
        if now >= end:
            return (now - start) * 1000 / calls, calls


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    salt, v, b, big_b = server_setup()
    check_against_server(salt, v, b, big_b)
    exponent = mpz(secrets.randbits(1024)) | (mpz(1) << 1023)
    short = mpz(secrets.randbits(256)) | (mpz(1) << 255)
    rand_base = mpz(secrets.randbelow(int(N)))

    print(f"gmpy2 {gmpy2.version()}, GMP {gmpy2.mp_version()}, Python {sys.version.split()[0]}")
    results = [
        ("client proof (generate + claim + signature)", lambda: client_proof(big_b, salt)),
        ("modpow g = 2, 1024-bit exponent", lambda: powmod(G, exponent, N)),
        ("modpow 3072-bit base, 1024-bit exponent", lambda: powmod(rand_base, exponent, N)),
        ("modpow 3072-bit base, 256-bit exponent", lambda: powmod(rand_base, short, N)),
    ]
    for name, fn in results:
        ms, calls = per_call_ms(fn, seconds)
        print(f"{name:<48} {ms:8.3f} ms  ({calls} calls)")


if __name__ == "__main__":
    main()
