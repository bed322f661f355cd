"""Answers to a visitor's questions from the company profile, and only from it.

`answer_question` reads one visitor message (its normalised text, the `TurnAnalysis` and what the
lead state already knows) and returns an `Answer`: 1-3 short sentences in the agent's voice, the
topics answered, the profile facts used (quoted, for audit and for the model-engine guard) and
the things asked that the profile does not cover. It returns None when the message asks nothing
the agent should answer (a bare fact, a greeting, a meeting pick, a support request).

Grounding rules, enforced by construction:

- Every price, seat count, trial length, percentage, plan, integration, customer, result and link
  in an answer is read from the `CompanyProfile`. Nothing company-specific lives in this module.
- An integration is called native only when it is in `profile.integrations`. Anything else the
  visitor names is said to be not native, and lands in `Answer.unknown`.
- A custom-priced plan never gets a number. A discount is offered only for annual prepay, and
  only up to `pricing.discount_authority_pct`.
- What the profile does not cover (a SOC 2 report, a Pipedrive integration, multi-year terms...)
  is said to be unknown, with a human or a piece of content offered instead.

The tool table below (`_TOOL_TABLE`) is world knowledge, not company facts: what kind of product
Pipedrive or BigQuery is, so "for CRM we connect to ..." can name the profile's own integrations
of the same kind. A tool in that table is only ever called native when the profile lists it.

`facts_in_text_are_grounded` is the self-check: the dollar amounts, percentages and trial
lengths of a text that the profile does not contain. The model-engine guard reuses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from agent.lead import LeadState
from agent.profile import CaseStudy, CompanyProfile, ContentItem, Plan
from agent.understanding.analysis import TurnAnalysis
from agent.understanding.detectors import is_question
from agent.understanding.lexicon import INDUSTRY_RES, TOOLS
from agent.understanding.text import Text, normalise

Topic = Literal[
    "integration",
    "pricing",
    "plan_fit",
    "seats",
    "trial",
    "annual",
    "discount",
    "implementation",
    "security",
    "case_study",
    "product",
    "content",
    "contract",
]
TOPICS: Final[tuple[Topic, ...]] = get_args(Topic)

MAX_SENTENCES: Final = 3


@dataclass(frozen=True)
class Answer:
    """What the agent says to a question, and what it is built from."""

    text: str  # 1-3 short sentences, the agent's voice, no question at the end
    topics: tuple[Topic, ...]  # what was answered, in the order the text answers it
    facts: tuple[str, ...]  # the profile facts used, quoted ("integrations: HubSpot", "trial_days: 14")
    unknown: tuple[str, ...]  # things asked that the profile does not cover ("Pipedrive integration")


# --- world knowledge: kinds of tools -------------------------------------------------------------

_CATEGORY_LABEL: Final[dict[str, str]] = {
    "crm": "CRM",
    "automation": "marketing automation",
    "ads": "ads",
    "warehouse": "the data warehouse",
    "messaging": "messaging",
    "cdp": "customer data",
    "bi": "BI",
    "analytics": "web analytics",
    "abm": "intent data",
    "attribution": "attribution",
    "engagement": "sales engagement",
    "calls": "call recording",
    "events": "webinars and events",
    "commerce": "ecommerce",
    "support": "customer support",
    "spreadsheet": "spreadsheets",
    "ipaas": "workflow automation",
    "identity": "identity",
    "api": "API access",
}

# (display name, category, other names people use). Names are matched case- and space-tolerantly.
_TOOL_TABLE: Final[tuple[tuple[str, str, tuple[str, ...]], ...]] = (
    ("Salesforce", "crm", ("sales cloud",)),
    ("HubSpot", "crm", ()),
    ("Pipedrive", "crm", ()),
    ("Zoho CRM", "crm", ("zoho",)),
    ("Microsoft Dynamics", "crm", ("dynamics", "dynamics 365", "ms dynamics")),
    ("Attio", "crm", ()),
    ("Freshsales", "crm", ("freshworks",)),
    ("SugarCRM", "crm", ()),
    ("Copper", "crm", ()),
    ("Close", "crm", ("close crm", "close.com")),
    ("Follow Up Boss", "crm", ()),
    ("Marketo", "automation", ("adobe marketo",)),
    ("Pardot", "automation", ("account engagement", "marketing cloud account engagement")),
    ("Eloqua", "automation", ("oracle eloqua",)),
    ("Mailchimp", "automation", ()),
    ("ActiveCampaign", "automation", ()),
    ("Klaviyo", "automation", ()),
    ("Braze", "automation", ()),
    ("Customer.io", "automation", ("customerio",)),
    ("Google Ads", "ads", ("adwords", "google adwords")),
    ("Google Shopping", "ads", ("google merchant center",)),
    ("LinkedIn Ads", "ads", ("linkedin", "linkedin campaign manager")),
    ("Meta Ads", "ads", ("facebook ads", "facebook", "meta", "instagram ads", "fb ads")),
    ("Microsoft Ads", "ads", ("bing ads", "bing")),
    ("TikTok Ads", "ads", ("tiktok",)),
    ("X Ads", "ads", ("twitter ads", "twitter")),
    ("Reddit Ads", "ads", ()),
    ("Snowflake", "warehouse", ()),
    ("BigQuery", "warehouse", ("google bigquery",)),
    ("Redshift", "warehouse", ("amazon redshift",)),
    ("Databricks", "warehouse", ()),
    ("Azure Synapse", "warehouse", ("synapse",)),
    ("Slack", "messaging", ()),
    ("Microsoft Teams", "messaging", ("ms teams",)),
    ("Segment", "cdp", ("twilio segment",)),
    ("RudderStack", "cdp", ()),
    ("mParticle", "cdp", ()),
    ("Looker", "bi", ()),
    ("Tableau", "bi", ()),
    ("Power BI", "bi", ("powerbi",)),
    ("Metabase", "bi", ()),
    ("Google Analytics", "analytics", ("ga4", "universal analytics")),
    ("Mixpanel", "analytics", ()),
    ("Amplitude", "analytics", ()),
    ("6sense", "abm", ("6 sense", "sixsense")),
    ("Demandbase", "abm", ()),
    ("Bombora", "abm", ()),
    ("Bizible", "attribution", ("marketo measure",)),
    ("Dreamdata", "attribution", ()),
    ("HockeyStack", "attribution", ()),
    ("Outreach", "engagement", ()),
    ("Salesloft", "engagement", ()),
    ("Apollo", "engagement", ("apollo.io",)),
    ("Gong", "calls", ()),
    ("Chorus", "calls", ()),
    ("Zoom", "events", ("zoom webinars",)),
    ("ON24", "events", ()),
    ("Goldcast", "events", ()),
    ("Shopify", "commerce", ("shopify plus",)),
    ("BigCommerce", "commerce", ()),
    ("WooCommerce", "commerce", ()),
    ("Zendesk", "support", ()),
    ("Intercom", "support", ()),
    ("Excel", "spreadsheet", ()),
    ("Google Sheets", "spreadsheet", ()),
    ("Zapier", "ipaas", ()),
    ("Workato", "ipaas", ()),
    ("Okta", "identity", ()),
)

# Words that name a kind of tool rather than a tool ("does it work with our CRM?").
_CATEGORY_WORDS: Final[dict[str, str]] = {
    "crm": "crm",
    "crms": "crm",
    "marketing automation": "automation",
    "map": "automation",
    "warehouse": "warehouse",
    "data warehouse": "warehouse",
    "dwh": "warehouse",
    "ad platforms": "ads",
    "ad accounts": "ads",
    "ad networks": "ads",
    "bi tool": "bi",
    "bi tools": "bi",
    "api": "api",
    "rest api": "api",
}

# Tool names that are also ordinary words: they count only in a message about integrations.
_AMBIGUOUS: Final[frozenset[str]] = frozenset(
    {"segment", "slack", "meta", "close", "copper", "apollo", "outreach", "excel", "dynamics", "chorus"}
    | {"bing", "twitter", "zoom", "map", "synapse", "gong", "braze", "looker"}
)


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _name_pattern(name: str) -> str:
    """A regex for a tool name that tolerates case, spaces and hyphens ("big query", "Hub-Spot")."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)  # BigQuery -> Big Query
    parts = [p for p in re.split(r"[\s\-_/]+", spaced.lower()) if p]
    return r"[\s-]?".join(re.escape(p) for p in parts)


@dataclass(frozen=True)
class _ToolRef:
    display: str  # how the visitor's tool is named back to them
    native: str | None  # the profile integration it is, if any
    category: str | None


@dataclass(frozen=True)
class _Feature:
    phrase: str  # as written in the profile
    tokens: frozenset[str]
    plan: str | None  # the plan whose summary lists it
    fact: str  # the quoted profile fact it comes from


@dataclass(frozen=True)
class _Index:
    """Everything about one profile that answering needs, compiled once."""

    tools: dict[str, _ToolRef]  # compact name -> tool
    weak: frozenset[str]  # compact names only trusted in an integration question
    tool_re: re.Pattern[str]
    category_re: re.Pattern[str]
    plan_re: re.Pattern[str] | None
    customer_re: re.Pattern[str] | None
    features: tuple[_Feature, ...]
    money: frozenset[float]
    percents: frozenset[float]
    feature_subject_re: re.Pattern[str]  # "does it / does <product> / does <plan> ... X"
    priced: tuple[Plan, ...]  # plans with a number, cheapest first
    custom: tuple[Plan, ...]  # custom-priced plans
    # Memoised look-ups (tool names, profile phrases by term): answers stay well under 0.2 ms.
    resolved: dict[str, _ToolRef] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], list[tuple[str, str | None, str]]] = field(default_factory=dict)


# --- small helpers -------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _join(items: Sequence[str], conj: str = "and") -> str:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def _num(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _pct(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


_CURRENCY_SYMBOL: Final[dict[str, str]] = {"USD": "$", "EUR": "€", "GBP": "£"}


def _money(amount: float, currency: str) -> str:
    symbol = _CURRENCY_SYMBOL.get(currency.upper())
    return f"{symbol}{_num(amount)}" if symbol else f"{_num(amount)} {currency.upper()}"


def _lower_first(s: str) -> str:
    s = s.strip()
    if len(s) > 1 and s[0].isupper() and not s[1].isupper() and not s[1].isdigit():
        return s[0].lower() + s[1:]
    return s


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def _sentence(s: str) -> str:
    s = s.strip()
    return s if s.endswith((".", "!")) else s + "."


def _voice(text: str, product: str) -> str:
    """A profile phrase as a sentence: "Syncs with X in under an hour" -> "<Product> syncs with..."."""
    text = text.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and first.endswith("s") and not first.endswith("ss"):
        return _sentence(f"{product} {_lower_first(text)}")
    return _sentence(text)


