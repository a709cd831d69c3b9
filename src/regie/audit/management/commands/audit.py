"""`regie audit verify|checkpoint|keygen`: check the hash chain and its signed checkpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.audit import checkpoints
from regie.audit.checkpoints import CheckpointError, CheckpointKeyError
from regie.audit.services import ChainBroken, audit_checkpoint, audit_checkpoints_verify, audit_verify
from regie.core.context import Channel, system_actor


class Command(BaseCommand):
    help = (
        "Audit trail tools. `verify` checks every link of the hash chain and every signed checkpoint, and "
        "reports the first broken one; `checkpoint` signs the head of the chain and appends it to the "
        "checkpoint files (REGIE_AUDIT_SIGNING_KEY, REGIE_AUDIT_CHECKPOINT_DIR); `keygen --out PATH` writes "
        "a new Ed25519 key pair (PATH and PATH.pub)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "keygen"])
        parser.add_argument("--out", type=Path, help="keygen: where to write the private key (PATH.pub: public).")
        parser.add_argument(
            "--until-record",
            type=int,
            help="verify, on a restored backup: the chain ends at this record (the manifest's audit chain head); "
            "checkpoints signed after it are not matched against records.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, options["action"])(**options)
        except CheckpointError as exc:
            raise CommandError(f"Audit checkpoints: {exc}") from None

    def verify(self, **options: Any) -> None:
        try:
            signed = audit_checkpoints_verify()
        except CheckpointKeyError as exc:
            raise CommandError(f"Audit checkpoints not verified: {exc}") from None
        except CheckpointError as exc:
            raise CommandError(f"Audit checkpoints BROKEN: {exc}") from None
        try:
            count = audit_verify(signed=signed, until=options["until_record"])
        except ChainBroken as exc:
            raise CommandError(f"Audit trail BROKEN at record #{exc.event_id}: {exc.reason}") from None
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} records verified."))
        if signed:
            newest = signed[-1]
            self.stdout.write(
                f"Checkpoints intact: {len(signed)} verified; the newest, {newest.name}, "
                f"signs record #{newest.last_id}."
            )
            if options["until_record"] is not None:
                self.stdout.write(f"Records after #{options['until_record']} were not expected (--until-record).")
        else:
            self.stdout.write(
                f"No signed checkpoints in {checkpoints.checkpoint_dir()}: a chain rewritten from some record "
                "on cannot be detected (`regie audit checkpoint`)."
            )

    def checkpoint(self, **options: Any) -> None:
        checkpoint = audit_checkpoint(actor=system_actor(Channel.CLI))
        self.stdout.write(
            self.style.SUCCESS(
                f"Signed {checkpoint.name}: record #{checkpoint.last_id}, {checkpoint.count} records, "
                f"in {checkpoints.checkpoint_dir()}."
            )
        )

    def keygen(self, *, out: Path | None, **options: Any) -> None:
        if out is None:
            raise CommandError("keygen needs --out PATH (the private key; the public key goes to PATH.pub)")
        public_path = checkpoints.keygen(out)
        self.stdout.write(f"Private key: {out} (mode 0600; keep it away from the database and its backups)")
        self.stdout.write(str(public_path))
