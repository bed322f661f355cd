"""Slot extraction: company size, industry, role, email, name and problem, each with its span.

Industry and role cues are only taken as the visitor's own when the sentence structure says so:
"we're a 40 person fintech" describes the visitor, "we sell to banks", "ERP for manufacturers"
or "our CFO will want to see it" describe somebody else.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from agent.labels import Industry, Role
from agent.understanding import fastre
from agent.understanding.cues import PAIN_MORE
from agent.understanding.lexicon import INDUSTRY_RES, ROLE_RES, TOOLS
from agent.understanding.numbers import find_company_size
from agent.understanding.text import Text, sentences


@dataclass(frozen=True)
class Found:
    value: int | str | bool
    start: int  # offsets into the normalised text, or the original message if `in_original`
    end: int
    in_original: bool = False


# --- industry ----------------------------------------------------------------------------------

# A cue after one of these, in the same clause, describes the visitor's customers, not them.
_CUSTOMER_CLAUSE = fastre.compile(
    r"\b(?:sells?|selling|sold) (?:\w+ ){0,5}?to\b|\bfor (?!a\b|an\b|the\b|my\b|our\b)|\bserv(?:e|ing|es)\b|"
    r"\bcustomers? (?:are|is|include)\b|\bclients? (?:are|is|include)\b|\bused by\b|\bto (?=\w+s\b)|"
    r"\bwork with\b|\bpartner\w* with\b|\bhelp\b"
)
# A cue right after one of these is about other companies ("who else in fintech", "other saas cos").
_OTHERS_BEFORE = fastre.compile(
    r"(?:\bother|\belse in|\bany|\beach|\bevery|\bsimilar|\blike|\b(?:else|customers|companies|anyone|clients|teams|firms|brands) in|\bnot|\bthan|\bour|\bmy|\btheir|\byour|"
    r"\b(?:case stud\w+|stor(?:y|ies)|example|references?|customers?|one) (?:from|in|at) an?) $"
)
# "for the japan office of a software company": an article after the trigger makes it the visitor's own.
_SELF_AGAIN = fastre.compile(r"\b(?:at|of|for|with|in) (?:a|an)\b")
_CLAUSE_BREAK = fastre.compile(r"[,.;:()!?]|\band\b(?= (?:we|i)\b)| - ")
_SELF_REF = fastre.compile(
    r"\b(?:we|we're|were|we are|our company|i|i'm|i am|my company|us|me|my)\b|\b(?:at|for|of) an?\b|"
    r"\b(?:company|firm|startup|business|shop|provider|agency|co)\b|\b\d+ (?:person|people|employees|staff)\b|"
    r"\b(?:pricing|discount|plan) for\b|\b(?:education|nonprofit|government|student) (?:pricing|discount|plan)\b"
)


def _clause_starter(norm: str) -> Callable[[int], int]:
    """Where the clause holding a position starts; the breaks are found once per message."""
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(norm)]
    starts = [b[0] for b in breaks]

    def start_of(pos: int) -> int:
        # The last break lying wholly before `pos`.
        i = bisect_right(starts, pos - 1)
        while i > 0 and breaks[i - 1][1] > pos:
            i -= 1
        return breaks[i - 1][1] if i else 0

    return start_of


# "our martech budget", "a fintech stack", "CRYPTO SIGNALS": the word modifies something else.
_MODIFIER_AFTER = fastre.compile(
    r" ?(?:budgets?|stack|tools?|spend|vendors?|signals?|news|market|space|data|ads?|events?|deals?|accounts?|"
    r"customers?|clients?|buyers?|prospects?|leads?|verticals?|trade (?:mags?|magazines?|press|shows?|publications?)|"
    r"mags?|magazines?|publications?|conferences?|terms|methods?|options?)\b"
)
# "at an ERP vendor", "we're a payments provider": after an article the vendor is the visitor's company.
_OWN_VENDOR = fastre.compile(r" ?(?:vendor|provider)\b")
_ARTICLE_BEFORE = fastre.compile(r"\b(?:an?|the) (?:[\w-]+ ){0,2}$")
# "which mostly means we're a brokerage", "basically a consultancy": a restatement is the more specific.
_RESTATED = fastre.compile(
    r"\b(?:means?|basically|really|actually|essentially|technically|in reality|in practice|more like|"
    r"more of|at heart|at (?:our|its) core|under the hood|i ?e)\b(?: [\w']+){0,3} $"
)


def find_industry(text: Text, expecting: bool = False, identity: bool = False) -> Found | None:
    """The visitor's own industry. `identity` says the message also states a role or a headcount,
    which makes a company description ("Mid-size insurer") the visitor's own."""
    norm = text.norm
    self_described = expecting or identity or bool(_SELF_REF.search(norm)) or len(text.tokens) <= 6
    best: tuple[int, int, Found] | None = None
    matches = [
        (pattern, industry, weight, list(pattern.finditer(norm)))
        for pattern, industry, weight in INDUSTRY_RES
    ]
    heads = sorted(
        (m.start(), industry) for _p, industry, _w, ms in matches for m in ms if m.group(0) not in _NOT_HEADS
    )
    head_starts = [h[0] for h in heads]
    clause_start = _clause_starter(norm)
    for _pattern, industry, weight, found in matches:
        for m in found:
            cstart = clause_start(m.start())
            before = norm[cstart : m.start()]
            triggers = list(_CUSTOMER_CLAUSE.finditer(before))
            if triggers and not _SELF_AGAIN.search(before[triggers[-1].end() :]):
                continue
            if _OTHERS_BEFORE.search(norm[max(0, m.start() - 30) : m.start()]):
                continue
            w = weight
            # "agency" alone is professional services, but a government or real-estate agency is not.
            if industry == "professional_services" and m.group(0) in ("agency", "agencies"):
                w = 2
            if not self_described:
                continue
            modifier = _MODIFIER_AFTER.match(norm, m.end())
            if modifier and not (
                _OWN_VENDOR.match(norm, m.end())
                and _ARTICLE_BEFORE.search(norm, max(0, m.start() - 30), m.start())
            ):
                continue
            # "software engineer", "finance manager": the industry word is part of a job title.
            if (
                re.match(
                    r" ?(?:engineer|developer|architect|manager|director|lead|analyst)\b",
                    norm[m.end() : m.end() + 12],
                )
                and industry in ("software", "fintech")
                and m.group(0) in ("software", "finance")
            ):
                continue
            # "a dental software startup", "payroll + HR software", "logistics software company": the
            # head noun of the phrase decides, so a cue directly followed by a software cue yields to it.
            if industry != "software" and _SOFTWARE_HEAD.match(norm, m.end()):
                continue
            # "a cybersecurity consultancy", "healthcare staffing": another industry's cue right after, with
            # at most two describing words between, is the head noun of the phrase and decides.
            near = heads[bisect_right(head_starts, m.end()) : bisect_left(head_starts, m.end() + 41)]
            if any(
                h_ind != industry and _GAP_RE.fullmatch(norm, m.end(), h_start) for h_start, h_ind in near
            ):
                continue
            # "Halden Payroll", "Acme Insurance": a cue inside a capitalised company name is only a hint.
            if _in_proper_name(text, m.start(), m.end()):
                w = 1
            if _RESTATED.search(norm, max(0, m.start() - 40), m.start()):
                w += 2
            cand = (w, -m.start(), Found(industry, m.start(), m.end()))
            if best is None or cand[:2] > best[:2]:
                best = cand
    return best[2] if best else None