_STOP: Final[frozenset[str]] = _words(
    "a an the and or of for to in on with without by at from is are be it its it's this that these those "
    "we our us you your they their do does did can could would will should may any some all no not "
    "have has had get gets got include includes including included come comes offer offers support "
    "supports there what which who how when where why also even actually just really please too well "
    "need needed needs want team teams small big your i me my tool product platform app"
)


def _stem(word: str) -> str:
    word = word.lower().strip(".,;:!?()'\"")
    for suffix in ("ing", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content_tokens(text: str) -> frozenset[str]:
    words = re.split(r"[\s/\-,;:()]+", text.lower())
    return frozenset(_stem(w) for w in words if w and w not in _STOP and len(w) >= 2)


# --- the per-profile index -----------------------------------------------------------------------

_MONEY_RE: Final = re.compile(
    r"(?P<cur>[$€£])\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<mult>k|m|mm|bn|b|thousand|million|billion)\b)?"
    r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s?(?P<mult2>k|m|mm|bn|b|thousand|million|billion)?\s?"
    r"(?:usd|eur|gbp|dollars?|euros?|pounds?)\b"
    r"|(?P<num3>\d[\d,]*(?:\.\d+)?)\s?(?:/\s?mo(?:nth)?\b|a month\b|per month\b|/\s?yr\b|/\s?year\b|a year\b|"
    r"per year\b|per seat\b|per user\b|a seat\b|a user\b)",
    re.IGNORECASE,
)
_PERCENT_RE: Final = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_TRIAL_RE: Final = re.compile(r"(?P<num>\d+)[\s-]?days?(?:\s+free)?\s+trial", re.IGNORECASE)
_MULT: Final[dict[str, float]] = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}


def _money_values(text: str) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    for m in _MONEY_RE.finditer(text):
        num = m.group("num") or m.group("num2") or m.group("num3")
        mult = (m.group("mult") or m.group("mult2") or "").lower()
        try:
            value = float(num.replace(",", "")) * _MULT.get(mult, 1.0)
        except ValueError:
            continue
        out.append((round(value, 2), m.group(0).strip()))
    return out


def _percent_values(text: str) -> list[tuple[float, str]]:
    return [(round(float(m.group("num")), 3), m.group(0).strip()) for m in _PERCENT_RE.finditer(text)]


def _profile_texts(profile: CompanyProfile) -> list[str]:
    texts = [profile.company.one_liner, *profile.company.value_props, profile.implementation]
    texts += [p.summary for p in profile.pricing.plans]
    texts += [profile.pricing.annual_commitment]
    texts += [cs.result for cs in profile.case_studies]
    texts += [c.title for c in profile.content]
    return [t for t in texts if t]


def _features(profile: CompanyProfile) -> tuple[_Feature, ...]:
    out: list[_Feature] = []
    for plan in profile.pricing.plans:
        for phrase in re.split(r"[,;]|\.(?:\s|$)", plan.summary):
            phrase = phrase.strip()
            if phrase:
                out.append(
                    _Feature(phrase, _content_tokens(phrase), plan.name, f"plan {plan.name}: {plan.summary}")
                )
    for vp in profile.company.value_props:
        out.append(_Feature(vp.strip(), _content_tokens(vp), None, f"value_prop: {vp}"))
    if profile.implementation:
        out.append(
            _Feature(
                profile.implementation,
                _content_tokens(profile.implementation),
                None,
                f"implementation: {profile.implementation}",
            )
        )
    return tuple(f for f in out if f.tokens)


def _build_index(profile: CompanyProfile) -> _Index:
    tools: dict[str, _ToolRef] = {}
    weak: set[str] = set()
    native = profile.integration_index  # compact -> display
    forms: set[str] = set()

    def native_of(names: Iterable[str]) -> str | None:
        for n in names:
            hit = native.get(_compact(n))
            if hit is not None:
                return hit
        return None

    for display, category, aliases in _TOOL_TABLE:
        names = (display, *aliases)
        ref = _ToolRef(display, native_of(names), category)
        for n in names:
            tools.setdefault(_compact(n), ref)
            forms.add(n)
    category_of = {_compact(d): c for d, c, _ in _TOOL_TABLE}
    for key, display in TOOLS.items():
        ck = _compact(key)
        if ck in tools or key in _CATEGORY_WORDS or _compact(display) in {"crm", "api", "datawarehouse"}:
            continue
        known = tools.get(_compact(display))
        tools[ck] = known or _ToolRef(display, native_of((display, key)), category_of.get(_compact(display)))
        forms.add(key)
    for ck, display in native.items():
        known = tools.get(ck)
        tools[ck] = _ToolRef(display, display, known.category if known else None)
        forms.add(display)
    # "google + linkedin": the first word of a multi-word integration, when it names nothing else.
    firsts: dict[str, list[str]] = {}
    for display in profile.integrations:
        words = display.split()
        if len(words) > 1 and len(words[0]) >= 4:
            firsts.setdefault(_compact(words[0]), []).append(display)
    for first, displays in firsts.items():
        if len(displays) == 1 and first not in tools:
            known = tools.get(_compact(displays[0]))
            tools[first] = _ToolRef(displays[0], displays[0], known.category if known else None)
            weak.add(first)
            forms.add(first)
    weak |= {_compact(w) for w in _AMBIGUOUS}
    alternation = "|".join(sorted({_name_pattern(f) for f in forms if f.strip()}, key=len, reverse=True))
    tool_re = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    category_re = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(sorted(map(re.escape, _CATEGORY_WORDS), key=len, reverse=True))
        + r")s?(?![\w-])"
    )

    plan_names = [p.name for p in profile.pricing.plans]
    plan_re = (
        re.compile(r"(?<![\w-])(?:" + "|".join(_name_pattern(n) for n in plan_names) + r")(?![\w-])")
        if plan_names
        else None
    )
    customer_forms: list[str] = []
    for cs in profile.case_studies:
        customer_forms.append(_name_pattern(cs.customer))
        first = cs.customer.split()[0]
        if len(first) >= 5 and first.lower() not in _STOP:
            customer_forms.append(_name_pattern(first))
    customer_re = (
        re.compile(
            r"(?<![\w-])(?:" + "|".join(sorted(set(customer_forms), key=len, reverse=True)) + r")(?![\w-])"
        )
        if customer_forms
        else None
    )

    money: set[float] = set()
    percents: set[float] = {round(profile.pricing.discount_authority_pct, 3)}
    for p in profile.pricing.plans:
        if p.price_per_month is not None:
            money.add(round(p.price_per_month, 2))
    for t in _profile_texts(profile):
        money |= {v for v, _ in _money_values(t)}
        percents |= {v for v, _ in _percent_values(t)}
    subjects = [profile.company.product_name.lower(), *(p.name.lower() for p in profile.pricing.plans)]
    subject = "|".join(re.escape(n) for n in sorted(subjects, key=len, reverse=True))
    return _Index(
        priced=tuple(
            sorted((p for p in profile.pricing.plans if not p.custom), key=lambda p: p.price_per_month or 0)
        ),
        custom=tuple(p for p in profile.pricing.plans if p.custom),
        feature_subject_re=re.compile(_FEATURE_Q[0].pattern.replace("PRODUCT", subject)),
        tools=tools,
        weak=frozenset(weak),
        tool_re=tool_re,
        category_re=category_re,
        plan_re=plan_re,
        customer_re=customer_re,
        features=_features(profile),
        money=frozenset(money),
        percents=frozenset(percents),
    )


_CACHE: dict[int, tuple[CompanyProfile, _Index]] = {}


def _index(profile: CompanyProfile) -> _Index:
    hit = _CACHE.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    idx = _build_index(profile)
    if len(_CACHE) >= 16:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(profile)] = (profile, idx)  # the reference keeps the id from being reused
    return idx


# --- public building blocks ----------------------------------------------------------------------


def _ordered_plans(profile: CompanyProfile) -> tuple[list[Plan], list[Plan]]:
    """(plans with a price, cheapest first; custom-priced plans)."""
    idx = _index(profile)
    return list(idx.priced), list(idx.custom)


def _plan_for(seats: int | None, size: int | None, profile: CompanyProfile) -> Plan | None:
    priced, custom = _ordered_plans(profile)
    if seats is not None:
        for p in priced:
            if p.seats is None or seats <= p.seats:
                return p
        return custom[0] if custom else None
    if size is None:
        return None
    self_serve = next((p for p in priced if p.self_serve), None)
    icp_min = profile.icp.company_size.min
    if self_serve is not None and (
        size <= (self_serve.seats or 0) or (icp_min is not None and size < icp_min)
    ):
        return self_serve
    top = profile.enterprise_segment
    top_range = profile.segments.get(top) if top else None
    if custom and top_range is not None and (top_range.min or 0) > 0 and top_range.contains(size):
        return custom[0]
    capped = next((p for p in priced if not p.self_serve), None)
    return capped or (priced[-1] if priced else (custom[0] if custom else None))


def plan_for(lead: LeadState, profile: CompanyProfile) -> Plan | None:
    """The plan that fits the lead: by seats when known, else by company size.

    Seats: the cheapest plan whose seat cap covers them, the custom plan beyond every cap.
    Size: the self-serve plan for teams below the ICP (or within its seats), the custom plan for the
    biggest segment, the seat-capped plan otherwise. None when neither is known.
    """
    return _plan_for(lead.seats, lead.company_size, profile)


def _contract_phrase(plan: Plan, profile: CompanyProfile) -> str | None:
    for phrase in re.split(r"[,;]|\.(?:\s|$)", plan.summary):
        if "contract" in phrase.lower():
            return _lower_first(phrase.strip())
    m = re.search(
        rf"\b{re.escape(plan.name)}\b[^.;]*\bannual only\b", profile.pricing.annual_commitment, re.I
    )
    return "annual only" if m else None


def price_line(plan: Plan, profile: CompanyProfile) -> str:
    """A plan's price in the profile's own numbers: "$399/month for up to 25 seats" or "custom (annual contract)"."""
    if plan.custom or plan.price_per_month is None:
        phrase = _contract_phrase(plan, profile)
        return f"custom ({phrase})" if phrase else "custom"
    out = f"{_money(plan.price_per_month, profile.pricing.currency)}/month"
    if plan.seats is not None:
        out += f" for up to {plan.seats} seat{'s' if plan.seats != 1 else ''}"
    return out


def _discount_plans(profile: CompanyProfile) -> list[Plan]:
    priced, _ = _ordered_plans(profile)
    commitment = profile.pricing.annual_commitment.lower()
    named = [p for p in priced if re.search(rf"\b{re.escape(p.name.lower())}\b", commitment)]
    return named or [p for p in priced if not p.self_serve]


def _discount_sentence(profile: CompanyProfile) -> str | None:
    pct = profile.pricing.discount_authority_pct
    if pct <= 0:
        return None
    plans = _discount_plans(profile)
    on = f" on {_join([p.name for p in plans], 'or')}" if plans else ""
    return f"Annual prepay{on} can come with up to {_pct(pct)}% off."


