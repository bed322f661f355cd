"""Company headcount and seat counts in a visitor's message: the `company_size` slot, by rules.

People type sizes in many shapes: "~250 ppl", "a 40 person fintech", "1.2k employees", "entre 30 et 50
personnes", "just me and my cofounder". Nothing here is a list of sentences. A number grammar finds every
number phrase (digits, words, approximations, ranges) with its offsets, then rules about the words around
each phrase decide what it counts: the company, the people who would use the product (seats), a
department, someone else's people, or nothing human at all (money, time, dates). Rules about structure,
not examples, are what let it carry over to conversations it has never seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from agent.understanding import fastre

__all__ = ["Quantity", "find_company_size", "find_seat_count", "parse_number"]


@dataclass(frozen=True)
class Quantity:
    """A count of people. `start`/`end` index the original message, so callers can quote the evidence;
    `approximate` is set by "~", "about", "-ish", "+", vague words and ranges (which give the midpoint)."""

    value: int
    start: int
    end: int
    approximate: bool


def _vocab(text: str) -> list[str]:
    # Vocabularies are written as space-separated text: easier to read and extend than quoted lists.
    return text.split()


def _alt(words: Iterable[str]) -> str:
    # Longest first, so that "seventeen" wins over "seven" inside one alternation.
    return "|".join(sorted(words, key=len, reverse=True))


def _trie(words: Iterable[str]) -> str:
    """One regex for a set of words, branching letter by letter: far faster to try than a flat list."""
    heads: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        heads.setdefault(w[0], []).append(w[1:])
    out = []
    for head, tails in heads.items():
        rest = [t for t in tails if t]
        sub = f"(?:{_trie(rest)})" + ("?" if "" in tails else "") if rest else ""
        out.append(re.escape(head) + sub)
    return "|".join(out)


# --- The number grammar. All patterns run on folded (lower-cased) text; see `_fold`. -----------------
_SMALL = {w: i for i, w in enumerate(_vocab(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"))}  # fmt: skip
_TENS = {w: 10 * i for i, w in enumerate(_vocab("twenty thirty forty fifty sixty seventy eighty ninety"), 2)}
_TENS["fourty"] = 40  # A common misspelling, worth one entry.
_VAGUE = {"couple": 2, "few": 3, "several": 5}
_SCALE = {"k": 1000, "thousand": 1000, "hundred": 100, "dozen": 12}

_TOK = (rf"(?:{_alt(_TENS)}|{_alt(_SMALL)}|hundred|thousand|dozen|few|several"
        r"|couple(?:[\s-]+of(?=[\s-]+(?:hundred|thousand|dozen)))?)\b")  # fmt: skip
# "and" may only follow a scale word ("hundred and fifty"); otherwise "between thirty and fifty" would
# read as eighty. Both scale words end in "d", which a fixed-width look-behind can check.
_WORDS = (rf"\b(?:(?:half[\s-]+)?an?[\s-]+(?=(?:hundred|thousand|dozen|few|couple)\b))?{_TOK}"
          rf"(?:(?:(?<=d)[\s-]+and[\s-]+|[\s-]+){_TOK})*")  # fmt: skip
# A digit number must not continue a word, an amount, a date, a time or a longer number ("GB123",
# "$399", "3/31", "14:30", "1.2.3"). "3,000", "3.000" and "3 000" are thousands; "1.2k" is a decimal.
_DIGITS = (r"(?<![\w$€£¥₹#+/:@])(?<!\d[.,])(?:\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+|\d+(?:[.,]\d+)?)"
           r"(?!\d|\.\d)(?:[\s-]*(?:k|thousand|hundred|dozen)\b)?")  # fmt: skip
_ONE = rf"(?:{_DIGITS}|{_WORDS})(?:[\s-]*ish\b|\+(?!\d)|\s+or\s+so\b|[\s-]+odd\b|-something\b)?"
# Words that make a number approximate ("about 50", "plus de 200"); a space stands for any whitespace.
_APPROX_WORDS = [*_vocab(
    "about around abt approx approximately roughly circa ca like maybe probably almost nearly some est "
    "over under environ presque unos unas aprox aproximadamente quase etwa ungefähr rund "
    "uns umas cerca ongeveer circa ca. zo'n rond quasi"),
    "close to", "just over", "just under", "more than", "less than", "fewer than", "plus de", "moins de",
    "cerca de", "más de", "mais de"]  # fmt: skip
_APPROX_RE = _alt(w.replace(" ", r"\s+") for w in _APPROX_WORDS)
_PRE = rf"(?:(?:[~≈∼～〜≃±<>≤≥]=?|\+/-|\b(?:{_APPROX_RE})\b\.?)\s*){{0,2}}"
_BETWEEN = r"(?:(?:somewhere|anywhere)\s+)?\b(?:between|entre|zwischen|tra|from)\s+"
_JOIN = r"(?:\s+(?:and|et|y|e|und|to)\s+|\s*[-–—&]\s*)"
_SEP = r"(?:\s*[-–—‑~∼]\s*|\s+(?:to|or|a|à|au|bis|até)\s+)"
# Only a digit, a symbol or one of these words can start a phrase. Checking that first lets the scan
# skip every other position of the message cheaply.
_STARTERS = [*_SMALL, *_TENS, *_SCALE, *_VAGUE, "half", "a", "an", "somewhere", "anywhere", "between",
             "entre", "zwischen", "tra", "from", *(w.split()[0] for w in _APPROX_WORDS)]  # fmt: skip
_PHRASE = fastre.compile(
    rf"(?=[\d~≈∼～〜≃±<>≤≥+a-z])(?=[\d~≈∼～〜≃±<>≤≥+]|\b(?:{_trie(_STARTERS)})\b)"
    rf"(?P<pre>{_PRE})(?:(?P<btw>{_BETWEEN})(?P<a>{_ONE}){_JOIN}{_PRE}(?P<b>{_ONE})"
    rf"|(?P<c>{_ONE})(?:{_SEP}{_PRE}(?P<d>{_ONE}))?)"
)
_SUFFIX = fastre.compile(r"(?:[\s-]*ish|\+|\s+or\s+so|[\s-]+odd|-something)$")
_SCALE_AT_END = fastre.compile(r"[\s-]*(k|thousand|hundred|dozen)$")
_GROUPED = fastre.compile(r"\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+")
_ROUGH_ONLY = fastre.compile(r"(?:an?\s+)?(?:couple|few|several)")
_GROWTH = fastre.compile(
    r"\b(?:grew|grown|grow(?:ing)?|went|gone|scaled?|scaling|doubled|expanded)\b[^.!?\n]{0,25}$"
)


def _fold(text: str) -> str:
    """Lower case with straight apostrophes, every character kept in place so offsets stay valid.

    Patterns then need no IGNORECASE, which makes them about three times faster.
    """
    low = text.lower()
    if len(low) != len(text):  # A few characters lower-case to two ("İ"); those are left as they are.
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("’", "'")


def _words_value(text: str) -> tuple[float, bool] | None:
    """The value of a number in words ("a hundred-and-fifty") and whether it is vague ("a few")."""
    total, cur, half, vague, prev = 0.0, 0.0, False, False, ""
    for tok in re.findall(r"[a-z]+", text):
        if tok in ("and", "of"):
            continue
        if tok == "half":
            half = True
        elif tok in ("a", "an"):
            cur = 1
        elif tok in _SMALL or tok in _TENS:
            # "twenty five" is one number; "five twenty" or "twenty eleven" is not.
            if prev in _SMALL or (prev in _TENS and (tok in _TENS or _SMALL[tok] >= 10)):
                return None
            cur += _SMALL.get(tok) or _TENS.get(tok, 0)
        elif tok in _VAGUE:
            cur, vague = _VAGUE[tok], True
        elif tok == "dozen":
            cur, vague = max(cur, 1) * 12, True
        elif tok == "hundred":
            cur = max(cur, 1) * 100
        elif tok == "thousand":
            total, cur = total + max(cur, 1) * 1000, 0
        else:
            return None
        prev = tok
    value = (total + cur) * (0.5 if half else 1)
    return (value, vague) if value > 0 else None


def _single(text: str) -> tuple[float, bool] | None:
    """The value of one number (no prefix, no range) and whether it was said loosely."""
    s = text.strip()
    suffix = _SUFFIX.search(s)
    if suffix:
        s = s[: suffix.start()]
    # "forty-something" is somewhere in the forties: the middle of the decade.
    bump = 5.0 if suffix and suffix.group(0) == "-something" else 0.0
    if not s[:1].isdigit():
        got = _words_value(s)
        return None if got is None else (got[0] + bump, got[1] or bool(suffix))
    scale = _SCALE_AT_END.search(s)
    if scale:
        s = s[: scale.start()]
    try:
        n = float(re.sub(r"\D", "", s)) if _GROUPED.fullmatch(s) else float(s.replace(",", "."))
    except ValueError:
        return None
    return n * (_SCALE[scale.group(1)] if scale else 1), bool(suffix)


@dataclass(frozen=True)
class _Num:
    value: float
    approximate: bool
    start: int  # where the phrase starts, approximation words included
    end: int
    text: str  # the number as written, for checks on its form


def _measure(m: re.Match[str]) -> _Num | None:
    """The value of a `_PHRASE` match: a range gives its midpoint, "grew from 50 to 200" its end."""
    a, b = ("a", "b") if m.group("a") else ("c", "d")
    first = _single(m.group(a))
    if first is None:
        return None
    second = _single(m.group(b)) if m.group(b) else None
    if second is not None:
        lo, hi = first[0], second[0]
        scale = _SCALE_AT_END.search(m.group(b))
        if scale and not _SCALE_AT_END.search(m.group(a)) and lo * _SCALE[scale.group(1)] < hi:
            lo *= _SCALE[scale.group(1)]  # "1-2k" means 1,000 to 2,000.
        if lo < hi:
            grew = (m.group("btw") or "").startswith("from")
            if grew and _GROWTH.search(m.string, max(0, m.start() - 40), m.start()):
                return _Num(hi, bool(m.group("pre")), m.start(), m.end(), m.group(0))
            return _Num((lo + hi) / 2, True, m.start(), m.end(), m.group(0))
    return _Num(first[0], bool(m.group("pre")) or first[1], m.start(), m.end(a), m.group(a))


def parse_number(text: str) -> float | None:
    """The value of a standalone number expression ("1.2k", "a few hundred", "~40-50"), else None."""
    m = _PHRASE.fullmatch(_fold(text).strip().rstrip(".!?").strip())
    got = _measure(m) if m else None
    return got.value if got is not None and m is not None and got.end == m.end() else None


# --- What the words around a number say it counts. ---------------------------------------------------
_COMPANY_UNITS = frozenset(_vocab(
    "people ppl pple ppls peeps peep poeple persons person pers employees employee empl emps staff "
    "staffers staf heads headcount fte ftes folks humans souls workers colleagues personnel personas "
    "personnes salariés salaries employés empleados trabajadores colaboradores collaborateurs "
    "mitarbeiter mitarbeitende mitarbeitenden angestellte beschäftigte leute personen funcionários "
    "funcionarios pessoas dipendenti persone medewerkers werknemers mensen"))  # fmt: skip
_SEAT_UNITS = frozenset(
    _vocab("users user usres usrs seats seat licenses licences license licence logins login")
)
# Typos are accepted for long unit words only: one edit away from a short word is too often another word.
_FUZZY = {"company": ("people", "persons", "person", "employees", "employee", "colleagues", "personnel"),
          "seat": ("licenses", "licences", "logins")}  # fmt: skip
_NOT_UNITS = frozenset({"employer", "employers", "employed", "persona", "personal", "peoples"})
_MODS = (r"full|part|time|full-time|fulltime|part-time|ft|pt|total|global|remote|permanent|perm|core|"
         r"local|in-house|inhouse|onsite|paid|salaried|awesome|amazing|great|talented|wonderful|real|"
         r"actual|active|current|team|staff|named")  # fmt: skip
# The unit right after the number; failing that, after a modifier ("full-time employees") or after
# another noun joined by "and" ("45 agents and staff").
_UNITS = (
    fastre.compile(r"[\s-]*(?P<mods>)(?P<unit>[^\W\d_]+)"),
    fastre.compile(rf"[\s-]*(?P<mods>(?:(?:{_MODS})[\s-]+){{1,2}})(?P<unit>[^\W\d_]+)"),
    fastre.compile(r"\s+[^\W\d_]+\s*(?:and|&|\+)\s*(?P<mods>)(?P<unit>[^\W\d_]+)"),
)
_OF_US = fastre.compile(r"\s+of\s+us\b")
_SOLO_NOUN = fastre.compile(
    r"[\s-]+(?:company|business|shop|startup|agency|team|firm|operation|show|band|studio)"
)

_DEPT = (r"(?:marketing|mktg|mkt|sales|growth|rev\s?ops|revenue|ops|operations|engineering|eng|dev|"
         r"development|product|design|finance|accounting|support|cs|customer\s+success|success|hr|"
         r"people\s+ops|data|analytics|legal|content|demand\s*gen|brand|seo|sdrs?|bdrs?|creative|comms"
         r"|cx)")  # fmt: skip
_ROLE = (r"(?:head|lead|leader|manager|mgr|director|vp|svp|cmo|cro|cto|cfo|coo|chief|in\s+charge|"
         r"i\s+(?:run|manage|lead|oversee)|my)")  # fmt: skip
_DEPT_OR_ROLE = fastre.compile(rf"\b(?:{_DEPT}|{_ROLE})\b")

# Money, identifiers and times around a number: "$399", "v2", "+90 555", "399 a month", "22%", "10am".
_BAD_BEFORE = fastre.compile(
    r"(?:[$€£¥₹#]|\b(?:usd|eur|gbp|chf|cad|aud|inr|rs|v|ver|version))\.?\s*$|\d[\s\-.()/]{0,2}$"
)
_BAD_AFTER = fastre.compile(
    r"[:/.,]\d|[\s\-.()/]{0,2}\d|\s*(?:%|percent|pct|prozent|pour\s*cent|por\s*ciento)|\s*/"
    r"|\s*(?:am|pm|a\.m|p\.m|h\d*|hrs?|hours?|x|st|nd|rd|th|s)\b"
    r"|\s*(?:per|a|an|each)\s+(?:month|mo|year|yr|week|day|seat|user|head)\b"
    r"|\s*(?:[€$£]|(?:usd|eur|gbp|dollars?|bucks|euros?)\b)"
)
# Who would use the product: "for 20 people", "for a team of 10", "licences for 30", "we'd have 40 ppl".
_SEAT_BEFORE = fastre.compile(
    r"(?:\bfor(?:\s+(?:a|an|our|my|the)\s+(?:[\w-]+\s+)?team\s+of)?"
    r"|\b(?:we'?d|we\s+would|would|might)\s+(?:probably\s+)?(?:have|need|want|add|onboard)"
    r"|\b(?:we'?ll|we\s+will)\s+(?:probably\s+)?(?:need|want|add|onboard))\s*$"
)
# ... or, after the people: "30 ppl wanting access", "~40 ppl across sales + marketing wanting in".
_SEAT_CUE = fastre.compile(
    r"\b(?:want\w*|need\w*|requir\w*)\s+(?:in\b|access|seats?|log-?ins?|licen[cs]es?|accounts?"
    r"|to\s+(?:use|access|log|get\s+in|be\s+on|see))"
    r"|\b(?:would|will|'d|'ll|going\s+to|gonna|who)\s+(?:be\s+)?(?:use|using|log|need\s+access|access)\b"
    r"|\busing\s+(?:it|this|that|the\s+(?:tool|platform|product|app))\b|\bto\s+(?:use|access)\b"
    r"|\b(?:seats?|log-?ins?|licen[cs]es?|user\s+accounts?|access)\b"
    r"|\bon\s+(?:the|this|your|a)\s+(?:tool|platform|plan|product|app|dashboard|account)\b"
)
_CLAUSE_END = fastre.compile(r"[.!?;,\n]|\bbut\b|\bso\b|\band\s+(?:we|i|our|they|it)\b")
# ... and with no unit at all: "20 would use it", "10 of them need logins".
_BARE_SEAT = fastre.compile(
    r"\s+(?:of\s+(?:us|them)\s+)?(?:would|will|'d|might|need|want)\w*\s+(?:\w+\s+)?"
    r"(?:use|access|log|seats?|logins?|licen[cs]es?|in\b)"
)
# A plan's limit is not the visitor's count: "growth caps at 25 seats", "includes up to 5 seats".
_PLAN_LIMIT = fastre.compile(
    r"\b(?:caps?|capped|tops?\s+out|max(?:es)?\s+out|limit(?:ed)?|max(?:imum)?|up|includes?|included"
    r"|allows?|says|comes\s+with)(?:\s+(?:at|to|of|out\s+at|with))?\s*$"
)
# A department's size, not the company's: "my team is 5 people", "our sales team of 3", "i manage 4".
_DEPT_BEFORE = fastre.compile(
    rf"(?:\bmy\s+(?:[\w-]+\s+){{0,2}}|\b{_DEPT}\s+)(?:team|dept|department|group|squad|org|function)\b"
    r"(?:\W+(?:is|are|has|of|was|size|totals?|just|only|we'?re|we\s+are|currently|now))*\W*$|\bmy\s*$"
    r"|\b(?:manag|lead|overse|supervis)\w*\s+(?:a\s+(?:[\w-]+\s+)?team\s+of\s*)?$"
)
# ... and other people after the number: "5 people in sales", "2 people from your team", "300 people at
# our webinar", "3 people asked".
_DEPT_AFTER = fastre.compile(
    rf"[\s-]+(?:{_DEPT}\s*(?:&|and|\+|/)?\s*){{1,3}}(?:team|dept|department|function|org|squad|group)\b"
    rf"|\s+(?:in|on|across|within|from|of)\s+(?:(?:the|my|our|your)\s+)?{_DEPT}\b"
    r"|\s+(?:on|in)\s+my\s+(?:[\w-]+\s+)?(?:team|dept|department|group|squad|org)\b"
    r"|\s+(?:report\w*\s+to\s+me|under\s+me)|\s+(?:on|in|at|from|to)\s+your\b"
    r"|\s+(?:from|who|asked|told|said|mentioned|recommended|attend\w*|joined|registered|signed|clicked"
    r"|visited|showed)\b"
    r"|\s+(?:at|in|on|to|for)\s+(?:our|the|a|this|that|each|every|my)\s+(?:[\w-]+\s+)?(?:event|webinar"
    r"|conference|meetup|session|demo|call|meeting|workshop|launch|booth|show|list|newsletter|waitlist"
    r"|campaign)s?\b"
)
# Their customers' size, or a change in headcount, is not their headcount.
_OTHERS_BEFORE = fastre.compile(
    r"\b(?:companies|businesses|firms|(?:client|customer|buyer|prospect|target|icp|account)s?|employers"
    r"|orgs|organi[sz]ations|brands|agencies|startups|practices|schools|hospitals|teams)\s+"
    r"(?:(?:with|of|that\s+have|having|have|has|are|is|sized?|like)\s+)?$"
    r"|\b(?:hir(?:e|es|ed|ing)|recruit\w*|add(?:ing)?|onboard\w*|lay(?:ing)?\s+off|laid\s+off|let\s+go"
    r"|cut\w*|fir(?:e|ed|ing))\s+(?:another\s+)?$"
)
# More people on top of those already counted ("another ~30 people", "an extra 20") are seats, not a headcount.
_MORE_BEFORE = fastre.compile(
    r"\b(?:another|an\s+(?:extra|additional)|additional|extra|(?:a\s+)?further)\s+$"
)
# A seat request said before the people: "sales and marketing both want seats, like 30 people".
_SEAT_BEFORE_CLAUSE = fastre.compile(
    r"\b(?:seats?|licen[cs]es?|log-?ins?|user\s+accounts?|wants?\s+in|want\s+access|needs?\s+access)\b"
    r"[^.!?;\n]{0,24}$"
)
# The total among several counts: "40 lawyers + staff so ~65 people all in", "i.e. 120 in total".
_TOTAL_AFTER = fastre.compile(
    r"\s*(?:all[\s-]+in|in\s+total|total|overall|altogether|all\s+told|combined|all\s+together|in\s+all)\b"
)
_TOTAL_BEFORE = fastre.compile(
    r"(?:\bso|\bi\.?e\.?|\bthat'?s|\bwhich\s+makes|\bmaking|\bor\s+rather|\bmake\s+that|=|→|->)\s*$"
)
# A loose size refined at once by a precise one: "just under a hundred people, 85ish", "a few dozen, 36".
_REFINE = fastre.compile(
    r"\s*(?:,|\(|-|–|—|:)\s*(?:(?:so|i\.?e\.?|exactly|precisely|actually|more\s+like)\s+)?"
)
_REFINE_END = fastre.compile(
    r"\s*(?:\)|$|[.,;!?]|to\s+be\s+(?:exact|precise)|exactly|precisely|as\s+of\b|at\s+the\s+moment|right\s+now"
    r"|today|currently|atm|rn|now|if\s+you\s+want\s+(?:the\s+)?exact)"
)
# A loose bare number set right after a description of the company is its size: "a consultancy in lisbon,
# about 120", "b2b saas, ~80". Without the approximation word it could as well be a price or a year.
_COMPANY_DESCRIBED = fastre.compile(
    r"\b(?:company|firm|startup|scale-?up|agency|consult\w*|business|shop|studio|saas|fintech|manufacturer|"
    r"marketplace|retailer|brand|provider|vendor|practice|software|house|group|co|inc|ltd|gmbh|llc|empresa|azienda|entreprise|unternehmen|firma|consultora|"
    r"sociedad|soci[eé]t[eé]|ag[eê]ncia|agencia|startup)\b[^.!?;:\d]{0,30},\s*$"
)
_ISH = fastre.compile(r"ish|odd")
_YEAR = fastre.compile(r"(?:19|20)\d\d")
_BARE_END = fastre.compile(r"\s*(?:$|[.!?;)]|,\s*(?:we|i|and|but|so)\b)")
_TEAM_OF = fastre.compile(r"\bteam\s+of\s*$")
_TEAM_AFTER = fastre.compile(r"[\s-]+team\b")
# Words that name a headcount without a unit after the number: "headcount is 90", "a company of 50".
_HEAD_BEFORE = fastre.compile(
    r"\b(?:head\s?-?count|(?:company|org(?:ani[sz]ation)?|team)\s+size|(?:employee|staff)\s+count"
    r"|(?:number|no|#)\.?\s+of\s+(?:employees|staff|people|ppl)|(?:total\s+)?employees|staff|workforce"
    r"|employ(?:s|ing)?)(?:\s*(?:is|are|was|of|:|=|-|–|at|sits\s+at|'s))*\s*$"
    r"|\b(?:company|firm|business|startup|agency|shop|org(?:ani[sz]ation)?|workforce|staff|crew|outfit"
    r"|consultancy|studio|practice|brokerage|provider|vendor|manufacturer|marketplace|retailer|fintech|saas"
    r"|scale-?up|bank|insurer|lender|publisher|nonprofit|charity|hospital|clinic|school|group)\s+of\s*$"
)
_STRONG_AFTER = fastre.compile(r"[\s-]*strong\b")
_WE_ARE = fastre.compile(
    r"\b(?:we'?re|we\s+are|we\s+r|somos|nous\s+sommes|on\s+est|wir\s+sind|siamo)"
    r"(?:\s+(?:just|only|currently|now|still))*\s*$"
)
_JUST = fastre.compile(r"\b(?:just|only)\s*$")
# After a bare number (no unit), only words that cannot be a unit: "about 50, fintech", "~200 in total".
_BARE_OK = fastre.compile(
    r"\s*$|\s*[^\w\s]|\s+(?:or|ish|in|at|i|i'm|im|we|we're|but|total|overall|globally|worldwide|give|so"
    r"|rn|now|today|atm|currently|lol|lmao|haha|tbh|maybe|roughly|approx\w*|and|plus|right|across"
    r"|including|incl|max|tops|odd|thereabouts|y|et|und|e|en|da|mais|más)\b"
)
# In a bare answer, a number after these is a day, a time, a year or an item, not a size.
_BAD_BEFORE_BARE = fastre.compile(
    r"(?:@|\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|jan|feb|mar|apr|jun|jul"
    r"|aug|sept?|oct|nov|dec|january|february|march|april|june|july|august|september|october|november"
    r"|december|at|by|until|till|til|before|after|since|in|from|for|step|page|option|number|no|nr|room|ext"
    r"|plan|tier|the|of|q[1-4]|fy|lundi|mardi|mercredi|jeudi|vendredi|lunes|martes|mi[ée]rcoles|jueves"
    r"|viernes|montag|dienstag|mittwoch|donnerstag|freitag|segunda|ter[çc]a|quarta|quinta|sexta))\W*$"
)
# The smallest companies, in words: "just me and my cofounder", "just me and 3 contractors", "solo founder".
_SOLO = fastre.compile(
    r"\b(?P<two>(?:just|only|it'?s|its|it\s+is)\s+(?:just\s+|only\s+)?me\s*(?:and|&|\+|n)\s*"
    r"(?:my\s+|a\s+|one\s+)?(?:co-?\s?founder|(?:business\s+)?partner|wife|husband|brother|sister|friend"
    r"|colleague|dad|mom|cto|ceo|dev|developer|designer|assistant)\b|just\s+the\s+two\s+of\s+us)"
    r"|(?P<plus>(?:just|only|it'?s)\s+(?:just\s+|only\s+)?me\s*(?:and|&|\+|plus)\s*"
    rf"(?P<n>{_ONE})\s+(?:others?|more|people|ppl|employees|staff|devs?|developers|engineers|contractors"
    r"|freelancers|guys|folks|part[\s-]?timers)\b)"
    r"|(?P<one>\bsolo[\s-]?(?:founder|entrepreneur|operator|consultant|dev|developer|business|marketer)\b"
    r"|\bsolopreneur|\bone[\s-](?:man|woman|person)[\s-](?:band|show|shop|operation|business|company"
    r"|startup|agency)\b|\bteam\s+of\s+one\b|\bsole\s+(?:trader|proprietor)|\bi\s+work\s+(?:alone|solo"
    r"|by\s+myself)|\b(?:just|only)\s+me\b(?!\s*(?:or|and|&|\+|n\b|,?\s*(?:asking|looking|checking"
    r"|wondering|browsing|curious|reading|doing|researching|exploring|here\s+to))))"
)
# Plain substring tests are much cheaper than a regex scan; `_SOLO` can only match if one is present.
_SOLO_HINTS = ("just me", "only me", "it's me", "its me", "it is me", "two of us", "solo", "sole ", "one-",
               "one ", "alone", "myself")  # fmt: skip
_IS_IT = fastre.compile(r"\b(?:is|was)\s+it\s*$")


def _one_edit(a: str, b: str) -> bool:
    """True when `a` is `b` with at most one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
        return a[i + 1 :] == b[i + 1 :] or swapped
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


