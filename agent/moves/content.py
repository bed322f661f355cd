"""What the agent can point a visitor to: the self-serve plan and the content to send."""

from __future__ import annotations

from agent.answers import price_line
from agent.moves.common import Turn, render
from agent.profile import CompanyProfile, ContentItem, Plan
from agent.runtime import AgentContext


def self_serve_plan(profile: CompanyProfile) -> Plan | None:
    return next((p for p in profile.pricing.plans if p.self_serve), None)


def overview(profile: CompanyProfile) -> ContentItem | None:
    return profile.content_of("overview") or (profile.content[0] if profile.content else None)


def selfserve_text(turn: Turn, ctx: AgentContext) -> str:
    """The self-serve path: the plan anyone can start without a call, and the overview."""
    plan = self_serve_plan(ctx.profile)
    item = overview(ctx.profile)
    if plan is None:
        return f"The overview explains what it does: {item.url}" if item else ""
    return render(
        ctx.templates,
        "nurture.selfserve",
        turn,
        plan=plan.name,
        price=price_line(plan, ctx.profile),
        trial_days=ctx.profile.pricing.trial_days,
        content_url=item.url if item else ctx.profile.company.website,
    )
