"""The conversation graph. This module only wires: node bodies live in `agent.nodes` and
`agent.moves`, edge decisions in pure functions (`agent.nodes.entry`, `agent.nodes.route_move`)."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agent import graph_executor, nodes
from agent.runtime import AgentContext
from agent.state import MOVES, ConversationState, TurnRequest


def build_graph() -> StateGraph[ConversationState, AgentContext, TurnRequest, ConversationState]:
    g: StateGraph[ConversationState, AgentContext, TurnRequest, ConversationState] = StateGraph(
        ConversationState, context_schema=AgentContext, input_schema=TurnRequest
    )
    acts: list[str] = [m for m in MOVES if m != "open"]
    g.add_node("open", nodes.open_conversation)
    g.add_node("understand", nodes.understand)
    for act in MOVES:
        if act != "open":
            g.add_node(act, nodes.MOVE_NODES[act])

    g.add_conditional_edges(START, nodes.entry, ["open", "understand"])
    g.add_edge("open", END)
    g.add_conditional_edges("understand", nodes.route_move, acts)
    for name in acts:
        g.add_edge(name, END)
    return g


def compile_graph(checkpointer: BaseCheckpointSaver[Any] | None = None) -> Any:
    graph_executor.install()
    return build_graph().compile(checkpointer=checkpointer)
