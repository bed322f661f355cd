"""The company profile ("playbook"): who the company sells to, its facts, hours, reps and calendar.

Loaded from YAML and validated by pydantic. A wrong file fails at start with the file, the field
and what was expected (`ProfileError`), never later in a conversation.
"""

from __future__ import annotations

import re
from datetime import time
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.labels import Industry, Role

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PageKind = Literal[
    "pricing",
    "demo",
    "product",
    "integrations",
    "customers",
    "blog",
    "docs",
    "careers",
    "login",
    "home",
    "other",
]


class ProfileError(ValueError):
    """A company profile that cannot be used; the message names the file, field and expectation."""


class _Model(BaseModel):
    # Unknown keys are errors: a misspelt key would otherwise be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_tz(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {value!r} (e.g. 'America/New_York')") from exc
    return value


def _parse_hhmm(value: Any) -> time:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 09:00 as the sexagesimal integer 540.
        value = f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        raise ValueError(f"expected a time as 'HH:MM', got {value!r}")
    hh, mm = (int(x) for x in value.strip().split(":"))
    if hh > 23 or mm > 59:
        raise ValueError(f"expected a time as 'HH:MM', got {value!r}")
    return time(hh, mm)


class Company(_Model):
    name: str
    website: str = ""
    product: str = ""
    one_liner: str = ""
    value_props: tuple[str, ...] = ()

    @property
    def product_name(self) -> str:
        return self.product or self.name


class SizeRange(_Model):
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self

    def contains(self, n: int) -> bool:
        return (self.min is None or n >= self.min) and (self.max is None or n <= self.max)


class Icp(_Model):
    company_size: SizeRange = SizeRange()
    industries: tuple[Industry, ...]
    roles: tuple[Role, ...]


class Plan(_Model):
    name: str
    price_per_month: float | None = Field(default=None, ge=0)
    price: Literal["custom"] | None = None
    seats: int | None = Field(default=None, ge=1)
    self_serve: bool = False
    summary: str = ""

    @model_validator(mode="after")
    def _priced(self) -> Plan:
        if self.price_per_month is None and self.price is None:
            raise ValueError("a plan needs price_per_month (a number) or price: custom")
        return self

    @property
    def custom(self) -> bool:
        return self.price_per_month is None


class Pricing(_Model):
    currency: str = "USD"
    plans: tuple[Plan, ...] = Field(min_length=1)
    trial_days: int = Field(default=0, ge=0)
    discount_authority_pct: float = Field(default=0, ge=0, le=100)
    annual_commitment: str = ""

    def plan(self, name: str) -> Plan | None:
        for p in self.plans:
            if p.name.lower() == name.lower():
                return p
        return None


class CaseStudy(_Model):
    customer: str
    industry: Industry
    result: str
    url: str | None = None


class ContentItem(_Model):
    title: str
    url: str
    # What the item is for; the send-info playbook picks content by it.
    kind: Literal["overview", "pricing", "case_studies", "other"] | None = None

    @property
    def resolved_kind(self) -> str:
        if self.kind:
            return self.kind
        low = self.title.lower()
        if "pric" in low:
            return "pricing"
        if "customer" in low or "stor" in low or "case" in low:
            return "case_studies"
        if "overview" in low or "deck" in low or "one pager" in low:
            return "overview"
        return "other"


class BusinessHours(_Model):
    timezone: str
    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    start: time
    end: time
    # Dates (YYYY-MM-DD) when nobody is online, e.g. public holidays.
    holidays: tuple[str, ...] = ()

    _tz = field_validator("timezone")(_check_tz)

    @field_validator("start", "end", mode="before")
    @classmethod
    def _hhmm(cls, v: Any) -> time:
        return _parse_hhmm(v)

    @model_validator(mode="after")
    def _ordered(self) -> BusinessHours:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        return self


class Rep(_Model):
    id: str
    name: str
    email: str
    segments: tuple[str, ...]
    timezone: str
    # Reps who take live handoffs; a rep may only take booked meetings.
    live_handoff: bool = True

    _tz = field_validator("timezone")(_check_tz)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class RepHours(_Model):
    start: time
    end: time

    @field_validator("start", "end", mode="before")
    @classmethod
    def _hhmm(cls, v: Any) -> time:
        return _parse_hhmm(v)


class Meeting(_Model):
    title: str = "Intro call"
    duration_min: int = Field(default=30, ge=5, le=240)
    slots_offered: int = Field(default=3, ge=1, le=10)
    min_lead_time_hours: float = Field(default=2, ge=0)
    horizon_business_days: int = Field(default=5, ge=1, le=60)
    rep_hours: RepHours = RepHours(start=time(9), end=time(17))
    rep_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


class ProactiveTrigger(_Model):
    time_on_page_s: int | None = Field(default=None, ge=0)
    exit_intent: bool = False
    returning_visitor: bool = False


class PageRule(_Model):
    """How the widget behaves on pages whose path matches `match` (a glob like '/pricing*')."""

    match: str
    kind: PageKind
    high_intent: bool | None = None
    opener: str | None = None
    proactive: ProactiveTrigger = ProactiveTrigger()


