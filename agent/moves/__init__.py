"""The bodies of the agent's moves (graph nodes). Each returns a partial state update."""
