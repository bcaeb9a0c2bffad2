"""The two codebooks events are typed in, and the tables between them.

ACLED (event_type / sub_event_type, 6 types and 25 sub-types) types violence and strategic
developments; PLOVER (event / mode) types political interaction. The classifier is trained on
CASE 2021 labels, so those codes are the internal label space: 25 of them are ACLED sub-types,
five more ("unseen" types of the shared task) are not ACLED and never become an ACLED event.
"""
from __future__ import annotations

ACLED: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
EVENT_TYPE_OF: dict[str, str] = {sub: et for et, subs in ACLED.items() for sub in subs}

# CASE 2021 task 2 codes of the 25 ACLED sub-types (event-types.txt, "SEEN" types).
CASE_TO_ACLED: dict[str, str] = {
    "ARMED_CLASH": "Armed clash", "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "CHEM_WEAP": "Chemical weapon", "AIR_STRIKE": "Air/drone strike", "SUIC_BOMB": "Suicide bomb",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade", "SEX_VIOL": "Sexual violence", "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration", "MOB_VIOL": "Mob violence", "AGREEMENT": "Agreement",
    "ARREST": "Arrests", "CHANGE_TO_GROUP_ACT": "Change to group/activity", "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
}
ACLED_TO_CASE: dict[str, str] = {v: k for k, v in CASE_TO_ACLED.items()}
# The shared task's "unseen" types: not ACLED, still worth recognising so they are not forced
# into an ACLED class (a factory fire is not an explosion/remote violence event).
CASE_EXTRA: tuple[str, ...] = ("DIPLO", "ATTRIB", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER")
CASE_LABELS: tuple[str, ...] = tuple(sorted(CASE_TO_ACLED)) + CASE_EXTRA
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


def acled(case_label: str) -> dict[str, str] | None:
    """The contract's `acled` object for a CASE code, None for the non-ACLED ones."""
    sub = CASE_TO_ACLED.get(case_label)
    return None if sub is None else {"event_type": EVENT_TYPE_OF[sub], "sub_event_type": sub}


# PLOVER as POLECAT uses it (16 event types). Modes follow the PLOVER manual's tables;
# "meeting" (CONSULT) and "aerial"/"drone" (ASSAULT) are the modes the issue asks for.
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (), "CONCEDE": (), "COOPERATE": (), "ACCUSE": (), "SUPPORT": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone", "meeting"),
    "AID": ("economic", "military", "humanitarian", "asylum"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "boycott", "obstruct"),
    "SANCTION": ("convict", "cancel", "expel", "withdraw", "sever"),
    "MOBILIZE": ("troops", "weapons", "police"),
    "COERCE": ("confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport", "withhold"),
    "ASSAULT": ("abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "heavy-weapons", "aerial", "drone", "cbrn"),
}
PLOVER_EVENTS: tuple[str, ...] = tuple(PLOVER_MODES)

# How an ACLED-typed event reads in PLOVER (for the plover-jsonl export and for events the
# rules typed only in ACLED). None: ACLED sub-types with no PLOVER counterpart.
ACLED_TO_PLOVER: dict[str, tuple[str, str | None] | None] = {
    "Armed clash": ("ASSAULT", "firearms"), "Government regains territory": ("ASSAULT", None),
    "Non-state actor overtakes territory": ("ASSAULT", None), "Chemical weapon": ("ASSAULT", "cbrn"),
    "Air/drone strike": ("ASSAULT", "aerial"), "Suicide bomb": ("ASSAULT", "suicide-attack"),
    "Shelling/artillery/missile attack": ("ASSAULT", "heavy-weapons"),
    "Remote explosive/landmine/IED": ("ASSAULT", "explosives"), "Grenade": ("ASSAULT", "explosives"),
    "Sexual violence": ("ASSAULT", "sexual"), "Attack": ("ASSAULT", None),
    "Abduction/forced disappearance": ("ASSAULT", "abduct"), "Peaceful protest": ("PROTEST", "demo"),
    "Protest with intervention": ("PROTEST", "demo"), "Excessive force against protesters": ("COERCE", None),
    "Violent demonstration": ("PROTEST", "riot"), "Mob violence": ("ASSAULT", "beat"),
    "Agreement": ("AGREE", None), "Arrests": ("COERCE", "arrest"), "Change to group/activity": None,
    "Disrupted weapons use": None, "Headquarters or base established": ("MOBILIZE", "troops"),
    "Looting/property destruction": ("ASSAULT", "destroy"),
    "Non-violent transfer of territory": ("RETREAT", "withdraw"), "Other": None,
}

# ACLED's precision codes: geo 1 = the exact town, 2 = a part of a region near it, 3 = a
# larger region (coded to its capital/centroid); time 1 = day, 2 = week, 3 = month.
GEO_PRECISION: dict[str | None, int] = {"point": 1, "settlement": 1, "region": 3, "country": 3, None: 3}
TIME_PRECISION: dict[str | None, int] = {"day": 1, "week": 2, "month": 3, None: 3}
