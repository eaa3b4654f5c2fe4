"""The indicator summary: counts per municipality, quarter and indicator, refreshed by a job.

The regional pages read these rows only, never the case files: a page view costs one small
GROUP BY over (number of municipalities x quarters x indicators) rows, however many cases the
voivodeship has. The rows hold counts, never a person; they are not tenant-scoped because the
regional observer, who has no municipality, is their only reader (through statistics.regional)."""
from datetime import datetime

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class IndicatorSummary(TenantScoped, db.Model):
    __tablename__ = "indicator_summary"
    __table_args__ = (UniqueConstraint("municipality_id", "year", "quarter", "indicator"),
                      Index("ix_indicator_summary_period", "year", "quarter"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    quarter: Mapped[int]  #: 1..4
    indicator: Mapped[str] = mapped_column(String(40))  #: a key of statistics.indicators.REGIONAL
    value: Mapped[int]
    #: one time for a whole refresh: the newest is the summary's state, and the views' cache key
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SuppressedRelease(db.Model):
    """The figures hidden in one regional release, worked out when the summary is refreshed (by the
    job or the command, so that numpy's 14 MB does not stay in the web workers). Keyed by a digest
    of the whole release (its figures, their atoms and its sums): a page whose release is the
    same, the same municipalities by model with the same counts, reads the pattern; any other
    release is suppressed where it is shown. Counts and figure names only, never a person."""

    __tablename__ = "suppressed_release"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    hidden: Mapped[list] = mapped_column(JSON)  #: [[breakdown, row, column], …]
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)
