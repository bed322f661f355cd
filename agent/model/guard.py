"""The reply guard: what a model-written reply may not do. Any violation sends the template reply.

A model reply re-voices an approved draft, so it may say what the draft says, what the visitor
said, and what the company profile says; nothing else that a visitor could hold the company to:

- no money amount, percentage or trial length that is not in the profile (or echoed from the draft
  or the visitor): `agent.answers.facts_in_text_are_grounded`;
- no discount the draft does not offer (the profile's discount authority is a ceiling, not a fact
  to volunteer);
- no plan name that is not a profile plan, no integration or tool that the profile, the draft or
  the visitor did not name, no feature or compliance claim (SSO, SOC 2, an API...) that none of
  them contains;
- no live human promised after business hours unless the draft promises it;
- no rep named that the draft does not name, and the assistant never claims to be one;
- every link, email address and clock time of the draft kept (slots, invites, content links), and
  its question, when it asks one;
- nothing of the prompt leaked, nothing empty, nothing cut off at the token limit, nothing much
  longer than the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.answers import facts_in_text_are_grounded
from agent.profile import CompanyProfile
from agent.understanding.lexicon import TOOL_RE

# Words before "plan"/"tier" that do not name a plan.
_GENERIC_PLAN_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "your",
        "our",
        "their",
        "my",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "what",
        "whichever",
        "right",
        "best",
        "same",
        "each",
        "every",
        "any",
        "one",
        "other",
        "another",
        "monthly",
        "annual",
        "yearly",
        "paid",
        "pricing",
        "payment",
        "price",
        "current",
        "new",
        "team",
        "per",
        "higher",
        "lower",
        "bigger",
        "smaller",
        "cheaper",
        "next",
        "self-serve",
        "entry",
        "base",
        "basic-level",
        "implementation",
        "rollout",
        "action",
        "migration",
        "onboarding",
        "project",
        "business",
        "seat",
        "seats",
    ]
)
# Plan names are proper nouns ("the Pro plan"); "free plan" is a feature term below.
_PLAN_RE = re.compile(r"\b([A-Z][\w+-]*)\s+(?:[Pp]lan|[Tt]ier|[Ee]dition)s?\b")
# Lexicon words that are also plain English in a reply ("your outreach", "zoom in", "excel at").
_GENERIC_TOOLS = frozenset(
    {"crm", "warehouse", "data warehouse", "outreach", "zoom", "meta", "dynamics", "excel", "segment"}
)
FEATURE_TERMS: tuple[str, ...] = (
    "sso",
    "saml",
    "scim",
    "soc 2",
    "soc2",
    "iso 27001",
    "hipaa",
    "gdpr",
    "ccpa",
    "api",
    "webhook",
    "white-label",
    "white label",
    "on-prem",
    "on-premise",
    "self-hosted",
    "mobile app",
    "24/7",
    "phone support",
    "dedicated csm",
    "sla",
    "uptime",
    "data retention",
    "audit log",
    "sandbox",
    "forecasting",
    "predictive",
    "machine learning",
    "refund",
    "money-back",
    "lifetime deal",
    "free plan",
    "free tier",
    "freemium",
)
_FEATURE_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(t) for t in sorted(FEATURE_TERMS, key=len, reverse=True))
    + r")(?![\w-])"
)
_DISCOUNT_RE = re.compile(
    r"\b(?:discount\w*|\d+\s?%\s?off|percent off|money off|cheaper deal|promo\w*)\b", re.I
)
_LIVE_HUMAN_RE = re.compile(
    r"\b(?:(?:online|available|here|around) (?:right )?now|right away|immediately|"
    r"(?:connect|transfer|hand) you (?:to|with|over)|bring (?:him|her|them|\w+) in|"
    r"live (?:agent|person|chat|human|rep\w*)|"
    r"(?:someone|a (?:person|human|rep|teammate|colleague)|one of (?:our|the) team) (?:will|can|is going to) "
    r"(?:join|jump in|be with you|chat with you))\b",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://[^\s)>\]]+")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TIME_RE = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE)
_LEAK_RE = re.compile(
    r"\b(?:approved draft|the draft|system prompt|my instructions|these instructions|facts about|"
    r"this reply's job)\b",
    re.IGNORECASE,
)


# A re-voiced reply may be longer than its draft, within reason.
LENGTH_FACTOR = 2.5
MIN_LENGTH_LIMIT = 320


@dataclass(frozen=True)
class GuardInput:
    reply: str
    draft: str
    # Everything the visitor typed in this conversation (their own words may be echoed).
    visitor_text: str
    after_hours: bool
    # The model stopped at its token limit: the reply is cut off.
    truncated: bool = False


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _has(text: str, term: str) -> bool:
    """`term` occurs in `text` as a whole word or phrase."""
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


class ReplyGuard:
    def __init__(self, profile: CompanyProfile) -> None:
        self.profile = profile
        self._profile_text = _norm(profile.model_dump_json())
        self._plans = frozenset(p.name.lower() for p in profile.pricing.plans)
        names = {part.lower() for rep in profile.reps for part in rep.name.split() if len(part) >= 3}
        self._rep_names = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
        )
        self._impersonation = re.compile(
            r"\b(?:i am|i'm|this is|my name is|it's)\s+(?:" + self._rep_names.pattern + r")", re.IGNORECASE
        )

    def check(self, g: GuardInput) -> list[str]:
        """The guard's objections to a model reply; [] means it may be sent."""
        problems = _check(g, self.profile, self._profile_text, self._plans)
        if not g.reply.strip():
            return problems
        low = _norm(g.reply)
        draft = _norm(g.draft)
        for name in sorted({m.group(1) for m in self._rep_names.finditer(low)}):
            if not _has(draft, name):
                problems.append(f"names a rep the draft does not ({name!r})")
        if self._impersonation.search(g.reply):
            problems.append("claims to be a rep")
        return problems