def discount_line(profile: CompanyProfile) -> str | None:
    """The annual-prepay offer within the agent's discount authority, or None if it has none."""
    offer = _discount_sentence(profile)
    if offer is None:
        return None
    commitment = profile.pricing.annual_commitment.strip()
    return f"{_sentence(commitment)} {offer}" if commitment else offer


_INDUSTRY_NOUN: Final[dict[str, str]] = {
    "software": "software company",
    "fintech": "fintech company",
    "professional_services": "professional services firm",
    "healthcare": "healthcare company",
    "manufacturing": "manufacturer",
    "ecommerce": "ecommerce company",
    "education": "education organisation",
    "nonprofit": "nonprofit",
    "government": "public-sector organisation",
    "media": "media company",
    "real_estate": "real estate company",
    "logistics": "logistics company",
}
_INDUSTRY_NAME: Final[dict[str, str]] = {
    "professional_services": "professional services",
    "real_estate": "real estate",
    "government": "the public sector",
}
_RESULT_VERBS: Final[frozenset[str]] = _words(
    "cut found got saw grew won built made hit took put ran brought drove halved doubled tripled"
)


def _case_sentence(cs: CaseStudy, profile: CompanyProfile) -> str:
    result = cs.result.strip().rstrip(".")
    first = result.split(" ", 1)[0].lower()
    clause = (
        result if (first in _RESULT_VERBS or (first.isalpha() and first.endswith("ed"))) else f"saw {result}"
    )
    noun = _INDUSTRY_NOUN.get(cs.industry)
    who = f"{cs.customer}, a {noun}," if noun else cs.customer
    product = profile.company.product_name
    tail = "" if product.lower() in result.lower() else f" with {product}"
    return f"{who} {clause}{tail}."


def case_study_line(industry: str | None, profile: CompanyProfile) -> str | None:
    """The profile's case study for that industry as one sentence, else None (never invented)."""
    cs = profile.case_study_for(industry) if industry else None
    return _case_sentence(cs, profile) if cs else None


def _resolve(name: str, profile: CompanyProfile) -> _ToolRef:
    idx = _index(profile)
    hit = idx.resolved.get(name)
    if hit is not None:
        return hit
    key = _compact(normalise(name).norm) or _compact(name)
    ref = idx.tools.get(key) or idx.tools.get(_compact(name))
    if ref is None:
        display = name.strip()
        if display.islower():
            display = " ".join(w[:1].upper() + w[1:] for w in display.split())
        ref = _ToolRef(display, None, None)
    if len(idx.resolved) < 4096:
        idx.resolved[name] = ref
    return ref


def _category_natives(category: str | None, profile: CompanyProfile) -> list[str]:
    if category is None:
        return []
    idx = _index(profile)
    out: list[str] = []
    for display in profile.integrations:
        ref = idx.tools.get(_compact(display))
        if ref is not None and ref.category == category:
            out.append(display)
    return out


def _integration_sentences(refs: Sequence[_ToolRef], profile: CompanyProfile) -> tuple[list[str], list[str]]:
    """(sentences, facts) for the asked tools: the native ones, then the ones that are not."""
    natives = list(dict.fromkeys(r.native for r in refs if r.native))
    missing = [r for r in refs if not r.native]
    missing = list({r.display.lower(): r for r in missing}.values())
    sentences: list[str] = []
    facts = [f"integrations: {n}" for n in natives]
    if natives:
        yes = "Yes, " if not missing else ""
        if len(natives) == 1:
            sentences.append(f"{yes}{natives[0]} is a native integration.")
        else:
            all_ = " all" if len(natives) > 2 else ""
            sentences.append(f"{yes}{_join(natives)} are{all_} native integrations.")
        if yes:
            sentences[-1] = sentences[-1][0].upper() + sentences[-1][1:]
    if missing:
        names = [r.display for r in missing]
        if len(names) == 1:
            s = f"{names[0]} isn't one of our native integrations today"
        else:
            s = f"{_join(names)} aren't native integrations today"
        cats = {r.category for r in missing}
        alts = _category_natives(next(iter(cats)), profile) if len(cats) == 1 else []
        if alts:
            label = _CATEGORY_LABEL.get(next(iter(cats)) or "", "that")
            s += f"; for {label} we connect to {_join(alts)}"
            facts += [f"integrations: {a}" for a in alts]
        sentences.append(s + ".")
    return sentences, facts


def integration_line(tools: Sequence[str], profile: CompanyProfile) -> tuple[str, tuple[str, ...]]:
    """Each asked tool answered native or not, and which of them are NOT native integrations.

    ("Salesforce and Snowflake are native integrations. Pipedrive isn't one of our native
    integrations today; for CRM we connect to Salesforce and HubSpot.", ("Pipedrive",)).
    With no tools, the profile's list of native integrations.
    """
    if not tools:
        if not profile.integrations:
            return ("I don't have a list of native integrations to share here.", ())
        return (f"Our native integrations are {_join(list(profile.integrations))}.", ())
    refs = list({r.display: r for r in (_resolve(t, profile) for t in tools)}.values())
    sentences, _ = _integration_sentences(refs, profile)
    return (" ".join(sentences), tuple(r.display for r in refs if not r.native))


def _content_for(kind: str, profile: CompanyProfile) -> ContentItem | None:
    return (
        profile.content_of(kind)
        or profile.content_of("overview")
        or (profile.content[0] if profile.content else None)
    )


def _link(item: ContentItem) -> str:
    """A content item as the closing line of an answer: "Pricing guide: https://..."."""
    return f"{_upper_first(item.title.strip())}: {item.url}"


# --- self-check ----------------------------------------------------------------------------------


def facts_in_text_are_grounded(text: str, profile: CompanyProfile, *, may_echo: str = "") -> list[str]:
    """The money amounts, percentages and trial lengths in `text` that the profile does not contain.

    Amounts are compared by value ("$4.1M" == "$4,100,000"); a bare number counts as money when it
    reads as a price ("399 a month", "49/mo"). `may_echo` is text whose own amounts may be repeated
    back (e.g. the visitor's messages: "at $80k a month of spend..."). [] means grounded.
    """
    idx = _index(profile)
    echo_money = {v for v, _ in _money_values(may_echo)}
    echo_pct = {v for v, _ in _percent_values(may_echo)}
    bad: list[str] = []
    for value, shown in _money_values(text):
        if value not in idx.money and value not in echo_money:
            bad.append(shown)
    for value, shown in _percent_values(text):
        if value not in idx.percents and value not in echo_pct:
            bad.append(shown)
    for m in _TRIAL_RE.finditer(text):
        if int(m.group("num")) != profile.pricing.trial_days:
            bad.append(m.group(0))
    return bad


# --- reading the question ------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class _Cue:
    """A pattern behind a cheap substring test: most messages contain none of its trigger words, and
    a plain `in` check is far faster than trying a long alternation at every position. The triggers
    must cover every alternative of the pattern."""

    def __init__(self, pattern: str, *triggers: str) -> None:
        self.pattern = re.compile(pattern)
        self.triggers = triggers

    def search(self, s: str) -> re.Match[str] | None:
        for t in self.triggers:
            if t in s:
                return self.pattern.search(s)
        return None


_ASK = _rx(
    # Question words count at the start of a sentence ("i have no idea what's working" asks nothing).
    r"(?:^|[.!;,] )(?:so |and |also |ok |but |hey |hi )?(?:wat|wht|whats|what's|what|how much|how many|how long|"
    r"how does|how do|is there|are there|do you|does it|can it|can you|can we|can i|could you|would it|will it)\b|"
    r"\b(?:tell me|let me know|wondering|curious|"
    r"need to know|want to know|like to know|explain|walk me through|send (?:me|us|over)|share (?:the|a|your)|"
    r"email me|any (?:chance|way|discount|deal)|needs? to (?:work|integrate|connect|sync) with|"
    r"must (?:work|integrate|connect|sync) with|would need both)\b"
)
_NOT_FOR_US = _Cue(
    r"\b(?:hiring|job openings?|open roles?|careers?|internships?|apply for|the role|this role|the position|salary|"
    r"visa sponsorship)\b|"
    r"^(?:hi|hey|hello|yo|thanks|thank you|ok|cool|great|nice)\b[\s!.,]*$|\bhow are you\b|\bare you (?:a )?(?:bot|robot|human|real|ai)\b|"
    r"\bwho am i (?:talking|speaking|chatting) (?:to|with)\b|\bis (?:anyone|anybody|someone) (?:there|around|here)\b",
    "hiring",
    "job",
    "role",
    "position",
    "salary",
    "visa",
    "open role",
    "career",
    "intern",
    "apply",
    "hi",
    "hey",
    "hello",
    "yo",
    "thank",
    "ok",
    "cool",
    "great",
    "nice",
    "how are you",
    "are you",
    "who am i",
    "there",
    "around",
    "here",
)
_SCHEDULING = _Cue(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|next week|"
    r"\d{1,2}(?::\d{2})? ?(?:am|pm)|\d{1,2}:\d{2}|slots?|invite|calendar|meeting|a call|demo|book\w*|"
    r"reschedul\w*|time zone|timezone)\b",
    "day",
    "tomorrow",
    "tonight",
    "week",
    "am",
    "pm",
    ":",
    "slot",
    "invite",
    "calendar",
    "meeting",
    "call",
    "demo",
    "book",
    "reschedul",
    "time",
)

_INTEGRATION = _Cue(
    r"\bintegrat\w*|\bconnect(?!(?:ing)? (?:me|us)\b)\w*|\bsync\w*|\bplugs? ?in\w*|\bplug into\b|\bhook\w* (?:in)?to\b|"
    r"\bworks? (?:with|together)\b|\bplay\w* nice\b|\bcompatib\w*|\bnative\w*|\bpull\w* (?:\w+ ){0,3}(?:in|from)\b|"
    r"\bpush\w* (?:\w+ ){0,3}(?:to|into|back)\b|\bimport\w*|\bexport\w*|\bget (?:\w+ ){0,4}into\b|"
    r"\bpick\w* up (?:\w+ ){0,3}from\b|\bpost\w* (?:\w+ ){0,2}to\b|\bfeed\w* (?:into|from)\b|\bsupport(?:s|ed)?\b",
    "integrat",
    "connect",
    "sync",
    "plug",
    "hook",
    "work",
    "play",
    "compatib",
    "native",
    "pull",
    "push",
    "import",
    "export",
    "into",
    "pick",
    "post",
    "feed",
    "support",
)
_LIST_INTEGRATIONS = _rx(
    r"\b(?:what|which) (?:\w+ ){0,2}(?:integrations?|tools|systems|apps|platforms|connectors?|software)\b|"
    r"\bintegrations? (?:do you|does it|list|are there)\b|\blist of integrations\b|"
    r"\bwhat (?:do|does|can) (?:you|it) (?:\w+ )?(?:integrate|connect|sync|plug)\b|\bwhat (?:else )?(?:do|does) (?:it|you) work with\b"
)
_ANAPHORA = _rx(r"\b(?:both|all (?:of )?(?:them|those|that|3|three|4|four)|those|them|either)\b")
_UNKNOWN_TOOL = _rx(
    r"\b(?:integrat\w*|connect\w*|sync\w*|works?|plugs?|hooks?|compatible) (?:in )?(?:with|to|into) "
    r"(?:our |my |the |your )?(?P<x>[a-z][\w.+-]*)"
)
_NOT_A_TOOL: Final[frozenset[str]] = _words(
    "it that this them those these both all everything anything other others us me you existing current "
    "stack tools tool systems system data platform software a an any what which stuff things ours each "
    "one whatever apps app email emails calendar teams team people someone somebody sales marketing "
    "a human person rep reps"
)

