"""Signed checkpoints of the audit trail, kept outside the database (decision 0017).

A checkpoint is one JSON line: the head of the chain (newest record id and hash, the number of
records), when it was taken, its number, the signature of the checkpoint before it, the id of the key
and an Ed25519 signature over the canonical JSON of all of that. The lines go to one file a month in
`settings.REGIE_AUDIT_CHECKPOINT_DIR`, appended and never rewritten. Whoever can rewrite the database
cannot make a signature without the private key, which lives outside it too; so a chain rewritten from
some record on no longer matches the first checkpoint after that record (`audit.services.audit_verify`).

This module reads and writes keys and files only; the database side is in `audit.services`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

FORMAT_VERSION = 1
FILE_GLOB = "checkpoints-*.jsonl"


class CheckpointError(Exception):
    """A checkpoint file that is not what was signed, or a checkpoint that may not be signed."""


class CheckpointKeyError(CheckpointError):
    """No key to sign or verify with, or a key that cannot be read or written."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    at: str  # UTC, ISO 8601
    last_id: int  # 0: the chain was empty
    last_hash: str
    count: int
    prev: str  # the signature of the checkpoint before (empty for the first)
    key: str  # the id of the signing key (key_id)
    signature: str = ""
    v: int = FORMAT_VERSION
    # Where the line was read from (not signed, not written).
    source: str = ""

    def signed_content(self) -> bytes:
        content = {k: v for k, v in asdict(self).items() if k not in ("signature", "source")}
        return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()

    def line(self) -> str:
        content = {k: v for k, v in asdict(self).items() if k != "source"}
        return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"

    @property
    def name(self) -> str:
        """How messages name it: `checkpoint #3 (checkpoints-2026-11.jsonl line 3, 2026-11-28T01:00:00+00:00)`."""
        where = f"{self.source}, " if self.source else ""
        return f"checkpoint #{self.seq} ({where}{self.at})"


