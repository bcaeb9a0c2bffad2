"""The doc._.khr_* payloads have the shapes nlp/payloads.py gives them, and every factory's
`requires` is met by an earlier component (or by the Analyzer, for the ingest metadata)."""
from __future__ import annotations

from typing import get_type_hints

import pytest

from khronika.nlp import payloads


def _keys(td: type) -> set[str]:
    return set(get_type_hints(td))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en", "uk", "ru"])
def test_every_requirement_is_met_by_an_earlier_component(analyzer, lang):
    problems = analyzer.pipeline(lang).analyze_pipes(pretty=False)["problems"]
    # khr_meta is set by the Analyzer on the Doc before the pipeline runs, so no component assigns it
    unmet = {name: attrs for name, attrs in problems.items() if set(attrs) - {"doc._.khr_meta"}}
    assert unmet == {}


@pytest.mark.slow
def test_the_components_write_the_declared_shapes(analyzer, seed_text):
    nlp = analyzer.pipeline("fr")
    doc = nlp(analyzer._make_doc(nlp, _source(seed_text)))
    assert set(doc._.khr_meta) == _keys(payloads.Meta)
    assert set(doc._.khr_day) == _keys(payloads.DayPayload)
    assert doc._.khr_dates and all(set(d) == _keys(payloads.DatePayload) for d in doc._.khr_dates)
    assert all(set(s) == _keys(payloads.SectionPayload) for s in doc._.khr_sections)
    entity_keys = _keys(payloads.EntityPayload)
    required = entity_keys - {"metonymy"}
    assert doc._.khr_entities
    assert all(required <= set(e) <= entity_keys for e in doc._.khr_entities)
    mention_keys = _keys(payloads.MentionPayload)
    assert all({"start", "end", "text"} <= set(m) <= mention_keys for e in doc._.khr_entities for m in e["mentions"])


def _source(text: str):
    from khronika.ingest import SourceDocument

    return SourceDocument(text=text, origin="<seed>", language="fr")


def test_the_events_model_folder_is_component_config(tmp_path):
    import pytest
    import spacy

    from khronika.nlp.events.paths import MODEL_DIR

    nlp = spacy.blank("en")
    shipped = nlp.add_pipe("khronika_events", config={"model_dir": str(MODEL_DIR)})
    assert shipped.extractor.model is not None and "CHEM_WEAP" in " ".join(shipped.extractor.model.full.labels)
    with pytest.raises(ValueError, match="no model in"):
        spacy.blank("en").add_pipe("khronika_events", config={"model_dir": str(tmp_path)})


def test_the_gazetteer_is_component_config():
    import spacy

    from khronika.kb.gazetteer import default_index_path, get_gazetteer
    from khronika.nlp import geocoder  # noqa: F401  (registers khronika_geocoder)

    nlp = spacy.blank("en")
    default = nlp.add_pipe("khronika_geocoder")
    assert nlp.get_pipe_config("khronika_geocoder")["gazetteer_path"] == ""
    assert default.gazetteer is get_gazetteer()
    chosen = spacy.blank("en").add_pipe("khronika_geocoder", config={"gazetteer_path": str(default_index_path())})
    assert chosen.gazetteer is get_gazetteer(str(default_index_path()))
    assert chosen.gazetteer.lookup("Bakhmut") == default.gazetteer.lookup("Bakhmut") != []