_PRICING = _Cue(
    r"\bpric\w*|\bcost\w*|\bhow much\b|\bcharge\w*|\bfees?\b|[$€£]\s?\d|\bper (?:seat|user|month)\b|"
    r"\bquote\b|\bexpensive\b|\bcheap\w*|\bwhat (?:do|would|will) (?:we|i) pay\b|\bpay for\b",
    "pric",
    "cost",
    "much",
    "charg",
    "fee",
    "$",
    "€",
    "£",
    "per ",
    "quot",
    "expensive",
    "cheap",
    "pay",
)
_PLAN_FIT = _rx(
    r"\bwhich (?:plan|tier|package|one|edition|option)\b|\bwhat (?:plan|tier|package)\b|"
    r"\b(?:plan|tier|package)s? (?:fits?|makes sense|suits?|for us|would we need|do we need|is right)\b|"
    r"\benough\b|\bright (?:plan|fit|tier|one)\b|\bdo (?:we|i) need\b|\bdifference\b|\bcompare\w*|\bvs\b|"
    r"\bversus\b|\binclude\w*|\bcome with\b|\bwhat(?:'s| is) in\b|\bwhat do (?:we|i|you) get\b|\bupgrade\b|"
    r"\bbetter for\b|\bfit for\b"
)
_SEATS = _rx(
    r"\bseats?\b|\busers?\b|\blicen[cs]es?\b|\blogins?\b|\bhow many (?:people|users|seats|accounts)\b|\bof us\b|"
    r"\bcaps? (?:at|out)\b|\bcapped\b|\blimit\w*|\bwhat then\b"
)
_TRIAL = _rx(
    r"\btrials?\b|\btry (?:it|this|before|out|for free)\b|\btest[- ](?:drive|it out)\b|\bfree (?:\w+ ){0,2}(?:version|plan|tier|account|option|edition)\b|"
    r"\bfor free\b|\bfreemium\b|\bsandbox\b|\bpilot\b|\bproof of concept\b|\bpoc\b"
)
_FREE_PLAN = _rx(
    r"\bfree (?:\w+ ){0,2}(?:version|plan|tier|account|option|edition)\b|\bfor free\b|\bfreemium\b"
)
_SIGNUP = _rx(r"\bsign ?up\b|\bsigning up\b|\bsales call\b|\bwithout (?:a call|talking)\b|\bself[- ]serve\b")
_ANNUAL = _Cue(
    r"\bannual\w*|\byearly\b|\bper year\b|\ba year\b|/\s?yr\b|\bmonth[- ]to[- ]month\b|\bmonthly (?:or|vs|versus|and|first|plan|billing|option|contract|commitment)\b|"
    r"\b(?:go|start|pay|switch\w*|stay|only|just) monthly\b|\bbilled\b|\bbilling (?:cycle|period|options?)\b|"
    r"\bcommit\w*|\bpay (?:up ?front|in advance|by the year|for a year)\b|\bprepa\w*|\block(?:ed)? in\b|\b12[- ]months?\b",
    "annual",
    "year",
    "yr",
    "month",
    "bill",
    "commit",
    "pay",
    "prepa",
    "lock",
)
_DISCOUNT = _rx(
    r"\bdiscount\w*|\b(?:any|a|good|better|best|special) deals?\b|\bdeal (?:if|for|on)\b|\bpromo\w*|\bcoupons?\b|"
    r"\b% off\b|\bpercent off\b|\bcheaper\b|\bbetter (?:price|rate)\b|\bflex\w*\b|\bnegotia\w*|\bbest price\b|"
    r"\bwiggle room\b|\bspecial (?:pricing|rate|offer)\b|\bbreak on\b|\bsave (?:money|anything|something)\b|"
    r"\bbest (?:you can do|you can offer|offer)\b|\bcome down\b|\bgo lower\b|\blower (?:the |your )?price\b|\bany room\b"
)
_SEGMENT_DEAL = _rx(
    r"\b(?P<seg>startup|start-up|nonprofit|non-profit|education|edu|student|academic|government|charity|ngo) "
    r"(?:discount|pricing|plan|rate|price|version|program|programme|tier|license|licence)s?\b"
)
_IMPLEMENTATION = _Cue(
    r"\bset ?up\b|\bsetting up\b|\bimplement\w*|\bonboard\w*|\binstall\w*|\bgo(?:ing)? live\b|\blive in\b|"
    r"\bup and running\b|\bget(?:ting)? started\b|\brollouts?\b|\broll(?:ing)? (?:it |this )?out\b|\bdeploy\w*|"
    r"\bhow long (?:does|would|will|did) (?:it|this|that|the \w+) take\b|\bhow long (?:until|till|before|to)\b|"
    r"\bhow (?:fast|quickly|soon) (?:can|could|would|will|do|does|is)\b|\btime to value\b|\bengineer\w*|"
    r"\bdevelopers?\b|\b(?:our |the |an |your )it (?:team|department|dept)\b|\b(?:eng|dev|tech|engineering) (?:team|work|resources|time)\b|"
    r"\badmin (?:access|rights|side|work|permissions?)\b|\b(?:need|needs|require\w*|an) (?:an? )?admin\b|"
    r"\bno[- ]code\b|\btechnical (?:work|resources|lift|effort)\b|\bheavy lift\b|"
    r"\bhow (?:painful|hard|difficult|easy|much work|much effort|complicated)\b|\bon our side\b",
    "set",
    "implement",
    "onboard",
    "install",
    "live",
    "running",
    "started",
    "roll",
    "deploy",
    "how ",
    "time to value",
    "engineer",
    "develop",
    "dep",
    "team",
    "work",
    "resource",
    "time",
    "admin",
    "code",
    "technical",
    "lift",
    "side",
)
_ENGINEERING = _rx(
    r"\bengineer\w*|\bdevelopers?\b|\b(?:our |the |an |your )it (?:team|department|dept)\b|\b(?:eng|dev|tech|engineering) (?:team|work|resources|time)\b|"
    r"\badmin (?:access|rights|side|work|permissions?)\b|\b(?:need|needs|require\w*|an) (?:an? )?admin\b|"
    r"\bno[- ]code\b|\btechnical\b|\bon our side\b|\bhow (?:painful|hard|difficult|easy|much work|much effort|complicated)\b"
)
_IMPL_PROP = _rx(
    r"engineer|hour|minute|set ?up|install|sync|no[- ]code|integrat|go live|live in|days?\b|weeks?\b"
)

# (cue on the question, label for `unknown`, how to name it in a sentence, words to find in the profile)
_SECURITY_ITEMS: Final[tuple[tuple[re.Pattern[str], str, str, tuple[str, ...]], ...]] = (
    (_rx(r"\bsso\b|\bsingle sign[- ]?on\b|\bsaml\b"), "SSO/SAML", "SSO", ("sso", "saml", "single sign")),
    (
        _rx(r"\bscim\b|\buser provisioning\b"),
        "SCIM provisioning",
        "SCIM provisioning",
        ("scim", "provisioning"),
    ),
    (
        _rx(r"\bsoc ?2\b|\bsoc ?ii\b|\bsoc2\b|\bsoc 1\b"),
        "SOC 2 report",
        "a SOC 2 report",
        ("soc 2", "soc2", "soc ii"),
    ),
    (_rx(r"\biso ?27001\b|\biso certifi\w*"), "ISO 27001 certification", "ISO 27001", ("27001",)),
    (_rx(r"\bgdpr\b"), "GDPR documentation", "GDPR specifics", ("gdpr",)),
    (_rx(r"\bdpa\b|\bdata processing (?:agreement|addendum)\b"), "DPA", "a DPA", ("dpa", "data processing")),
    (_rx(r"\bhipaa\b|\bbaa\b|\bbusiness associate\b"), "HIPAA / BAA", "HIPAA or a BAA", ("hipaa", "baa")),
    (
        _rx(r"\bpen ?tests?\b|\bpenetration test\w*"),
        "penetration test report",
        "a pen test report",
        ("pen test", "penetration"),
    ),
    (_rx(r"\bencrypt\w*"), "encryption details", "encryption details", ("encrypt",)),
    (
        _rx(
            r"\bdata residency\b|\bwhere (?:is|does) (?:our |the |my )?data\b|\bhosted in\b|\bhosting\b|\bdata (?:stored|hosted) in\b|\bdata cent(?:er|re)s?\b"
        ),
        "data residency",
        "where data is hosted",
        ("residency", "hosted", "hosting", "data center"),
    ),
    (_rx(r"\bretention\b|\bretain\w*"), "data retention", "data retention", ("retention",)),
    (_rx(r"\bsla\b|\buptime\b"), "SLA", "an SLA", ("sla", "uptime")),
    (_rx(r"\baudit (?:logs?|trail)\b"), "audit logs", "audit logs", ("audit log",)),
    (
        _rx(r"\bmfa\b|\b2fa\b|\btwo[- ]factor\b|\bmulti[- ]factor\b"),
        "two-factor authentication",
        "two-factor authentication",
        ("2fa", "mfa", "two-factor"),
    ),
    (
        _rx(
            r"\bread[- ]only\b|\bpermissions?\b|\bscopes?\b|\bwrite access\b|\bwrite back\b|\bapi user\b|\bconnected app\b"
        ),
        "exact permission scopes",
        "the exact permission scopes",
        ("read-only", "scope", "permission"),
    ),
    (
        _rx(
            r"\bsecurity\b|\binfosec\b|\bcomplian\w*|\bcertifi\w*|\bsecure\b|\bvendor (?:review|assessment)\b"
        ),
        "security documentation",
        "security documentation",
        ("security", "compliance", "certified"),
    ),
)

