"""The brief as Markdown and as a self-contained HTML page, for mail and print.

Each item ends with its citations as numbers into the list of sources at the bottom ([1], [3]):
the numbers stay meaningful on paper, where a link cannot be followed. The HTML page also shows
each cited passage (the stored words, `text[start:end]`) in the source list.
"""
from __future__ import annotations

import html
from datetime import date
from typing import Any

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
WEEKDAYS = {"fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}
LABELS = {
    "fr": {"new": "Nouveau depuis la veille", "sources": "Sources", "docs": "{n} document(s) cités",
           "nothing_new": "Aucun document stocké pour la veille : rien à comparer.", "claim": "affirmation de"},
    "en": {"new": "New since the day before", "sources": "Sources", "docs": "{n} document(s) cited",
           "nothing_new": "No stored document for the day before: nothing to compare.", "claim": "claim by"},
}


def long_date(iso: str, lang: str) -> str:
    d = date.fromisoformat(iso)
    wd = WEEKDAYS[lang][d.weekday()]
    if lang == "fr":
        return f"{wd} {d.day} {MONTHS['fr'][d.month - 1]} {d.year}"
    return f"{wd} {d.day} {MONTHS['en'][d.month - 1]} {d.year}"


def _numbers(brief: dict[str, Any]) -> dict[str, int]:
    """Source numbers in order of first citation."""
    order: dict[str, int] = {}
    items = [it for s in brief["sections"] for it in s["items"]] + list(brief["since_previous_day"])
    for it in items:
        for c in it["citations"]:
            order.setdefault(c["document"], len(order) + 1)
    return order


def _marks(citations: list[dict[str, Any]], numbers: dict[str, int]) -> list[int]:
    return sorted({numbers[c["document"]] for c in citations})


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _source_line(doc: dict[str, Any], lang: str) -> str:
    outlet = doc.get("outlet")
    if outlet and outlet.startswith(("«", "“")):
        outlet = None    # a label made from the title, which the line already shows
    parts = [doc.get("title") or doc["id"], outlet, (doc.get("language") or "").upper() or None]
    return " — ".join(p for p in parts if p)


def _documents(brief: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in brief.get("documents") or []}


def to_markdown(brief: dict[str, Any]) -> str:
    lang = brief["language"]
    lab = LABELS[lang]
    numbers = _numbers(brief)
    docs = _documents(brief)
    out = [f"# {brief['title']}", "", f"*{_cap(long_date(brief['date'], lang))}*", ""]
    for section in brief["sections"]:
        out += [f"## {section['heading']}", ""]
        for it in section["items"]:
            marks = "".join(f"[{n}]" for n in _marks(it["citations"], numbers))
            out.append(f"- {it['text']} {marks}")
        out.append("")
    out += [f"## {lab['new']}", ""]
    if brief["since_previous_day"]:
        for it in brief["since_previous_day"]:
            out.append(f"- {it['text']} " + "".join(f"[{n}]" for n in _marks(it["citations"], numbers)))
    elif not brief.get("previous_day"):
        out.append(f"*{lab['nothing_new']}*")
    out += ["", f"## {lab['sources']}", ""]
    for doc_id, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        doc = docs.get(doc_id, {"id": doc_id})
        line = f"{n}. {_source_line(doc, lang)} (`{doc_id}`)"
        if doc.get("url"):
            line += f" <{doc['url']}>"
        out.append(line)
    return "\n".join(out).rstrip() + "\n"


CSS = """
body { font: 16px/1.5 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; line-height: 1.25; margin-bottom: .2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #bbb; padding-bottom: .15em; margin-top: 1.6em; }
.date { color: #555; font-style: italic; margin-top: 0; }
ul.items { padding-left: 1.2em; } ul.items li { margin: .35em 0; }
sup a { text-decoration: none; color: #1a4d8f; } sup { font-size: .72em; }
ol.sources { font-size: .88em; color: #333; } ol.sources li { margin: .5em 0; }
.passage { display: block; color: #555; font-style: italic; margin: .15em 0 0 0; }
code { font-size: .85em; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; }
  h2 { break-after: avoid; } li { break-inside: avoid; } }
"""


def to_html(brief: dict[str, Any], passages: dict[tuple[str, int, int], str] | None = None) -> str:
    """A standalone page. `passages` maps (document, start, end) to the cited words, shown under
    each source (optional: the brief object itself does not carry them)."""
    lang = brief["language"]
    lab = LABELS[lang]
    numbers = _numbers(brief)
    docs = _documents(brief)
    e = html.escape

    def marks(citations: list[dict[str, Any]]) -> str:
        return "".join(f'<sup><a href="#src-{n}">[{n}]</a></sup>' for n in _marks(citations, numbers))

    body = [f"<h1>{e(brief['title'])}</h1>", f'<p class="date">{e(_cap(long_date(brief["date"], lang)))}</p>']
    for section in brief["sections"]:
        body.append(f"<h2>{e(section['heading'])}</h2>")
        body.append('<ul class="items">')
        for it in section["items"]:
            body.append(f"<li>{e(it['text'])} {marks(it['citations'])}</li>")
        body.append("</ul>")
    body.append(f"<h2>{e(lab['new'])}</h2>")
    if brief["since_previous_day"]:
        body.append('<ul class="items">')
        for it in brief["since_previous_day"]:
            body.append(f"<li>{e(it['text'])} {marks(it['citations'])}</li>")
        body.append("</ul>")
    elif not brief.get("previous_day"):
        body.append(f"<p><em>{e(lab['nothing_new'])}</em></p>")
    body.append(f"<h2>{e(lab['sources'])}</h2>")
    body.append('<ol class="sources">')
    cited: dict[str, list[tuple[int, int]]] = {}
    for it in [i for s in brief["sections"] for i in s["items"]] + list(brief["since_previous_day"]):
        for c in it["citations"]:
            if (c["start"], c["end"]) not in cited.setdefault(c["document"], []):
                cited[c["document"]].append((c["start"], c["end"]))
    for doc_id, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        doc = docs.get(doc_id, {"id": doc_id})
        title = e(_source_line(doc, lang))
        if doc.get("url", "") and str(doc["url"]).startswith(("http://", "https://")):
            title = f'<a href="{e(doc["url"])}">{title}</a>'
        extra = ""
        if passages:
            shown = [passages.get((doc_id, s, t)) for s, t in sorted(cited.get(doc_id, []))[:3]]
            extra = "".join(f'<span class="passage">“{e(p[:300])}”</span>' for p in shown if p)
        body.append(f'<li id="src-{n}">{title} <code>{e(doc_id)}</code>{extra}</li>')
    body.append("</ol>")
    return (f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(brief['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
