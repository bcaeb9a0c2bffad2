"""Where the shipped event model lives: one small module, so the classifier and the word table
both read it without importing each other."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

MODEL_DIR = Path(str(resources.files("khronika.nlp.events").joinpath("model")))
