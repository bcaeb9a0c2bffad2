"""khronika: war reporting in, a verifiable chronicle out."""

__version__ = "0.1.0"
