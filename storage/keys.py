"""The case key: derived once from the passphrase, then used for every connection.

SQLCipher 4 turns a passphrase into the page key with PBKDF2-HMAC-SHA512, 256,000 iterations,
over the 16-byte salt it keeps at the start of the file. We do exactly that derivation here, in
Python, and give SQLCipher the *raw* key (`x'<key><salt>'`), so that

- the main connection, every background reader (`CaseFile.reader()`), the hot-journal recovery
  and the backup all share one derivation (~0.1-0.3 s each otherwise), and
- the same secret can sign things kept outside the file (the rollback heads, storage/heads.py)
  through keys derived from it with a label, never the page key itself.

`tests/test_storage_keys.py` checks that a passphrase-keyed SQLCipher file opens with this raw
key and the other way round, so a drift from SQLCipher's own derivation fails a test.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

# SQLCipher 4 defaults, pinned by `PRAGMA cipher_compatibility = 4` on every connection.
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True, slots=True, repr=False)
class CaseKey:
    """The page key of one case file and the salt it was derived with."""

    raw: bytes
    salt: bytes

    def __repr__(self) -> str:  # never print key material into a log or a traceback
        return "CaseKey(<hidden>)"

    def pragma_value(self) -> str:
        """The value for `PRAGMA key`/`PRAGMA rekey`: a raw key with its salt (hex only)."""
        return f"\"x'{self.raw.hex()}{self.salt.hex()}'\""

    def subkey(self, label: str) -> bytes:
        """A key for another purpose (signing heads), derived with a label (HMAC-SHA256).

        Knowing a subkey does not reveal the page key, and different labels give unrelated keys.
        """
        return hmac.new(self.raw, b"visible/" + label.encode("ascii"), hashlib.sha256).digest()


def derive(passphrase: str, salt: bytes) -> CaseKey:
    """SQLCipher 4's key derivation, done once per unlock (the slow step: ~0.1-0.3 s)."""
    if len(salt) != SALT_BYTES:
        raise ValueError("a SQLCipher salt is 16 bytes")
    # `cryptography` rather than hashlib.pbkdf2_hmac: the same algorithm, but its bundled OpenSSL
    # took 0.26-0.32 s here against hashlib's 0.37-0.41 s (the system OpenSSL 3.0), and this is
    # the wait at every unlock. tests/test_storage_keys.py pins the result to SQLCipher's own.
    # Imported here, not at the top: loading cryptography's bindings took a third of a second
    # of the app's start, before the unlock screen that needs no key yet.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(hashes.SHA512(), KEY_BYTES, salt, KDF_ITERATIONS)
    return CaseKey(kdf.derive(passphrase.encode("utf-8")), salt)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)
