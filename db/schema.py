"""The database schema (SQLAlchemy 2). The same models serve SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from vocab import DATA_TABLES, PAGE_TABLES  # noqa: F401 (DATA_TABLES re-exported: the tables a build writes)

SCHEMA_VERSION = "7"  # 2: definition_zh, reason_codes, changes; 3: progress qualifiers, kinds, rate years; 4: rests_on;
# 5: quotes and qualifiers in the change log; 6: the pages' summary tables (series_years, series_documents);
# 7: the change log's order as an index (ix_changes_order)


class Base(DeclarativeBase):
    pass


class Theme(Base):
    __tablename__ = "themes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    zh: Mapped[str] = mapped_column(Text)
    en: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class Region(Base):
    __tablename__ = "regions"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    zh: Mapped[str] = mapped_column(Text)
    en: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("regions.id"))


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    file: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    author_en: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String(10))
    date_precision: Mapped[str] = mapped_column(String(5))
    date_evidence: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class Indicator(Base):
    __tablename__ = "indicators"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    zh: Mapped[str] = mapped_column(Text)
    en: Mapped[str] = mapped_column(Text)
    theme: Mapped[str] = mapped_column(ForeignKey("themes.id"), index=True)
    unit: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(20))
    definition: Mapped[str] = mapped_column(Text)
    definition_zh: Mapped[str | None] = mapped_column(Text)


class Observation(Base):
    """Observed levels, change statements and derived levels (kind tells which)."""

    __tablename__ = "observations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text, unique=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"))
    kind: Mapped[str] = mapped_column(String(10))  # observed | change | derived
    period: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[str] = mapped_column(String(10))
    period_end: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    period_span: Mapped[str] = mapped_column(String(10))
    period_from_document: Mapped[bool] = mapped_column(Boolean)
    base_period: Mapped[str | None] = mapped_column(String(20))
    base_year: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    value_low: Mapped[float] = mapped_column(Float)
    value_high: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    value_as_written: Mapped[str | None] = mapped_column(Text)
    unit_as_written: Mapped[str | None] = mapped_column(Text)
    qualifier: Mapped[str] = mapped_column(String(10))
    qualifier_as_written: Mapped[str | None] = mapped_column(Text)
    change_direction: Mapped[str | None] = mapped_column(String(10))
    change_basis: Mapped[str | None] = mapped_column(String(20))
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    formula: Mapped[str | None] = mapped_column(Text)
    inputs: Mapped[str | None] = mapped_column(Text)  # JSON list of input keys
    catalog_ref: Mapped[str] = mapped_column(Text)

    # one series in the order the export and the charts read it (a million rows are read in index order, not sorted)
    __table_args__ = (Index("ix_observations_series", "indicator_id", "region_id", "year", "kind", "key"),)


class Target(Base):
    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text, unique=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"))
    target_year: Mapped[int | None] = mapped_column(Integer)  # None: the text states no year
    value: Mapped[float] = mapped_column(Float)
    value_low: Mapped[float] = mapped_column(Float)
    value_high: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    value_as_written: Mapped[str] = mapped_column(Text)
    unit_as_written: Mapped[str] = mapped_column(Text)
    qualifier: Mapped[str] = mapped_column(String(10))
    qualifier_as_written: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    catalog_ref: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_targets_indicator_region_year", "indicator_id", "region_id", "target_year", "key"),)


class Conflict(Base):
    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text, unique=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"))
    period: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # observed | target
    status: Mapped[str] = mapped_column(String(15))  # contradiction | compatible
    documents: Mapped[str] = mapped_column(Text)
    statement_keys: Mapped[str] = mapped_column(Text)
    values: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_conflicts_indicator_region_period", "indicator_id", "region_id", "period"),)


class Exclusion(Base):
    """Numbers in the documents left out of the catalog on purpose, with the reason."""

    __tablename__ = "exclusions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text, unique=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    catalog_ref: Mapped[str] = mapped_column(Text)


class Progress(Base):
    """Baseline → current → target for one indicator and region, with the verdict."""

    __tablename__ = "progress"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(Text, unique=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"))
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"))
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    current_year: Mapped[int | None] = mapped_column(Integer)
    current_value: Mapped[float | None] = mapped_column(Float)
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[float | None] = mapped_column(Float)
    # as the chosen statements wrote them: 超/近 (qualifier) and observed or derived (kind)
    baseline_qualifier: Mapped[str | None] = mapped_column(String(20))
    baseline_kind: Mapped[str | None] = mapped_column(String(20))
    current_qualifier: Mapped[str | None] = mapped_column(String(20))
    current_kind: Mapped[str | None] = mapped_column(String(20))
    target_qualifier: Mapped[str | None] = mapped_column(String(20))
    rate_from_year: Mapped[int | None] = mapped_column(Integer)  # the years the observed rate spans
    rate_to_year: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20))
    observed_rate: Mapped[float | None] = mapped_column(Float)
    required_rate: Mapped[float | None] = mapped_column(Float)
    rate_now_required: Mapped[float | None] = mapped_column(Float)
    ratio: Mapped[float | None] = mapped_column(Float)
    projected_value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)  # in English
    reason_codes: Mapped[str] = mapped_column(Text)  # JSON: [{"code": …, params…}], for other languages
    rests_on_bound: Mapped[bool] = mapped_column(Boolean)
    from_change_statement: Mapped[bool] = mapped_column(Boolean)
    rests_on: Mapped[str] = mapped_column(String(80), default="")  # comma-separated etl.progress.RESTS_ON
    inputs: Mapped[str] = mapped_column(Text)  # JSON list of statement keys used

    __table_args__ = (UniqueConstraint("indicator_id", "region_id", name="uq_progress_indicator_region"),)


class SeriesYear(Base):
    """One value a year per indicator and region: the mean of that year's observed and derived levels whose
    period stands for a year (vocab.YEARLY_SPANS). Written in SQL from `observations` at build time
    (db/page_summaries.py) for the overview's sparklines and the compare page's series list."""

    __tablename__ = PAGE_TABLES[0]
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"), primary_key=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[float] = mapped_column(Float)


class SeriesDocument(Base):
    """How many statements (observations of every kind, and targets) each document gives about one indicator
    and region. Written in SQL at build time (db/page_summaries.py): the indicator page's regions, its default
    region, the count behind "N more statements", the documents a citation names and each document's count of
    figures, without reading every statement."""

    __tablename__ = PAGE_TABLES[1]
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"), primary_key=True)
    region_id: Mapped[str] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    observations: Mapped[int] = mapped_column(Integer)
    targets: Mapped[int] = mapped_column(Integer)


class Meta(Base):
    """Facts about the build: data_version, built_at, schema_version, counts."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EtlRun(Base):
    __tablename__ = "etl_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[str] = mapped_column(String(32))
    finished_at: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    data_version: Mapped[str] = mapped_column(String(32))
    input_hashes: Mapped[str] = mapped_column(Text)
    counts: Mapped[str] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)