_SECURITY_ANY = _Cue(
    "|".join(f"(?:{rx.pattern})" for rx, *_ in _SECURITY_ITEMS),
    *(
        "sso",
        "sign",
        "saml",
        "scim",
        "provision",
        "soc",
        "iso",
        "27001",
        "gdpr",
        "dpa",
        "data",
        "hipaa",
        "baa",
    ),
    *(
        "business assoc",
        "pen",
        "encrypt",
        "host",
        "retention",
        "retain",
        "sla",
        "uptime",
        "audit",
        "mfa",
        "2fa",
    ),
    *("factor", "read", "permission", "scope", "write", "api user", "connected app", "secur", "infosec"),
    *("complian", "certif", "vendor"),
)
_CASE = _Cue(
    r"\bcase stud\w*|\b(?:any|other|existing|your|have|similar|current) (?:\w+ ){0,2}(?:customers|clients)\b|"
    r"\b(?:customers|clients) (?:like us|in|using|similar|our size)\b|\breferences?\b|"
    r"\bwho (?:else )?(?:uses|is using|use|has used|are using)\b|\b(?:anyone|anybody|others?|companies|teams|people|someone) "
    r"(?:else )?(?:like us|in (?:\w+ ){0,2}(?:using|use|uses)|in \w+|using|use|uses|our size)\b|\bother (?:\w+ ){1,2}(?:companies|teams|firms|customers|brands|businesses)\b|"
    r"\bsimilar (?:companies|teams|customers|businesses)\b|\bexamples?\b|\btestimonials?\b|\blogos?\b|\bsuccess stor\w*|\bstor(?:y|ies)\b|\bproof\b",
    "case",
    "customer",
    "client",
    "referen",
    "who",
    "anyone",
    "anybody",
    "other",
    "compan",
    "team",
    "people",
    "someone",
    "similar",
    "example",
    "testimonial",
    "logo",
    "stor",
    "proof",
)
_REGION = _rx(
    r"\b(?:in|from|based in|across) (?P<r>europe|the eu|emea|apac|asia|latam|latin america|north america|the us|the usa|"
    r"the uk|uk|germany|france|spain|italy|the nordics|nordics|japan|china|india|australia|brazil|mexico|canada|"
    r"singapore|the middle east|africa|dach|benelux|korea|the netherlands)\b"
)
_CONTENT = _rx(
    r"\b(?:pdf|deck|one[- ]pager|brochure|white ?papers?|datasheet|data sheet|overview|guide|docs|documentation|"
    r"write ?-?ups?|slides|link|more info\w*|more details|materials?|resources|something (?:i|we) can (?:forward|share|send|read))\b"
)
_CONTRACT = _rx(
    r"\bcontracts?\b|\bterms\b|\bmsa\b|\bmulti[- ]year\b|\bcancel\w*|\bnotice period\b|\bprocurement\b|\bredlines?\b|"
    r"\blegal review\b|\bpayment (?:terms|methods?|options)\b|\binvoic\w*|\bpurchase orders?\b|\bnet ?(?:30|45|60)\b|"
    r"\bauto[- ]?renew\w*|\bminimum (?:contract|term|commitment|length|period)\b|\bcredit cards?\b|\bpay by card\b|\bwire transfer\b|\brefund\w*|\bmoney[- ]back\b"
)
_CONTRACT_ITEMS: Final[tuple[tuple[re.Pattern[str], str, str], ...]] = (
    (_rx(r"\bmulti[- ]year\b"), "multi-year terms", "multi-year terms"),
    (
        _rx(r"\bmsa\b|\bredlines?\b|\blegal review\b|\bcustom terms\b"),
        "MSA and legal terms",
        "MSA or legal terms",
    ),
    (
        _rx(r"\bcancel\w*|\bnotice period\b|\bauto[- ]?renew\w*"),
        "cancellation and renewal terms",
        "cancellation and renewal terms",
    ),
    (_rx(r"\bminimum (?:contract|term|commitment|length|period)\b"), "minimum term", "the minimum term"),
    (
        _rx(
            r"\bpayment (?:terms|methods?|options)\b|\binvoic\w*|\bpurchase orders?\b|\bnet ?(?:30|45|60)\b|\bcredit cards?\b|\bpay by card\b|\bwire transfer\b"
        ),
        "payment terms",
        "payment terms",
    ),
    (_rx(r"\bprocurement\b"), "procurement process", "the procurement process"),
    (_rx(r"\brefund\w*|\bmoney[- ]back\b"), "refund terms", "refund terms"),
)
_TERMS = _rx(
    r"\bcontracts?\b|\bterms\b|\bmulti[- ]year\b|\bcommit\w*|\bcancel\w*|\block[- ]?in\b|\bminimum term\b|\bauto[- ]?renew\w*"
)
_PRODUCT = _rx(
    r"\bwhat (?:does|do) (?:it|this|you|you guys|the (?:tool|product|platform)) (?:actually )?do\b|\bwhat is (?:it|this)\b|"
    r"\bwhat's (?:it|this)\b|\bhow does (?:it|this) work\b|\bwhat problems? does\b|\bin a nutshell\b|"
    r"\belevator pitch\b|\bwhat do you (?:guys )?(?:do|sell|offer)\b|\bwho is (?:it|this) for\b|"
    r"\bcan (?:you|it|this) help\b|\bwould (?:it|this) help\b|\bwhat can (?:it|you) do\b"
)
_METHOD = _rx(
    r"\bweight\w*|\bcredit(?! cards?)\w*|\bmodel(?:s|ing|led)?\b|\balgorithm\w*|\bmethodolog\w*|\brule-based\b|"
    r"\bdata-driven\b|\bfirst[- ]touch\b|\blast[- ]touch\b|\b[uwj]-shaped\b|\btime[- ]decay\b|\bmachine learning\b|"
    r"\bhow (?:does it|do you) (?:decide|calculate|assign|attribute|measure|work out|know)\b"
)
_FEATURE_Q = (
    _rx(
        r"\b(?:does|do|can|will|is|are)\s+(?:it|you|you guys|this|the (?:tool|product|platform|app)|PRODUCT)\s+"
        r"(?:also |even |actually )?(?:have|has|do|support|offer|include|come with|provide|track|show|handle|give|"
        r"let (?:us|me|you)|allow|measure|report(?: on)?|cover|work for)\s+(?P<x>[^?.!,;]+)"
    ),
    _rx(r"\b(?:is|are) there (?P<x>[^?.!,;]+)"),
    _rx(r"\bdo you (?:guys )?(?:have|offer|support|do|provide) (?P<x>[^?.!,;]+)"),
)
_FEATURE_TAIL = _rx(r"\s+(?:too|as well|also|for us|or not|right|at all|though|tho|yet|by any chance)$")
_FEATURE_HEAD = _rx(r"^(?:any|some|the|our|my|your)\s+")
_ARTICLE = _rx(r"^(?:a|an)\s+")

_PLAN_BEFORE_SKIP: Final[frozenset[str]] = _words(
    "run runs running manage manages drive drives own owns revenue pipeline business sales marketing hyper "
    "rapid fast vp svp head lead leads"
)
_PLAN_AFTER_SKIP: Final[frozenset[str]] = _words(
    "team teams marketing marketer marketers lead leads manager managers hacking hacker stage rate rates "
    "mindset function org company companies customers clients software sales segment grade level accounts "
    "account deal deals targets goals"
)
_ROLE_OF = _rx(r"\b(?:head|vp|svp|director|lead|manager|cmo|chief) of $")


@dataclass
class _Part:
    topics: tuple[Topic, ...]
    pos: int
    sentences: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (sentence, facts)
    unknown: list[str] = field(default_factory=list)

    def say(self, sentence: str, *facts: str) -> None:
        self.sentences.append((sentence, facts))


@dataclass
class _Q:
    """One question being answered: the message read once, and the facts around it."""

    text: Text
    norm: str
    analysis: TurnAnalysis
    lead: LeadState
    profile: CompanyProfile
    idx: _Index
    tools: list[tuple[int, _ToolRef]]
    categories: list[tuple[int, str]]
    plans: list[tuple[int, Plan]]
    seats: int | None
    size: int | None

    @property
    def product(self) -> str:
        return self.profile.company.product_name


def _first(regex: re.Pattern[str] | _Cue, s: str) -> int | None:
    m = regex.search(s)
    return m.start() if m else None


def _tools_in(norm: str, q_idx: _Index, integration_cue: bool) -> list[tuple[int, _ToolRef]]:
    found: list[tuple[int, _ToolRef]] = []
    strong = False
    for m in q_idx.tool_re.finditer(norm):
        key = _compact(m.group(0))
        ref = q_idx.tools.get(key)
        if ref is None:
            continue
        if key not in q_idx.weak:
            strong = True
        found.append((m.start(), ref))
    out: list[tuple[int, _ToolRef]] = []
    seen: set[str] = set()
    for pos, ref in found:
        key = _compact(ref.display)
        matched = _compact(norm[pos : pos + 40])
        is_weak = any(matched.startswith(w) for w in q_idx.weak if q_idx.tools.get(w) is ref)
        if is_weak and not (integration_cue or strong):
            continue
        if key not in seen:
            seen.add(key)
            out.append((pos, ref))
    return out


def _plans_in(norm: str, idx: _Index, profile: CompanyProfile) -> list[tuple[int, Plan]]:
    if idx.plan_re is None:
        return []
    out: list[tuple[int, Plan]] = []
    for m in idx.plan_re.finditer(norm):
        before = norm[max(0, m.start() - 24) : m.start()]
        prev = before.split()[-1:] or [""]
        nxt = norm[m.end() : m.end() + 24].split()[:1] or [""]
        if prev[0] in _PLAN_BEFORE_SKIP or nxt[0] in _PLAN_AFTER_SKIP or _ROLE_OF.search(before):
            continue
        if _compact(prev[0]) in idx.tools and _compact(prev[0]) not in idx.weak:
            continue  # "hubspot starter", "salesforce enterprise": the tool's own tier
        plan = profile.pricing.plan(m.group(0).replace("-", " "))
        if plan is None:
            plan = next((p for p in profile.pricing.plans if _compact(p.name) == _compact(m.group(0))), None)
        if plan is not None and all(p.name != plan.name for _, p in out):
            out.append((m.start(), plan))
    return out


def _asks(q: _Q) -> bool:
    """Whether the message asks something: a question mark, a sentence that opens like a question,
    or a request ("send me", "needs to work with both"). The analysis flag alone is not enough: it
    also fires on statements such as "nobody can tell me what turns into pipeline"."""
    if "?" in q.norm or _ASK.search(q.norm):
        return True
    return any(is_question(q.norm[s:e].strip(" ,")) for s, e in q.text.sentence_spans)


# --- topic handlers ------------------------------------------------------------------------------


