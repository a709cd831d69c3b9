"""Pure rules of logging in: the shape of a code, the manual key as people read it, the idle timeout."""

from __future__ import annotations

import base64
import binascii
import re

from django.utils.translation import gettext_noop

from regie.core.domain import message_template

# How many one-time recovery codes a person gets at a time.
RECOVERY_CODE_COUNT = 10

CODE_WRONG = gettext_noop("Deze code klopt niet. Controleer de code en probeer het opnieuw.")
CODE_REQUIRED = gettext_noop("Vul de code in.")
THROTTLED = message_template(
    gettext_noop("Te veel onjuiste codes. Wacht %(seconds)s seconden en probeer het dan opnieuw.")
)
ENROL_CODE_WRONG = gettext_noop(
    "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en vul de nieuwste code in."
)
ONLY_YOURSELF = gettext_noop("U kunt alleen uw eigen tweede factor instellen.")
REPLACE_NEEDS_VERIFIED = gettext_noop(
    "U hebt al een tweede factor. Log eerst in met uw code om een andere authenticator-app in te stellen."
)
ONLY_ADMINISTRATORS = gettext_noop("Alleen een beheerder kan de tweede factor van iemand anders herstellen.")

_SEPARATORS = re.compile(r"[\s\-]+")
_TOTP = re.compile(r"^\d{6}$")


def normalize_code(raw: str) -> str:
    """What a person typed, without spaces or dashes, lower case (recovery codes are shown grouped)."""
    return _SEPARATORS.sub("", raw or "").lower()


def is_totp_code(code: str) -> bool:
    """Six digits: a code from the authenticator app. Anything else is tried as a recovery code."""
    return bool(_TOTP.fullmatch(code))


def manual_key(hex_key: str) -> str:
    """The secret as an authenticator app asks for it when the QR code cannot be scanned: base32,
    in groups of four ("ABCD EFGH ...")."""
    try:
        raw = binascii.unhexlify(hex_key)
    except (binascii.Error, ValueError):
        return ""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def grouped(code: str) -> str:
    """A recovery code as shown: in two halves ("abcd-efgh"), easier to read and to copy."""
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) > 4 else code


def idle_expired(last_activity: float | None, now: float, timeout_minutes: int) -> bool:
    """Whether a session last used at `last_activity` (seconds since the epoch) has been idle too long
    at `now`. A timeout of 0 or less switches the check off; no recorded activity is not expired."""
    if timeout_minutes <= 0 or last_activity is None:
        return False
    return now - last_activity > timeout_minutes * 60