def _check(g: GuardInput, profile: CompanyProfile, profile_text: str, plans: frozenset[str]) -> list[str]:
    reply = g.reply.strip()
    if not reply:
        return ["empty reply"]
    problems: list[str] = []
    if g.truncated:
        problems.append("cut off at the token limit")
    if len(reply) > max(MIN_LENGTH_LIMIT, LENGTH_FACTOR * len(g.draft)):
        problems.append(f"too long ({len(reply)} characters for a {len(g.draft)}-character draft)")
    low = _norm(reply)
    draft = _norm(g.draft)
    visitor = _norm(g.visitor_text)
    known = f"{profile_text} {draft} {visitor}"

    for bad in facts_in_text_are_grounded(reply, profile, may_echo=f"{g.draft} {g.visitor_text}"):
        problems.append(f"ungrounded amount {bad!r}")
    if _DISCOUNT_RE.search(reply) and not _DISCOUNT_RE.search(g.draft):
        problems.append("offers a discount the draft does not")

    for m in _PLAN_RE.finditer(reply):
        word = m.group(1).lower()
        if word in _GENERIC_PLAN_WORDS or word in plans or _has(draft, word) or _has(visitor, word):
            continue
        problems.append(f"unknown plan {m.group(0)!r}")
    for m in TOOL_RE.finditer(low):
        tool = m.group(1)
        if tool in _GENERIC_TOOLS or _has(known, tool):
            continue
        problems.append(f"unknown tool or integration {tool!r}")
    for m in _FEATURE_RE.finditer(low):
        term = m.group(1)
        if _has(known, term):
            continue
        problems.append(f"feature not in the profile {term!r}")

    live = _LIVE_HUMAN_RE.search(reply) if g.after_hours else None
    if live and not _LIVE_HUMAN_RE.search(g.draft):
        problems.append(f"promises a live person after hours ({live.group(0)!r})")

    for pattern, what in ((_URL_RE, "link"), (_EMAIL_RE, "email"), (_TIME_RE, "time")):
        for m in pattern.finditer(g.draft):
            if _norm(m.group(0)).rstrip(".,") not in low:
                # Problems are stored with the call: an email address is personal data, not named.
                shown = "" if what == "email" else f" {m.group(0)!r}"
                problems.append(f"drops the draft's {what}{shown}")
    if "?" in g.draft and "?" not in reply:
        problems.append("drops the draft's question")
    leak = _LEAK_RE.search(reply)
    if leak:
        problems.append(f"leaks the prompt ({leak.group(0)!r})")
    return problems
