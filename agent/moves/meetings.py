"""`offer_meeting` (three real slots, or a live transfer for an enterprise lead in hours) and
`book` (read a free-text pick against the offer and real availability, then book atomically)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.moves.common import Turn, acknowledge, answer_prefix, event, hours_text, join, render
from agent.policy import in_business_hours, should_offer_transfer
from agent.profile import Rep
from agent.runtime import AgentContext
from agent.state import BookingRef, OfferedSlot, PendingOffer, Reply
from agent.understanding.analysis import Evidence
from tools.calendar import (
    Ambiguous,
    Chosen,
    NoTime,
    Slot,
    SlotUnavailable,
    Unavailable,
    booking_ics,
    format_confirmation,
    format_slot,
    format_slots,
    parse_pick,
)
from tools.handoff import build_summary


def rep_for(turn: Turn, ctx: AgentContext) -> Rep:
    """The conversation's rep: the segment's round robin the first time, the same rep after."""
    pending = turn.state.get("pending")
    if pending is not None and pending.rep_id is not None:
        rep = ctx.profile.rep(pending.rep_id)
        if rep is not None:
            return rep
    segment = ctx.profile.segment_for(turn.lead.company_size)
    return ctx.crm.assign_rep(turn.conversation_id, segment, turn.now, reason="meeting offer")


def _offered(slots: Sequence[Slot], turn: Turn, ctx: AgentContext) -> tuple[OfferedSlot, ...]:
    tz = turn.visitor_tz(ctx.profile)
    return tuple(
        OfferedSlot(rep_id=s.rep_id, start=s.start_utc, end=s.end_utc, label=format_slot(s, tz, turn.now))
        for s in slots
    )


def _slots(offered: Sequence[OfferedSlot]) -> list[Slot]:
    return [Slot(rep_id=o.rep_id, start_utc=o.start, end_utc=o.end) for o in offered]


def offer(
    turn: Turn, ctx: AgentContext, *, pencil: bool = False, prefix: str | None = None
) -> dict[str, Any]:
    t = ctx.templates
    profile = ctx.profile
    before = join(acknowledge(turn, ctx), answer_prefix(turn, profile)) if prefix is None else prefix
    rep = rep_for(turn, ctx)
    events = [event("crm", "assign_rep", rep.name)]
    if (
        should_offer_transfer(turn.lead, turn.score, profile, turn.now)
        and rep.live_handoff
        and not turn.state.get("transfer_declined")
    ):
        text = join(before, render(t, "offer.transfer", turn, rep=rep.name))
        return {
            "reply": Reply(text=text, quick_replies=("Yes, bring them in", "Not now")),
            "pending": PendingOffer(kind="transfer", rep_id=rep.id),
            "events": events,
        }
    tz = turn.visitor_tz(profile)
    slots = ctx.calendar.offer(rep, turn.now, tz)
    if not slots:
        text = join(before, render(t, "offer.no_slots", turn, rep=rep.name))
        return {"reply": Reply(text=text), "pending": None, "events": events}
    minutes = profile.meeting.duration_min
    listed = format_slots(slots, tz, turn.now)
    human_asked = turn.analysis is not None and bool(
        {"human_request", "frustration"} & turn.analysis.intent_set
    )
    if pencil:
        key = "offer.slots_pencil"
    elif human_asked and not in_business_hours(profile, turn.now):
        key = "offer.slots_after_hours"
    else:
        key = "offer.slots"
    text = join(
        before,
        render(
            t,
            key,
            turn,
            rep=rep.name,
            minutes=minutes,
            slots=_capitalised(listed),
            hours=hours_text(ctx.profile),
        ),
    )
    offered = _offered(slots, turn, ctx)
    events.append(event("calendar", "offer", listed))
    if key == "offer.slots_after_hours":
        # No live promise after hours: the rep also gets a follow-up task with a reply-by time.
        entries = [{"role": tr.role, "text": tr.text, "at": tr.at.isoformat()} for tr in turn.transcript]
        summary = build_summary(turn.lead, turn.score, entries, turn.context, profile)
        task = ctx.handoff.after_hours(turn.conversation_id, summary, str(tz), turn.now)
        if task is not None:
            events.append(event("crm", "after_hours_task", f"reply by {task.reply_by_local}"))
    return {
        "reply": Reply(text=text, quick_replies=tuple(o.label for o in offered)),
        "pending": PendingOffer(kind="slots", slots=offered, rep_id=rep.id),
        "events": events,
    }


def offer_meeting(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    pending = turn.state.get("pending")
    transfer = should_offer_transfer(turn.lead, turn.score, ctx.profile, turn.now)
    if (
        not transfer
        and pending is not None
        and pending.kind == "slots"
        and pending.slots
        and pending.slots[0].start > turn.now
    ):
        # Slots are already on the table: answer, and remind rather than offer again.
        tz = turn.visitor_tz(ctx.profile)
        listed = format_slots(_slots(pending.slots), tz, turn.now)
        text = join(
            answer_prefix(turn, ctx.profile), render(ctx.templates, "offer.reminder", turn, slots=listed)
        )
        return {"reply": Reply(text=text, quick_replies=tuple(o.label for o in pending.slots))}
    return offer(turn, ctx)


def book(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    profile = ctx.profile
    existing = turn.state.get("booking")
    email = turn.lead.value("email")
    if existing is not None and isinstance(email, str):
        # The email for an existing booking (the invite itself goes out in the move wrapper).
        return {
            "reply": Reply(
                text=join(answer_prefix(turn, profile), render(t, "book.invite_sent", turn, email=email))
            )
        }
    tz = turn.visitor_tz(profile)
    pending = turn.state.get("pending")
    offered = _slots(pending.slots) if pending is not None and pending.kind == "slots" else []
    rep = rep_for(turn, ctx)
    available = ctx.calendar.available(rep, turn.now)
    result = parse_pick(turn.message, offered, turn.now, tz, available)
    if isinstance(result, Chosen):
        return _confirm(turn, ctx, result.slot, rep)
    if isinstance(result, Unavailable) and result.requested is not None:
        # The time they named isn't open for this rep; another rep of the same segment may be free
        # then (reps work in their own time zones), and a booked meeting beats a second round.
        for other in _segment_colleagues(turn, ctx, rep):
            found = parse_pick(turn.message, [], turn.now, tz, ctx.calendar.available(other, turn.now))
            if isinstance(found, Chosen):
                return _confirm(turn, ctx, found.slot, other)
    if isinstance(result, Ambiguous):
        candidates = list(result.candidates)[:3]
        text = render(t, "book.ambiguous", turn, options=format_slots(candidates, tz, turn.now))
        return _reoffer(turn, ctx, candidates, rep, text)
    if isinstance(result, Unavailable) and result.alternatives:
        alternatives = list(result.alternatives)[:3]
        text = render(t, "book.unavailable", turn, options=format_slots(alternatives, tz, turn.now))
        return _reoffer(turn, ctx, alternatives, rep, text)
    if isinstance(result, NoTime) and offered:
        text = render(t, "book.no_time", turn, options=format_slots(offered, tz, turn.now))
        return _reoffer(turn, ctx, offered, rep, text)
    return offer(turn, ctx)


def _segment_colleagues(turn: Turn, ctx: AgentContext, rep: Rep) -> list[Rep]:
    segment = ctx.profile.segment_for(turn.lead.company_size)
    return [r for r in ctx.profile.reps_for(segment) if r.id != rep.id]


def _reoffer(turn: Turn, ctx: AgentContext, slots: Sequence[Slot], rep: Rep, text: str) -> dict[str, Any]:
    offered = _offered(slots, turn, ctx)
    return {
        "reply": Reply(text=text, quick_replies=tuple(o.label for o in offered)),
        "pending": PendingOffer(kind="slots", slots=offered, rep_id=rep.id),
    }


def _confirm(turn: Turn, ctx: AgentContext, slot: Slot, rep: Rep) -> dict[str, Any]:
    t = ctx.templates
    profile = ctx.profile
    tz = turn.visitor_tz(profile)
    email = turn.lead.value("email")
    email_text = email if isinstance(email, str) else None
    try:
        booking = ctx.calendar.book(slot, turn.conversation_id, email_text, tz, turn.now)
    except SlotUnavailable:
        alternatives = [s for s in ctx.calendar.offer(rep, turn.now, tz) if s != slot]
        text = render(t, "book.taken", turn, options=format_slots(alternatives, tz, turn.now))
        return _reoffer(turn, ctx, alternatives, rep, text)
    confirmation = format_confirmation(slot, tz)
    if email_text:
        text = render(
            t, "book.confirmed_email", turn, confirmation=confirmation, rep=rep.name, email=email_text
        )
    else:
        text = render(t, "book.confirmed", turn, confirmation=confirmation, rep=rep.name) + render(
            t, "book.ask_email", turn
        )
    ref = BookingRef(
        booking_id=booking.id, rep_id=rep.id, start=slot.start_utc, end=slot.end_utc, label=confirmation
    )
    lead = turn.lead.mark_booked(Evidence(turn=len(turn.transcript) - 1, quote=turn.message))
    events = [event("calendar", "book", f"{confirmation} with {rep.name}")]
    if email_text:
        events.append(
            event(
                "calendar",
                "invite",
                f"{len(booking_ics(booking, profile, turn.now))} byte .ics to {email_text}",
            )
        )
    asked = list(turn.asked) + ([] if email_text else ["email"])
    return {
        "reply": Reply(text=text),
        "pending": None,
        "booking": ref,
        "lead": lead,
        "events": events,
        "asked": asked,
    }


def send_invite_if_new_email(turn: Turn, ctx: AgentContext) -> list[Any]:
    """After a booking, an email given later goes on the booking and gets the invite."""
    booking = turn.state.get("booking")
    email = turn.lead.value("email")
    a = turn.analysis
    if booking is None or not isinstance(email, str) or a is None or a.slot("email") is None:
        return []
    stored = ctx.calendar.set_email(booking.booking_id, email)
    return [
        event("calendar", "invite", f"{len(booking_ics(stored, ctx.profile, turn.now))} byte .ics to {email}")
    ]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
