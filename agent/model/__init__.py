"""The model engine: understanding and replies through an OpenAI-compatible endpoint.

Nothing here is imported by the rules path; `agent.model.setup` builds the engine and the reply
writer from settings. The model sits behind the narrow `ModelClient` interface (`client.py`), with
one real adapter (the `openai` client) and a scripted double for tests and evals (`double.py`).
"""
