"""The closed label vocabulary of shared/spec/TRANSCRIPTS.md, as types.

Every other module speaks in these names, so a typo in a label is a type error, not a silent miss.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Signal = Literal["forward_question", "timeline", "champion", "commercial", "social_proof"]
Objection = Literal["price_shock", "identity_mismatch", "send_info"]
Intent = Literal["human_request", "support", "meeting_accept", "meeting_decline", "frustration", "opt_out"]
Industry = Literal[
    "software",
    "fintech",
    "professional_services",
    "healthcare",
    "manufacturing",
    "ecommerce",
    "education",
    "nonprofit",
    "government",
    "media",
    "real_estate",
    "logistics",
    "other",
]
Role = Literal[
    "marketing",
    "sales",
    "revops",
    "growth",
    "founder",
    "executive",
    "engineering",
    "product",
    "finance",
    "operations",
    "student",
    "other",
]
SlotName = Literal["company_size", "industry", "role", "email", "name", "problem"]
Tier = Literal["L0", "L1", "L2", "L3"]
Route = Literal["sales", "support", "none"]
IcpFit = Literal["fit", "no_fit", "unknown"]
LabelKind = Literal["signals", "objections", "intents"]

SIGNALS: Final[tuple[Signal, ...]] = get_args(Signal)
OBJECTIONS: Final[tuple[Objection, ...]] = get_args(Objection)
INTENTS: Final[tuple[Intent, ...]] = get_args(Intent)
INDUSTRIES: Final[tuple[Industry, ...]] = get_args(Industry)
ROLES: Final[tuple[Role, ...]] = get_args(Role)
SLOT_NAMES: Final[tuple[SlotName, ...]] = get_args(SlotName)
TIERS: Final[tuple[Tier, ...]] = get_args(Tier)
ROUTES: Final[tuple[Route, ...]] = get_args(Route)

L3_SIGNALS: Final[frozenset[Signal]] = frozenset({"timeline", "champion", "commercial", "social_proof"})

TIER_RANK: Final[dict[Tier, int]] = {"L0": 0, "L1": 1, "L2": 2, "L3": 3}
