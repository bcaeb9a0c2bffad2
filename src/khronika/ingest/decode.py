"""Bytes -> str, detecting the encoding and never guessing silently.

Order matters: byte-order marks are certain; BOM-less UTF-16 must be recognised before the
binary check (its NULs look binary) and before strict UTF-8 (ASCII in UTF-16 is valid UTF-8
with NULs); only then do we guess among the single-byte encodings the reporting we read
actually uses (Windows Cyrillic, KOI8, Windows/ISO Latin), and refuse if none reads as text.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from .model import IngestProblem

BINARY = "binary file (not text)"
EMPTY = "empty document"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that real text files do contain: tab, newlines, vertical tab, form feed,
# DOS end-of-file (0x1A) and ESC (terminal colour codes in pasted logs).
_TEXT_CONTROLS = frozenset("\t\n\v\f\r\x1a\x1b")
_BINARY_CONTROL_BYTES = bytes(b for b in range(0x20) if chr(b) not in _TEXT_CONTROLS) + b"\x7f"
_MAX_CONTROL_SHARE = 0.01

# The single-byte encodings worth considering for FR/EN/UK/RU reporting.
_SINGLE_BYTE = ("cp1251", "koi8_u", "koi8_r", "cp1252", "latin_1")
# When two candidates read equally well, the more common one wins.
_PREFERENCE = {name: rank for rank, name in enumerate(("cp1251", "cp1252", "latin_1", "koi8_u", "koi8_r"))}
_MAX_MESS = 0.2  # charset-normalizer's own default threshold for "this reads as text"

_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode `data` to text, or raise IngestProblem saying why it is not text.

    A byte-order mark is removed; nothing else is changed (line endings stay as they are,
    so offsets computed later point into the text as the author wrote it).
    `declared` is an encoding the container names (an HTML meta tag); it is trusted only
    when the bytes are not UTF-8 and decode cleanly with it.
    """
    return decode_text(data, declared=declared)[0]


def decode_text(data: bytes, *, declared: str | None = None) -> tuple[str, list[str]]:
    """As decode_bytes, with the warnings a person should read: stray bytes replaced in an
    otherwise UTF-8 file, or a mostly-ASCII file read in a guessed single-byte encoding."""
    if not data:
        raise IngestProblem(EMPTY)
    text, warning = _decode(data, declared)
    if _control_share_str(text) > _MAX_CONTROL_SHARE:
        raise IngestProblem(BINARY)
    if not text.strip():
        raise IngestProblem(EMPTY)
    return text, [warning] if warning else []


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML/XML head declares (meta charset, http-equiv, XML declaration), if any."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes, declared: str | None) -> tuple[str, str | None]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), None
            except UnicodeDecodeError as exc:
                raise IngestProblem(
                    f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
                    f"(bad bytes at offset {exc.start + len(bom)})"
                ) from None

    if b"\x00" in data:
        text = _bomless_utf16(data)
        if text is None:
            raise IngestProblem(BINARY)
        return text, None

    if _control_share_bytes(data) > _MAX_CONTROL_SHARE:
        raise IngestProblem(BINARY)

    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    where = f"byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}"

    # UTF-8 with a few stray bytes (a damaged download, a pasted Windows quote): read as
    # UTF-8. Guessing a single-byte encoding for the whole file would turn every correct
    # accented or Cyrillic letter into mojibake to explain a handful of wrong bytes.
    stray = _stray_utf8_bytes(data)
    if stray:
        return data.decode("utf-8", "replace"), (
            f"not valid UTF-8: {stray} stray byte(s) (the first, {where}) read as U+FFFD; the rest is UTF-8")

    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        # Pages labelled Latin-1 or ASCII are cp1252 in practice (browsers read them so, per
        # the WHATWG Encoding standard): their curly quotes and euro signs live in 0x80-0x9F.
        for codec in ("cp1252", declared) if declared in ("iso8859-1", "ascii") else (declared,):
            text = _try_declared(data, codec)
            if text is not None:
                return text, None

    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high <= _FEW_HIGH_BYTES * len(data):
        # ASCII with a few other bytes: no statistics can tell their encoding. Read them as
        # Windows-1252 (what such bytes most often are), and say so: they may be garbage.
        text = data.decode("cp1252", "replace")
        return text, (f"not valid UTF-8: {high} byte(s) outside ASCII (the first, {where}) "
                      "read as Windows-1252; check them")

    best = _single_byte(data)
    if best is not None:
        codec, text = best
        if codec in _CYRILLIC:
            return text, None  # a Cyrillic text: the letters themselves confirmed the guess
        # Latin letters: Windows-1252 or Latin-1 read any bytes, so the guess may be wrong.
        return text, f"not valid UTF-8 ({where}): read as {_NAMES[codec]}"
    if _mostly_utf8(data):
        raise IngestProblem(
            f"not valid UTF-8: invalid {where}, though the rest reads as UTF-8 (damaged or "
            "mixed-encoding file?); fix or re-save it as UTF-8"
        )
    raise IngestProblem(
        f"not valid UTF-8 ({where}) and not readable as Windows-1251, KOI8, Windows-1252 or "
        "Latin-1 text either; save it as UTF-8"
    )