def _unit_kind(word: str, mods: str) -> str | None:
    if word == "members" and mods.rstrip(" -").endswith(("team", "staff")):
        return "company"
    if word in _NOT_UNITS:
        return None
    if word in _COMPANY_UNITS:
        return "company"
    if word in _SEAT_UNITS:
        return "seat"
    for kind, targets in _FUZZY.items():
        if len(word) >= 5 and any(_one_edit(word, t) for t in targets):
            return kind
    return None


def _unit_at(t: str, pos: int) -> tuple[str | None, int, str]:
    """What the number ending at `pos` counts, by the words after it: (kind, end of those words, unit).

    The kind is "company" (people, employees...), "seat" (users, seats...), "us" ("60 of us") or None.
    """
    for pattern in _UNITS:
        unit = pattern.match(t, pos)
        if unit and (kind := _unit_kind(unit.group("unit"), unit.group("mods"))):
            return kind, unit.end(), unit.group("unit")
    of_us = _OF_US.match(t, pos)
    return ("us", of_us.end(), "us") if of_us else (None, pos, "")


def _ends(pattern: fastre.Regex, t: str, pos: int, width: int = 48) -> re.Match[str] | None:
    # Searching a bounded window keeps each look-back cheap; `pos`/`endpos` keep offsets absolute and let
    # `\b` see the real character before the window.
    return pattern.search(t, max(0, pos - width), pos)


