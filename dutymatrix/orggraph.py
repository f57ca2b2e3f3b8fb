"""The org as graphs (networkx): the department tree, reporting lines solid and dotted,
backups and committee memberships, built once per model.

Edges point down the hierarchy (parent → child department, superior → post, post →
its backup, committee → member). The loader reads cycles and roots from here
(``tree_cycles``); the structure checks (DM8xx), ``show`` and the org chart read chains
of command, depths and spans. Only model types are imported, so any layer may use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

import networkx as nx

from dutymatrix.model import Org


def _tree(parent_of: Mapping[str, str | None]) -> nx.DiGraph:
    """parent → child edges for the links whose parent is itself a node."""
    graph = nx.DiGraph()
    graph.add_nodes_from(parent_of)
    graph.add_edges_from((parent, child) for child, parent in parent_of.items()
                         if parent is not None and parent in parent_of)
    return graph


def tree_cycles(parent_of: Mapping[str, str | None]) -> list[list[str]]:
    """Every cycle of ``child → parent`` links, each once, as the path child → parent → …,
    starting at its member that comes first in ``parent_of``; in that order."""
    order = {node: i for i, node in enumerate(parent_of)}
    # Each node has one parent, so the cycles are disjoint and simple_cycles is linear.
    cycles = []
    for cycle in nx.simple_cycles(_tree(parent_of).reverse(copy=False)):
        start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
        cycles.append(cycle[start:] + cycle[:start])
    return sorted(cycles, key=lambda c: order[c[0]])


def tree_roots(parent_of: Mapping[str, str | None]) -> list[str]:
    """Nodes without a parent among the nodes, in ``parent_of`` order."""
    graph = _tree(parent_of)
    return [node for node in parent_of if graph.in_degree(node) == 0]


class OrgGraph:
    """The org's graphs. The model handed to checks has no cycles in its department tree
    or reporting lines (the loader refuses them), so those two are forests; dotted lines,
    backups and memberships may form any shape."""

    def __init__(self, org: Org):
        self.org = org
        self.departments = _tree({d.id: d.parent for d in org.departments})
        roles = org.roles
        self.reporting = _tree({r.id: r.reports_to for r in roles.values()})
        self.dotted = nx.DiGraph()
        self.dotted.add_nodes_from(roles)
        self.dotted.add_edges_from((boss, r.id) for r in roles.values()
                                   for boss in r.dotted_to if boss in roles and boss != r.id)
        self.backups = nx.DiGraph()
        self.backups.add_edges_from((r.id, r.backup) for r in roles.values()
                                    if r.backup in roles)
        self.committees = nx.DiGraph()
        self.committees.add_edges_from((c.id, m) for c in org.committees for m in c.members)

    def direct_reports(self, role_id: str) -> list[str]:
        return list(self.reporting.successors(role_id)) if role_id in self.reporting else []

    def dotted_reports(self, role_id: str) -> list[str]:
        return list(self.dotted.successors(role_id)) if role_id in self.dotted else []

    def chain(self, role_id: str) -> list[str]:
        """``role_id`` and its superiors up to the top (solid lines only)."""
        chain = [role_id]
        seen = {role_id}
        while True:
            bosses = list(self.reporting.predecessors(chain[-1]))
            if not bosses or bosses[0] in seen:  # a cycle only in a model with errors
                return chain
            chain.append(bosses[0])
            seen.add(bosses[0])

    @cached_property
    def depths(self) -> Mapping[str, int]:
        """Each post's depth in the reporting tree: 0 for a post reporting to nobody."""
        depths: dict[str, int] = {}
        for depth, layer in enumerate(nx.topological_generations(self.reporting)):
            depths.update(dict.fromkeys(layer, depth))
        return depths

    def roots(self) -> list[str]:
        """Posts that report to nobody, in model order."""
        return [r for r in self.org.roles if self.reporting.in_degree(r) == 0]

    def below(self, role_id: str) -> set[str]:
        """Every post under ``role_id`` by solid lines (its whole line of command)."""
        return nx.descendants(self.reporting, role_id)