# Up to two describing words may sit between a cue and the head noun: "freight visibility software".
_GAP = r"(?: (?!(?:company|firm|business|that|which|who|with|for|to|we|our|using|uses|use|on|in|at|of|is|are|and)\b)[\w-]+){0,2}"
_SOFTWARE_HEAD = fastre.compile(
    rf"(?: (?:\+|&|and|/) \w+)?{_GAP} (?:software|saas|app|platform company|tech company)\b(?! (?:consultanc|agenc|firm|reseller))"
)
_GAP_RE = fastre.compile(rf"{_GAP} ")
# Words too ambiguous to head a phrase: a "government agency", an "insurance brokerage".
_NOT_HEADS: Final[frozenset[str]] = frozenset({"agency", "agencies", "brokerage"})


def _in_proper_name(text: Text, start: int, end: int) -> bool:
    """The cue is a capitalised word right after another capitalised word that does not start a sentence."""
    o_start, _ = text.span(start, end)
    orig = text.original
    if not orig[o_start : o_start + 1].isupper() or orig[o_start : o_start + 3].isupper():
        return False
    before = orig[max(0, o_start - 40) : o_start]
    prev = re.search(r"(?:^|[\s(])([A-Z][a-z][\w&'-]*)\s+$", before)
    if not prev:
        return False
    ahead = before[: prev.start(1)].rstrip()
    return (
        bool(ahead)
        and not ahead.endswith((".", "!", "?", ":", "\n"))
        and not before[: prev.start(1)].endswith("\n")
    )


# --- role --------------------------------------------------------------------------------------

