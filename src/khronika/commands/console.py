"""The consoles every command prints through: results on stdout, messages on stderr.

Their own module so command groups (commands/*.py) and cli.py share them without importing
each other."""
from __future__ import annotations

from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
out = Console()
