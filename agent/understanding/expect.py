"""What the agent's last turn asked or offered, so a short reply can be read in its light.

"sure" after "Want me to bring Tom in?" accepts a transfer; "thu 10" after three offered slots picks
one; "hubspot" after "Which CRM?" is just an answer. The live agent knows what it offered and
passes an `Expectation`; for historical transcripts one is derived from the agent's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from agent.understanding import fastre
from agent.understanding.text import fold

Offer = Literal["slots", "call", "transfer", "content", "signup"]
Ask = Literal["company_size", "industry", "role", "problem", "email", "name", "stack", "time_pick", "other"]


@dataclass(frozen=True)
class Expectation:
    """The agent's pending offer (if any) and the facts its last question asked for."""

    offer: Offer | None = None
    asks: frozenset[Ask] = field(default_factory=frozenset)

    @property
    def meeting_offered(self) -> bool:
        return self.offer in ("slots", "call")


NONE = Expectation()

_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?|today|tomorrow"
_WEEKDAY = rf"(?:{_WEEKDAY})"
_CLOCK = r"(?:\d{1,2}(?::\d{2})?\s?(?:am|pm)|\d{1,2}:\d{2}|\d{1,2}h\d{0,2})"
_SLOTS_RE = fastre.compile(
    rf"{_WEEKDAY}[^.?!]{{0,20}}{_CLOCK}[^.?!]{{0,40}}(?:,|or)[^.?!]{{0,30}}{_CLOCK}|options?:|has (?:{_WEEKDAY}|\w+ \d)|"
    rf"(?:slots?|times?) (?:available|open)|\b(?:hold|keep|save|book) (?:one of )?(?:those|these|the) (?:slots?|times?)\b"
)
_TRANSFER_RE = fastre.compile(
    r"\b(?:bring (?:him|her|them|\w+) in|connect you|loop (?:him|her|them|\w+) in|transfer you|hand you (?:over|off)|"
    r"put you through|get (?:him|her|them|\w+) (?:on|in)|want me to (?:bring|connect|get)|shall i\b.*connect|"
    r"(?:is|are) online (?:right )?now)"
)
_CALL_RE = fastre.compile(
    r"\b(?:call|demo|walkthrough|walk-through|meeting|chat with (?:a|our|one)|(?:\d+|twenty)[- ]min)\b.*\?|"
    r"\b(?:happy|glad) to (?:show|walk) you\b|\b(?:happy|glad) to (?:set up|book|arrange|schedule) (?:a |an |some )?"
    r"(?:\d+|twenty|thirty|quick|short|call|demo|time|meeting|walkthrough)\b|\bon a (?:quick |short |\d+[- ]min(?:ute)? )?call\b|"
    r"\bset (?:one|it|that) up\b|\bwant to see (?:it|how)\b|"
    r"\b(?:\d+|twenty|thirty)[- ]min(?:ute)? (?:\w+ )?(?:call|demo|walkthrough|chat)\b|\bif you'd like one\b"
)
_CONTENT_RE = fastre.compile(
    r"\b(?:want me to send|send (?:you|something|it|over)|want the link|shall i send|pass along|"
    r"want (?:the|a|our) (?:product )?(?:overview|deck|guide|pdf|one[- ]pager|case study|story|pricing guide|summary)\b)"
)
_SIGNUP_RE = fastre.compile(r"\bwant the link\b|\bsign ?up link\b")

_ASKS: tuple[tuple[Ask, fastre.Regex], ...] = (
    (
        "company_size",
        fastre.compile(
            r"\bhow (?:big|large|many)\b|\bcompany size\b|\bheadcount\b|\bteam size\b|\bsize of\b|\bhow big is\b"
        ),
    ),
    (
        "industry",
        fastre.compile(
            r"\bwhat kind of (?:company|business)\b|\bwhat (?:does|do) (?:your|the) company do\b|\bindustry\b|\bwhat (?:do you|does your team) (?:do|sell)\b|\bwhat kind of company\b|\bare you in\b"
        ),
    ),
    (
        "role",
        fastre.compile(
            r"\byour role\b|\bwhat do you do\b|\bwhat's your (?:title|position)\b|\bwhat (?:is|'s) your role\b"
        ),
    ),
    (
        "problem",
        fastre.compile(
            r"\bwhat (?:are you|would you|are you hoping|brings you|'s prompting|is prompting|got you)\b|\btrying to (?:solve|fix|measure)\b|\bhoping to\b|\bwhat would you want\b|\bmain thing\b|\bprompting\b"
        ),
    ),
    (
        "email",
        fastre.compile(
            r"\bemail\b.*\?|\bwhich email\b|\bwhat email\b|\bwhere should (?:i send|the invite)\b|\bemail for the invite\b"
        ),
    ),
    (
        "name",
        fastre.compile(
            r"\byour name\b|\bwho am i (?:talking|speaking) (?:to|with)\b|\bwhat should i call you\b"
        ),
    ),
    (
        "stack",
        fastre.compile(
            r"\bwhich crm\b|\bwhat crm\b|\bcrm (?:do|are) you\b|\byour (?:stack|crm)\b|\bwhat do you run on\b|\bwhich (?:warehouse|ad tools|systems)\b|\bwhere do you run ads\b|\bwhat's your (?:stack|crm)\b"
        ),
    ),
)


@lru_cache(maxsize=2048)
def expectation_from_agent_text(agent_text: str | None) -> Expectation:
    """Derive the pending offer and asked-for facts from what the agent said last."""
    if not agent_text:
        return NONE
    # The agent's own words need no typo or shorthand handling: folding is enough and is cheap.
    norm = re.sub(r"\s+", " ", fold(agent_text))
    offer: Offer | None = None
    if re.search(r"\bbooked\b|\binvite (?:sent|is on)", norm) and not _SLOTS_RE.search(norm):
        offer = None
    elif _SLOTS_RE.search(norm):
        offer = "slots"
    elif _TRANSFER_RE.search(norm) and re.search(r"\?|\bshall i\b|\bwant me\b", norm):
        offer = "transfer"
    elif _CALL_RE.search(norm):
        offer = "call"
    elif _SIGNUP_RE.search(norm):
        offer = "signup"
    elif _CONTENT_RE.search(norm) and "?" in norm:
        offer = "content"
    asks: set[Ask] = set()
    # Only the question sentences count as asks: "Which CRM are you on?".
    for sentence in re.split(r"(?<=[.!?])\s+", norm):
        if "?" not in sentence and not sentence.rstrip().endswith(":"):
            continue
        for name, pattern in _ASKS:
            if pattern.search(sentence):
                asks.add(name)
    if offer == "slots":
        asks.add("time_pick")
    return Expectation(offer=offer, asks=frozenset(asks))
