"""`khronika serve`: the web app and its HTTP API over a store (see app.create_app)."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
