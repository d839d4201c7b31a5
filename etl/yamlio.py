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


MAX_BYTES = 8 * 1024 * 1024  # the largest catalog file is ~60 KB; far larger is a mistake or an attack

# Control characters YAML refuses raw and that no catalog text needs (tab, LF and CR are fine);
# also refused when written as escapes ("\x01", "\e") inside quoted strings.
# Lone surrogates can only come from escapes ("\ud800"): they are not characters at all.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def describe_control(char: str) -> str:
    names = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL"}
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"lone surrogate U+{code:04X}"
    return f"control character U+{code:04X}" + (f" ({names[code]})" if code in names else "")


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


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    """A string; a control character written as an escape ("\\x01", "\\0") is refused like a raw one."""
    value = loader.construct_scalar(node)
    bad = CONTROL.search(value)
    if bad:
        raise yaml.constructor.ConstructorError(None, None, f"{describe_control(bad.group())} written as an escape "
                                                "in a quoted string: remove it", node.start_mark)
    return value


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def load_yaml(path: Path):
    """Parse one YAML file; bad bytes or syntax become a CatalogYamlError with their line."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CatalogYamlError(path, 1, f"file is {size / 1e6:.1f} MB; a catalog file is at most "
                                            f"{MAX_BYTES / 1e6:.0f} MB: split it")
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogYamlError(path, 0, "file not found") from None
    except OSError as exc:
        raise CatalogYamlError(path, 0, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogYamlError(path, line, f"not UTF-8 ({exc.reason} at byte {exc.start}): save the file as "
                                           "UTF-8") from None
    bad = CONTROL.search(text)
    if bad:
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise CatalogYamlError(path, _line_of(text, bad.start()),
                               f"{describe_control(bad.group())} at column {column}: remove it") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except RecursionError:
        raise CatalogYamlError(path, 1, "YAML nested too deeply to read") from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses that CONTROL did not list
        raise CatalogYamlError(path, _line_of(text, exc.position),
                               f"character U+{exc.character:04X} is not allowed in YAML: remove it") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = re.sub(r"\s+", " ", f"{exc.problem or ''} {exc.context or ''}").strip()
        raise CatalogYamlError(path, line, f"YAML syntax: {problem}") from None
