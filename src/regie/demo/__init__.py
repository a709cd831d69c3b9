"""Synthetic demo data: invented persons and dossiers calibrated to the published DT&V figures.

`reference` holds the hand-made lists (names per country, languages, places), `generate` turns a seed
into plans (pure, no ORM), `load` writes the plans through the services, or in bulk for benchmarks.
Every name here is invented or a common given/family name; no record describes a real person.
"""
