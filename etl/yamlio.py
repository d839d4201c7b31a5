"""YAML loading that remembers where each mapping and key came from.

Catalog errors must name file, line and field, so every mapping is loaded as a `LineDict`
that knows its own line and the line of each key. Numbers are kept as the text the coder
wrote ("57.20" stays "57.20"): the catalog records values as written.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml


class LineDict(dict):
    """A dict that knows the 1-based line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class CatalogYamlError(Exception):
    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


MAX_DEPTH = 50  # the catalog nests a few levels; far deeper is a mistake or an attack (RecursionError)


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases (a billion-laughs bomb needs them; the catalog writes values out)
    and with a nesting limit."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.events.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in the catalog: "
                                              "write the value out", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels",
                                              event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Drop the implicit int/float resolvers: scalars that look like numbers stay strings.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path):
    """Parse one YAML file; a syntax error becomes a CatalogYamlError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogYamlError(path, 0, "file not found") from None
    except UnicodeDecodeError as exc:
        raise CatalogYamlError(path, 0, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise CatalogYamlError(path, 0, f"cannot be read ({exc.strerror or exc})") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except RecursionError:
        raise CatalogYamlError(path, 1, "YAML nested too deeply to read") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = re.sub(r"\s+", " ", f"{exc.problem or ''} {exc.context or ''}").strip()
        raise CatalogYamlError(path, line, f"YAML syntax: {problem}") from None
