"""Entrypoint of Wardroom's Synapse image (infra/synapse/Dockerfile) on AWS.

Writes the task's config files from WARDROOM_FILES (JSON: path -> content), replacing each
`${secret:NAME}` with the environment variable WARDROOM_SECRET_NAME that ECS injected from
Secrets Manager (infra/aws/containerFiles.ts); creates a self-signed certificate for the TLS
listener the load balancer talks to; then runs the command. A placeholder without a value
stops the task with a message naming the secret and the file (never a value).
"""

import datetime
import json
import os
import re
import sys

PLACEHOLDER = re.compile(r"\$\{secret:([A-Z0-9_]+)\}")
TLS_DIR = os.environ.get("WARDROOM_TLS_DIR", "/run/wardroom/tls")


def fail(message: str) -> None:
    print(f"wardroom-entrypoint: {message}", file=sys.stderr)
    sys.exit(2)


def write_files() -> None:
    raw = os.environ.get("WARDROOM_FILES")
    if not raw:
        return
    try:
        files = json.loads(raw)
    except ValueError:
        fail("WARDROOM_FILES is not valid JSON")
    for path, content in files.items():
        def value(m: "re.Match[str]", path: str = path) -> str:
            name = m.group(1)
            v = os.environ.get(f"WARDROOM_SECRET_{name}")
            if v is None or v == "":
                fail(f"{path}: secret {name} has no value (WARDROOM_SECRET_{name} is not set)")
            return v

        text = PLACEHOLDER.sub(value, content)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)


def self_signed_certificate() -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    os.makedirs(TLS_DIR, mode=0o700, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, os.environ.get("SYNAPSE_INSTANCE", "synapse"))])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=397))
        .sign(key, hashes.SHA256())
    )
    for path, data in (
        (f"{TLS_DIR}/key.pem", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        (f"{TLS_DIR}/cert.pem", cert.public_bytes(serialization.Encoding.PEM)),
    ):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)


def main() -> None:
    write_files()
    if os.environ.get("WARDROOM_TLS_SELF_SIGNED") == "1":
        self_signed_certificate()
    if len(sys.argv) < 2:
        fail("no command given")
    os.execvp(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    main()
