"""The model reply writer: one streamed call per turn that re-voices the move's template reply.

The state machine chose the move and the tools acted; the template reply (the draft) says what
must be said. The model gets the move's instruction (`prompts/model/moves.yaml`), the company facts,
the conversation within the token budget, and the draft, and writes the reply. The guard
(`agent.model.guard`) checks it; on a violation, an error, a timeout or an empty answer the draft
is sent. Quick replies (slot labels, yes/no) always come from the draft.

Moves without an instruction (the opener, `silent`, `opt_out`) keep their template reply: the
opener is page-framed and instant, and an opt-out confirmation is worded exactly.
"""

from __future__ import annotations

import logging
import re
import time

from agent.model.budget import HistoryLine, fit_history, lead_summary
from agent.model.client import ChatMessage, ModelClient, ModelError, ModelRequest, OnDelta
from agent.model.config import ModelConfig
from agent.model.facts import profile_facts
from agent.model.guard import GuardInput, ReplyGuard
from agent.model.prompts import load_move_prompts, load_prompt
from agent.model.tokens import TokenCounter
from agent.model.usage import CallOutcome, record_call
from agent.model.writer import ReplyRequest
from agent.policy import in_business_hours
from agent.profile import CompanyProfile
from agent.state import Reply

log = logging.getLogger(__name__)

MAX_SENTENCES = 4
_LABEL = re.compile(r"^\s*(?:reply|answer|assistant|you)\s*:\s*", re.IGNORECASE)


def clean_reply(text: str) -> str:
    """The reply as a visitor should see it: no label, no wrapping quotes, single spaces."""
    t = _LABEL.sub("", text.strip())
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'“”":
        t = t[1:-1]
    return " ".join(t.split())


class ModelReplyWriter:
    name = "model"

    def __init__(
        self,
        client: ModelClient,
        profile: CompanyProfile,
        config: ModelConfig | None = None,
        *,
        on_delta: OnDelta | None = None,
    ) -> None:
        self.client = client
        self.profile = profile
        self.config = config or ModelConfig()
        self.counter = TokenCounter(self.config.reply_model)
        self.guard = ReplyGuard(profile)
        self._moves = load_move_prompts()
        self._system = load_prompt("reply.md")
        self._turn = load_prompt("reply_turn.md")
        self._facts = profile_facts(profile)
        self._on_delta = on_delta

    def write(self, request: ReplyRequest) -> Reply:
        draft = request.draft
        instruction = self._moves.get(request.move)
        if instruction is None or not draft.text.strip():
            return draft
        started = time.monotonic()
        prompt_tokens = completion_tokens = 0
        try:
            model_request = self.build_request(request)
            prompt_tokens = self.counter.count_messages(
                {"role": m.role, "content": m.content} for m in model_request.messages
            )
            response = self.client.complete(model_request, self._on_delta)
            completion_tokens = self.counter.count(response.text)
            text = clean_reply(response.text)
            visitor_text = " ".join(t.text for t in request.transcript if t.role == "visitor")
            problems = self.guard.check(
                GuardInput(
                    reply=text,
                    draft=draft.text,
                    visitor_text=f"{visitor_text} {request.message}",
                    after_hours=not in_business_hours(self.profile, request.now),
                    truncated=response.finish_reason == "length",
                )
            )
        except ModelError as exc:
            self._record(prompt_tokens, completion_tokens, "error", f"{exc.kind}: {exc}", started)
            log.warning("reply call failed (%s); the template reply is sent", exc.kind)
            return draft
        except Exception as exc:
            self._record(prompt_tokens, completion_tokens, "error", type(exc).__name__, started)
            log.exception("reply call crashed; the template reply is sent")
            return draft
        if problems:
            self._record(prompt_tokens, completion_tokens, "rejected", "; ".join(problems), started)
            log.info("model reply rejected by the guard (%s); the template reply is sent", problems)
            return draft
        self._record(prompt_tokens, completion_tokens, "ok", "", started)
        return Reply(text=text, quick_replies=draft.quick_replies)

    def build_request(self, request: ReplyRequest) -> ModelRequest:
        company = self.profile.company
        open_now = in_business_hours(self.profile, request.now)
        hours_rule = (
            "The team is online now; only the draft decides whether a person joins."
            if open_now
            else "The team is offline now: never say a person is available now or will join the chat."
        )
        system = self._system.render(
            company=company.name,
            product=company.product_name,
            one_liner=company.one_liner,
            max_sentences=MAX_SENTENCES,
            hours_rule=hours_rule,
            facts=self._facts,
        )
        instruction = self._moves[request.move].render()
        transcript = list(request.transcript)
        if transcript and transcript[-1].role == "visitor":
            transcript = transcript[:-1]
        history = [HistoryLine(role=t.role, text=t.text) for t in transcript if t.text]

        def user(history_text: str) -> str:
            return self._turn.render(
                history=history_text,
                message=request.message,
                move_instruction=instruction,
                draft=request.draft.text,
            )

        fixed = self.counter.count_messages(
            [{"role": "system", "content": system}, {"role": "user", "content": user("")}]
        )
        fitted = fit_history(
            self.counter, self.config.prompt_token_budget - fixed, history, lead_summary(request.lead)
        )
        return ModelRequest(
            purpose="reply",
            model=self.config.reply_model,
            messages=(ChatMessage("system", system), ChatMessage("user", user(fitted.text))),
            max_tokens=self.config.reply_max_tokens,
            temperature=self.config.temperature,
            stream=True,
            deadline_s=self.config.reply_deadline_s,
        )

    def _record(
        self, prompt_tokens: int, completion_tokens: int, outcome: CallOutcome, detail: str, started: float
    ) -> None:
        c = self.config
        record_call(
            "reply", c.reply_model, c.prices, prompt_tokens, completion_tokens, outcome, detail, started
        )