_OTHER_OWNER = fastre.compile(
    r"\b(?:our|my|the|your|their|his|her|whoever|a|an|whom|with|to|for|by|of the|applied for the)"
    r"(?: \w+){0,2} $"
)
_FIRST_PERSON = fastre.compile(
    r"(?:\bi'm|\bi am|\bim|\bas|\bi work as|\bi work in|\bmy (?:role|title|job) is|\bi (?:run|lead|head|do|manage|own|"
    r"oversee|handle|look after|work in|am in)(?: up)?|\bje suis|\bsoy|\bich bin|\bsou|\bi'm in|\bi serve as|"
    r"\bi(?:'m| am) (?:working|employed|currently) as|\bsono|\bich (?:leite|verantworte|mache)|\bje (?:dirige|g[eè]re)|"
    r"\bje m'occupe (?:du|de la|des)|\b(?:llevo|dirijo|lidero|gestiono|coordino|dirigo|coordeno)|"
    r"\bmi occupo (?:del|della|di)|\bme encargo de(?:l)?|\bcuido d[oa])"
    r"(?: (?:a|an|the|one of the|just|currently|also|in|the|our|senior|sr))* ?$"
)
# Title words around a department cue: "head of revops", "revops manager".
_TITLE_BEFORE = fastre.compile(
    r"(?:(?:senior|sr|junior|jr|global|regional|interim|acting|associate) )*(?:head|vp|svp|evp|director|manager|lead|"
    r"chief|team lead) (?:of )?$"
)
_SENIORITY_BEFORE = fastre.compile(
    r"(?:(?:senior|sr|junior|jr|global|regional|associate|assistant|deputy|interim|acting|group|principal|staff) )+$"
)
_TITLE_AFTER = fastre.compile(
    r"^(?:(?:ops|operations)\b ?)?(?:(?:manager|lead|director|head|specialist|analyst|coordinator|team lead|person|guy|"
    r"gal|mgr|exec\w*|associate|partner)\b ?)?"
)
_OTHER_VERB_AFTER = fastre.compile(
    r"^(?:'s)? ?(?:asked|wants?|will|would|approves?|is|are|needs?|said|says|must|should|has|have|likes|"
    r"ignores|keeps|signs?|can|team)\b"
)
_FILLERS = fastre.compile(
    r"(?:(?:hi|hey|hello|hola|hallo|bonjour|yes|yeah|yep|yo|so|well|ok|okay|kinda|sort of|sure|um|hmm|sorry|and|"
    r"also|actually|btw|fyi|i'm|im|i am)\W*){0,3}"
)
_FOLLOW_OK = fastre.compile(
    r"^(?:\S+ ){0,3}?(?:at|for|of|in|with|from|en|chez|bei|na|no|em|bij|numa|num|dans|presso|para|voor|@)\b|"
    r"^(?:\S+ ){0,3}?(?:de|di|da|del|della|do|du|des|dell'\w*)\b|"
    r"^(?:here|aqu[ií]|ici|hier|qui|,|\.|-|\(|$|and\b|;|&)"
)
_OWNER_OF_COMPANY = fastre.compile(
    r"\bi (?:run|own|started|founded|co-?founded) (?:a |an |my |our |this )?(?:\w+ ){0,3}"
    r"(?:studio|agency|firm|company|business|shop|startup|consultancy|practice|store)\b"
)
_NOT_ROLE_CONTEXT = fastre.compile(r"\b(?:account|product|process|budget|data|project|campaign|record) $")
_TITLE_COMMA = (
    r"\b(?:(?:senior|sr|global|regional|associate|group) )?(?:vp|svp|evp|vice president|head|director|dir|manager|mgr|lead) "
    r", (?:(?:global|regional|senior) )?"
)
_TITLE_END = r"(?= (?:at|@|for|with|in|chez|bei|here|,|\.|;|-|—|\()|$)"
# "founder / CEO": an executive title joined to a founder one is the founder's.
_EXEC_JOINED = fastre.compile(
    r" ?(?:&|and|/|\+) ?(?:the )?(?:ceo|coo|cro|president|managing director|md|gm|chief \w+ officer)\b"
)
_FOUNDER_JOINED = fastre.compile(
    r" ?(?:&|and|/|\+|,) ?(?:a |the |one of the )?(?:co-?founders?|founders?|owner)\b"
)
_OWN_BY_COFOUNDER = fastre.compile(r"\b(?:me and my|my) co-?founders?\b")
_EXTRA_ROLE_RES: Final[tuple[tuple[fastre.Regex, Role], ...]] = (
    (
        fastre.compile(
            r"\b(?:responsable|directeur|directrice|chef|jefe|jefa|gerente|directora?|leiter(?:in)?)"
            r" (?:du |de |des |del )?marketing\b|\bmarketingleiter(?:in)?\b"
        ),
        "marketing",
    ),
    (
        fastre.compile(
            r"\b(?:responsable|directeur|directrice|jefe|gerente|leiter) (?:des |de |del )?ventes?\b"
        ),
        "sales",
    ),
    (fastre.compile(r"\b(?:fondateur|fondatrice|fundador|fundadora|gründer(?:in)?)\b"), "founder"),
    (
        fastre.compile(
            r"\b(?:ich leite|ich verantworte|dirijo|llevo|lidero|gestiono|coordino|je dirige|je g[eè]re|"
            r"je m'occupe d[ue]|mi occupo d(?:el|i)|dirigo|curo|cuido d[oa]|coordeno|lidero o) "
            r"(?:das |den |die |el |la |le |il |o |l')?(?:marketing|mkt)\b"
        ),
        "marketing",
    ),
    (
        fastre.compile(
            r"\b(?:diretora?|directora?|gerente|responsable|hoofd|head|leiter(?:in)?|jef[ea]|coordinador[a]?) "
            r"(?:de |do |da |du |des |del |van |of |der )?(?:marketing|mkt)\b"
        ),
        "marketing",
    ),
    (
        fastre.compile(
            r"\b(?:diretora?|directora?|gerente|responsable|hoofd|head|leiter(?:in)?|jef[ea]) "
            r"(?:de |do |da |du |des |del |van |of |der )?(?:vendas|ventas|ventes|verkoop|vertrieb)\b"
        ),
        "sales",
    ),
    # "Title, Department" as signatures write it: "VP, Sales", "Senior Manager, Demand Generation".
    (
        fastre.compile(
            rf"{_TITLE_COMMA}(?:\w+ )?(?:marketing|mktg|demand gen\w*|demand generation|brand|communications)\b{_TITLE_END}"
        ),
        "marketing",
    ),
    (fastre.compile(rf"{_TITLE_COMMA}(?:\w+ )?(?:sales|business development)\b{_TITLE_END}"), "sales"),
    (
        fastre.compile(rf"{_TITLE_COMMA}(?:revenue operations|rev ?ops|sales operations)\b{_TITLE_END}"),
        "revops",
    ),
    (fastre.compile(rf"{_TITLE_COMMA}growth\b{_TITLE_END}"), "growth"),
    # A bare department before "at a company": "marketing at a saas co", "sales @ a fintech".
    (fastre.compile(r"(?<![\w-])marketing(?= (?:at|for|@) (?:a|an)\b)"), "marketing"),
    (fastre.compile(r"(?<![\w-])sales(?= (?:at|for|@) (?:a|an)\b)"), "sales"),
    (fastre.compile(r"(?<![\w-])growth(?= (?:at|for|@) (?:a|an)\b)"), "growth"),
    (fastre.compile(r"(?<![\w-])finance(?= (?:at|for|@) (?:a|an)\b)"), "finance"),
    (fastre.compile(r"(?<![\w-])product(?= (?:at|for|@) (?:a|an)\b)"), "product"),
)


