"""`ask` (the next qualifying question, one at a time) and `answer` (from the company's facts)."""

from __future__ import annotations

from typing import Any

from agent.moves.common import Turn, acknowledge, answer_prefix, hours_text, join, render
from agent.opener import SIZE_CHOICES
from agent.policy import in_business_hours
from agent.routing import missing_topics
from agent.runtime import AgentContext
from agent.state import AskTopic, Reply

_ASK_KEYS: dict[AskTopic, str] = {
    "company_size": "ask.company_size",
    "role": "ask.role",
    "industry": "ask.industry",
    "problem": "ask.problem",
    "stack": "ask.stack",
    "email": "ask.email",
}


def next_question(turn: Turn, ctx: AgentContext) -> tuple[str, list[AskTopic], tuple[str, ...]]:
    """The next qualifying question, the topics it asks, and quick replies for it."""
    t = ctx.templates
    product = ctx.profile.company.product_name
    topics = missing_topics(turn.lead, turn.asked)
    if not topics:
        return "", [], ()
    first = topics[0]
    if first == "company_size" and "role" in topics:
        return render(t, "ask.company_size_role", turn), ["company_size", "role"], ()
    quick: tuple[str, ...] = ()
    if first == "company_size":
        quick = SIZE_CHOICES
    elif first == "industry":
        quick = tuple(i.replace("_", " ").title() for i in ctx.profile.icp.industries[:4])
    text = render(t, _ASK_KEYS[first], turn, product=product)
    return text, [first], quick


def ask(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    t = ctx.templates
    lead = turn.lead
    asked = list(turn.asked)
    a = turn.analysis
    intents = a.intent_set if a is not None else frozenset()
    # A bare first "hi" gets a greeting question, not a form; after that, or after a dodge, the
    # next qualifying question.
    if lead.visitor_messages == 1 and lead.real_exchanges == 0 and (a is None or "dodge" not in a.flag_set):
        text = render(t, "ask.greeting", turn, product=ctx.profile.company.product_name)
        return {"reply": Reply(text=text), "asked": asked}
    # The invite needs an address once a meeting is booked.
    if turn.state.get("booking") is not None and lead.value("email") is None:
        return {"reply": Reply(text=render(t, "ask.email", turn)), "asked": [*asked, "email"]}
    question, topics, quick = next_question(turn, ctx)
    if "human_request" in intents or "frustration" in intents:
        hours = hours_text(ctx.profile)
        key = (
            "handoff.qualify_first"
            if in_business_hours(ctx.profile, turn.now)
            else "handoff.after_hours_qualify"
        )
        text = render(t, key, turn, hours=hours)
        return {"reply": Reply(text=text), "asked": [*asked, "company_size", "role"]}
    text = join(acknowledge(turn, ctx), answer_prefix(turn, ctx.profile), question)
    if not text:
        text = render(t, "ask.anything_else", turn)
    return {"reply": Reply(text=text, quick_replies=quick), "asked": [*asked, *topics]}


def answer(turn: Turn, ctx: AgentContext) -> dict[str, Any]:
    """Answer from the profile; then, if something still blocks qualification, one question."""
    t = ctx.templates
    prefix = answer_prefix(turn, ctx.profile)
    if not prefix:
        # Someone who said "stop" is not promised a rep; neither is a visitor outside the ICP.
        no_contact = bool(turn.state.get("opted_out")) or turn.score.icp.fit == "no_fit"
        prefix = render(t, "answer.fallback_no_contact" if no_contact else "answer.fallback", turn)
    asked = list(turn.asked)
    question: str = ""
    topics: list[AskTopic] = []
    quick: tuple[str, ...] = ()
    if turn.score.icp.fit != "no_fit" and not turn.state.get("opted_out"):
        question, topics, quick = next_question(turn, ctx)
    text = join(acknowledge(turn, ctx), prefix, question)
    return {"reply": Reply(text=text, quick_replies=quick), "asked": [*asked, *topics]}
