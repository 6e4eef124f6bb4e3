"""The stakeholder network as a networkx graph, for Mesa's network space and for drawing.

Node ``i`` is stakeholder ``i``; each edge carries the index of its tie (``tie``) in the tie
arrays, where its kind and strength live. The graph is built once: strengths change as data,
the graph never does (rewiring Mesa's space clears its neighbourhood caches).
"""

import networkx as nx

from simulation.world import World


def stakeholder_graph(world: World) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(world.nodes.n))
    t = world.ties
    graph.add_edges_from(
        (int(a), int(b), {"tie": i}) for i, (a, b) in enumerate(zip(t.src, t.dst, strict=True))
    )
    return graph
