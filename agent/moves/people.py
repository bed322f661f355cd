"""Moves that route the conversation to people or away from sales: `handoff`, `to_support`,
`nurture`, `opt_out` and `silent`."""

from __future__ import annotations

from typing import Any

from agent.hours import next_open
from agent.moves.common import Turn, answer_prefix, event, join, render
from agent.moves.content import overview, selfserve_text
from agent.moves.meetings import offer
from agent.policy import handoff_decision, in_business_hours
from agent.runtime import AgentContext
from agent.scoring import score
from agent.state import HandoffRef, Reply
from agent.understanding.analysis import Evidence
from tools.handoff import HandoffClosed, build_summary


def _transcript_entries(turn: Turn) -> list[dict[str, str]]:
    return [{"role": t.role, "text": t.text, "at": t.at.isoformat()} for t in turn.transcript]


def handoff(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    decision = handoff_decision(turn.lead, turn.score, ctx.profile, turn.now)
    team = decision.team or "sales"
    req = turn.lead.first("intent", "human_request") or turn.lead.first("intent", "frustration")
    evidence = req.evidence if req else Evidence(turn=len(turn.transcript) - 1, quote=turn.message)
    # The human sees the conversation as it will be once they join: the transfer is the next step.
    lead = turn.lead.mark_transferred(evidence)
    after = score(lead, turn.context, ctx.profile)
    summary = build_summary(lead, after, _transcript_entries(turn), turn.context, ctx.profile)
    outcome = ctx.handoff.start(turn.conversation_id, team, summary, turn.now)
    if isinstance(outcome, HandoffClosed):
        # The clock passed closing time between the decision and the start: book instead.
        return to_support(turn, ctx) if team == "support" else offer(turn, ctx)
    rep = outcome.rep
    if team == "support":
        text = render(t, "handoff.support", turn, team=ctx.profile.support.team_name)
    else:
        text = render(t, "handoff.sales", turn, rep=rep.name if rep else "our sales team")
    text = join(answer_prefix(turn, ctx.profile), text)
    return {
        "reply": Reply(text=text),
        "handoff": HandoffRef(
            status="requested", team=team, rep_id=rep.id if rep else None, handoff_id=outcome.handoff.id
        ),
        "lead": lead,
        "pending": None,
        "events": [
            event(
                "handoff", "start", f"{team} -> {rep.name if rep else 'team'} (handoff {outcome.handoff.id})"
            )
        ],
    }


def to_support(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    profile = ctx.profile
    team = profile.support.team_name
    already = any(tr.move == "to_support" for tr in turn.transcript)
    if already:
        text = render(t, "support.more", turn)
    elif handoff_decision(turn.lead, turn.score, profile, turn.now).team == "support" or not _open(turn, ctx):
        opens = next_open(profile.business_hours, turn.now).astimezone(turn.visitor_tz(profile))
        text = render(
            t,
            "support.ticket_after_hours",
            turn,
            team=team,
            next_open=opens.strftime("%a %-I:%M%p").replace(":00", ""),
        )
    else:
        text = render(t, "support.ticket", turn, team=team, sla=profile.support.reply_within_hours)
    if not already and turn.lead.value("email") is None:
        text += render(t, "support.ask_email", turn)
    return {
        "reply": Reply(text=text),
        "events": [event("crm", "support_ticket", "opened" if not already else "updated")],
    }


def _open(turn: Turn, ctx: AgentContext) -> bool:
    return in_business_hours(ctx.profile, turn.now)


def nurture(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    """Close politely and usefully: route-none traffic, non-ICP prospects, a declined meeting."""
    t = ctx.templates
    product = ctx.profile.company.product_name
    lead = turn.lead
    flags = lead.flags()
    a = turn.analysis
    if "vendor_pitch" in flags:
        return {"reply": Reply(text=render(t, "nurture.vendor", turn, product=product))}
    if "job_seeker" in flags:
        return {"reply": Reply(text=render(t, "nurture.job_seeker", turn))}
    if "spam" in flags:
        return {"reply": Reply(text=render(t, "nurture.spam", turn, product=product))}
    if a is not None and "meeting_decline" in a.intent_set:
        intro = overview(ctx.profile)
        content = f" The overview is here whenever you want it: {intro.url}." if intro else ""
        return {"reply": Reply(text=render(t, "nurture.declined", turn, content=content)), "pending": None}
    if turn.score.icp.fit == "no_fit" and not turn.state.get("opted_out"):
        text = join(
            answer_prefix(turn, ctx.profile),
            render(t, "nurture.not_icp", turn, selfserve=selfserve_text(turn, ctx)),
        )
        return {"reply": Reply(text=text), "pending": None}
    return {"reply": Reply(text=render(t, "nurture.closing", turn))}


def opt_out(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    erase = turn.lead.erase_requested
    ctx.crm.opt_out(turn.conversation_id, erase=erase, now=turn.now)
    if erase:
        ctx.handoff.erase(turn.conversation_id, turn.now)
    key = "opt_out.erase" if erase else "opt_out.stop"
    update: dict[str, Any] = {
        "reply": Reply(text=render(ctx.templates, key, turn)),
        "opted_out": True,
        "pending": None,
        "events": [event("crm", "opt_out", "erased" if erase else "do not contact")],
    }
    if erase:
        # The conversation's own copy of what they wrote goes too; only the fact of erasure stays.
        update["transcript"] = [tr.model_copy(update={"text": "[erased]"}) for tr in turn.transcript]
        update["lead"] = turn.lead.erased()
    return update


def silent(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    """A human owns the conversation: store and understand, say nothing."""
    return {"reply": None}