DEFAULT_PAGE_RULES: tuple[PageRule, ...] = (
    PageRule(
        match="/pricing*", kind="pricing", proactive=ProactiveTrigger(time_on_page_s=20, exit_intent=True)
    ),
    PageRule(match="/demo*", kind="demo", proactive=ProactiveTrigger(time_on_page_s=10)),
    PageRule(match="/product*", kind="product", proactive=ProactiveTrigger(time_on_page_s=40)),
    PageRule(match="/integrations*", kind="integrations", proactive=ProactiveTrigger(time_on_page_s=40)),
    PageRule(match="/customers*", kind="customers", proactive=ProactiveTrigger(time_on_page_s=45)),
    PageRule(match="/blog*", kind="blog"),
    PageRule(match="/docs*", kind="docs"),
    PageRule(match="/careers*", kind="careers"),
    PageRule(match="/login*", kind="login"),
    PageRule(match="/", kind="home", proactive=ProactiveTrigger(returning_visitor=True)),
)
HIGH_INTENT_KINDS: frozenset[str] = frozenset({"pricing", "demo", "product", "integrations"})


class Support(_Model):
    """Where post-sale traffic goes."""

    team_name: str = "Support"
    email: str | None = None
    reply_within_hours: int = Field(default=24, ge=1)


class CompanyProfile(_Model):
    company: Company
    icp: Icp
    segments: dict[str, SizeRange]
    pricing: Pricing
    integrations: tuple[str, ...] = ()
    implementation: str = ""
    case_studies: tuple[CaseStudy, ...] = ()
    content: tuple[ContentItem, ...] = ()
    business_hours: BusinessHours
    reps: tuple[Rep, ...] = Field(min_length=1)
    meeting: Meeting = Meeting()
    pages: tuple[PageRule, ...] = DEFAULT_PAGE_RULES
    support: Support = Support()
    # Reply-by time promised after hours for a follow-up task, in business hours.
    followup_sla_business_hours: int = Field(default=4, ge=1)

    @model_validator(mode="after")
    def _cross_refs(self) -> CompanyProfile:
        for i, rep in enumerate(self.reps):
            unknown = [s for s in rep.segments if s not in self.segments]
            if unknown:
                raise ValueError(
                    f"reps[{i}] ({rep.id}): unknown segment(s) {unknown}; defined: {sorted(self.segments)}"
                )
        covered = {s for rep in self.reps for s in rep.segments}
        missing = [s for s in self.segments if s not in covered]
        if missing:
            raise ValueError(f"segments {missing} have no rep: add them to some rep's segments")
        ids = [r.id for r in self.reps]
        if len(set(ids)) != len(ids):
            raise ValueError(f"reps: duplicate rep ids in {ids}")
        return self

    def segment_for(self, company_size: int | None) -> str | None:
        if company_size is None:
            return None
        for name, rng in self.segments.items():
            if rng.contains(company_size):
                return name
        return None

    def reps_for(self, segment: str | None) -> tuple[Rep, ...]:
        if segment is None:
            return self.reps
        return tuple(r for r in self.reps if segment in r.segments) or self.reps

    def rep(self, rep_id: str) -> Rep | None:
        return next((r for r in self.reps if r.id == rep_id), None)

    @cached_property
    def integration_index(self) -> dict[str, str]:
        """Lowercased, space-free integration names -> display name."""
        return {re.sub(r"[^a-z0-9]", "", i.lower()): i for i in self.integrations}

    def case_study_for(self, industry: str | None) -> CaseStudy | None:
        for cs in self.case_studies:
            if cs.industry == industry:
                return cs
        return None

    def content_of(self, kind: str) -> ContentItem | None:
        return next((c for c in self.content if c.resolved_kind == kind), None)

    @property
    def enterprise_segment(self) -> str | None:
        """The segment of the biggest companies (the one with the highest minimum)."""
        best: tuple[int, str] | None = None
        for name, rng in self.segments.items():
            lo = rng.min or 0
            if best is None or lo > best[0]:
                best = (lo, name)
        return best[1] if best else None


def _format_loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _describe(err: Any) -> str:
    msg = str(err.get("msg", "invalid"))
    value = err.get("input")
    kind = err.get("type", "")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{msg} (got {shown})"


def parse_profile(data: Any, source: str = "<profile>") -> CompanyProfile:
    if not isinstance(data, dict):
        raise ProfileError(f"{source}: expected a mapping at the top level, got {type(data).__name__}")
    try:
        return CompanyProfile.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: invalid company profile ({exc.error_count()} problem(s))"]
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            lines.append(f"  {_format_loc(loc)}: {_describe(err)}")
        raise ProfileError("\n".join(lines)) from None


def load_profile(path: str | Path) -> CompanyProfile:
    """Read and validate a company profile YAML file; raise `ProfileError` with a clear message."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{p}: cannot read company profile: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProfileError(f"{p}{where}: not valid YAML: {problem}") from None
    return parse_profile(data, str(p))


def demo_profile_path() -> Path:
    return Path(__file__).with_name("demo_company.yaml")