def _integration_part(q: _Q) -> _Part | None:
    cue = _first(_INTEGRATION, q.norm)
    if not q.tools and cue is None:
        return None
    if cue is not None and not q.tools and not q.categories and {"human_request"} & q.analysis.intent_set:
        return None
    # "supports" alone is not about integrations unless a tool or a kind of tool is named.
    if not q.tools and not q.categories and cue is not None and re.match(r"support", q.norm[cue:]):
        return None
    pos = min([*([cue] if cue is not None else []), *(p for p, _ in q.tools)])
    part = _Part(("integration",), pos)
    refs = [r for _, r in q.tools]
    if not refs and not q.categories and _ANAPHORA.search(q.norm) and q.lead.tools:
        refs = list({r.display: r for r in (_resolve(t, q.profile) for t in q.lead.tools)}.values())
        refs = [r for r in refs if r.category != "api"]
    if not refs and not q.categories:
        m = _UNKNOWN_TOOL.search(q.norm)
        x = m.group("x").rstrip(".,") if m else ""
        if m and x not in _NOT_A_TOOL and x not in _STOP and len(x) >= 3:
            shown = q.text.quote(m.start("x"), m.end("x")).rstrip("?.!,")
            if shown.islower():
                shown = shown[:1].upper() + shown[1:]
            refs = [_ToolRef(shown, None, None)]
    if refs:
        sentences, facts = _integration_sentences(refs, q.profile)
        for s in sentences:
            part.say(s, *facts)
        part.unknown += [f"{r.display} integration" for r in refs if not r.native]
        # The profile's own words about how a native tool connects ("syncs ... in under an hour").
        natives = [r.native for r in refs if r.native]
        for vp in q.profile.company.value_props:
            if any(n.lower() in vp.lower() for n in natives):
                part.say(_voice(vp, q.product), f"value_prop: {vp}")
                break
    mentioned = {r.category for r in refs}
    for _, cat in q.categories:
        if cat in mentioned:
            continue
        label = _CATEGORY_LABEL.get(cat, cat)
        natives = _category_natives(cat, q.profile)
        if cat == "api":
            part.say("I can't confirm API access from here; someone on our team can go through it with you.")
            part.unknown.append("API access")
        elif natives:
            part.say(
                f"For {label} we connect natively to {_join(natives)}.",
                *(f"integrations: {n}" for n in natives),
            )
        else:
            part.say(f"I don't see a native {label} integration on our list today.")
            part.unknown.append(f"{label} integration")
    if not part.sentences:
        if not _LIST_INTEGRATIONS.search(q.norm):
            return None
        line, _ = integration_line((), q.profile)
        part.say(line, f"integrations: {', '.join(q.profile.integrations)}")
    return part


def _fit_who(seats: int | None, size: int | None) -> str:
    if seats is not None:
        return f"{seats:,} seat{'s' if seats != 1 else ''}"
    return f"a {size:,}-person team" if size is not None else "your team"


_PRICING_NOISE = _rx(
    r"\b(?:startup|start-up|nonprofit|non-profit|education|edu|student|academic|government|charity|ngo) pric\w*|"
    r"\bpricing (?:guide|page|sheet|doc\w*|pdf|deck)\b|\b(?:setup|set up|onboarding|implementation|hidden|extra|additional) "
    r"(?:fees?|costs?|charges?)\b"
)
_EXTRA_FEES = _rx(
    r"\b(?P<x>(?:setup|set up|onboarding|implementation|hidden|extra|additional) (?:fees?|costs?|charges?))\b"
)


def _pricing_part(q: _Q) -> _Part | None:
    fees = _EXTRA_FEES.search(q.norm)
    if fees is not None:
        # Nothing in the profile prices set-up or extras: say so rather than guess.
        part = _Part(("pricing",), fees.start())
        part.say(f"I don't see {fees.group('x')} in our pricing, but a rep can confirm for your setup.")
        part.unknown.append(fees.group("x"))
        return part
    p_cue = _first(_PRICING, _PRICING_NOISE.sub(lambda m: " " * len(m.group(0)), q.norm))
    f_cue = _first(_PLAN_FIT, q.norm)
    s_cue = _first(_SEATS, q.norm)
    named = [p for _, p in q.plans]
    fit_asked = f_cue is not None and (
        bool(named) or bool(re.search(r"\b(?:plan|tier|package|option)s?\b", q.norm))
    )
    if (
        f_cue is not None
        and not fit_asked
        and re.search(r"\b(?:which one|enough|right one|do (?:we|i) need)\b", q.norm)
    ):
        fit_asked = p_cue is not None or s_cue is not None
    seats_asked = s_cue is not None
    if p_cue is None and not fit_asked and not seats_asked:
        return None
    cues = [c for c in (p_cue, f_cue if fit_asked else None, s_cue) if c is not None]
    topics: list[Topic] = []
    if p_cue is not None:
        topics.append("pricing")
    if fit_asked:
        topics.append("plan_fit")
    if seats_asked:
        topics.append("seats")
    part = _Part(tuple(topics), min(cues))
    profile = q.profile
    priced, custom = _ordered_plans(profile)
    seats, size = q.seats, q.size
    fit = _plan_for(seats, size, profile)
    capped = [p for p in priced if p.seats is not None]
    biggest_cap = max(capped, key=lambda p: p.seats or 0) if capped else None

    def plan_fact(p: Plan) -> str:
        return f"plan {p.name}: {price_line(p, profile)}" + (f"; {p.summary}" if p.summary else "")

    def over_cap(p: Plan, n: int) -> None:
        bigger = custom[0] if custom else None
        nxt = (
            f"usually {'an' if bigger.name[:1].lower() in 'aeiou' else 'a'} {bigger.name} conversation"
            if bigger
            else "a conversation about options"
        )
        part.say(
            f"{p.name} includes up to {p.seats} seats, so for {n} it's {nxt}; a rep can look at who actually needs a seat.",
            plan_fact(p),
            *([plan_fact(bigger)] if bigger else []),
        )
        if "seats" not in part.topics:
            part.topics = (*part.topics, "seats")

    if named:
        for p in named[:2]:
            if p.custom:
                part.say(
                    f"{p.name} pricing is {price_line(p, profile)}, so a rep puts together a quote for your team.",
                    plan_fact(p),
                )
            elif seats is not None and p.seats is not None and seats > p.seats:
                over_cap(p, seats)
            else:
                s = f"{p.name} is {price_line(p, profile)}"
                if seats is not None and (p.seats is None or seats <= p.seats):
                    s += f", so {seats} fits"
                elif (fit_asked or len(named) > 1) and p.summary:
                    s += f": {_lower_first(p.summary.rstrip('.'))}"
                elif p.self_serve:
                    s += ", self-serve with no sales call needed"
                part.say(_sentence(s), plan_fact(p))
        if (
            fit is not None
            and fit in named
            and fit_asked
            and len(named) > 1
            and seats is None
            and size is not None
        ):
            part.say(f"For {_fit_who(seats, size)}, {fit.name} is the one that fits.", plan_fact(fit))
        if fit is not None and fit not in named and (fit_asked or seats is not None or size is not None):
            if fit.custom:
                if not (seats is not None and any(p.seats and seats > p.seats for p in named)):
                    part.say(
                        f"For {_fit_who(seats, size)}, {fit.name} is the likely fit, and its pricing is {price_line(fit, profile)}.",
                        plan_fact(fit),
                    )
            else:
                part.say(
                    f"For {_fit_who(seats, size)}, {fit.name} fits: {price_line(fit, profile)}.",
                    plan_fact(fit),
                )
        return part
    if fit is not None:
        if fit.custom:
            if seats is not None and biggest_cap is not None and seats > (biggest_cap.seats or 0):
                over_cap(biggest_cap, seats)
            else:
                part.say(
                    f"At {_fit_who(seats, size).removeprefix('a ').replace('-person team', ' people')}, "
                    f"{fit.name} is the likely fit; its pricing is {price_line(fit, profile)}, so a rep quotes it.",
                    plan_fact(fit),
                )
            if "plan_fit" not in part.topics:
                part.topics = (*part.topics, "plan_fit")
            return part
        s = f"For {_fit_who(seats, size)}, {fit.name} fits: {price_line(fit, profile)}"
        if fit.self_serve:
            s += ", self-serve with no sales call needed"
        part.say(_sentence(s), plan_fact(fit))
        if "plan_fit" not in part.topics:
            part.topics = (*part.topics, "plan_fit")
        return part
    if seats is not None and biggest_cap is not None:
        over_cap(biggest_cap, seats)
        return part
    lines = [f"{p.name} is {price_line(p, profile)}" for p in [*priced, *custom][:4]]
    part.say(_sentence(_join(lines)), *(plan_fact(p) for p in [*priced, *custom][:4]))
    return part


def _entry_sentence(profile: CompanyProfile) -> tuple[str, str] | None:
    """The cheapest plan as the way in: "Starter is the entry point at $49/month for up to 3 seats"."""
    priced, _ = _ordered_plans(profile)
    if not priced:
        return None
    p = priced[0]
    return (
        f"{p.name} is the entry point at {price_line(p, profile)}.",
        f"plan {p.name}: {price_line(p, profile)}",
    )


def _discount_part(q: _Q) -> _Part | None:
    core = _first(_DISCOUNT, q.norm)
    seg = _SEGMENT_DEAL.search(q.norm)
    if core is None and seg is None:
        return None
    part = _Part(("discount",), min(x for x in (core, seg.start() if seg else None) if x is not None))
    profile = q.profile
    if seg:
        name = seg.group("seg").replace("-", "")
        label = {"edu": "education", "ngo": "nonprofit", "charity": "nonprofit", "academic": "education"}.get(
            name, name
        )
        if not any(label in p.name.lower() or label in p.summary.lower() for p in profile.pricing.plans):
            plans = ", ".join(p.name for p in profile.pricing.plans)
            part.say(f"There isn't a separate {label} plan in our pricing.", f"pricing.plans: {plans}")
            part.unknown.append(f"{label} pricing")
        entry = _entry_sentence(profile)
        if entry is not None:
            part.say(*entry)
        if core is None:
            return part
    offer = _discount_sentence(profile)
    if offer is not None:
        part.say(offer, f"discount_authority_pct: {_pct(profile.pricing.discount_authority_pct)}")
    else:
        part.say("I can't offer a discount on list prices from here; a rep can talk through options.")
    if profile.pricing.annual_commitment:
        part.say(
            _sentence(profile.pricing.annual_commitment),
            f"annual_commitment: {profile.pricing.annual_commitment}",
        )
    return part


def _annual_part(q: _Q) -> _Part | None:
    pos = _first(_ANNUAL, q.norm)
    if pos is None:
        return None
    part = _Part(("annual",), pos)
    commitment = q.profile.pricing.annual_commitment
    if commitment:
        part.say(_sentence(commitment), f"annual_commitment: {commitment}")
    else:
        part.say("I don't have annual billing terms to share here; a rep can confirm them.")
        part.unknown.append("annual billing terms")
    return part


