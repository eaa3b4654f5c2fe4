"""The regional dashboard's numbers: read from the summary table, one release per indicator.

Each indicator's release is the whole area (a voivodeship, or the country) over every quarter
the summary keeps, and it is suppressed once, as a whole (statistics.suppression), when the
summary is refreshed: the pages read the pattern kept then. The filters (powiat, model, quarter
range) only choose which of its rows and columns a page or a download shows; they never add a
sum of their own (the total over quarters appears only with the full range), so no two views
differ by a figure that could uncover a hidden one."""
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import delete, func, insert, select

from kooperacje.clock import local_today, utcnow
from kooperacje.database import ALL_TENANTS
from kooperacje.extensions import db, kept
from kooperacje.i18n import current_language
from kooperacje.municipalities.models import Municipality
from kooperacje.plugins import get_plugins
from kooperacje.statistics.indicators import REGIONAL, recount, refreshed_at, window
from kooperacje.statistics.models import IndicatorSummary, SuppressedRelease
from kooperacje.statistics.suppression import Release, suppress_release

#: the column of the totals over every quarter, and the row of the voivodeship's totals
ALL, REGION = "all", "region"
MODEL, POWIAT = "model", "powiat"


@dataclass(frozen=True)
class Region:
    """The area's municipalities that chose a model: the public structure of a release. A
    voivodeship breaks down by powiat; the whole country by voivodeship (its some 380 powiats
    would be a release too large to suppress, and a table too long to read)."""

    models: tuple  #: (key, name) of the cooperation models, in the plugins' order
    powiats: tuple  #: the names of the area's units (powiats, or the country's voivodeships), sorted
    groups: frozenset  #: the (model key, unit) pairs some municipality is in
    municipalities: tuple  #: (model key, name, unit) for the list by model
    without_model: int = 0  #: the area's municipalities in the app that have not chosen one yet
    by_voivodeship: bool = False  #: the whole country's: its units are voivodeships


def _in_region(code, chosen=True):
    """The municipalities a release covers: the voivodeship's, or every one (code None)."""
    model = Municipality.model_key.is_not(None) if chosen else Municipality.model_key.is_(None)
    return [model] + ([Municipality.voivodeship_code == code] if code else [])


def _unit(code, powiat, voivodeship):
    return (powiat or "") if code else (voivodeship or "")


def region_of(code):
    """The area's structure, kept as the dashboards keep their counts (a model chosen shows within
    DASHBOARD_CACHE_SECONDS): it is read on every view and download."""
    return kept(f"statistics-region:{code}:{current_language()}", lambda: _region_of(code))


def _region_of(code):
    rows = db.session.execute(
        select(Municipality.model_key, Municipality.name, Municipality.powiat, Municipality.voivodeship)
        .where(*_in_region(code)).order_by(Municipality.name)).all()
    rows = [(key, name, _unit(code, powiat, voivodeship)) for key, name, powiat, voivodeship in rows]
    keys = {key for key, _name, _unit_name in rows}
    models = tuple((m.key, str(m.name)) for m in get_plugins().models if m.key in keys)
    without_model = db.session.scalar(select(func.count(Municipality.id)).where(*_in_region(code, chosen=False)))
    return Region(models, tuple(sorted({unit for _k, _n, unit in rows})),
                  frozenset((key, unit) for key, _name, unit in rows), tuple(rows), without_model,
                  by_voivodeship=code is None)


def summary_counts(code, quarters):
    """{indicator key: {(model key, unit, quarter index): count}} from the summary alone."""
    index = {(q.year, q.number): i for i, q in enumerate(quarters)}
    statement = (
        select(IndicatorSummary.indicator, Municipality.model_key, Municipality.powiat, Municipality.voivodeship,
               IndicatorSummary.year, IndicatorSummary.quarter, func.sum(IndicatorSummary.value))
        .join(Municipality, Municipality.id == IndicatorSummary.municipality_id)
        .where(*_in_region(code))
        .group_by(IndicatorSummary.indicator, Municipality.model_key, Municipality.powiat, Municipality.voivodeship,
                  IndicatorSummary.year, IndicatorSummary.quarter))
    # the observer's sums over the area's municipalities: suppressed before anyone sees them
    rows = db.session.execute(statement.execution_options(**{ALL_TENANTS: True})).all()  # nosemgrep: no-unscoped-tenant-query
    counts = {indicator.key: {} for indicator in REGIONAL}
    for key, model_key, powiat, voivodeship, year, quarter, value in rows:
        if key in counts and (year, quarter) in index:
            atom = (model_key, _unit(code, powiat, voivodeship), index[(year, quarter)])
            counts[key][atom] = counts[key].get(atom, 0) + int(value)
    return counts