def _role_matches(norm: str) -> list[tuple[int, int, Role]]:
    found: list[tuple[int, int, Role]] = []
    for pattern, role in (*ROLE_RES, *_EXTRA_ROLE_RES):
        for m in pattern.finditer(norm):
            s, e = m.start(), m.end()
            while s < e and norm[s] == " ":
                s += 1
            if s < e:
                found.append((s, e, role))
    # Overlapping mentions: the longest wins ("sales & marketing ops" over "sales").
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    kept: list[tuple[int, int, Role]] = []
    for cand in found:
        if all(cand[1] <= k[0] or cand[0] >= k[1] for k in kept):
            kept.append(cand)
    kept.sort()
    return kept


def find_role(text: Text, expecting: bool = False) -> Found | None:
    norm = text.norm
    cof = _OWN_BY_COFOUNDER.search(norm)
    clause_start = _clause_starter(norm)
    for s, e, role in _role_matches(norm):
        cstart = clause_start(s)
        seniority = _SENIORITY_BEFORE.search(norm[cstart:s])
        if seniority:
            s = cstart + seniority.start()
        t = _TITLE_BEFORE.search(norm[cstart:s])
        # "i lead demand gen": "lead" is the verb there, not a title.
        if t and not norm[cstart : cstart + t.start()].endswith("i "):
            s = cstart + t.start()
        after = norm[e : e + 32].lstrip()
        t2 = _TITLE_AFTER.match(after)
        if t2 and t2.end() > 0:
            e = e + (len(norm[e : e + 32]) - len(after)) + t2.end()
            after = norm[e : e + 32].lstrip()
        # "CEO & co-founder", "COO / founder": a founder title joined to an executive one is the more specific.
        joined = _FOUNDER_JOINED.match(norm, e) if role == "executive" else None
        joined = joined or (_EXEC_JOINED.match(norm, e) if role == "founder" else None)
        if joined:
            role, e = "founder", joined.end()
            after = norm[e : e + 32].lstrip()
        before = norm[cstart:s]
        own_frame = bool(_FIRST_PERSON.search(before)) or norm[s:e].startswith(("i ", "i'm ", "in charge"))
        # "i lead demand gen": the cue swallowed the verb, the "i" before it makes it the visitor's own.
        if re.search(r"(?:^|\s)i $", before) and norm[s:e].split()[0] in (
            "lead",
            "head",
            "manage",
            "run",
            "own",
        ):
            own_frame = True
        if _NOT_ROLE_CONTEXT.search(before):
            continue
        if not own_frame and _OTHER_OWNER.search(before):
            continue
        if _OTHER_VERB_AFTER.search(after) and not own_frame:
            continue
        at_clause_start = _FILLERS.fullmatch(before.strip()) is not None
        followed_well = bool(_FOLLOW_OK.match(after))
        if own_frame or expecting or (at_clause_start and followed_well) or after.startswith("here"):
            return Found(role, s, e)
    if cof:
        return Found("founder", cof.start(), cof.end())
    owner = _OWNER_OF_COMPANY.search(norm)
    if owner:
        return Found("founder", owner.start(), owner.end())
    return None


# --- email and name ----------------------------------------------------------------------------

EMAIL_RE: Final[fastre.Regex] = fastre.compile(r"[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")


