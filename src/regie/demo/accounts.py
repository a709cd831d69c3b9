"""How demo accounts are recognised: shared by the demo loader (which creates them) and the deploy check."""

from __future__ import annotations

# One password for every demo login, printed at the end. Demo data is for laptops, never production.
DEMO_PASSWORD = "Regie-demo-2026"  # noqa: S105
# Every demo account, login or not, has an address in this reserved domain (RFC 2606).
DEMO_EMAIL_DOMAIN = "regie.example"
# The accounts that get DEMO_PASSWORD.
DEMO_LOGINS = ("regievoerder", "teamleider", "analist", "fg", "beheerder", "partner")
