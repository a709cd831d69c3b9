"""Regie: case management for directing the departure of foreign nationals."""

__version__ = "0.1.0"