def find_email(text: Text) -> tuple[str, int, int] | None:
    m = EMAIL_RE.search(text.original.lower())
    if not m:
        return None
    start, end = m.start(), m.end()
    return (text.original[start:end], start, end)


# Words that are never a name, though they can follow "i'm" or end a message.
_NOT_NAMES: Final[frozenset[str]] = frozenset(
    [
        "obrigada",
        "obrigado",
        "danke",
        "merci",
        "gracias",
        "grazie",
        "bedankt",
        "dank",
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "just",
        "not",
        "no",
        "yes",
        "yeah",
        "yep",
        "ok",
        "okay",
        "sure",
        "fine",
        "cool",
        "great",
        "good",
        "thanks",
        "thank",
        "thx",
        "cheers",
        "here",
        "there",
        "in",
        "on",
        "at",
        "of",
        "for",
        "from",
        "to",
        "with",
        "by",
        "about",
        "as",
        "is",
        "was",
        "be",
        "been",
        "am",
        "are",
        "it",
        "this",
        "that",
        "these",
        "those",
        "me",
        "my",
        "we",
        "our",
        "us",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "one",
        "two",
        "some",
        "any",
        "all",
        "both",
        "each",
        "few",
        "more",
        "most",
        "also",
        "still",
        "really",
        "very",
        "quite",
        "pretty",
        "too",
        "only",
        "even",
        "again",
        "then",
        "now",
        "today",
        "tomorrow",
        "tonight",
        "later",
        "soon",
        "btw",
        "hq",
        "office",
        "remote",
        "based",
        "hi",
        "hey",
        "hello",
        "hola",
        "bonjour",
        "bonsoir",
        "hallo",
        "ciao",
        "morning",
        "afternoon",
        "evening",
        "night",
        "weekend",
        "week",
        "month",
        "year",
        "head",
        "vp",
        "director",
        "manager",
        "lead",
        "founder",
        "cofounder",
        "owner",
        "admin",
        "engineer",
        "developer",
        "student",
        "intern",
        "ceo",
        "cfo",
        "cto",
        "cmo",
        "coo",
        "cro",
        "marketing",
        "sales",
        "growth",
        "revops",
        "ops",
        "finance",
        "product",
        "operations",
        "support",
        "team",
        "company",
        "firm",
        "startup",
        "agency",
        "business",
        "customer",
        "client",
        "account",
        "user",
        "people",
        "person",
        "staff",
        "employees",
        "looking",
        "trying",
        "wondering",
        "interested",
        "curious",
        "new",
        "back",
        "late",
        "early",
        "busy",
        "free",
        "available",
        "online",
        "offline",
        "sorry",
        "please",
        "pls",
        "works",
        "work",
        "working",
        "done",
        "booked",
        "ready",
        "happy",
        "glad",
        "sure",
        "perfect",
        "nice",
        "awesome",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "am",
        "pm",
        "et",
        "pt",
        "ct",
        "mt",
        "uk",
        "time",
        "interested",
        "evaluating",
        "comparing",
        "checking",
        "researching",
        "reading",
        "based",
        "located",
        "remote",
        "fine",
        "lol",
        "haha",
        "hmm",
        "hm",
        "um",
        "uh",
        "ah",
        "oh",
        "wow",
        "yikes",
        "ugh",
        "sso",
        "crm",
        "api",
        "demo",
        "call",
        "meeting",
        "invite",
        "merci",
        "gracias",
        "danke",
        "obrigado",
        "vale",
        "claro",
        "oui",
        "non",
        "si",
        "sí",
        "ja",
        "nein",
    ]
) | frozenset(t.split()[0] for t in TOOLS)