class Change(Base):
    """The change log: what each build changed in observations and targets, by natural key.

    Carried from database to database like `etl_runs` (run_id is the etl_runs id of the build
    that made the change), so the live database holds the whole history.
    """

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    run_id: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(20))  # observations | targets
    key: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(String(10))  # added | changed | removed
    indicator_id: Mapped[str] = mapped_column(String(80))  # no foreign key: a removed row's indicator may be gone
    region_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float | None] = mapped_column(Float)
    old_as_written: Mapped[str | None] = mapped_column(Text)
    new_as_written: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[str | None] = mapped_column(Text)  # for "changed": the columns that differ
    # the sentences quoted and the qualifiers (超 more_than, 近 nearly, …) before and after (None before schema 5)
    old_quote: Mapped[str | None] = mapped_column(Text)
    new_quote: Mapped[str | None] = mapped_column(Text)
    old_qualifier: Mapped[str | None] = mapped_column(String(20))
    new_qualifier: Mapped[str | None] = mapped_column(String(20))
    document_id: Mapped[str] = mapped_column(String(80))
    # the changes page's order within a run and kind of change (db.queries.change_list): a page is cut, not sorted
    __table_args__ = (Index("ix_changes_order", "run_id", "change", "table_name", "indicator_id", "region_id",
                            "period", "key", "id"),)
