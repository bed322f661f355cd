"""The few lines a rep or the support team reads first: who, tier, where, and the evidence."""

from __future__ import annotations

from tools.crm.snapshot import LeadSnapshot


def who(lead: LeadSnapshot) -> str:
    """The visitor as a short label, e.g. "Jane Doe <jane@acme.test>" or "a visitor"."""
    if lead.name and lead.normalized_email:
        return f"{lead.name} <{lead.normalized_email}>"
    return lead.name or lead.normalized_email or "a visitor"


def summarize(lead: LeadSnapshot) -> str:
    profile = [
        lead.role,
        lead.industry,
        f"{lead.company_size} employees" if lead.company_size is not None else None,
    ]
    lines = [
        f"Who: {who(lead)}" + (f" ({', '.join(p for p in profile if p)})" if any(profile) else ""),
        f"Tier: {lead.tier}, ICP fit: {lead.icp_fit}, route: {lead.route}",
    ]
    page = lead.page_context.get("page_url")
    if page:
        lines.append(f"Started on: {page}")
    if lead.evidence:
        lines.append("Evidence:")
        lines.extend(f'- "{quote}"' for quote in lead.evidence)
    return "\n".join(lines)