_NAME_TOKEN = r"[^\W\d_][^\W\d_'-]*(?:-[^\W\d_]+)?"
_INTRO_RE = fastre.compile(
    rf"\b(?:i'm|i am|im|this is|my name is|my name's|name's|name is|call me|je suis|je m'appelle|"
    rf"me llamo|soy|ich bin|sou)\s+(?P<name>{_NAME_TOKEN}(?:\s(?!btw\b|here\b|by\b|from\b|and\b){_NAME_TOKEN})?)"
    rf"(?=\s*(?:btw|by the way|here|,|\.|!|$|from|and|\(|-|:|;|👋|🙂|😊))"
)
_BTW_RE = fastre.compile(
    rf"(?:^|[,.;!?] )(?:it's |its |this is )?(?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN})?)"
    r"(?: (?:from|at|with) [\w&'.-]+(?: [\w&'.-]+){0,2})? (?:btw|by the way|here)\b"
)
# A letter's sign-off: "Kind regards,\nOrla Brennan", "Thanks! - Sam". Matched on the original text, whose
# line breaks and capitals say where the signature starts.
_SIGNOFF_RE = fastre.compile(
    r"(?:^|\n|[.!] )\s*(?:kind |best |warm |many )?(?:regards|thanks|thank you|cheers|best|sincerely|best wishes|"
    r"all the best|greetings|warmly|saludos|cordialement|grüße|gruß|un saludo|atentamente|cumprimentos)"
    r"(?:[ \t]*[,!.]?[ \t]*(?:\n\s*(?:[-—–][ \t]*)?|[-—–][ \t]*)|(?:(?<=regards)|(?<=sincerely)|(?<=wishes))[ \t]*,[ \t]*)(?P<name>[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
# A bare name closing a message, as its own sentence: "... je suis responsable marketing. claire".
_TRAILING_RE = fastre.compile(rf"[.;!] (?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN})?)\s*[.!]?$")
_SOLE_RE = fastre.compile(rf"^(?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN})?)\s*[.!]?$")


# Words with these endings are adjectives, verbs or abstract nouns ("i'm slammed"), not names.
_NOT_NAME_ENDINGS = ("ed", "ing", "ly", "ful", "ous", "ive", "able", "ible", "less", "ness", "ment", "tion")


def _plausible_name(name: str) -> bool:
    parts = name.split()
    return len(parts) <= 2 and all(
        p.lower() not in _NOT_NAMES and len(p) >= 2 and not p.lower().endswith(_NOT_NAME_ENDINGS)
        for p in parts
    )


def find_name(text: Text, expecting: bool = False, other_slots: bool = False) -> Found | None:
    """The visitor's own name: "i'm ana btw", "sofia btw", a trailing "... claire", "marc delacroix"."""
    norm = text.norm
    for regex in (_INTRO_RE, _BTW_RE):
        for m in regex.finditer(norm):
            name = m.group("name")
            # "i'm Mark from X" is a name; "i'm head of ..." was rejected by the stop words.
            if _plausible_name(name):
                return Found(text.quote(m.start("name"), m.end("name")), m.start("name"), m.end("name"))
    sign = _SIGNOFF_RE.search(text.original)
    if sign and sign.group("name")[:1].isupper() and _plausible_name(sign.group("name")):
        n_start, n_end = sign.start("name"), sign.end("name")
        return Found(text.original[n_start:n_end], n_start, n_end, in_original=True)
    if expecting or other_slots:
        for regex in (_TRAILING_RE, _SOLE_RE) if expecting else (_TRAILING_RE,):
            tail = regex.search(norm)
            if tail and _plausible_name(tail.group("name")):
                return Found(
                    text.quote(tail.start("name"), tail.end("name")), tail.start("name"), tail.end("name")
                )
    return None


# --- problem -----------------------------------------------------------------------------------

# A pain the product solves: not knowing / not trusting / not being able to prove what marketing
# produces, or the manual work and arguments that follow. Needs a pain cue and a domain object in
# the same sentence; a few cues are specific enough alone.
# Who reports numbers: tools, teams, the people who read the numbers.
_SOURCE = (
    r"(?:google|hubspot|salesforce|marketo|ga4?|analytics|linkedin|meta|facebook|bizible|the (?:crm|dashboard|data|"
    r"report|platform|tool)|marketing|sales|finance|(?:our|the|my) (?:\w+ )?(?:team|cfo|ceo|board|reps?|aes?)|"
    r"the cfo|the board|every \w+|each \w+)"
)
_PAIN = fastre.compile(
    r"\bno (?:idea|clue|visibility|way to (?:tell|know|see|prove))\b|\bzero (?:\w+ )?(?:view|visibility|idea)\b|"
    r"\b(?:can't|cannot|can not|couldn't|don't|do not|unable to|struggle to|hard to|impossible to|no one can|"
    r"nobody can|never) (?:\w+ ){0,2}(?:tell|see|prove|know|answer|connect|figure|show|trust|attribute|track|"
    r"measure|tie|link)\b|"
    r"\bnobody (?:knows|trusts|believes|agrees)\b|\b(?:doesn't|does not|don't|do not|won't|no longer) (?:\w+ )?(?:trust|believe|buy)\b|"
    r"\bworthless\b|\bno one (?:knows|trusts|believes|agrees)\b|"
    r"\bnever (?:match|agree|line up|add up)\b|\b(?:spreadsheet|numbers?) (?:fight|war|battle)s?\b|"
    r"\bgut (?:feel|feeling|instinct)\b|\b(?:a|the) joke\b|\bdouble[- ]counts?\b|\bignores? (?:every|all|our|the)\b|"
    r"\b(?:want|need|like|trying) to (?:see|know|understand|find out|figure out|prove|measure|show)(?: (?:the|our|my|\w+) \w+)? "
    r"(?:which|what|where|how much)\b|"
    r"\b(?:want|need|wants|needs) (?:one|a single|a consistent|one global|a global|a unified|one true) (?:\w+ )?"
    r"(?:number|view|source of truth|report|answer)\b|\beveryone agrees\b|\breport (?:\w+ )?differently\b|"
    r"\b(?:has|have|with|keeps?|runs?) (?:its|their) own (?:attribution|spreadsheets?|numbers|reporting)\b|\bscreenshot\w*\b|\bzero credit\b|"
    r"\b(?:can't|cannot|couldn't) (?:\w+ ){0,2}(?:produce|build|pull|get|report|explain|justify|defend)\b|"
    r"\bnadie (?:confía|sabe)\b|\bno sabemos\b|\bne (?:savons|sait) pas\b|\bpersonne ne\b|\b(?:niemand|keiner) wei(?:ß|ss)\b|"
    r"\bwissen nicht\b|\bnão sabemos\b|\bninguém\b|\bswears?\b|\bit's all (?:outbound|gut|guesswork)\b|"
    r"\bnone of (?:them|it|these) (?:agree|match|line up)\b|\bdon't (?:agree|match|trust)\b|"
    r"\btrying to (?:figure out|understand|work out|see|prove|measure|track|find out)\b|\bfigure out which\b|"
    r"\bguess ?work\b|\bguessing\b|\banecdot\w*\b|\bmess\b|\bgarbage\b|\buseless\b|\bjunk\b|\bembarrassing\b|"
    r"\bblack hole\b|\bfight (?:about|over)\b|\bdebate (?:about|over)\b|\bargu\w* (?:\w+ ){0,4}?(?:about|over)\b|"
    r"\bmanually\b|\bby hand\b|\bstitch\w*\b|\bspreadsheets?\b|\bsheet again\b|\breconcil\w*\b|"
    r"\b(?:lose|spend|waste|burn)s? (?:\w+ ){0,2}(?:days?|hours?|weeks?) (?:every|each|a|per)\b|"
    r"\bkeeps? asking\b|\basks? us to prove\b|\bwants? (?:that|the|an) answer\b|\bprov(?:e|ing) (?:which|what|that|any|the|pipeline|roi)\b|"
    r"\breplacing our\b|\bnothing shows up\b|\b(?:want|need|i'd like|like) (?:actual|real|proper) (?:data|numbers|attribution)\b(?! on (?:cost|price|pricing))|"
    r"\bcredits? (?:basically )?everything to\b|\bruns? on (?:last|first)[ -]touch\b|\bon (?:last|first)[ -]touch\b|"
    r"\bdoesn't (?:work|tell us)\b|\bdon't know (?:which|what|if|whether)\b|\bnot sure (?:which|what|if) (?:\w+ ){0,3}(?:works|drives|creates)\b|"
    r"\bcan't answer it\b|"
    # Sources that disagree: "google says X, our sales team says Y", "marketing counts badges, I count deals".
    rf"\b{_SOURCE} (?:says?|claims?|shows?) [^.;!?]{{3,80}}, (?:but |while |and |whereas )?{_SOURCE} (?:says?|claims?)\b|"
    r"\bcounts? [^.;!?]{3,60}, (?:but |while |and |whereas )?(?:i|we|they|sales|marketing|finance) counts?\b|"
    r"\b(?:each|every) \w+ (?:\w+ )?(?:reports?|counts?|tracks?|measures?|does|do|has|have) (?:\w+ ){0,2}?"
    r"(?:its|their) own (?:way|thing|version|numbers|model)\b|"
    # Seeing one step but not the next: "we see which ads drive quotes but not which ones become policies".
    r"\bbut not (?:which|what|whether|how many|how much|where)\b|\bwhich of (?:those|these|them) (?:are|is|were) real\b|"
    r"\bwhose (?:\w+ )?(?:numbers?|spreadsheets?|data|reports?|attribution|version) (?:is|are) (?:right|correct)\b|"
    r"\b(?:i|we) (?:really |just |do )?(?:want|need)(?: some| real| hard| actual)? (?:proof|evidence)"
    r"(?= either way| one way or| of (?:which|what|whether)| (?:which|what|whether)|\s*[.!?]*\s*$)|"
    r"\b(?:basically|just|pretty much|mostly|kinda|kind of) guess(?:ed|timated?)\b|\bguessed (?:which|what|where|how)\b|"
    r"\bguesstimat\w*\b|"
    r"\b(?:everything|all|it all|(?:every|each) \w+|all the credit) (?:just )?(?:gets|is|goes) (?:credited|attributed) to\b|"
    # Other languages: gut feel, numbers that don't talk to each other.
    r"\bintuici[oó]n\b|\bintuizione\b|\bbauchgef[uü]hl\b|\bau (?:feeling|pif)\b|\bno (?:se hablan|cuadran|coinciden)\b|"
    r"\bnon (?:si parlano|tornano|coincidono)\b|\bne (?:se parlent|collent) pas\b|\bn[aã]o (?:batem|se falam)\b|"
    r"\bstimmen nicht\b|\bkeine ahnung\b|\bni idea\b|\bnessuna idea\b|\baucune idée\b|\bnon sappiamo\b|"
    r"\b(?:quali|qu[eé]|quelles?|quels?|welche|quais) (?:\S+ ){0,6}?(?:generano|generan|g[eé]n[eè]rent|generieren|"
    r"bringen|geram|portano|apportent|producen|producono)\b|\bwhich (?:of (?:our|it|them) )?(?:\S+ ){0,6}(?:actually|really) (?:\w+ ){0,2}"
    r"(?:turn|bring|drive|create|produce|generate|lead|make|source|work)"
)
_DOMAIN = fastre.compile(
    r"\bpipeline\b|\battribution\b|\bcampaigns?\b|\bchannels?\b|\bads?\b|\bspend\w*\b|\bleads?\b|\bmqls?\b|"
    r"\broi\b|\bevents?\b|\bwebinars?\b|\btrade ?shows?\b|\bsourced?\b|\bdeals?\b|\brevenue\b|\bopportunit\w+\b|"
    r"\bcontracts?\b|\bsign\b|\blistings?\b|\breports?\b|\bnumbers\b|\btouch\b|\bmarketing\b|\bprograms?\b|"
    r"\bcontent\b|\bpartners?(?:hip)?s?\b|\bbudgets?\b|\bbookings?\b|\bconversions?\b|\bdirect traffic\b|"
    r"\blinkedin\b|\bgoogle\b|\bfacebook\b|\bpodcast\b|\butm\b|\bspreadsheets?\b|\bexec\w*\b|\bboard\b|\bcfo\b|"
    r"\bdashboards?\b|\bqbr\b|\bsales\b|\bmerchants?\b|\baccounts?\b|\bcustomers?\b|\benroll\w*\b|\btours?\b|"
    r"\bcredit\b|\bcac\b|\bconferences?\b|\bshows?\b|\breferrals?\b|\bretainers?\b|\bforecast\w*\b|\bnúmeros\b|"
    r"\bchiffres\b|\bzahlen\b|\bnumeri\b|\bcampa(?:ñ|gn|nh)\w*\b|\bkampagnen?\b|\bfiere\b|\bferias\b|\bmessen\b|"
    r"\bsalons\b|\btrattative\b|\bcontratti\b|\bcontratos\b|\bclient[ei]s?\b|\bquotes?\b|\bpolic(?:y|ies)\b|"
    r"\bmqls\b|\bwebinars?\b|\boutbound\b|\btargets?\b|\bfinance\b|\bdeck\b|\bview\b|\bnumber\b|\bpaid\b"
)
_PROBLEM_STRONG = fastre.compile(
    r"\bour (?:biggest )?(?:problem|issue|challenge|pain) is\b|\bpipeline[- ]by[- ]channel\b|"
    r"\bwhich (?:channels?|campaigns?|programs?|ads?) (?:\w+ ){0,2}(?:drive|create|generate|bring|produce|source)s? pipeline\b|"
    r"\bpipeline by (?:channel|campaign|source)\b|\bwho sourced what\b|"
    r"\b(?:want|wants|need|needs|asking for|asks? for) (?:\w+ ){0,3}by (?:channel|source|campaign)\b|"
    r"(?:^|[.!?] )(?:\w+ ){0,3}which (?:of )?(?:our |my )?(?:own )?(?:\S+ ){0,6}?(?:bring|drive|create|produce|generate|"
    r"turn|lead|source|make|close|convert)\w*\b[^.?!]*\b(?:actually|really|vs|versus|turn into|become)\b"
)
_NEGATED_PAIN = fastre.compile(
    r"\bnothing wrong\b|\bno (?:problem|issue)s?\b|\bnot (?:a|an) (?:problem|issue)\b"
)


_WEAK_PAIN = frozenset({"mess", "garbage", "useless", "junk", "embarrassing", "spreadsheet", "spreadsheets"})
_SPECIFIC_DOMAIN = fastre.compile(
    r"\battribution\b|\breport\w*|\bdata\b|\bnumbers\b|\bleads?\b|\bpipeline\b|\bboard\b|\butm\b"
)


def find_problem(text: Text) -> Found | None:
    norm = text.norm
    m = _PROBLEM_STRONG.search(norm)
    if m:
        return Found(True, m.start(), m.end())
    spans = list(sentences(text))
    for i, (s, e) in enumerate(spans):
        sent = norm[s:e]
        if _NEGATED_PAIN.search(sent):
            continue
        pains = [p.group(0) for p in _PAIN.finditer(sent)] + [p.group(0) for p in PAIN_MORE.finditer(sent)]
        if not pains:
            continue
        # A vague pain ("it's a mess") counts only next to what it is about ("our attribution").
        weak = all(p.strip() in _WEAK_PAIN for p in pains)
        domain = _SPECIFIC_DOMAIN if weak else _DOMAIN
        prev = norm[spans[i - 1][0] : spans[i - 1][1]] if i > 0 else ""
        nxt = norm[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else ""
        if domain.search(sent) or (not weak and (domain.search(prev) or domain.search(nxt))):
            return Found(True, s, e)
    return None


# --- company size --------------------------------------------------------------------------------


def find_size(text: Text, expecting: bool = False) -> Found | None:
    q = find_company_size(text.original, expecting_size=expecting)
    if q is None:
        return None
    return Found(q.value, q.start, q.end, in_original=True)


def industry_value(found: Found) -> Industry:
    value = found.value
    assert isinstance(value, str)
    return value  # type: ignore[return-value]


def role_value(found: Found) -> Role:
    value = found.value
    assert isinstance(value, str)
    return value  # type: ignore[return-value]
