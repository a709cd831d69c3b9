"""Static files with content hashes in their names after `regie collectstatic`, so they can be cached for good.

WhiteNoise's CompressedManifestStaticFilesStorage writes `regie.3f2a9c1b.css` (and its `.gz`/`.br`) plus
a manifest; templates then link the hashed names and WhiteNoise serves them with
`Cache-Control: max-age=315360000, public, immutable`. Without a manifest (development, tests: nothing was
collected) the plain names are used and WhiteNoise serves them from the apps' folders with a short cache
time, so nobody has to run `collectstatic` to try Regie.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # A name missing from the manifest is not an error page: it is served under its plain name.
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # nothing collected yet
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # collected before this file existed: its hash cannot be computed
            return name
