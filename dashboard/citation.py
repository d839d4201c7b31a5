""""Cite this": an indicator for one region (or the whole data set), its source documents with their dates,
the data version and the access date, as plain text (zh or en) and as BibTeX. Pure functions."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from db.records import Document

from .i18n import t

PUBLISHER = {"zh": "京津冀协同发展指标", "en": "Jing-Jin-Ji indicators"}
_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class CitedSource:
    title: str
    author: str
    date: str  # as the document is dated (YYYY-MM-DD, YYYY-MM or YYYY)


@dataclass(frozen=True)
class Citation:
    key: str                 # what is cited, for the BibTeX key: "container-throughput_tianjin-port", "dataset"
    title: str               # "Container throughput, Port of Tianjin" in the reader's language
    sources: tuple[CitedSource, ...]
    data_version: str
    built: str               # YYYY-MM-DD the data was built
    accessed: str            # YYYY-MM-DD
    url: str
    lang: str


def cited_sources(document_ids: Iterable[str], documents: Mapping[str, Document],
                  lang: str) -> tuple[CitedSource, ...]:
    """These documents (the ids the statements cite), oldest first, each once, in the reader's language."""
    ids = dict.fromkeys(d for d in document_ids if d in documents)
    out = []
    for doc_id in ids:
        doc = documents[doc_id]
        en = lang == "en"
        out.append(CitedSource(title=(doc.title_en if en else None) or doc.title or doc_id,
                               author=(doc.author_en if en else None) or doc.author or "",
                               date=doc.date or ""))
    return tuple(sorted(out, key=lambda s: (s.date, s.title)))


def _source_text(source: CitedSource, lang: str) -> str:
    return t(lang, "cite.source", title=source.title, author=source.author or "—", date=source.date or "—")


def citation_text(c: Citation) -> str:
    """One paragraph in the reader's language, APA-like: publisher (year). Title [data set]. Sources. Version. URL."""
    sources = t(c.lang, "cite.source_separator").join(_source_text(s, c.lang) for s in c.sources) or "—"
    return t(c.lang, "cite.text", publisher=PUBLISHER[c.lang], year=c.built[:4], title=c.title, sources=sources,
             version=c.data_version[:12], built=c.built, url=c.url, accessed=c.accessed)


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: \\ { } & % $ # _ ~ ^ escaped, whitespace collapsed."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_SPECIALS[m.group(0)], " ".join((text or "").split()))


def bibtex_key(c: Citation) -> str:
    return _KEY_UNSAFE.sub("-", f"jjj_{c.key}_{c.built[:4]}")


def citation_bibtex(c: Citation) -> str:
    """A @misc entry (biblatex reads url, urldate and version; classic BibTeX the note and howpublished)."""
    sources = "; ".join(_source_text(s, c.lang) for s in c.sources)
    # url is a verbatim field: not escaped, but percent-encoded so no brace or backslash can end it early
    url = quote(c.url, safe=":/?=&-._~%")
    fields = [
        ("author", "{" + bibtex_escape(PUBLISHER[c.lang]) + "}"),
        ("title", bibtex_escape(c.title)),
        ("year", bibtex_escape(c.built[:4])),
        ("version", bibtex_escape(c.data_version)),
        ("url", url),
        ("urldate", bibtex_escape(c.accessed)),
        ("howpublished", r"\url{" + url + "}"),
        ("note", bibtex_escape(t(c.lang, "cite.bib_note", sources=sources or "—", built=c.built))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(c)},\n{body}\n}}\n"
