"""The company facts a model reply may use, written out from the profile (and nothing else)."""

from __future__ import annotations

from agent.profile import CompanyProfile, Plan


def _plan_line(plan: Plan, currency: str) -> str:
    parts = [plan.name]
    if plan.price_per_month is not None:
        amount = f"{plan.price_per_month:,.2f}".removesuffix(".00")
        parts.append(f"{'$' if currency == 'USD' else currency + ' '}{amount}/month")
    elif plan.price == "custom":
        parts.append("custom pricing")
    if plan.seats:
        parts.append(f"up to {plan.seats} seats")
    if plan.self_serve:
        parts.append("self-serve signup")
    line = ", ".join(parts)
    return f"{line}: {plan.summary}" if plan.summary else line


def profile_facts(profile: CompanyProfile) -> str:
    c = profile.company
    p = profile.pricing
    lines = [f"- {c.name}, product {c.product_name}: {c.one_liner}".rstrip(": ")]
    lines += [f"- {v}" for v in c.value_props]
    lines.append(f"- Plans ({p.currency}): " + "; ".join(_plan_line(pl, p.currency) for pl in p.plans) + ".")
    if p.trial_days:
        lines.append(f"- Free trial: {p.trial_days} days.")
    if p.annual_commitment:
        lines.append(f"- Terms: {p.annual_commitment}")
    if profile.integrations:
        lines.append("- Native integrations: " + ", ".join(profile.integrations) + ".")
    if profile.implementation:
        lines.append(f"- Implementation: {profile.implementation}")
    for cs in profile.case_studies:
        lines.append(f"- Customer story: {cs.customer} ({cs.industry.replace('_', ' ')}): {cs.result}.")
    for item in profile.content:
        lines.append(f"- Content: {item.title} ({item.url})")
    return "\n".join(lines)
