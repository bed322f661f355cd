"""The conversation graph. This module only wires: node bodies live in `agent.nodes` and
`agent.moves`, edge decisions in pure functions (`agent.nodes.entry`, `agent.nodes.route_move`)."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agent import nodes
from agent.runtime import AgentContext
from agent.state import MOVES, ConversationState, TurnRequest


def build_graph() -> StateGraph[ConversationState, AgentContext, TurnRequest, ConversationState]:
    g: StateGraph[ConversationState, AgentContext, TurnRequest, ConversationState] = StateGraph(
        ConversationState, context_schema=AgentContext, input_schema=TurnRequest
    )
    g.add_node("open", nodes.open_conversation)
    g.add_node("understand", nodes.understand)
    g.add_node("assess", nodes.assess)
    g.add_node("decide", nodes.decide)
    for move in MOVES:
        if move != "open":
            g.add_node(move, nodes.MOVE_NODES[move])
    g.add_node("respond", nodes.respond)
    g.add_node("sync_crm", nodes.sync_crm)

    g.add_conditional_edges(START, nodes.entry, ["open", "understand"])
    g.add_edge("open", "respond")
    g.add_edge("understand", "assess")
    g.add_edge("assess", "decide")
    g.add_conditional_edges("decide", nodes.route_move, [m for m in MOVES if m != "open"])
    for move in MOVES:
        if move != "open":
            g.add_edge(move, "respond")
    g.add_edge("respond", "sync_crm")
    g.add_edge("sync_crm", END)
    return g


def compile_graph(checkpointer: BaseCheckpointSaver[Any] | None = None) -> Any:
    return build_graph().compile(checkpointer=checkpointer)
