"""Operating Regie: consistent backups with a manifest, and restores that check themselves."""
