"""Quote steps that compared every claim with every other now look only at the claims, mentions
and dates near each one (issue 14): the same choices as the full scan, on any set of claims."""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khronika.nlp.quotes import MAX_SHARED, _cut_before, _inside, _shared, select
from khronika.nlp.quotes.dating import DateIndex
from khronika.nlp.quotes.frames import Frame
from khronika.nlp.quotes.spans import BUCKET, KeptFrames

TEXT = ("Le porte-parole a déclaré que les combats continuent près de Bakhmout. " * 40)[:2 * BUCKET + 700]


def select_by_full_scan(frames: list[Frame], text: str) -> list[Frame]:
    """quotes.select as it was, comparing each claim with every kept claim: the oracle."""
    kept: list[Frame] = []
    for f in frames:
        if any(f.cue[0] < k.cue[1] and k.cue[0] < f.cue[1] for k in kept):
            continue
        if any(_inside(f.cue[0], k.parts) for k in kept):
            inner = [k for k in kept if _inside(f.cue[0], k.parts) and k.origin == "prep" and f.origin == "lexical"
                     and f.speaker and not _inside(f.speaker[0], [k.speaker or (0, 0)])]
            if not inner or len(inner) < sum(_inside(f.cue[0], k.parts) for k in kept):
                continue
            for k in inner:
                kept.remove(k)
        confirmed = [k for k in kept if f.origin == "cataphora" and _inside(k.cue[0], f.parts)]
        if confirmed:
            confirmed[-1].confirmation = f
            continue
        for k in kept:
            if _inside(k.cue[0], f.parts):
                _cut_before(f, min([k.cue[0], k.start] + ([k.speaker[0]] if k.speaker else [])), text)
        if not f.parts or any(_shared(f, k) > MAX_SHARED for k in kept):
            continue
        kept.append(f)
    return kept


@st.composite
def frames(draw: st.DrawFn) -> Frame:
    n = len(TEXT)
    cue = draw(st.integers(0, n - 12))
    starts = sorted(draw(st.lists(st.integers(0, n - 2), min_size=1, max_size=2, unique=True)))
    parts = [(s, min(n, s + draw(st.integers(1, 400)))) for s in starts]
    parts = [p for i, p in enumerate(parts) if i == 0 or p[0] >= parts[i - 1][1]]
    speaker = draw(st.none() | st.integers(0, n - 10).map(lambda s: (s, s + 8)))
    origin = draw(st.sampled_from(["direct", "cataphora", "prep", "verb", "lexical"]))
    return Frame(cue=(cue, cue + draw(st.integers(0, 10))), parts=parts, speaker=speaker, origin=origin)


@given(st.lists(frames(), max_size=25))
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_select_keeps_what_the_full_scan_keeps(found: list[Frame]) -> None:
    expected = select_by_full_scan(copy.deepcopy(found), TEXT)
    got = select(copy.deepcopy(found), TEXT)
    assert got == expected
    # the claims a cataphora confirms are the same ones
    assert [k.confirmation for k in got] == [k.confirmation for k in expected]


def test_kept_claims_near_a_stretch_come_in_the_order_kept_and_removal_forgets_them() -> None:
    kept = KeptFrames()
    far = Frame(cue=(5 * BUCKET, 5 * BUCKET + 4), parts=[(5 * BUCKET + 10, 5 * BUCKET + 50)])
    late = Frame(cue=(30, 34), parts=[(40, 3 * BUCKET)])
    early = Frame(cue=(10, 14), parts=[(20, 25)])
    for f in (far, late, early):
        kept.append(f)
    assert kept.near(0, 100) == [late, early]
    assert kept.near(2 * BUCKET, 2 * BUCKET) == [late]
    kept.remove(late)
    assert kept.near(0, 100) == [early] and list(kept) == [far, early]


def test_claim_dates_are_looked_up_inside_the_frame_in_text_order() -> None:
    dates = [{"start": 300, "end": 305}, {"start": 10, "end": 15}, {"start": 120, "end": 130}, {"start": 130, "end": 140}]
    index = DateIndex(dates)
    assert index.within([(100, 130)]) == [dates[2], dates[3]]
    assert index.within([(0, 20), (290, 400)]) == [dates[0], dates[1]]
    assert index.within([(141, 299)]) == []


@pytest.mark.slow
@pytest.mark.parametrize("lang, text, said", [
    ("en", "Kremlin spokesman Dmitry Peskov said on Tuesday that the talks were over.", "2023-05-23"),
    ("en", "Last Tuesday, Kremlin spokesman Dmitry Peskov said that the talks were over.", "2023-05-16"),
    ("fr", "Mardi dernier, le porte-parole du Kremlin Dmitri Peskov a déclaré que les négociations étaient finies.",
     "2023-05-16"),
])
def test_a_claim_made_last_tuesday_in_a_tuesday_report_is_a_week_old(analyze_text, lang, text, said) -> None:
    # the dates step tells "on Tuesday" (this day) from "last Tuesday" (a week before); the quotes
    # step used to turn every weekday a week back into the report's day, "last Tuesday" included
    doc = analyze_text(text, language=lang, published="2023-05-23")
    [quote] = doc["quotes"]
    assert quote["speaker"] == "kb:peskov" and quote["date"] == said
