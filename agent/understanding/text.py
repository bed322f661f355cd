"""Normalised message text whose every character maps back to the original message.

Detectors match patterns on `Text.norm` (lowercase, accents kept, chat abbreviations expanded,
typos of domain keywords corrected, single spaces) and quote evidence from the original message
through `Text.span`, so what the visitor typed is what the evidence shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from agent.understanding import fastre

# Chat shorthand people type in widgets, expanded before matching. Keys are whole tokens.
ABBREVIATIONS: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "pleas": "please",
    "thx": "thanks",
    "ty": "thank you",
    "tnx": "thanks",
    "w": "with",
    "w/": "with",
    "w/o": "without",
    "b/c": "because",
    "bc": "because",
    "cuz": "because",
    "rn": "right now",
    "atm": "at the moment",
    "asap": "as soon as possible",
    "im": "i'm",
    "ive": "i've",
    "id": "i'd",
    "dont": "don't",
    "doesnt": "doesn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "didnt": "didn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "whats": "what's",
    "thats": "that's",
    "theres": "there's",
    "were": "were",
    "youre": "you're",
    "ppl": "people",
    "peeps": "people",
    "ppl.": "people",
    "emps": "employees",
    "mgr": "manager",
    "mngr": "manager",
    "mktg": "marketing",
    "mkt": "marketing",
    "mkting": "marketing",
    "dir": "director",
    "sr": "senior",
    "hr": "hr",
    "eng": "engineer",
    "engg": "engineer",
    "dev": "developer",
    "devs": "developers",
    "sfdc": "salesforce",
    "sf": "salesforce",
    "hs": "hubspot",
    "gads": "google ads",
    "yr": "year",
    "yrs": "years",
    "mo": "month",
    "mos": "months",
    "wk": "week",
    "wks": "weeks",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "2moro": "tomorrow",
    "tomorow": "tomorrow",
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
    "ya": "yeah",
    "yah": "yeah",
    "yep": "yes",
    "yup": "yes",
    "ok": "ok",
    "okay": "ok",
    "k": "ok",
    "kk": "ok",
    "nope": "no",
    "nah": "nah",
    "abt": "about",
    "alot": "a lot",
    "@": "at",
    "diff": "difference",
    "btwn": "between",
    "b/w": "between",
    "w/e": "whatever",
    "afaik": "as far as i know",
    "fwiw": "for what it's worth",
    "approx": "approximately",
    "info": "info",
    "q": "question",
    "qs": "questions",
    "co": "company",
    "co.": "company",
    "corp": "company",
    "inc": "company",
    "ltd": "company",
    "gmbh": "company",
    "biz": "business",
    "govt": "government",
    "gov": "government",
    "svp": "svp",
}

# Domain keywords whose typos are corrected (edit distance 1, words of 5+ letters). Kept small and
# specific so ordinary words are never "corrected" into keywords.
KEYWORDS: frozenset[str] = frozenset(
    [
        "salesforce",
        "hubspot",
        "marketo",
        "pardot",
        "snowflake",
        "bigquery",
        "segment",
        "linkedin",
        "google",
        "pipedrive",
        "zapier",
        "integrate",
        "integrates",
        "integration",
        "integrations",
        "integrated",
        "connect",
        "connects",
        "connector",
        "sync",
        "syncs",
        "syncing",
        "import",
        "migrate",
        "migration",
        "implementation",
        "implement",
        "onboarding",
        "setup",
        "install",
        "pricing",
        "price",
        "prices",
        "pricey",
        "expensive",
        "budget",
        "budgets",
        "contract",
        "contracts",
        "discount",
        "annual",
        "monthly",
        "seats",
        "licenses",
        "license",
        "enterprise",
        "starter",
        "growth",
        "trial",
        "quote",
        "invoice",
        "billing",
        "refund",
        "cancel",
        "subscription",
        "account",
        "password",
        "login",
        "customers",
        "customer",
        "references",
        "reference",
        "testimonial",
        "stories",
        "story",
        "study",
        "studies",
        "procurement",
        "approval",
        "approve",
        "legal",
        "security",
        "infosec",
        "finance",
        "marketing",
        "manager",
        "director",
        "founder",
        "cofounder",
        "engineer",
        "developer",
        "student",
        "analyst",
        "operations",
        "revops",
        "executive",
        "president",
        "partner",
        "consultant",
        "consultancy",
        "consulting",
        "agency",
        "software",
        "manufacturer",
        "manufacturing",
        "fintech",
        "healthcare",
        "hospital",
        "ecommerce",
        "marketplace",
        "logistics",
        "education",
        "university",
        "school",
        "nonprofit",
        "government",
        "media",
        "publisher",
        "estate",
        "brokerage",
        "employees",
        "people",
        "person",
        "staff",
        "company",
        "startup",
        "business",
        "attribution",
        "pipeline",
        "campaigns",
        "campaign",
        "channels",
        "channel",
        "spreadsheet",
        "spreadsheets",
        "report",
        "reports",
        "dashboard",
        "dashboards",
        "webinar",
        "webinars",
        "events",
        "trade",
        "someone",
        "somebody",
        "person",
        "human",
        "representative",
        "available",
        "online",
        "meeting",
        "schedule",
        "calendar",
        "tomorrow",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "morning",
        "afternoon",
        "evening",
        "frustrating",
        "annoying",
        "ridiculous",
        "useless",
        "unsubscribe",
        "delete",
        "remove",
        "contact",
    ]
)

# Real words one edit away from a keyword: never "corrected".
KNOWN_WORDS: frozenset[str] = frozenset(
    {
        "devops",
        "dataops",
        "finops",
        "secops",
        "mlops",
        "bizops",
        "salesops",
        "market",
        "markets",
        "marketer",
        "studio",
        "trades",
        "trader",
        "partner",
        "partners",
        "prices",
        "priced",
        "person",
        "persons",
        "peoples",
        "growths",
        "connects",
        "reporter",
        "reported",
        "support",
        "supports",
        "import",
        "imports",
        "eventos",
        "evento",
        "traen",
        "trae",
    }
)

_TOKEN_RE = fastre.compile(r"\d{1,2}[:h]\d{2}(?:[ap]m)?|[\w$€£%@'’./+&-]+|[^\w\s]", re.UNICODE)
_STRIP_TRAILING = ".,;:!?)('\"-"
_LINK_RE = fastre.compile(r"\.(?:com|io|ly|me|co|net|org)/")


@lru_cache(maxsize=1)
def _delete_index() -> dict[str, str]:
    """Maps every single-character deletion of a keyword (and the keyword) to the keyword."""
    index: dict[str, str] = {}
    for word in sorted(KEYWORDS):
        if len(word) < 5:
            continue
        for i in range(len(word)):
            index.setdefault(word[:i] + word[i + 1 :], word)
    return index


@lru_cache(maxsize=4096)
def correct_typo(token: str) -> str:
    """Return the domain keyword `token` is a one-edit typo of, or `token` itself.

    Uses the symmetric-delete idea: a deletion of the token, or the token itself, matching a
    deletion of a keyword covers insertions, deletions, substitutions and transpositions.
    """
    if len(token) < 5 or token in KEYWORDS or token in KNOWN_WORDS or not token.isalpha():
        return token
    # Inflections of a keyword are not typos: "partners", "reports", "priced", "syncing".
    for suffix in ("s", "es", "ed", "d", "ing", "er", "ers"):
        if token.endswith(suffix) and token[: -len(suffix)] in KEYWORDS:
            return token
    index = _delete_index()
    dropped = index.get(token)
    if dropped is not None:  # the visitor dropped a letter
        # Dropping a keyword's first or last letter usually leaves another word ("sale",
        # "lead", "state" for "estate"); people rarely mistype the ends of a word.
        return token if token in (dropped[:-1], dropped[1:]) else dropped
    for i in range(len(token)):
        cand = token[:i] + token[i + 1 :]
        if cand in KEYWORDS and len(cand) >= 5:  # the visitor added a letter
            return cand
        hit = index.get(cand)
        if hit is not None and len(hit) == len(token):  # swapped or substituted a letter
            # A different last letter usually makes another real word ("store"/"story",
            # "managed"/"manager"), not a typo: only inner substitutions are corrected.
            if hit[:-1] == token[:-1]:
                continue
            return hit
    return token


def fold(text: str) -> str:
    """Lowercase and unify look-alike characters, keeping length 1:1 where possible."""
    out = unicodedata.normalize("NFC", text).lower()
    return out.translate(_FOLD_TABLE)


_FOLD_TABLE = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "～": "~",
        "≈": "~",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Text:
    """A message, its normalised form, and the offset map between them."""

    original: str
    norm: str
    # For each character of `norm`, the offset of the original character it came from.
    offsets: tuple[int, ...] = field(repr=False)
    tokens: tuple[str, ...] = field(repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-message offsets for the normalised span [start, end)."""
        if not self.offsets:
            return (0, 0)
        start = max(0, min(start, len(self.offsets) - 1))
        end = max(start + 1, min(end, len(self.offsets)))
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1
        # Extend to the end of the original token so a quote never cuts a word in half.
        while o_end < len(self.original) and (self.original[o_end].isalnum()):
            o_end += 1
        return (o_start, o_end)

    def quote(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e].strip()

    @cached_property
    def sentence_spans(self) -> tuple[tuple[int, int], ...]:
        return tuple(_sentence_spans(self.norm))