def _trial_part(q: _Q) -> _Part | None:
    pos = _first(_TRIAL, q.norm)
    if pos is None:
        return None
    before = q.norm[:pos].split()[-1:]
    if before and _compact(before[0]) in q.idx.tools and _compact(before[0]) not in q.idx.weak:
        return None  # "our bizible trial": another product's trial
    part = _Part(("trial",), pos)
    profile = q.profile
    days = profile.pricing.trial_days
    priced, _ = _ordered_plans(profile)
    if days > 0:
        part.say(f"There's a {days}-day trial.", f"trial_days: {days}")
    else:
        part.say("I can't offer a free trial from here; a rep can show it to you on your own data instead.")
        part.unknown.append("free trial")
    free_asked = _FREE_PLAN.search(q.norm) is not None
    if free_asked and priced:
        free = next((p for p in priced if (p.price_per_month or 0) == 0), None)
        if free is not None:
            part.say(f"{free.name} is free.", f"plan {free.name}: {price_line(free, profile)}")
        else:
            entry = _entry_sentence(profile)
            plans = "pricing.plans: " + ", ".join(p.name for p in profile.pricing.plans)
            if entry is not None:
                part.say(f"There's no free plan; {entry[0]}", plans, entry[1])
            else:
                part.say("There's no free plan.", plans)
    self_serve = next((p for p in priced if p.self_serve), None)
    if self_serve is not None and (free_asked or _SIGNUP.search(q.norm)):
        part.say(
            f"{self_serve.name} is self-serve, so you can start without a sales call.",
            f"plan {self_serve.name}: self_serve",
        )
    return part


def _implementation_part(q: _Q) -> _Part | None:
    pos = _first(_IMPLEMENTATION, q.norm)
    if pos is None:
        return None
    part = _Part(("implementation",), pos)
    profile = q.profile
    props = [vp for vp in profile.company.value_props if _IMPL_PROP.search(vp.lower())]
    # When the question names a tool, prefer the value prop that names it.
    names = [r.native.lower() for _, r in q.tools if r.native]
    props.sort(key=lambda vp: not any(n in vp.lower() for n in names))
    vp_sentence = (_voice(props[0], q.product), f"value_prop: {props[0]}") if props else None
    impl = profile.implementation
    impl_sentence = (_sentence(impl), f"implementation: {impl}") if impl else None
    ordered = [vp_sentence, impl_sentence] if _ENGINEERING.search(q.norm) else [impl_sentence, vp_sentence]
    for s in ordered:
        if s is not None:
            part.say(s[0], s[1])
    if not part.sentences:
        part.say("I don't have implementation timelines to share here; a rep can walk you through it.")
        part.unknown.append("implementation timeline")
    return part


def _profile_phrases(terms: Sequence[str], profile: CompanyProfile) -> list[tuple[str, str | None, str]]:
    """(phrase, plan, fact) for profile phrases containing any of `terms`."""
    idx = _index(profile)
    key = tuple(terms)
    hit = idx.phrases.get(key)
    if hit is not None:
        return hit
    rx = re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(t) for t in terms) + ")")
    out = [(f.phrase, f.plan, f.fact) for f in idx.features if rx.search(f.phrase.lower())]
    idx.phrases[key] = out
    return out


def _security_part(q: _Q) -> _Part | None:
    if not _SECURITY_ANY.search(q.norm):
        return None
    asked = [
        (m.start(), label, named, terms)
        for rx, label, named, terms in _SECURITY_ITEMS
        if (m := rx.search(q.norm))
    ]
    if not asked:
        return None
    part = _Part(("security",), min(a[0] for a in asked))
    generic = [a for a in asked if a[1] == "security documentation"]
    specific = [a for a in asked if a[1] != "security documentation"]
    found: dict[str | None, list[tuple[str, str]]] = {}
    missing: list[tuple[str, str]] = []
    for _, label, named, terms in specific:
        hits = _profile_phrases(terms, q.profile)
        if any(plan is not None for _, plan, _ in hits):
            hits = [h for h in hits if h[1] is not None]
        if hits:
            for phrase, plan, fact in hits:
                bucket = found.setdefault(plan, [])
                if all(phrase != p for p, _ in bucket):
                    bucket.append((phrase, fact))
        else:
            missing.append((label, named))
    if generic and not specific:
        # "what about security?": what the profile does say, then the documentation a rep can share.
        for _, _, _, terms in _SECURITY_ITEMS[:-1]:
            for phrase, plan, fact in _profile_phrases(terms, q.profile):
                if plan is not None:
                    bucket = found.setdefault(plan, [])
                    if all(phrase != p for p, _ in bucket):
                        bucket.append((phrase, fact))
        missing.append((generic[0][1], generic[0][2]))
    for plan, items in found.items():
        phrases = [p for p, _ in items]
        facts = tuple(dict.fromkeys(f for _, f in items))
        if plan is None:
            for phrase, fact in items:
                part.say(_voice(phrase, q.product), fact)
        else:
            verb = "comes" if len(phrases) == 1 else "come"
            part.say(f"{_upper_first(_join(phrases))} {verb} with {plan}.", *facts)
    if missing:
        shown = _join([n for _, n in missing], "or")
        part.say(
            f"I can't confirm {shown} from here; our team can share what's available for a security review."
        )
        part.unknown += [label for label, _ in missing]
    return part


_REGION_UPPER: Final[frozenset[str]] = frozenset({"eu", "uk", "us", "usa", "emea", "apac", "latam", "dach"})


def _region(m: re.Match[str]) -> str:
    words = m.group("r").split()
    return " ".join(w if w == "the" else (w.upper() if w in _REGION_UPPER else w.capitalize()) for w in words)


def _industry_in(norm: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for regex, industry, weight in INDUSTRY_RES:
        m = regex.search(norm)
        if m and (best is None or weight > best[0]):
            best = (weight, m.start(), industry)
    return best[2] if best else None


def _case_part(q: _Q) -> _Part | None:
    cue = _first(_CASE, q.norm)
    named_cs: list[CaseStudy] = []
    customer_pos: int | None = None
    if q.idx.customer_re is not None:
        for m in q.idx.customer_re.finditer(q.norm):
            for cs in q.profile.case_studies:
                if _compact(cs.customer).startswith(_compact(m.group(0))) and cs not in named_cs:
                    named_cs.append(cs)
                    customer_pos = m.start() if customer_pos is None else customer_pos
    social = "social_proof" in q.analysis.signal_set
    if cue is None and not named_cs and not social:
        return None
    pos = min(x for x in (cue, customer_pos, len(q.norm)) if x is not None)
    part = _Part(("case_study",), pos)
    profile = q.profile
    if named_cs:
        cs = named_cs[0]
        part.say(_case_sentence(cs, profile), f"case_study: {cs.customer} ({cs.industry}): {cs.result}")
        if _CONTENT.search(q.norm) or re.search(r"\b(?:read|story|stories|case stud\w*)\b", q.norm):
            url = cs.url or (c.url if (c := profile.content_of("case_studies")) else None)
            if url:
                part.say(f"Here's the {cs.customer} story: {url}", f"content: {url}")
        return part
    slot = q.analysis.slot("industry")
    industry = _industry_in(q.norm) or (str(slot.value) if slot else None) or q.lead.industry
    region = _REGION.search(q.norm)
    line = case_study_line(industry, profile)
    if line is not None:
        found = profile.case_study_for(industry)
        assert found is not None
        part.say(line, f"case_study: {found.customer} ({found.industry}): {found.result}")
        if region:
            part.say(f"A rep can check for references closer to {_region(region)}.")
            part.unknown.append(f"references in {_region(region)}")
        return part
    names = [cs.customer for cs in profile.case_studies][:5]
    if names:
        where = (
            f"closer to {_region(region)}"
            if region
            else (
                f"in {_INDUSTRY_NAME.get(industry, industry)}"
                if industry and industry != "other"
                else "closer to your situation"
            )
        )
        part.say(
            f"Our published stories are {_join(names)}; a rep can check for references {where}.",
            *(f"case_study: {cs.customer} ({cs.industry}): {cs.result}" for cs in profile.case_studies[:5]),
        )
    else:
        part.say("I don't have published customer stories to share here; a rep can check for references.")
    stories = profile.content_of("case_studies")
    if stories is not None:
        part.say(_link(stories), f"content: {stories.title} {stories.url}")
    if industry and industry != "other":
        part.unknown.append(f"{_INDUSTRY_NAME.get(industry, industry)} case study")
    elif region:
        part.unknown.append(f"references in {_region(region)}")
    elif not names:
        part.unknown.append("customer references")
    return part


_CONTENT_KINDS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("pricing", _rx(r"\bpric\w*")),
    ("case_studies", _rx(r"\b(?:stor(?:y|ies)|case stud\w*|customers?|write ?-?ups?|references?)\b")),
    (
        "overview",
        _rx(r"\b(?:overview|deck|one[- ]pager|brochure|pdf|docs|documentation|slides|something short)\b"),
    ),
)


def _content_part(q: _Q) -> _Part | None:
    pos = _first(_CONTENT, q.norm)
    if pos is None:
        return None
    part = _Part(("content",), pos)
    profile = q.profile
    found: list[tuple[int, str]] = []
    for kind, rx in _CONTENT_KINDS:
        m = rx.search(q.norm)
        if m:
            found.append((m.start(), kind))
    kinds = [k for _, k in sorted(found)] or ["overview"]
    items: list[ContentItem] = []
    for kind in kinds:
        item = _content_for(kind, profile)
        if item is not None and item not in items:
            items.append(item)
    if not items:
        part.say(
            "I don't have a document to share for that here; someone on our team can send what's available."
        )
        part.unknown.append(f"{kinds[0]} document")
        return part
    if len(items) == 1:
        part.say(_link(items[0]), f"content: {items[0].title} {items[0].url}")
    else:
        first, second = items[:2]
        part.say(
            f"{_link(first)} and {_link(second)}",
            f"content: {first.title} {first.url}",
            f"content: {second.title} {second.url}",
        )
    return part


def _contract_part(q: _Q) -> _Part | None:
    pos = _first(_CONTRACT, q.norm)
    if pos is None:
        return None
    part = _Part(("contract",), pos)
    profile = q.profile
    commitment = profile.pricing.annual_commitment
    if commitment and _TERMS.search(q.norm):
        part.say(_sentence(commitment), f"annual_commitment: {commitment}")
    specifics = [item for rx, *item in _CONTRACT_ITEMS if rx.search(q.norm)]
    grounded: list[str] = []
    if any(label == "payment terms" for label, _ in specifics) and re.search(
        r"\bcard\b|\bcredit cards?\b", q.norm
    ):
        for phrase, plan, fact in _profile_phrases(("card",), profile):
            if plan is not None:
                part.say(f"{plan} comes with {_lower_first(phrase)}.", fact)
                grounded.append("payment terms")
                break
    missing = [(label, shown) for label, shown in specifics if label not in grounded]
    if missing:
        part.say(
            f"I can't confirm {_join([s for _, s in missing])} here; our team can go through that with you."
        )
        part.unknown += [label for label, _ in missing]
    if not part.sentences:
        part.say("Our team can go through contract terms with you.")
        part.unknown.append("contract terms")
    return part