def build_release(region, quarters, counts):
    """The release of one indicator: figures (breakdown, row, column) with their atoms and sums.
    Rows: a model key, a powiat, or REGION; columns: a quarter's index, or ALL."""
    columns = range(len(quarters))
    atoms, rows = {}, [(MODEL, key, lambda group, key=key: group[0] == key) for key, _name in region.models]
    rows += [(POWIAT, powiat, lambda group, powiat=powiat: group[1] == powiat) for powiat in region.powiats]
    rows.append((REGION, REGION, lambda group: True))
    for breakdown, row, belongs in rows:
        members = [group for group in region.groups if belongs(group)]
        for column in columns:
            atoms[(breakdown, row, column)] = {(*group, column) for group in members}
        atoms[(breakdown, row, ALL)] = {(*group, column) for group in members for column in columns}
    values = {figure: sum(counts.get(atom, 0) for atom in members) for figure, members in atoms.items()}
    total = (REGION, REGION)
    constraints = []
    for column in (*columns, ALL):
        for breakdown, keys in ((MODEL, [k for k, _n in region.models]), (POWIAT, region.powiats)):
            constraints.append(((*total, column), [(breakdown, key, column) for key in keys]))
    for breakdown, row, _belongs in rows:
        constraints.append(((breakdown, row, ALL), [(breakdown, row, column) for column in columns]))
    return Release.of(values, atoms, constraints)


@dataclass(frozen=True)
class Line:
    label: str
    cells: tuple  #: numbers, None where hidden


@dataclass(frozen=True)
class IndicatorView:
    indicator: object
    by_model: tuple  #: Lines
    by_powiat: tuple
    total: Line  #: the voivodeship's


@dataclass(frozen=True)
class Selection:
    """What the filters chose: quarter indexes, a model key or None, a powiat or None."""

    columns: tuple
    model: str | None = None
    powiat: str | None = None

    def with_total(self, quarters):
        return len(self.columns) == len(quarters)


def views(code, region, selection, today=None):
    """(quarters, [IndicatorView], when the summary was refreshed) for the area and the filters."""
    quarters, refreshed = tuple(window(today)), refreshed_at()
    return quarters, _views(code, region, selection, quarters, refreshed), refreshed


@lru_cache(maxsize=32)  # until the next refresh (its time is in the key): suppressed once for every filter
def _releases(code, region, quarters, _refreshed):
    """[(indicator, the release's figures, the hidden ones)] of the area: what every view cuts from."""
    counts = summary_counts(code, quarters)
    releases = [(indicator, build_release(region, quarters, counts[indicator.key])) for indicator in REGIONAL]
    digests = [release_digest(release) for _indicator, release in releases]
    patterns = _kept_patterns(digests)
    # a release the refresh did not see (a model chosen since) is suppressed here, the same way
    return tuple((indicator, dict(release.values), patterns[digest] if digest in patterns else
                  suppress_release(release)) for (indicator, release), digest in zip(releases, digests))


def release_digest(release):
    """A name for the whole release (its figures, their atoms, its sums) the same in every
    process: equal releases have equal digests, and so the same hidden figures."""
    canonical = json.dumps([release.values, [[figure, sorted(atoms)] for figure, atoms in release.atoms],
                            release.constraints], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _kept_patterns(digests):
    """{digest: hidden figures} of those releases the last refresh suppressed."""
    rows = db.session.execute(select(SuppressedRelease.digest, SuppressedRelease.hidden)
                              .where(SuppressedRelease.digest.in_(set(digests)))).all()
    return {digest: frozenset(tuple(figure) for figure in hidden) for digest, hidden in rows}


def refresh(today=None):
    """The nightly work: recount the summary, then suppress every area's releases (each
    voivodeship's and the country's) and keep their patterns for the pages. Returns the summary
    rows written."""
    today = today or local_today()
    written = recount(today)
    quarters = tuple(window(today))
    codes = db.session.scalars(select(Municipality.voivodeship_code).where(*_in_region(None)).distinct()).all()
    patterns = {}
    for code in (None, *sorted(code for code in codes if code)):
        region, counts = _region_of(code), summary_counts(code, quarters)
        for indicator in REGIONAL:
            release = build_release(region, quarters, counts[indicator.key])
            patterns[release_digest(release)] = sorted((list(f) for f in suppress_release(release)), key=repr)
    now = utcnow()
    db.session.execute(delete(SuppressedRelease))
    if patterns:
        db.session.execute(insert(SuppressedRelease), [{"digest": digest, "hidden": hidden, "refreshed_at": now}
                                                       for digest, hidden in patterns.items()])
    db.session.commit()
    return written


@lru_cache(maxsize=128)  # a filter's rows of those releases, kept as long
def _views(code, region, selection, quarters, refreshed):
    columns = list(selection.columns) + ([ALL] if selection.with_total(quarters) else [])
    result = []
    for indicator, values, hidden in _releases(code, region, quarters, refreshed):
        def line(breakdown, row, label):
            return Line(label, tuple(None if (breakdown, row, c) in hidden else values[(breakdown, row, c)]
                                     for c in columns))
        by_model = tuple(line(MODEL, key, name) for key, name in region.models
                         if selection.model in (None, key))
        by_powiat = tuple(line(POWIAT, powiat, powiat) for powiat in region.powiats
                          if selection.powiat in (None, powiat))
        result.append(IndicatorView(indicator, by_model, by_powiat, line(REGION, REGION, None)))
    return tuple(result)


def chart_line(view, selection):
    """The line the chart draws: the chosen powiat's, else the chosen model's, else the region's."""
    if selection.powiat and view.by_powiat:
        return view.by_powiat[0]
    if selection.model and view.by_model:
        return view.by_model[0]
    return view.total