def normalise(message: str, product_names: frozenset[str] = frozenset()) -> Text:
    """Normalise `message`; tokens naming the product or company become the placeholder "§product",
    so cues never depend on one company's name."""
    folded = fold(message)
    if len(folded) != len(message):  # NFC changed the length: fall back to a 1:1 lowercase
        folded = message.lower().translate(_FOLD_TABLE)
        if len(folded) != len(message):
            folded = "".join(ch.lower()[:1] or ch for ch in message)
    parts: list[str] = []
    offsets: list[int] = []
    tokens: list[str] = []
    for m in _TOKEN_RE.finditer(folded):
        raw = m.group(0)
        core = raw.rstrip(_STRIP_TRAILING) if len(raw) > 1 else raw
        trail = raw[len(core) :]
        pieces: list[tuple[str, int, int]] = []
        if core:
            key = core.replace("’", "'")
            replacement = ABBREVIATIONS.get(key)
            # Emails and links are quoted from the original; in the normalised text they are one
            # placeholder word, so "dev" in "k@acme.dev" is never read as a developer.
            if key in product_names:
                replacement = "§product"
            elif "@" in key and "." in key:
                replacement = "§addr"
            elif key.startswith(("http", "www.")) or ("/" in key and _LINK_RE.search(key)):
                replacement = "§link"
            if replacement is None:
                corrected = correct_typo(key)
                replacement = corrected if corrected != key else None
            if replacement is not None:
                pieces.append((replacement, m.start(), m.start() + len(core)))
            else:
                pieces.append((core, m.start(), m.start() + len(core)))
        for j, ch in enumerate(trail):
            pieces.append((ch, m.start() + len(core) + j, m.start() + len(core) + j + 1))
        for piece, o_start, o_end in pieces:
            if parts:
                parts.append(" ")
                offsets.append(o_start)
            parts.append(piece)
            tokens.extend(piece.split())
            if len(piece) == o_end - o_start:
                offsets.extend(range(o_start, o_end))
            else:  # an expansion or correction: spread it over the original token
                width = max(1, o_end - o_start)
                offsets.extend(
                    o_start + min(i * width // max(1, len(piece)), width - 1) for i in range(len(piece))
                )
    return Text(original=message, norm="".join(parts), offsets=tuple(offsets), tokens=tuple(tokens))


def sentences(text: Text) -> Iterable[tuple[int, int]]:
    """Spans of `text.norm` split at sentence punctuation and line breaks."""
    return text.sentence_spans


_SENTENCE_END = fastre.compile(r"(?<![a-z0-9])[.!?;]+(?=\s|$)|\n")


def _sentence_spans(norm: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(norm):
        if m.start() > start:
            yield (start, m.end())
        start = m.end()
    if start < len(norm):
        yield (start, len(norm))