# -- keys -------------------------------------------------------------------------------------------------
def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def signing_key() -> Ed25519PrivateKey:
    path = settings.REGIE_AUDIT_SIGNING_KEY
    if not path:
        raise CheckpointKeyError(
            "no signing key: set REGIE_AUDIT_SIGNING_KEY to an Ed25519 private key file "
            "(make one with `regie audit keygen --out PATH`)"
        )
    key = _load(Path(path), serialization.load_pem_private_key, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointKeyError(f"{path} is not an Ed25519 private key")
    return key


def verify_key() -> Ed25519PublicKey | None:
    """The configured public key, else the public half of the signing key, else None."""
    path = settings.REGIE_AUDIT_VERIFY_KEY
    if path:
        key = _load(Path(path), serialization.load_pem_public_key)
        if not isinstance(key, Ed25519PublicKey):
            raise CheckpointKeyError(f"{path} is not an Ed25519 public key")
        return key
    return signing_key().public_key() if settings.REGIE_AUDIT_SIGNING_KEY else None


def _load(path: Path, loader: Any, **kwargs: Any) -> Any:
    try:
        return loader(path.read_bytes(), **kwargs)
    except OSError as exc:
        raise CheckpointKeyError(f"cannot read the key {path}: {exc.strerror}") from None
    except (ValueError, TypeError) as exc:
        raise CheckpointKeyError(f"{path} is not a usable PEM key: {exc}") from None


def keygen(out: Path) -> Path:
    """Write a new Ed25519 key pair: the private key to `out` (mode 0600), the public key to `out`.pub.
    Never overwrites a file. Returns the public key's path."""
    public_path = out.with_name(out.name + ".pub")
    for path in (out, public_path):
        if path.exists():
            raise CheckpointKeyError(f"{path} exists; a key is never overwritten")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_new(out, private_pem, mode=0o600)
        _write_new(public_path, public_pem, mode=0o644)
    except OSError as exc:
        raise CheckpointKeyError(f"cannot write {exc.filename}: {exc.strerror}") from None
    return public_path


def _write_new(path: Path, data: bytes, *, mode: int) -> None:
    # O_EXCL: fails if the file appeared meanwhile; the mode applies from creation, never readable by others.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


# -- signing and checking ---------------------------------------------------------------------------------
def sign(
    key: Ed25519PrivateKey,
    *,
    previous: Checkpoint | None,
    at: dt.datetime,
    last_id: int,
    last_hash: str,
    count: int,
) -> Checkpoint:
    unsigned = Checkpoint(
        seq=previous.seq + 1 if previous else 1,
        at=at.astimezone(dt.UTC).isoformat(),
        last_id=last_id,
        last_hash=last_hash,
        count=count,
        prev=previous.signature if previous else "",
        key=key_id(key.public_key()),
    )
    signature = base64.b64encode(key.sign(unsigned.signed_content())).decode()
    return Checkpoint(**{**asdict(unsigned), "signature": signature})


def check_signature(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> None:
    expected = key_id(public_key)
    if checkpoint.key != expected:
        raise CheckpointError(f"{checkpoint.name} is signed by key {checkpoint.key}, not by the verify key {expected}")
    try:
        public_key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.signed_content())
    except (InvalidSignature, ValueError):
        raise CheckpointError(
            f"{checkpoint.name}: the signature does not match (the line was edited or forged)"
        ) from None


def check_sequence(checkpoints: list[Checkpoint], public_key: Ed25519PublicKey) -> None:
    """Every signature holds and each checkpoint names the one before it: none was edited, removed or
    inserted (except at the end, which the files alone cannot show: the audit trail records each one)."""
    previous: Checkpoint | None = None
    for checkpoint in checkpoints:
        check_signature(checkpoint, public_key)
        if previous is None and (checkpoint.seq != 1 or checkpoint.prev):
            raise CheckpointError(f"{checkpoint.name} is the first one found: checkpoints before it were removed")
        if previous is not None and (checkpoint.seq != previous.seq + 1 or checkpoint.prev != previous.signature):
            raise CheckpointError(
                f"{checkpoint.name} does not follow {previous.name}: a checkpoint was removed or inserted"
            )
        previous = checkpoint


# -- files ------------------------------------------------------------------------------------------------
def checkpoint_dir() -> Path:
    return Path(settings.REGIE_AUDIT_CHECKPOINT_DIR)


def read_all(directory: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the directory, oldest first (files by month, lines in order). Unverified."""
    directory = directory or checkpoint_dir()
    found: list[Checkpoint] = []
    for path in sorted(directory.glob(FILE_GLOB)) if directory.is_dir() else []:
        with path.open(encoding="ascii", errors="replace") as f:
            for number, line in enumerate(f, start=1):
                if line.strip():
                    found.append(_parse(line, f"{path.name} line {number}"))
    return found


def _parse(line: str, source: str) -> Checkpoint:
    try:
        fields = json.loads(line)
        checkpoint = Checkpoint(**fields, source=source)
        if not (isinstance(checkpoint.seq, int) and isinstance(checkpoint.last_id, int)):
            raise TypeError("seq and last_id are numbers")
    except (ValueError, TypeError) as exc:
        raise CheckpointError(f"{source} is not a checkpoint ({exc}): the file was edited") from None
    if checkpoint.v != FORMAT_VERSION:
        raise CheckpointError(f"{source}: unknown checkpoint format {checkpoint.v}")
    return checkpoint


def latest(directory: Path | None = None) -> Checkpoint | None:
    """The newest checkpoint: the last line of the newest file."""
    directory = directory or checkpoint_dir()
    files = sorted(directory.glob(FILE_GLOB)) if directory.is_dir() else []
    for path in reversed(files):
        lines = [(n, line) for n, line in enumerate(path.read_text(encoding="ascii").splitlines(), 1) if line.strip()]
        if lines:
            number, line = lines[-1]
            return _parse(line, f"{path.name} line {number}")
    return None


def append(checkpoint: Checkpoint, directory: Path | None = None) -> Path:
    """Append the line to this month's file (UTC) and force it to disk. Returns the file."""
    directory = directory or checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoints-{checkpoint.at[:7]}.jsonl"
    created = not path.exists()
    with path.open("a", encoding="ascii") as f:
        f.write(checkpoint.line())
        f.flush()
        os.fsync(f.fileno())
    if created:  # a new file is only durable once its directory entry is
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return path
