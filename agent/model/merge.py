"""Merging the model's reading of a message into the rules engine's.

The rule, in order:

1. **Evidence or nothing.** Every model item needs a quote found in the visitor's message (case and
   spacing aside); the evidence offsets are computed from where it was found. Items without one are
   dropped.
2. **The rules' gates hold.** A message the rules found to be spam or without content (a bare "hi",
   "thanks") gets nothing from the model. In a support conversation (an existing customer needing
   help, not an expansion) the model adds no buying signals or objections, as the rules don't.
3. **Labels: union.** A label the rules found keeps the rules' evidence; the model adds labels the
   rules missed. Opposites (`meeting_accept` / `meeting_decline`) never both stand: the rules' one
   wins, and if only the model saw both, neither is added.
4. **Slots: the rules win when they have evidence; the model fills gaps.** A model slot must have a
   valid value (a headcount, an industry or role of the taxonomy, an email or name found in the
   message). A role the conversation already established is not replaced by the model.
5. **Flags and mentions are the rules' alone** (the model is not asked for them).

Items the model added carry `source="model"`, so the lead state and reports can tell them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.labels import Intent, SlotName
from agent.model.schema import VALID_INDUSTRIES, VALID_ROLES, ModelAnalysis, SlotItem
from agent.understanding.analysis import (
    Evidence,
    IntentHit,
    ObjectionHit,
    SignalHit,
    SlotHit,
    TurnAnalysis,
)
from agent.understanding.engine import TurnInput

OPPOSITES: tuple[tuple[Intent, Intent], ...] = (("meeting_accept", "meeting_decline"),)
MAX_COMPANY_SIZE = 5_000_000
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAME = re.compile(r"[^\W\d_][^\W\d_'.-]*(?:[ '.-][^\W\d_]+){0,3}")
_TRUE = frozenset({"true", "yes", "1"})


@dataclass(frozen=True)
class MergeStats:
    added: int = 0
    unquoted: int = 0
    gated: int = 0
    invalid: int = 0


def find_quote(message: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `message`, ignoring case and runs of spaces; None if it doesn't."""
    q = quote.strip().strip("\"'“”‘’").strip()
    if len(q) < 2:
        return None
    at = message.find(q)
    if at >= 0:
        return at, at + len(q)
    words = q.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, message, re.IGNORECASE)
    if m:
        return m.start(), m.end()
    # A quote that ends with punctuation the visitor didn't type ("we need it by Q1.").
    trimmed = q.rstrip(".!?,;:")
    if trimmed != q and len(trimmed) >= 2:
        return find_quote(message, trimmed)
    return None


def _company_size(value: str) -> int | None:
    v = value.strip().lower().replace(",", "").lstrip("~≈").strip()
    v = re.sub(r"\s*(?:employees|people|staff|ppl)$", "", v)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(k)?(?:\s*[-–]\s*(\d+(?:\.\d+)?)\s*(k)?)?", v)
    if not m:
        return None
    low = float(m.group(1)) * (1000 if m.group(2) else 1)
    if m.group(3):
        high = float(m.group(3)) * (1000 if m.group(4) or m.group(2) else 1)
        low = (low + high) / 2
    n = round(low)
    return n if 0 < n <= MAX_COMPANY_SIZE else None


def slot_value(item: SlotItem, message: str) -> int | str | bool | None:
    """The model's slot value in our types, or None when it is not a valid value for the slot."""
    raw = item.value
    text = str(raw).strip()
    slot: SlotName = item.slot
    if slot == "company_size":
        if isinstance(raw, bool):
            return None
        return raw if isinstance(raw, int) and 0 < raw <= MAX_COMPANY_SIZE else _company_size(text)
    if slot == "industry":
        key = text.lower().replace(" ", "_").replace("-", "_")
        return key if key in VALID_INDUSTRIES else None
    if slot == "role":
        key = text.lower().replace(" ", "_")
        return key if key in VALID_ROLES else None
    if slot == "email":
        if _EMAIL.fullmatch(text) and text.lower() in message.lower():
            return text
        return None
    if slot == "name":
        if len(text) <= 60 and _NAME.fullmatch(text) and find_quote(message, text) is not None:
            return text
        return None
    # problem
    return True if (raw is True or text.lower() in _TRUE) else None


def merge(rules: TurnAnalysis, model: ModelAnalysis, turn: TurnInput) -> tuple[TurnAnalysis, MergeStats]:
    message = turn.message
    flags = rules.flag_set
    if flags & {"spam", "low_content"}:
        n = len(model.signals) + len(model.objections) + len(model.intents) + len(model.slots)
        return rules, MergeStats(gated=n)

    unquoted = gated = invalid = 0

    def evidence(quote: str) -> Evidence | None:
        nonlocal unquoted
        span = find_quote(message, quote)
        if span is None:
            unquoted += 1
            return None
        s, e = span
        return Evidence(turn=turn.turn, quote=message[s:e], start=s, end=e)

    intents = list(rules.intents)
    have_intents = {h.label for h in intents}
    model_intents: dict[Intent, Evidence] = {}
    for it in model.intents:
        ev = evidence(it.quote)
        if ev is not None and it.label not in model_intents:
            model_intents[it.label] = ev
    for a, b in OPPOSITES:
        if a in model_intents and b in model_intents and not have_intents & {a, b}:
            del model_intents[a], model_intents[b]
            gated += 2
        for mine, other in ((a, b), (b, a)):
            if mine in model_intents and other in have_intents:
                del model_intents[mine]
                gated += 1
    for label, ev in model_intents.items():
        if label not in have_intents:
            intents.append(IntentHit(label=label, evidence=ev, source="model"))
    all_intents = have_intents | model_intents.keys()

    in_support = (
        (turn.support_mode or "support" in all_intents) and not turn.expansion and "expansion" not in flags
    )
    signals = list(rules.signals)
    objections = list(rules.objections)
    have_signals = {h.label for h in signals}
    have_objections = {h.label for h in objections}
    if in_support:
        gated += len(model.signals) + len(model.objections)
    else:
        for sig in model.signals:
            if sig.label in have_signals:
                continue
            ev = evidence(sig.quote)
            if ev is not None:
                signals.append(SignalHit(label=sig.label, evidence=ev, source="model"))
                have_signals.add(sig.label)
        for obj in model.objections:
            if obj.label in have_objections:
                continue
            ev = evidence(obj.quote)
            if ev is not None:
                objections.append(ObjectionHit(label=obj.label, evidence=ev, source="model"))
                have_objections.add(obj.label)

    slots = list(rules.slots)
    have_slots = {h.slot for h in slots}
    for item in model.slots:
        if item.slot in have_slots:
            continue
        if (item.slot == "role" and turn.known_role is not None) or (
            item.slot == "problem" and (turn.support_mode or in_support)
        ):
            gated += 1
            continue
        value = slot_value(item, message)
        if value is None:
            invalid += 1
            continue
        ev = evidence(item.quote)
        if ev is not None:
            slots.append(SlotHit(slot=item.slot, value=value, evidence=ev, source="model"))
            have_slots.add(item.slot)

    added = (
        len(signals)
        - len(rules.signals)
        + len(objections)
        - len(rules.objections)
        + len(intents)
        - len(rules.intents)
        + len(slots)
        - len(rules.slots)
    )
    merged = rules.model_copy(
        update={
            "signals": tuple(signals),
            "objections": tuple(objections),
            "intents": tuple(intents),
            "slots": tuple(slots),
        }
    )
    return merged, MergeStats(added=added, unquoted=unquoted, gated=gated, invalid=invalid + model.dropped)
