"""Signal, objection, intent and flag detectors: cue classes applied sentence by sentence.

Each detector returns `(label, start, end)` spans on the normalised text. Context decides what a
short reply means: the agent's pending offer (`Expectation`), whether the conversation is already
about post-sale support, and whether the visitor has said they are not the buyer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from agent.understanding import cues as C
from agent.understanding import fastre
from agent.understanding.expect import NONE, Expectation
from agent.understanding.lexicon import TOOL_RE
from agent.understanding.text import Text, sentences

Span = tuple[str, int, int]


@dataclass(frozen=True)
class DetectContext:
    expect: Expectation = NONE
    known_customer: bool = False
    support_mode: bool = False  # an earlier message asked for post-sale help
    non_buyer: bool = False  # the visitor said they are not the one deciding, or has a non-buyer role
    # Case-study customers and integrations from the company profile, as one compiled pattern each.
    customers_re: fastre.Regex | None = None
    integrations_re: fastre.Regex | None = None
    extra_tools: frozenset[str] = field(default_factory=frozenset)
    agent_quoted_price: bool = False  # the agent's last turn stated a price
    expansion_mode: bool = False  # an existing customer asked for more: a sales conversation


def _sents(text: Text) -> Iterator[tuple[int, int, str]]:
    for s, e in sentences(text):
        yield s, e, text.norm[s:e].strip(" ,")


def is_question(sentence: str) -> bool:
    return (
        "?" in sentence or bool(C.QUESTION_START.search(sentence)) or bool(C.QUESTION_TAIL.search(sentence))
    )


def tool_spans(text: Text, ctx: DetectContext) -> list[tuple[str, int, int]]:
    found = [(m.group(1), m.start(1), m.end(1)) for m in TOOL_RE.finditer(text.norm)]
    if ctx.integrations_re is not None:
        for m in ctx.integrations_re.finditer(text.norm):
            if not any(s <= m.start() < e for _, s, e in found):
                found.append((m.group(0), m.start(), m.end()))
    return found


# --- signals ------------------------------------------------------------------------------------


_MEETING_TOOLS = frozenset({"zoom", "teams", "google meet", "meet", "hangouts", "microsoft teams"})


def forward_question(text: Text, ctx: DetectContext) -> Span | None:
    tools = tool_spans(text, ctx)
    if tools and C.MEETING_TOOL.search(text.norm):
        # "a quick zoom w someone" asks for a call, not about connecting Zoom.
        tools = [t for t in tools if t[0].lower() not in _MEETING_TOOLS]
    # After "what would you want to measure?", "which campaigns bring deals" is an answer, not a question.
    answering = "problem" in ctx.expect.asks
    parts = list(_sents(text))
    # "hubspot. can the weekly report be emailed to partners?": a stack answer, then a question about using it.
    tool_lead = bool(
        tools
        and len(parts) > 1
        and tools[0][1] < parts[0][1] + len(parts[0][2])
        and C.TOOL_LEAD.search(parts[0][2])
        and not is_question(parts[0][2])
    )
    for i, (s, e, sent) in enumerate(parts):
        in_sent = [t for t in tools if s <= t[1] < e and t[0] not in ("crm",)]
        if C.REQUIREMENT.search(sent):
            return ("forward_question", s, e)
        if not is_question(sent) or (answering and "?" not in sent):
            continue
        if C.METHODOLOGY.search(sent) and not (in_sent or C.INTEGRATION.search(sent)):
            continue
        if C.COMPARISON.search(sent):
            continue
        if (
            C.INTEGRATION.search(sent)
            or C.SETUP.search(sent)
            or C.INTEGRATION_MORE.search(sent)
            or C.INTEGRATION_HISTORY.search(sent)
        ):
            return ("forward_question", s, e)
        # "which of our google ads bring deals" names a tool but asks nothing about it.
        if in_sent and ("?" in sent or C.QUESTION_START.search(sent)):
            return ("forward_question", s, e)
        if tools and C.ANAPHORIC_WORKS.search(sent):
            return ("forward_question", s, e)
        if (
            tool_lead
            and i > 0
            and "?" in sent
            and _CAPABILITY_ASK.search(sent)
            and not _ABOUT_SOMETHING_ELSE.search(sent)
        ):
            return ("forward_question", s, e)
    return None


# Questions after a stack answer that are about price, customers or a person, not about using the product.
_ABOUT_SOMETHING_ELSE = fastre.compile(
    "|".join(
        p.pattern
        for p in (
            C.COMMERCIAL_STRONG,
            C.COMMERCIAL_MORE,
            C.PLAN_WORDS,
            C.SOCIAL,
            C.SOCIAL_MORE,
            C.HUMAN,
            C.SEND_INFO,
            C.IDENTITY,
            C.IDENTITY_MORE,
        )
    )
    + r"|\bdemo\b|\btrial\b"
)
# "can the weekly report be emailed to partners?", "could we have numbers by thursday?"
_CAPABILITY_ASK = fastre.compile(
    r"^(?:so |and |but |ok |also )?(?:can|could|would|will|does|do|is there a way|how (?:do|would|does|can))\b"
)


def timeline(text: Text, ctx: DetectContext) -> Span | None:
    for s, e, sent in _sents(text):
        m = C.DEADLINE.search(sent) or C.RENEWAL.search(sent)
        if m:
            chunk = m.group(0)
            if C.SHORT_HORIZON.search(chunk) and not C.PURCHASE_CTX.search(sent):
                continue
            # "by next week" about the chat itself is not a buying timeline.
            wants = re.search(r"\b(?:need|want|have to|must|love|like|planning)\b", sent)
            if not C.PURCHASE_CTX.search(sent) and not C.RENEWAL.search(sent) and not wants:
                continue
            return ("timeline", s, e)
        m = C.HOW_SOON.search(sent)
        if m:
            return ("timeline", s, e)
        if C.DECISION_WHEN.search(sent):
            return ("timeline", s, e)
        if C.EVENT_WHEN.search(sent) and (C.PURCHASE_CTX.search(sent) or re.search(r"\bpromised\b", sent)):
            return ("timeline", s, e)
        m = C.DEADLINE_MORE.search(sent)
        if m:
            # "by then" needs a date earlier in the message ("kickoff mid jan ... numbers by then").
            anaphoric = m.group(0).startswith(("by then", "before then", "before that"))
            if not anaphoric or re.search(C.TIME_REF, text.norm[: s + m.start()]):
                return ("timeline", s, e)
    return None


def champion(text: Text, ctx: DetectContext) -> Span | None:
    if ctx.non_buyer:
        return None
    for s, e, sent in _sents(text):
        if C.NEGATED_INVOLVE.search(sent) or C.SHOW_WHAT.search(sent):
            continue
        not_process = C.CHAMPION_NOT_PROCESS.search(sent)
        if not_process:
            if not_process.group(0).startswith("i"):
                continue  # the visitor's own job title
            sent = C.CHAMPION_NOT_PROCESS.sub(" ", sent)
        # "our CFO doesn't trust the numbers I bring to the exec meeting" is a pain, not a buying process,
        # unless the visitor says what will happen next ("our CFO will need to sign off").
        if _PAIN_NOT_PLAN.search(sent) and not _MODAL.search(sent):
            continue
        if (
            C.CHAMPION_A.search(sent)
            or C.CHAMPION_B.search(sent)
            or C.CHAMPION_PROCESS.search(sent)
            or C.CHAMPION_BRING.search(sent)
            or C.FORWARD_TO.search(sent)
            or C.CHAMPION_MORE.search(sent)
            or C.CHAMPION_FOREIGN.search(sent)
        ):
            return ("champion", s, e)
    return None


_PAIN_NOT_PLAN = fastre.compile(
    r"\b(?:doesn't|does not|don't|won't|never) (?:trust|believe|agree|buy)\b|\bignores?\b|\bkeeps? asking\b|\bcan't\b"
)
_MODAL = fastre.compile(
    r"\b(?:will|'ll|would|'d|need to|needs to|has to|have to|must|going to|wants? to (?:see|join|review))\b"
)


def commercial(text: Text, ctx: DetectContext, shock_sentences: set[int]) -> Span | None:
    whole_case = bool(C.THEIR_CASE.search(text.norm))
    parts = list(_sents(text))
    # "growth says 25 seats, we'd have 30 people. what then?": the question can follow the facts.
    message_asks = any(is_question(p[2]) for p in parts)
    for s, e, sent in parts:
        if s in shock_sentences or C.WHY_COMPLAINT.search(sent) or C.SEND_INFO.search(sent):
            continue
        sent = C.SIGN_OFF_RULE.sub(" ", sent)
        # An existing customer asking for more seats or another team is a commercial ask for their case.
        if ctx.known_customer and _MORE_SEATS.search(sent):
            return ("commercial", s, e)
        if C.COMMERCIAL_ASK.search(sent):
            return ("commercial", s, e)
        if C.REQUIREMENT_TERMS.search(sent) and C.COMMIT_STMT.search(sent):
            return ("commercial", s, e)
        more = C.COMMERCIAL_MORE.search(sent)
        if more and (is_question(sent) or "would have to be" in more.group(0) or C.COMMIT_STMT.search(sent)):
            return ("commercial", s, e)
        strong = C.COMMERCIAL_STRONG.search(sent)
        plan = C.PLAN_WORDS.search(sent)
        asks = (
            is_question(sent)
            or bool(C.COMMIT_STMT.search(sent))
            # A headcount ("45 ppl") next to a question elsewhere is an introduction, not a plan question.
            or (
                message_asks
                and plan is not None
                and len(parts) > 1
                and not _HEADCOUNT_ONLY.fullmatch(plan.group(0))
            )
        )
        if not asks:
            continue
        if strong:
            return ("commercial", s, e)
        # Plan words are commercial when the question is about which plan fits them or what it takes,
        # not about what a plan can do ("does starter track instagram?").
        if (
            plan
            and _PLAN_FIT.search(sent)
            and (C.THEIR_CASE.search(sent) or (whole_case and re.search(r"\bseats?|users?\b", text.norm)))
        ):
            return ("commercial", s, e)
    return None


_MORE_SEATS = fastre.compile(
    r"\b(?:another|more|extra|additional|add(?:ing)?|further) (?:~ ?\d+\+? |\w+ )?(?:people|ppl|users|seats|licen[cs]es|reps|logins)\b"
)
_HEADCOUNT_ONLY = fastre.compile(r"(?:\d+\+?|~\d+) (?:people|ppl)")


def social_proof(text: Text, ctx: DetectContext) -> Span | None:
    if C.VENDOR.search(text.norm):
        return None  # a vendor talking about our customer stories is pitching, not asking for proof
    names = ctx.customers_re
    for s, e, sent in _sents(text):
        named = names is not None and names.search(sent) is not None
        if (C.SOCIAL.search(sent) or C.SOCIAL_MORE.search(sent) or named) and C.SOCIAL_REQUEST.search(sent):
            if re.search(r"\bwe help\b", sent):
                continue
            return ("social_proof", s, e)
    m = names.search(text.norm) if names is not None else None
    if m and "?" in text.norm:
        return ("social_proof", m.start(), m.end())
    return None


# --- objections ----------------------------------------------------------------------------------


def price_shock(text: Text, ctx: DetectContext) -> tuple[Span | None, set[int]]:
    hits: set[int] = set()
    first: Span | None = None
    for s, e, sent in _sents(text):
        priced = bool(C.PRICE_REF.search(sent)) or ctx.agent_quoted_price
        shocked = bool(
            (C.SHOCK.search(sent) and priced)
            or C.LAUGH_MONEY.search(sent)
            or C.SHOCK_INTRINSIC.search(sent)
            or C.SHOCK_MORE.search(sent)
        )
        if not shocked:
            # "$399 a month??": an amount met with "??" or "?!".
            shocked = bool(C.MONEY_PUNCT.search(text.original.lower())) and bool(re.search(C.MONEY, sent))
        if shocked:
            hits.add(s)
            first = first or ("price_shock", s, e)
    if first:
        # "$399/mo for 2 people? that's more than our budget": the amount echoed back is part of the shock.
        for s, _e, sent in _sents(text):
            if "?" in sent and re.search(C.MONEY, sent):
                hits.add(s)
    return first, hits


_PLAN_FIT = fastre.compile(
    r"\benough\b|\bneed\b|\bfit\w*\b|\bright (?:plan|one)\b|\bwhich (?:plan|one)\b|\bshould we\b|\bfor us\b|\bseats?\b|"
    r"\b\d+\+? (?:users?|people|ppl|licen\w+)\b|\bdiff\w*\b|\bvs\b|\bversus\b|\bor\b|\bupgrad\w*|\bdowngrad\w*|"
    r"\bcaps?\b|\blimit\w*|\bwhat then\b|\bmore than\b|\bbeyond\b|\bcover\w*\b|\blook like\b"
)
# "our CMO wants to buy this and asked me to sanity check the cost": the visitor is not the buyer.
_SENT_BY_BUYER = fastre.compile(
    r"\b(?:our|my|the) (?:\w+ )?(?:ceo|cmo|cfo|coo|cro|boss|manager|director|vp|head of \w+|founder)\b(?: \S+){0,8} (?:asked|told|wants) me to\b"
)


def identity_mismatch(text: Text, ctx: DetectContext, student: bool) -> Span | None:
    sent_by = _SENT_BY_BUYER.search(text.norm)
    if sent_by and ctx.non_buyer:
        return ("identity_mismatch", sent_by.start(), sent_by.end())
    m = C.IDENTITY.search(text.norm) or C.IDENTITY_MORE.search(text.norm)
    if m:
        return ("identity_mismatch", m.start(), m.end())
    if student:
        return ("identity_mismatch", 0, len(text.norm))
    return None


_OFFER_OWN = fastre.compile(
    rf"\b(?:could i|can i|may i|shall i|could we|can we|may we|shall we|i'll|we'll|let me|i can|we can|i could|we could) (?:\w+ )?{C.SEND}\b"
)


def send_info(text: Text, ctx: DetectContext) -> Span | None:
    m = C.SEND_INFO.search(text.norm) or C.SEND_MORE.search(text.norm)
    if not m and ctx.expect.offer == "content":
        # Saying yes to "want me to send something?" ("yes send it to x@y.com") defers to material too.
        m = re.search(r"\bsend (?:it|them|that|over)\b|^\W*(?:yes|yeah|sure|ok|please)\b", text.norm)
    if not m:
        return None
    # "could I send over our showreel": the visitor offering their material is not asking for ours.
    if _OFFER_OWN.search(text.norm, max(0, m.start() - 20), m.end()) or C.VENDOR.search(text.norm):
        return None
    # "send it" / "send me the link" to sign up is not a deferral to material.
    if re.search(r"\b(?:link|invite|calendar)\b", m.group(0)):
        return None
    return ("send_info", m.start(), m.end())


# --- intents -------------------------------------------------------------------------------------


def human_request(text: Text, ctx: DetectContext) -> Span | None:
    negated = C.HUMAN_NEGATED.search(text.norm)
    m = C.HUMAN.search(text.norm) or C.HUMAN_MORE.search(text.norm)
    if m and not (negated and negated.start() <= m.start() <= negated.end() + 12):
        return ("human_request", m.start(), m.end())
    if ctx.expect.offer == "transfer":
        m = C.ACCEPT.search(text.norm)
        if m and not C.DECLINE.search(text.norm):
            return ("human_request", m.start(), m.end())
    return None


def support(text: Text, ctx: DetectContext, opt_out: bool, low_content: bool) -> Span | None:
    # A customer who wants more (seats, another team, a bigger plan) is a sales conversation.
    if C.EXPANSION.search(text.norm) or C.EXPANSION_MORE.search(text.norm) or ctx.expansion_mode:
        return None
    strong = C.SUPPORT_STRONG.search(text.norm) or C.PAYMENT_UPDATE.search(text.norm)
    if strong and (ctx.known_customer or ctx.support_mode or _about_own_account(text)):
        return ("support", strong.start(), strong.end())
    issue = (
        C.SUPPORT_ISSUE.search(text.norm)
        or C.SUPPORT_MORE.search(text.norm)
        or C.SUPPORT_FOREIGN.search(text.norm)
    )
    if issue and (ctx.known_customer or ctx.support_mode):
        if re.search(r"\bnothing wrong\b|\bno (?:issue|problem)s?\b", text.norm):
            return None
        return ("support", issue.start(), issue.end())
    if ctx.support_mode and not opt_out and not low_content:
        # Follow-ups about an open support issue: a question, a request about it, or asking for a person.
        wants_person = C.HUMAN.search(text.norm) or C.HUMAN_MORE.search(text.norm)
        if wants_person:
            return ("support", wants_person.start(), wants_person.end())
        for s, e, sent in _sents(text):
            if (
                is_question(sent)
                or re.search(r"\b(?:make sure|need (?:this|it)|open (?:a|one|another))\b", sent)
                or (C.SUPPORT_FOLLOWUP.search(sent) and not _NO_ISSUE.search(sent))
            ):
                return ("support", s, e)
    return None


_NO_ISSUE = fastre.compile(r"\bnothing wrong\b|\bno (?:issue|problem)s?\b|\bworks? (?:fine|great|well)\b")


def _about_own_account(text: Text) -> bool:
    return bool(
        re.search(
            r"\b(?:our|my) (?:\w+ )?(?:subscription|account|invoice|card|login|plan)\b|\bwe got charged\b|"
            r"\bcharged (?:us|me)\b|\bcan(?:'t|not) (?:log|sign) ?(?:in|into|on)\b|\bsso keeps\b",
            text.norm,
        )
    )


def _leads_the_message(norm: str, dated: re.Match[str]) -> bool:
    """A day and hour said first, as its own sentence ("thu 11:30. i'll bring our cmo")."""
    rest = norm[dated.end() :].lstrip()
    return not norm[: dated.start()].strip() and (not rest or rest[0] in ".,;!-")


def meeting_accept(text: Text, ctx: DetectContext, declined: bool) -> Span | None:
    if declined:
        return None
    # An email address or a headcount is not a time pick.
    norm = re.sub(r"\S+@\S+", lambda m: " " * len(m.group(0)), text.norm)
    # A day with an hour ("thu 11 ct", "tuesday morning. 11h works") names a meeting time. After a
    # call offer that is an acceptance; without one it counts when said as a yes ("works", "ok").
    dated = _DAY_AND_HOUR.search(norm) or re.search(C.CLOCK, norm)
    if (
        dated
        and (
            ctx.expect.offer in ("call", "content", "transfer")
            or _AFFIRM.search(norm)
            or len(text.tokens) <= 5
            or _leads_the_message(norm, dated)
        )
        and not _THEIR_EVENT.search(norm)
    ):
        return ("meeting_accept", dated.start(), dated.end())
    if ctx.expect.offer == "call":
        m = C.BOOK_IT.search(norm)
        if m:
            return ("meeting_accept", m.start(), m.end())
    if ctx.expect.offer == "slots":
        m = C.TIME_MENTION.search(norm) or C.BOOK_IT.search(norm)
        if m:
            return ("meeting_accept", m.start(), m.end())
        if ctx.expect.offer == "slots":
            m = C.BARE_HOUR.search(norm)
            if m:
                return ("meeting_accept", m.start(), m.end())
    m = C.BOOK_IT.search(norm)
    if m and (C.TIME_MENTION.search(norm) or C.MEETING_WORD.search(norm)):
        return ("meeting_accept", m.start(), m.end())
    return None


_DAY_AND_HOUR = fastre.compile(
    rf"\b{C.WEEKDAY}\b(?: (?:at|@|around|morning|afternoon|evening|\.|,|works?|is|ok))* ?(?:{C.CLOCK}|\d{{1,2}}\b)"
)
_AFFIRM = fastre.compile(
    r"\b(?:works?|good|perfect|fine|ok|okay|great|free|suits?|let's do|book|pencil|can we do|how about|sure|yes)\b"
)
# "our board meeting is thursday at 10" is their calendar, not a pick.
_THEIR_EVENT = fastre.compile(
    rf"\b(?:meeting|review|board|qbr|demo day|offsite|conference) (?:is |on |at )?(?:\w+ )?{C.WEEKDAY}"
)


def meeting_decline(text: Text, ctx: DetectContext) -> Span | None:
    m = C.DECLINE.search(text.norm) or C.DECLINE_MORE.search(text.norm)
    if not m or C.RESCHEDULE.search(text.norm):
        return None
    if ctx.expect.offer == "transfer" or re.search(r"\b(?:talk|speak|live|sales)\b", text.norm[:60]):
        return ("meeting_decline", m.start(), m.end())
    if (
        ctx.expect.meeting_offered
        or C.MEETING_WORD.search(m.group(0))
        or C.MEETING_WORD.search(text.norm[:40])
    ):
        return ("meeting_decline", m.start(), m.end())
    return None


def frustration(text: Text, ctx: DetectContext, human: bool, support_hit: bool) -> Span | None:
    m = C.FRUSTRATION.search(text.norm) or C.FRUSTRATION_MORE.search(text.norm)
    if m:
        return ("frustration", m.start(), m.end())
    # "unsubscribed twice and I still get it": a repeated attempt that failed.
    m = C.REPEAT_TRY.search(text.norm)
    if m and C.FAILED_TRY.search(text.norm):
        return ("frustration", m.start(), m.end())
    if (
        (human or support_hit)
        and re.search(r"(?:\?\s*\?|!\s*!)", text.original)
        and not re.search(r"🙏|🙂|😊|😅|\bplease\b|\bthanks?\b|\bcool\b", text.norm)
    ):
        return ("frustration", 0, len(text.norm))
    return None


def opt_out(text: Text, ctx: DetectContext) -> Span | None:
    m = C.OPT_OUT.search(text.norm) or C.ERASE_MORE.search(text.norm)
    return ("opt_out", m.start(), m.end()) if m else None


# --- flags ---------------------------------------------------------------------------------------


def dodge(text: Text) -> bool:
    words = re.findall(r"[^\W\d_]+(?:'[a-z]+)?", text.norm)
    return (
        bool(words)
        and any(w in C.DODGE_WORDS for w in words)
        and all(w in C.DODGE_WORDS or w in C.LOW_CONTENT_WORDS or w in C.LOW_CONTENT_MORE for w in words)
    )


def low_content(text: Text) -> bool:
    words = re.findall(r"[^\W\d_]+(?:'[a-z]+)?", text.norm)
    if not words:
        return not re.search(r"\d", text.norm)
    return all(w in C.LOW_CONTENT_WORDS or w in C.LOW_CONTENT_MORE for w in words)


def spam(text: Text) -> bool:
    original = text.original
    letters = sum(map(str.isalpha, original))
    shouting = letters > 20 and sum(map(str.isupper, original)) / letters > 0.6
    return bool(C.SPAM.search(text.norm)) or (
        shouting and bool(re.search(r"[$€£]|https?://|\.\w{2,3}/", text.original))
    )