def _feature_ask(q: _Q) -> tuple[int, str, str] | None:
    """(position, asked phrase in the visitor's words, normalised phrase) of a "does it have X?"."""
    for pattern in (q.idx.feature_subject_re, *_FEATURE_Q[1:]):
        m = pattern.search(q.norm)
        if not m:
            continue
        raw = m.group("x")
        shown = raw.strip()
        prev = None
        while prev != shown:
            prev = shown
            shown = _FEATURE_HEAD.sub("", _FEATURE_TAIL.sub("", shown)).strip()
        x = _ARTICLE.sub("", shown)
        if not x or not _content_tokens(x):
            continue
        offset = m.start("x") + raw.find(shown)
        quoted = q.text.quote(offset, offset + len(shown)).rstrip("?.! ")
        return (m.start(), quoted or shown, x)
    return None


def _match_features(phrase: str, q: _Q) -> list[_Feature]:
    # The product's own name says nothing about which feature is meant ("does lumen do X").
    want = _content_tokens(phrase) - _content_tokens(q.product) - _content_tokens(q.profile.company.name)
    out: list[_Feature] = []
    for feat in q.idx.features:
        common = want & feat.tokens
        if not common:
            continue
        # Most of what was asked must be in the profile phrase, and the match must not be one generic word.
        if len(common) >= max(1, (2 * len(want) + 2) // 3) and (len(common) >= 2 or len(feat.tokens) <= 2):
            out.append(feat)
    return out


def _product_part(q: _Q, others: Sequence[_Part]) -> _Part | None:
    """What the product does, whether it has a feature, how it works: from the profile's own words.

    When other topics already answer the message, a "does it have X?" only adds a sentence when X is
    something the profile lists; the "can't confirm" fallback is for questions nothing else answered.
    """
    profile = q.profile
    claimed = bool(others)
    what = _first(_PRODUCT, q.norm)
    method = _first(_METHOD, q.norm)
    ask = _feature_ask(q)
    if what is None and method is None and ask is None:
        return None
    positions = [p for p in (what, method, ask[0] if ask else None) if p is not None]
    part = _Part(("product",), min(positions))
    if what is not None:
        if profile.company.one_liner:
            part.say(_voice_one_liner(profile), f"one_liner: {profile.company.one_liner}")
        if profile.company.value_props:
            vp = profile.company.value_props[0]
            part.say(_voice(vp, q.product), f"value_prop: {vp}")
    if ask is not None:
        _, shown, phrase = ask
        said = " ".join(s for p in others for s, _ in p.sentences).lower()
        feats = [f for f in _match_features(phrase, q) if f.phrase.lower().rstrip(".") not in said]
        if feats:
            feat = feats[0]
            if feat.plan is not None:
                part.say(f"{_upper_first(feat.phrase.rstrip('.'))} is part of {feat.plan}.", feat.fact)
            else:
                part.say(_voice(feat.phrase, q.product), feat.fact)
        elif (
            method is None
            and not claimed
            and not _match_features(phrase, q)
            and not (q.analysis.intent_set & _ROUTER_INTENTS)
        ):
            part.say(f"I can't confirm {shown} from here; someone on our team can tell you.")
            part.unknown.append(
                _ARTICLE.sub("", shown.lower()) if shown[:2].lower() in ("a ", "an") else shown
            )
            _add_overview(part, profile)
    if method is not None:
        part.say("I can't go into the detailed methodology here; it's best covered by our content or a rep.")
        part.unknown.append("methodology details")
        _add_overview(part, profile)
    if not part.sentences:
        return None
    return part


def _add_overview(part: _Part, profile: CompanyProfile) -> None:
    item = _content_for("overview", profile)
    if item is not None:
        part.say(_link(item), f"content: {item.title} {item.url}")
        if "content" not in part.topics:
            part.topics = (*part.topics, "content")


def _voice_one_liner(profile: CompanyProfile) -> str:
    line = profile.company.one_liner.strip().rstrip(".")
    product = profile.company.product_name
    if line.lower().startswith(product.lower()):
        return _sentence(line)
    first = line.split(" ", 1)[0]
    if first.endswith("s") and first[1:].islower() and not first.endswith("ss"):
        return _sentence(f"{product} {_lower_first(line)}")
    return _sentence(f"In short, {product} is {_lower_first(line)}")


def _fallback(q: _Q) -> Answer | None:
    if _NOT_FOR_US.search(q.norm) or _SCHEDULING.search(q.norm):
        return None
    # Only a real question gets "I don't know": a statement with a request cue is not one.
    if "?" not in q.norm and not any(is_question(q.norm[s:e].strip(" ,")) for s, e in q.text.sentence_spans):
        return None
    asked = ""
    for s, e in q.text.sentence_spans:
        sent = q.norm[s:e].strip(" ,")
        if is_question(sent) or _ASK.search(sent):
            asked = q.text.quote(s, e).rstrip("?.! ")
            break
    asked = asked or q.text.original.strip().rstrip("?.! ")
    if len(asked) > 80:
        asked = asked[:77].rsplit(" ", 1)[0] + "..."
    part = _Part((), 0)
    part.say("That's not something I have details on here; someone on our team can answer it properly.")
    part.unknown.append(asked)
    _add_overview(part, q.profile)
    return _assemble([part])


def _assemble(parts: list[_Part]) -> Answer:
    parts = sorted(parts, key=lambda p: p.pos)
    chosen: list[tuple[int, int]] = []  # (part index, sentence index)
    seen: set[str] = set()
    link_taken = False
    level = 0
    while len(chosen) < MAX_SENTENCES and any(level < len(p.sentences) for p in parts):
        for i, p in enumerate(parts):
            if len(chosen) >= MAX_SENTENCES or level >= len(p.sentences):
                continue
            sentence = p.sentences[level][0]
            key = sentence.lower()
            is_link = "http" in sentence
            if key in seen or (is_link and link_taken):
                continue
            seen.add(key)
            link_taken = link_taken or is_link
            chosen.append((i, level))
        level += 1
    chosen.sort()
    texts = [parts[i].sentences[j][0] for i, j in chosen]
    # A sentence that ends with a link goes last, so no punctuation gets glued to the URL.
    texts.sort(key=lambda s: "http" in s)
    topics: list[Topic] = []
    facts: list[str] = []
    for i, j in chosen:
        for t in parts[i].topics:
            if t not in topics:
                topics.append(t)
        for f in parts[i].sentences[j][1]:
            if f not in facts:
                facts.append(f)
    unknown: list[str] = []
    for p in parts:
        for u in p.unknown:
            if u.lower() not in {x.lower() for x in unknown}:
                unknown.append(u)
    return Answer(text=" ".join(texts), topics=tuple(topics), facts=tuple(facts), unknown=tuple(unknown))


_ROUTER_INTENTS: Final[frozenset[str]] = frozenset(
    {"human_request", "meeting_accept", "meeting_decline", "frustration"}
)
_SKIP_FLAGS: Final[frozenset[str]] = frozenset(
    {"low_content", "job_seeker", "vendor_pitch", "spam", "erase_request"}
)


def answer_question(
    message: str, analysis: TurnAnalysis, lead: LeadState, profile: CompanyProfile
) -> Answer | None:
    """Answer what the visitor asked from the profile, or None if the message asks nothing to answer."""
    text = normalise(message)
    norm = text.norm
    if not norm.strip():
        return None
    flags = analysis.flag_set
    intents = analysis.intent_set
    if flags & _SKIP_FLAGS or "opt_out" in intents:
        return None
    if ("support" in intents or lead.support_mode) and "expansion" not in flags:
        return None
    idx = _index(profile)
    integration_cue = _INTEGRATION.search(norm) is not None
    tools = _tools_in(norm, idx, integration_cue)
    for m in analysis.mentions:
        if m.kind == "tool" and isinstance(m.value, str):
            ref = _resolve(m.value, profile)
            if ref.category == "api" or _compact(m.value) in {"crm", "warehouse", "datawarehouse", "api"}:
                continue
            if all(_compact(r.display) != _compact(ref.display) for _, r in tools):
                tools.append((m.evidence.start if m.evidence.start < len(norm) else 0, ref))
    tool_spans = [(p, p + len(r.display)) for p, r in tools]
    categories = [
        (
            m.start(),
            _CATEGORY_WORDS[
                m.group(0).rstrip("s") if m.group(0).rstrip("s") in _CATEGORY_WORDS else m.group(0)
            ],
        )
        for m in idx.category_re.finditer(norm)
        if not any(s <= m.start() < e for s, e in tool_spans)
    ]
    categories = list({c: (p, c) for p, c in reversed(categories)}.values())
    if categories and not integration_cue and not re.search(r"\b(?:support|have|offer)\w*\b", norm):
        categories = [c for c in categories if c[1] == "api"] if re.search(r"\bapi\b", norm) else []
    seat_mentions = [m.value for m in analysis.mentions if m.kind == "seats" and isinstance(m.value, int)]
    seats = seat_mentions[-1] if seat_mentions else lead.seats
    size_slot = analysis.slot("company_size")
    size = (
        size_slot.value if size_slot is not None and isinstance(size_slot.value, int) else lead.company_size
    )
    if isinstance(size, bool):
        size = None
    q = _Q(
        text=text,
        norm=norm,
        analysis=analysis,
        lead=lead,
        profile=profile,
        idx=idx,
        tools=sorted(tools, key=lambda t: t[0]),
        categories=categories,
        plans=_plans_in(norm, idx, profile),
        seats=seats,
        size=size,
    )
    if not _asks(q):
        return None
    parts: list[_Part] = []
    for handler in (
        _integration_part,
        _pricing_part,
        _discount_part,
        _annual_part,
        _trial_part,
        _implementation_part,
        _security_part,
        _case_part,
        _contract_part,
    ):
        part = handler(q)
        if part is not None:
            parts.append(part)
    # "send me the pricing guide": content only when no other part already gave a link for it.
    if not any(p.topics == ("case_study",) and any("http" in s for s, _ in p.sentences) for p in parts):
        content = _content_part(q)
        if content is not None:
            parts.append(content)
    product = _product_part(q, parts)
    if product is not None:
        parts.append(product)
    if "price_shock" in analysis.objection_set:
        # "$399 a month??": the price-shock playbook answers that (reframe, plan fit, discount).
        parts = [p for p in parts if not set(p.topics) <= {"pricing", "plan_fit", "seats"}]
        if not parts:
            return None
    if not parts:
        if intents & _ROUTER_INTENTS or analysis.objections:
            return None  # a person, a meeting pick or an objection: the router's move, not an answer
        return _fallback(q)
    return _assemble(parts)
