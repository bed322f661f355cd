"""The model understanding engine: one structured-output call per visitor message, merged with the
rules engine's reading (`agent.model.merge` has the rule).

The rules engine always runs first: it is the floor. When the model call fails (timeout, 429/5xx
after the client's retries, a refused connection) or its answer is malformed, the rules' analysis
is the turn's analysis; the conversation never errors because of the model. Messages the rules
read as spam or without content (a bare "hi", "thanks") make no call: the merge would add nothing.
"""

from __future__ import annotations

import logging
import time

from agent.model.budget import HistoryLine, fit_history
from agent.model.client import ChatMessage, ModelClient, ModelError, ModelRequest
from agent.model.config import ModelConfig
from agent.model.merge import merge
from agent.model.prompts import load_prompt
from agent.model.schema import (
    VALID_INDUSTRIES,
    VALID_ROLES,
    MalformedOutput,
    analysis_schema,
    parse_analysis,
    schema_text,
)
from agent.model.tokens import TokenCounter
from agent.model.usage import CallOutcome, record_call
from agent.model.writer import ReplyWriter
from agent.profile import CompanyProfile
from agent.understanding.analysis import TurnAnalysis
from agent.understanding.engine import RulesEngine, TurnInput

log = logging.getLogger(__name__)

# The understanding call sees the agent's last message (what "sure" or "the 2nd one" answers) and
# the visitor's message; the lead state carries the rest.
HISTORY_TURNS = 2


class ModelEngine:
    """`UnderstandingEngine` through a model, merged with (and falling back to) the rules engine."""

    name = "model"

    def __init__(
        self,
        client: ModelClient,
        profile: CompanyProfile,
        config: ModelConfig | None = None,
        *,
        rules: RulesEngine | None = None,
        reply_writer: ReplyWriter | None = None,
    ) -> None:
        self.client = client
        self.profile = profile
        self.config = config or ModelConfig()
        self.rules = rules or RulesEngine(profile)
        # The writer that goes with this engine: a caller that only passes an engine (a replay)
        # gets the model's replies too (see `agent.service.build_context`).
        self.reply_writer = reply_writer
        self.counter = TokenCounter(self.config.understanding_model)
        company = profile.company
        json_object = self.config.structured_mode == "json_object"
        block = (
            load_prompt("understand_schema_block.md").render(schema=schema_text(bounded=True))
            if json_object
            else ""
        )
        self._system = load_prompt("understand.md").render(
            company=company.name,
            one_liner=company.one_liner or company.product_name,
            product=company.product_name,
            industries=", ".join(sorted(VALID_INDUSTRIES)),
            roles=", ".join(sorted(VALID_ROLES)),
            schema_block=block,
        )
        self._schema = analysis_schema(bounded=json_object)

    def analyze(self, turn: TurnInput) -> TurnAnalysis:
        base = self.rules.analyze(turn)
        if base.flag_set & {"spam", "low_content"}:
            return base
        started = time.monotonic()
        prompt_tokens = 0
        try:
            request = self._request(turn)
            prompt_tokens = self.counter.count_messages(
                {"role": m.role, "content": m.content} for m in request.messages
            )
            response = self.client.complete(request)
        except ModelError as exc:
            self._record(prompt_tokens, 0, "error", f"{exc.kind}: {exc}", started)
            log.warning("understanding call failed (%s); the rules engine answers this turn", exc.kind)
            return base
        except Exception as exc:
            self._record(prompt_tokens, 0, "error", type(exc).__name__, started)
            log.exception("understanding call crashed; the rules engine answers this turn")
            return base
        completion_tokens = self.counter.count(response.text)
        try:
            parsed = parse_analysis(response.text)
        except MalformedOutput as exc:
            self._record(prompt_tokens, completion_tokens, "malformed", str(exc), started)
            log.warning("understanding answer malformed (%s); the rules engine answers this turn", exc)
            return base
        merged, stats = merge(base, parsed, turn)
        detail = (
            f"added {stats.added}, unquoted {stats.unquoted}, gated {stats.gated}, invalid {stats.invalid}"
        )
        self._record(prompt_tokens, completion_tokens, "ok", detail, started)
        return merged

    def _request(self, turn: TurnInput) -> ModelRequest:
        history = [
            HistoryLine(role=t.role, text=t.text) for t in list(turn.history)[-HISTORY_TURNS:] if t.text
        ]
        user_fixed = f"Visitor's message: {turn.message}"
        fixed = self.counter.count_messages(
            [{"role": "system", "content": self._system}, {"role": "user", "content": user_fixed}]
        )
        fitted = fit_history(self.counter, self.config.prompt_token_budget - fixed, history, summary="")
        user = f"Conversation so far:\n{fitted.text}\n\n{user_fixed}" if fitted.lines else user_fixed
        return ModelRequest(
            purpose="understand",
            model=self.config.understanding_model,
            messages=(ChatMessage("system", self._system), ChatMessage("user", user)),
            max_tokens=self.config.understanding_max_tokens,
            temperature=0.0,
            schema=self._schema,
            schema_name="turn_analysis",
            structured_mode=self.config.structured_mode,
        )

    def _record(
        self, prompt_tokens: int, completion_tokens: int, outcome: CallOutcome, detail: str, started: float
    ) -> None:
        c = self.config
        record_call(
            "understand",
            c.understanding_model,
            c.prices,
            prompt_tokens,
            completion_tokens,
            outcome,
            detail,
            started,
        )
