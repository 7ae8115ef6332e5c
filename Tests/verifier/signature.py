"""Checks a signed iicsa checkpoint or MANIFEST (docs/log-format.md section 10) with Python's
`cryptography` package, so that the signature format, too, is held to a second implementation.

    python3 Tests/verifier/signature.py FILE KEY.pub

Exits 0 when FILE's signature is valid for the public key in KEY.pub, 3 when it is not (or FILE is
not signed, or is signed by another key), 1 on unreadable input.
"""

import sys
from base64 import b64decode

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PUBLIC_HEADER = "iicsa Ed25519 public key"


def public_key(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines[0] != PUBLIC_HEADER:
        raise ValueError(f"{path}: not an iicsa public key file")
    return b64decode(lines[1], validate=True)


def check(path, key):
    text = open(path, encoding="utf-8").read()
    # The signature covers every byte before the last line, which is the signature itself.
    body, found, signature = text.rstrip("\n").rpartition("\nsignature: ")
    if not found or not text.endswith("\n"):
        return f"{path} is not signed"
    message = body + "\n"
    key_line = body.rpartition("\n")[2]
    if not key_line.startswith("key: "):
        return f"{path}: the signature does not follow a key line"
    if b64decode(key_line[len("key: "):], validate=True) != key:
        return f"{path} is signed by another key"
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(b64decode(signature, validate=True), message.encode("utf-8"))
    except InvalidSignature:
        return f"{path}: the signature does not match the text"
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    try:
        problem = check(sys.argv[1], public_key(sys.argv[2]))
    except (OSError, ValueError) as error:
        print(f"signature: {error}", file=sys.stderr)
        return 1
    if problem:
        print(f"signature: {problem}", file=sys.stderr)
        return 3
    print(f"signature: {sys.argv[1]} is signed by the key in {sys.argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
