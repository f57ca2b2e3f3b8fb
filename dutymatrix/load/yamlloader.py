"""The libyaml loader the model is composed with, its tag resolution made cheap.

``yaml.compose`` asks the loader's Python ``resolve`` for the tag of every node: on a
10 MB org that is 650,000 calls, each concatenating two resolver lists, more than a
tenth of the whole load. The safe loader has no path resolvers and no wildcard implicit
resolvers, so a node's tag depends only on its kind, its text's first character and its
plain-ness: this loader answers from a table of the same resolvers, in the same order,
and so gives every node the tag ``SafeLoader`` gives it.
"""

from __future__ import annotations

import re

import yaml

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
USES_LIBYAML = _BaseLoader is not yaml.SafeLoader

_SCALAR, _SEQUENCE = yaml.ScalarNode, yaml.SequenceNode
_STR = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG


def _first_char_table(resolvers: dict) -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    # The fast path below is only the same as BaseResolver.resolve without these.
    if None in resolvers or _BaseLoader.yaml_path_resolvers:
        raise RuntimeError("the YAML loader has wildcard or path resolvers")
    return {first: tuple(pairs) for first, pairs in resolvers.items()}


_IMPLICIT = _first_char_table(_BaseLoader.yaml_implicit_resolvers)


class ModelLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """``CSafeLoader`` (``SafeLoader`` without libyaml), resolving tags from a table."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is _SEQUENCE else _MAP

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass  # no path resolvers: nothing to track

    def ascend_resolver(self) -> None:
        pass