def _clause(t: str, pos: int) -> str:
    end = _CLAUSE_END.search(t, pos, pos + 60)
    return t[pos : end.start() if end else pos + 60]


def _sentence_before(t: str, pos: int) -> str:
    return t[max(t.rfind(c, 0, pos) for c in ".!?\n") + 1 : pos][-60:]


@lru_cache(maxsize=256)
def _counts(message: str, expecting: bool) -> tuple[tuple[str, int, Quantity], ...]:
    # Callers usually ask for the company size and the seat count of the same message in a row.
    return tuple(_candidates(message, expecting))


def _candidates(message: str, expecting: bool) -> Iterator[tuple[str, int, Quantity]]:
    """Every count in the message as (kind, tier, quantity): kind "company" or "seat", tier 0 strongest."""
    t = _fold(message)
    for m in _PHRASE.finditer(t):
        num = _measure(m)
        if num is None or not 1 <= num.value <= 3_000_000:
            continue
        s, e, value, approx = num.start, num.end, int(num.value + 0.5), num.approximate
        if _BAD_AFTER.match(t, e) or _ends(_BAD_BEFORE, t, s, 10):
            continue
        kind, tail, unit = _unit_at(t, e)
        # Cheap checks on what follows come first: most numbers in a chat are prices, times or dates.
        strong = None
        if kind == "seat":
            if not _ends(_PLAN_LIMIT, t, s, 24):
                yield "seat", 0, Quantity(value, s, tail, approx)
            continue
        if kind is None:
            bare_ok, strong = _BARE_OK.match(t, e), _STRONG_AFTER.match(t, e)
            if _BARE_SEAT.match(t, e) or (bare_ok and _ends(_SEAT_BEFORE, t, s, 40)):
                yield "seat", 0, Quantity(value, s, e, approx)
                continue
            if not (bare_ok or strong):
                continue
        elif _ends(_SEAT_BEFORE, t, s, 40) or _SEAT_CUE.search(_clause(t, tail)):
            yield "seat", 0, Quantity(value, s, tail, approx)
            continue
        if _ends(_OTHERS_BEFORE, t, s) or _ends(_DEPT_BEFORE, t, s) or _DEPT_AFTER.match(t, tail):
            continue
        if kind == "company" and (_ends(_MORE_BEFORE, t, s, 24) or _ends(_SEAT_BEFORE_CLAUSE, t, s, 40)):
            yield "seat", 0, Quantity(value, s, tail, approx)
            continue
        # "we're a team of 12" is the company; "head of marketing, team of 3" is the department.
        team_of = _ends(_TEAM_OF, t, s, 12)
        start = team_of.start() if team_of else s
        in_team = team_of or (kind == "company" and _TEAM_AFTER.match(t, tail))
        if in_team and _DEPT_OR_ROLE.search(_sentence_before(t, start)):
            continue
        # "a couple people asked" is no headcount, but "we're a few people" is.
        rough = _ROUGH_ONLY.fullmatch(num.text.strip()) is not None
        if kind == "company":
            if value == 1 and unit in ("person", "employee") and not _SOLO_NOUN.match(t, tail):
                continue  # "can one person set it up?" is not a one-person company.
            if not rough or _ends(_WE_ARE, t, s, 32) or _ends(_JUST, t, s, 8):
                yield "company", 0, Quantity(value, start, tail, approx)
        elif kind == "us":
            if value >= 2:  # "one of us" is a person, not a count.
                yield "company", 1, Quantity(value, s, tail, approx)
        elif strong:
            yield "company", 0, Quantity(value, s, strong.end(), approx)
        elif head := _ends(_HEAD_BEFORE, t, s, 40):
            yield "company", 0, Quantity(value, head.start(), e, approx)
        elif team_of or (not rough and _ends(_WE_ARE, t, s, 32)):
            yield "company", 1, Quantity(value, start, e, approx)
        elif (expecting and not _ends(_BAD_BEFORE_BARE, t, s, 24)) or (
            m.group("pre")
            and not rough
            and not _YEAR.fullmatch(num.text.strip())
            and _ends(_COMPANY_DESCRIBED, t, s, 60)
            and _BARE_END.match(t, e)
        ):
            yield "company", 2, Quantity(value, s, e, approx)
    squeezed = " ".join(t.split())
    for solo in _SOLO.finditer(t) if any(h in squeezed for h in _SOLO_HINTS) else ():
        others = _single(solo.group("n")) if solo.group("plus") else (1.0, False)
        if others is not None and not _ends(_IS_IT, t, solo.start(), 10):  # "is it just me or..."
            value = 1 + int(others[0]) if solo.group("plus") or solo.group("two") else 1
            yield "company", 1, Quantity(value, solo.start(), solo.end(), others[1])


