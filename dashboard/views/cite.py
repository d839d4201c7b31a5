""""Cite this" for an indicator and region, or for the whole data set: the citation read from the live
data, the indicator page's section showing it as text and BibTeX, and links to download both
(/download/indicator/<id>.bib and .cite.txt; /download/dataset.bib and .cite.txt)."""
from __future__ import annotations

from datetime import UTC, datetime

from dash import html

from db.records import Indicator, Region

from .. import reads
from ..citation import Citation, citation_bibtex, citation_text, cited_sources
from ..components.chart_tools import absolute_url
from ..i18n import name, normalize_lang, t
from ..urls import cite, page

CITE_FORMATS = {"bib": "cite.download_bib", "cite.txt": "cite.download_txt"}


def chart_title(indicator: Indicator, region: Region | None, lang: str) -> str:
    """"Container throughput, Port of Tianjin": what a chart, its image, embed and citation are called."""
    if region is None:
        return name(indicator, lang)
    return t(lang, "chart.title", indicator=name(indicator, lang), region=name(region, lang))


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def indicator_citation(indicator_id: str, region_id: str, lang: str, accessed: str | None = None) -> Citation:
    """The citation of one indicator and region as the database holds it now (the id must exist)."""
    lang = normalize_lang(lang)
    indicator, region = reads.indicators_by_id()[indicator_id], reads.regions_by_id().get(region_id)
    # the documents behind the series, as the build counted them: every statement need not be read
    document_ids = reads.series_document_ids(indicator_id=indicator_id, region_id=region_id)
    meta = reads.meta()
    return Citation(key=f"{indicator_id}_{region_id}", title=chart_title(indicator, region, lang),
                    sources=cited_sources(document_ids, reads.documents_by_id(), lang),
                    data_version=meta.get("data_version", ""), built=meta.get("built_at", "")[:10],
                    accessed=accessed or today(),
                    url=absolute_url(page("indicator", lang, indicator_id=indicator_id, region=region_id)), lang=lang)


def dataset_citation(lang: str, accessed: str | None = None) -> Citation:
    """The citation of the whole data set (every download of /data): every document it draws on."""
    lang = normalize_lang(lang)
    documents = reads.documents_by_id()
    meta = reads.meta()
    return Citation(key="dataset", title=t(lang, "cite.dataset_title"),
                    sources=cited_sources(documents, documents, lang),
                    data_version=meta.get("data_version", ""), built=meta.get("built_at", "")[:10],
                    accessed=accessed or today(), url=absolute_url(page("data", lang)), lang=lang)


def cite_links(prefix: str, lang: str, indicator_id: str | None = None, region_id: str | None = None):
    """Links to download the citation as BibTeX and as text, ids `<prefix>-cite-bib` and `<prefix>-cite-cite-txt`."""
    return html.Div([html.A(t(lang, key), href=cite(indicator_id, region_id, fmt, lang),
                            id=f"{prefix}-cite-{fmt.replace('.', '-')}", className="btn btn-sm btn-outline-primary",
                            download="") for fmt, key in CITE_FORMATS.items()], className="cite-links d-flex gap-2")


def cite_section(citation: Citation, indicator_id: str, region_id: str, lang: str) -> html.Section:
    """The indicator page's "Cite this" section; the texts are shown as text, never as HTML."""
    return html.Section([
        html.H2(t(lang, "cite.heading"), className="h4", id="ind-cite-heading"),
        html.P(t(lang, "cite.help"), className="text-muted"),
        html.H3(t(lang, "cite.text_label"), className="h6"),
        html.P(citation_text(citation), id="ind-cite-text", className="cite-text"),
        html.H3(t(lang, "cite.bibtex_label"), className="h6"),
        html.Pre(html.Code(citation_bibtex(citation)), id="ind-cite-bibtex", className="cite-bibtex"),
        cite_links("ind", lang, indicator_id, region_id),
    ], id="ind-cite", className="cite-section mt-3", **{"aria-labelledby": "ind-cite-heading"})