_HIGH_BYTES = bytes(range(0x80, 0x100))
_FEW_HIGH_BYTES = 0.005  # share of non-ASCII bytes below which a file is "ASCII with stray bytes"
_MAX_STRAY = 0.01  # share of broken sequences among the non-ASCII characters UTF-8 with damage may have


def _stray_utf8_bytes(data: bytes) -> int:
    """How many bytes break UTF-8 in `data` when it is otherwise clearly UTF-8 (valid
    multi-byte sequences far outnumber the broken ones), else 0."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return broken if 0 < broken and broken <= max(2, _MAX_STRAY * good) and good >= 8 else 0


def _mostly_utf8(data: bytes) -> bool:
    # Well-formed multi-byte sequences far outnumbering broken ones mean UTF-8 with damage,
    # which deserves a different hint than "wrong encoding".
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - broken
    return good >= 4 * broken


def _control_share_bytes(data: bytes) -> float:
    sample = data[:1 << 20]
    return (len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))) / len(sample)


def _control_share_str(text: str) -> float:
    sample = text[:1 << 20]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc")
    return bad / len(sample)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by NULs in the high byte of ASCII characters.

    Only texts in alphabetic scripts up to Cyrillic are accepted: a wrong byte order or
    random bytes decode to CJK-looking characters, which this check rejects. (So BOM-less
    UTF-16 Chinese is refused as binary; with a BOM it is read.)
    """
    if len(data) % 2:
        return None
    sample = data[: 1 << 16]
    half = len(sample) // 2
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls >= 4 * max(even_nuls, 1) and odd_nuls >= 0.05 * half:
        codec = "utf-16-le"  # "A" is 41 00: the NUL comes second
    elif even_nuls >= 4 * max(odd_nuls, 1) and even_nuls >= 0.05 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    visible = [ch for ch in text[:1 << 16] if not ch.isspace()]
    if not visible:
        return text
    plausible = sum(1 for ch in visible if _alphabetic_script(ch))
    return text if plausible / len(visible) >= 0.95 else None


def _alphabetic_script(ch: str) -> bool:
    o = ord(ch)
    return (
        o < 0x0530  # Latin, Greek, Cyrillic and their supplements
        or 0x1E00 <= o < 0x1F00  # Latin extended additional
        or 0x2000 <= o < 0x2070  # general punctuation
        or 0x20A0 <= o < 0x2150  # currency, letterlike symbols (€, №, ™)
    )


def _try_declared(data: bytes, codec: str) -> str | None:
    from charset_normalizer.md import mess_ratio

    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if mess_ratio(text, _MAX_MESS) < _MAX_MESS else None


_CYRILLIC = ("cp1251", "koi8_u", "koi8_r")
_NAMES = {"cp1252": "Windows-1252", "latin_1": "Latin-1"}


def _single_byte(data: bytes) -> tuple[str, str] | None:
    """(encoding, text): the single-byte encoding under which `data` reads as text, or None."""
    from charset_normalizer import from_bytes

    matches = from_bytes(
        data, cp_isolation=list(_SINGLE_BYTE), threshold=_MAX_MESS, explain=False, enable_fallback=False
    )
    chaos = {m.encoding: m.chaos for m in matches if m.encoding in _PREFERENCE}
    # Any high byte is a letter in cp1251, so it also "reads" Latin-1 French ("prйsident"):
    # cp1251 counts only when it yields a Cyrillic text, not Cyrillic letters inside Latin words.
    # KOI8 likewise: stray bytes in English must not become Cyrillic letters.
    for name in _CYRILLIC:
        if name in chaos and not _mostly_cyrillic(data.decode(name)):
            del chaos[name]
    if not chaos:
        return None
    least = min(chaos.values())
    # Near-ties go to the commoner encoding: cp1251 before KOI8, cp1252 before Latin-1.
    best = min((name for name, c in chaos.items() if c <= least + 0.05), key=_PREFERENCE.__getitem__)
    return best, data.decode(best)


_WORD = re.compile(r"[^\W\d_]+")


def _mostly_cyrillic(text: str) -> bool:
    cyrillic = latin = mixed = words = 0
    for word in _WORD.findall(text[: 1 << 16]):
        c = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        words += 1
        cyrillic += c
        latin += len(word) - c
        if c and c != len(word):
            mixed += 1
    return words > 0 and cyrillic > latin and mixed <= 0.05 * words