def find_company_size(message: str, *, expecting_size: bool = False) -> Quantity | None:
    """The company's headcount, if the message states it.

    A phrase with an explicit unit ("40 person", "~250 ppl", "headcount is 90") wins over a weaker one
    ("team of 12", "60 of us", "just me"); among equals, the first in the message wins. With
    `expecting_size` (the agent just asked for the size) a bare number or range ("about 50") counts too.
    """
    found = [(tier, q.start, q) for kind, tier, q in _counts(message, expecting_size) if kind == "company"]
    if not found:
        return None
    t = _fold(message)
    # Among several counts, one marked as the total wins ("40 lawyers + staff so ~65 people all in").
    best = min(found, key=lambda f: (f[0], not _is_total(t, f[2]), f[1]))[2]
    return _refined(t, best) or best


def _is_total(t: str, q: Quantity) -> bool:
    return bool(_TOTAL_AFTER.match(t, q.end) or _ends(_TOTAL_BEFORE, t, q.start, 16))


def _refined(t: str, q: Quantity) -> Quantity | None:
    """A precise number set right after a loose size, close to it, restates it: that number is the size."""
    if not q.approximate:
        return None
    sep = _REFINE.match(t, q.end)
    if not sep or sep.end() == q.end:
        return None
    m = _PHRASE.match(t, sep.end())
    num = _measure(m) if m else None
    if m is None or num is None or num.end != m.end():
        return None
    # Another loose number is no refinement, unless it is loose only by "-ish" ("85ish").
    if num.approximate and not _ISH.search(num.text):
        return None
    if _unit_at(t, num.end)[0] is not None or not _REFINE_END.match(t, num.end):
        return None
    value = int(num.value + 0.5)
    if not q.value * 0.6 <= value <= q.value * 1.5 or value == q.value:
        return None
    return Quantity(value, q.start, num.end, num.approximate)


def find_seat_count(message: str) -> Quantity | None:
    """How many people would use the product ("~15 users", "30 ppl wanting access"), if stated."""
    found = [q for kind, _tier, q in _counts(message, False) if kind == "seat"]
    return min(found, key=lambda q: q.start) if found else None
