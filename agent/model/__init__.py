"""The model engine: understanding and replies through an OpenAI-compatible endpoint.

- `client.py`: the narrow `ModelClient` interface and its one real adapter (the `openai` client);
  `double.py`: a scripted `ModelClient` for tests and evals.
- `understand.py` + `schema.py` + `merge.py`: one structured-output call per visitor message,
  merged with the rules engine's reading.
- `writer.py` (the interface, and the template writer of the rules path) + `replies.py` + `guard.py`
  + `facts.py`: one streamed call per turn that re-voices the move's template reply, under a guard.
- `tokens.py` + `budget.py`: offline tiktoken counts and the per-call prompt budget.
- `usage.py` + `store.py`: each call's tokens, cost and outcome, per turn and per conversation.
- `setup.py`: `--engine rules|model` and the settings, to the engine and writer of a run.

Nothing here is imported by the rules path except `writer.py`, `usage.py` and `store.py`, which
import no model client.
"""
