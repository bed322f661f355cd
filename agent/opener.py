"""The first line of a conversation, framed by the page the visitor is on.

Pricing -> plan fit by team size; an integration page -> that integration; customers -> a story
from their industry; a returning visitor -> welcome back; blog and docs -> a light touch.
A page rule in the company profile can override the line.
"""

from __future__ import annotations

from datetime import datetime
from fnmatch import fnmatch
from urllib.parse import urlparse

from agent.context import PageContext
from agent.profile import CompanyProfile
from agent.scoring import page_kind
from agent.state import Reply
from agent.templates import load_templates

SIZE_CHOICES = ("Under 20 people", "20-100", "100-1,000", "1,000+")


def _integration_on_page(context: PageContext, profile: CompanyProfile) -> str | None:
    path = urlparse(context.page_url or "").path.lower()
    slug = path.rstrip("/").rsplit("/", 1)[-1].replace("-", "").replace("_", "")
    return profile.integration_index.get(slug)


def _rule_opener(context: PageContext, profile: CompanyProfile) -> str | None:
    path = urlparse(context.page_url or "").path or "/"
    for rule in profile.pages:
        if fnmatch(path, rule.match):
            return rule.opener
    return None


def opener(context: PageContext, profile: CompanyProfile, seed: str, now: datetime | None = None) -> Reply:
    t = load_templates()
    product = profile.company.product_name
    custom = _rule_opener(context, profile)
    if custom:
        return Reply(text=custom)
    kind = page_kind(profile, context.page_url)
    plans = [p.name for p in profile.pricing.plans]
    plans_short = " vs ".join(plans[:2]) if len(plans) >= 2 else (plans[0] if plans else product)
    quick: tuple[str, ...] = ()
    if kind == "pricing":
        key = "opener.pricing_returning" if context.returning else "opener.pricing"
        text = t.render(key, seed, plans_short=plans_short)
        quick = SIZE_CHOICES
    elif kind == "demo":
        text = t.render("opener.demo", seed, product=product)
        quick = ("Book a demo", "I have questions first")
    elif kind == "integrations":
        integration = _integration_on_page(context, profile)
        if integration:
            text = t.render("opener.integrations", seed, integration=integration)
        else:
            text = t.render("opener.integrations_any", seed)
    elif kind == "customers":
        text = t.render("opener.customers", seed)
        industries = sorted({cs.industry.replace("_", " ").title() for cs in profile.case_studies})
        quick = tuple(industries[:4])
    elif kind == "product":
        text = t.render("opener.product", seed, product=product)
    elif kind in ("blog", "docs", "careers", "login"):
        text = t.render(f"opener.{kind}", seed, company=profile.company.name)
    elif context.returning:
        text = t.render("opener.returning", seed)
    else:
        text = t.render("opener.generic", seed, product=product)
    return Reply(text=text, quick_replies=quick)
