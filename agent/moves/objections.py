"""`handle_objection`: one playbook per objection (shared/DESIGN.md section 4).

- Price shock: acknowledge, point to the plan that fits their size (self-serve when small), reframe
  on value with a case from their industry, offer the annual-prepay discount within authority only.
- Identity mismatch: truly outside the ICP -> useful self-serve path, no meeting push; "wrong
  person" -> ask who owns it and offer something to pass along (the champion path); a fit company
  that only *thinks* it is too small -> reassure and keep qualifying.
- Send me info: send the right content, capture the email, and ask for one small commitment (a
  pencilled-in call for an ICP lead, or what would make a call worth it).
"""

from __future__ import annotations

from typing import Any

from agent.answers import case_study_line, discount_line, plan_for, price_line
from agent.moves.common import Turn, event, join, render
from agent.moves.content import overview, self_serve_plan, selfserve_text
from agent.moves.meetings import offer
from agent.moves.qualify import next_question
from agent.profile import ContentItem
from agent.runtime import AgentContext
from agent.state import PendingOffer, Reply


def handle_objection(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    """One playbook per objection; also delivers material promised earlier once the email arrives."""
    assert turn.analysis is not None
    objections = turn.analysis.objection_set
    if "identity_mismatch" in objections:
        return identity_mismatch(turn, ctx)
    if "price_shock" in objections:
        return price_shock(turn, ctx)
    return send_info(turn, ctx)


def price_shock(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    profile = ctx.profile
    lead = turn.lead
    fitting = plan_for(lead, profile)
    small = self_serve_plan(ctx.profile)
    option = ""
    if small is not None and (
        fitting is None
        or fitting.name == small.name
        or lead.company_size is None
        or (profile.icp.company_size.min or 0) > (lead.company_size or 0)
    ):
        option = render(
            t,
            "objection.price_starter",
            turn,
            plan=small.name,
            price=price_line(small, profile),
            summary=small.summary,
        )
    case = case_study_line(lead.industry, profile)
    roi = render(t, "objection.price_roi", turn, case=case) if case else ""
    discount = discount_line(profile)
    discount_text = discount + " " if discount else ""
    text = render(
        t, "objection.price_shock", turn, plan_option=option, roi=roi, discount=discount_text
    ).strip()
    update: dict[str, Any] = {"reply": Reply(text=text)}
    if turn.score.icp.fit == "fit" and turn.state.get("booking") is None:
        # A fit lead gets a soft next step: a call to see if the numbers can work.
        update["reply"] = Reply(text=join(text, "Want a quick call to see if the numbers can work?"))
        update["pending"] = PendingOffer(kind="call")
    return update


def identity_mismatch(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    profile = ctx.profile
    lead = turn.lead
    product = profile.company.product_name
    intro = overview(ctx.profile)
    content_url = intro.url if intro else profile.company.website
    size = lead.company_size
    size_range = profile.icp.company_size
    if lead.role == "student":
        text = render(t, "objection.identity_student", turn, content_url=content_url)
        return {"reply": Reply(text=text)}
    if lead.not_decision_maker or (lead.role is not None and lead.role not in profile.icp.roles):
        text = render(t, "objection.identity_wrong_person", turn)
        return {"reply": Reply(text=text), "pending": PendingOffer(kind="content")}
    if size is not None and size_range.min is not None and size < size_range.min:
        plan = self_serve_plan(ctx.profile)
        if plan is not None:
            trial = (
                f" There's a {profile.pricing.trial_days}-day trial." if profile.pricing.trial_days else ""
            )
            text = render(
                t,
                "objection.identity_small",
                turn,
                plan=plan.name,
                price=price_line(plan, profile),
                summary=plan.summary.rstrip("."),
                trial=trial,
            )
            return {"reply": Reply(text=text), "pending": PendingOffer(kind="signup")}
    if lead.industry is not None and lead.industry not in profile.icp.industries:
        text = render(
            t, "objection.identity_not_b2b", turn, product=product, selfserve=selfserve_text(turn, ctx)
        )
        return {"reply": Reply(text=text)}
    # They think they are too small or the wrong kind of company, but nothing says so: reassure.
    plans = [p.name for p in profile.pricing.plans]
    big = next((p.name for p in profile.pricing.plans if p.custom), plans[-1])
    small_plans = " and ".join(p for p in plans if p != big) or plans[0]
    question, topics, quick = next_question(turn, ctx)
    text = join(
        render(t, "objection.identity_enterprise_only", turn, small_plans=small_plans, big_plan=big), question
    )
    return {"reply": Reply(text=text, quick_replies=quick), "asked": [*turn.asked, *topics]}


def _content_for(turn: Turn, ctx: AgentContext) -> list[ContentItem]:
    """What to send: a case study when they asked for proof, pricing when price came up, else the overview."""
    assert turn.analysis is not None
    profile = ctx.profile
    items: list[ContentItem] = []
    norm = turn.message.lower()
    intro = overview(ctx.profile)
    if intro is not None:
        items.append(intro)
    pricing = profile.content_of("pricing")
    if pricing is not None and ("pric" in norm or "price_shock" in turn.lead.objections()):
        items.append(pricing)
    stories = profile.content_of("case_studies")
    if stories is not None and "social_proof" in turn.analysis.signal_set:
        items.append(stories)
    return list(dict.fromkeys(items))


def send_info(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    items = _content_for(turn, ctx)
    titles = " and ".join(f"the {i.title}" for i in items) or "the overview"
    email = turn.lead.value("email")
    slots_out = turn.state.get("pending")
    keep = slots_out if slots_out is not None and slots_out.kind == "slots" else None
    if not isinstance(email, str):
        text = render(
            t,
            "objection.send_info",
            turn,
            content=f"I'll send {titles}.",
            delivery=render(t, "objection.send_info_need_email", turn),
        )
        # Slots already offered stay on the table: reading first and meeting later go together.
        return {
            "reply": Reply(text=text),
            "pending": keep or PendingOffer(kind="content"),
            "asked": [*turn.asked, "email"],
        }
    links = " ".join(f"{i.title}: {i.url}" for i in items)
    delivered = render(t, "objection.send_info_delivered", turn, email=email)
    text = render(
        t,
        "objection.send_info",
        turn,
        content=f"{titles} {'is' if len(items) == 1 else 'are'}",
        delivery=delivered,
    )
    events = [event("content", "send", f"{len(items)} item(s) to {email}")]
    ctx.crm.enqueue_outbox(
        turn.conversation_id,
        "content_email",
        {"to": email, "items": [{"title": i.title, "url": i.url} for i in items]},
        turn.now,
        event=f"content-{len(turn.transcript)}",
        reason="send-info playbook",
    )
    if turn.score.icp.fit == "fit" and turn.state.get("booking") is None:
        # The micro-commitment for an ICP lead: pencil in a call for after they've read it.
        update = offer(turn, ctx, pencil=True, prefix=join(text, links))
        update["events"] = events + list(update.get("events", []))
        return update
    tail = render(t, "objection.micro_commitment", turn) if turn.score.icp.fit != "no_fit" else ""
    return {"reply": Reply(text=join(text, links) + tail), "events": events}
