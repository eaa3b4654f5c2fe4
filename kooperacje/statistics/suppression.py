"""Small counts are hidden, and so is whatever would let anyone work them out, across everything
released together.

A *release* is every figure shown or exported together: for the regional dashboard, each
indicator's counts by model and quarter, by powiat and quarter, the voivodeship's total per
quarter, and the totals over all quarters (per model, per powiat, overall). Each figure is the
sum of *atoms*, the finest pieces the observer could know exist: here one (model, powiat,
quarter) group of municipalities, since the list of municipalities by model is public. Two
figures made of the same atoms are the same number (a powiat whose municipalities all follow
one model, the only one that does); a total minus its other parts is the missing part.

The rule, applied by :func:`suppress_release` and checked by the property test:

1. Primary: every figure from 1 to ``threshold - 1`` is hidden (0 is shown: nobody is counted).
2. Every additive constraint of the release (a total and the figures it adds up: a quarter's
   models, a quarter's powiats, a row over its quarters, the overall total either way) holds
   either no hidden figure or at least two: one hidden figure alone in a sum is that sum minus
   the shown ones.
3. Beyond single sums, no hidden figure may follow from any linear combination of shown figures
   (a hidden figure's atoms are not in the span of the shown figures' atoms), which also covers
   differencing two breakdowns of the same municipalities and chains of sums.

Complements (figures hidden to satisfy 2 and 3) are the cheapest shown ones: small non-zero
counts before large ones, counts before totals, the overall total last; a zero only when
nothing else will do, since a hidden zero hides no one. The pattern depends on the whole
release and only on it, so every view and download cut from the same release agrees.
"""
from dataclasses import dataclass
from functools import lru_cache

# numpy (14 MB) is imported where it is used: only the regional release needs it, and every
# worker would otherwise carry it from the start


THRESHOLD = 5
#: a residual below this is zero: the atom vectors are 0/1, so real residuals are far larger
TOLERANCE = 1e-7


@dataclass(frozen=True)
class Release:
    """``values``: {figure: count}; ``atoms``: {figure: frozenset of atoms it adds up};
    ``constraints``: ((total, (parts…)), …) for every sum a reader can check."""

    values: tuple  #: ((figure, count), …) sorted, so that a release is hashable
    atoms: tuple  #: ((figure, frozenset), …) in the same order
    constraints: tuple

    @classmethod
    def of(cls, values, atoms, constraints):
        figures = sorted(values, key=repr)  # any figure keys, in a fixed order
        return cls(tuple((f, values[f]) for f in figures), tuple((f, frozenset(atoms[f])) for f in figures),
                   tuple((total, tuple(parts)) for total, parts in constraints))


def suppress_release(release, threshold=THRESHOLD):
    """The figures to hide (a frozenset) so that the release keeps rules 1–3."""
    return _suppress(release, threshold)


@lru_cache(maxsize=64)  # the same release gives the same pattern: a page shown again costs nothing
def _suppress(release, threshold):
    values = dict(release.values)
    hidden = {figure for figure, value in values.items() if 0 < value < threshold}
    cost = _costs(release)
    while True:
        lonely = _lonely_constraint(release, hidden)
        if lonely is not None:
            hidden.add(min((f for f in lonely if f not in hidden), key=cost))
            continue
        derivable = derivable_figures(release, hidden)
        if not derivable:
            return frozenset(hidden)
        hidden.add(_complement(release, hidden, derivable[0], cost))


def _costs(release):
    values = dict(release.values)
    totals = {total for total, _parts in release.constraints}
    parts = {part for _total, members in release.constraints for part in members}
    grand = totals - parts  # a total no other total adds up

    def cost(figure):
        value = values[figure]
        return (value == 0, figure in grand, figure in totals, value, figure)
    return cost


def _lonely_constraint(release, hidden):
    """The figures of the first constraint with exactly one hidden figure, or None."""
    for total, parts in release.constraints:
        members = (total, *parts)
        if sum(figure in hidden for figure in members) == 1:
            return members
    return None


def derivable_figures(release, hidden):
    """Hidden figures that are a linear combination of the shown ones, in release order."""
    if not hidden:
        return []  # nothing hidden, nothing to uncover: no decomposition needed
    import numpy as np
    index, vectors = _vectors(release)
    shown = [f for f, _value in release.values if f not in hidden]
    basis = _row_basis(np.array([vectors[f] for f in shown])) if shown else np.zeros((0, len(index)))
    found = []
    for figure, _value in release.values:
        if figure in hidden and vectors[figure].any():
            vector = vectors[figure]
            if np.linalg.norm(vector - basis.T @ (basis @ vector)) < TOLERANCE:
                found.append(figure)
    return found


def _vectors(release):
    import numpy as np
    index = {atom: i for i, atom in enumerate(sorted({a for _f, atoms in release.atoms for a in atoms}))}
    vectors = {}
    for figure, atoms in release.atoms:
        vector = np.zeros(len(index))
        vector[[index[a] for a in atoms]] = 1
        vectors[figure] = vector
    return index, vectors


def _row_basis(matrix):
    """An orthonormal basis of the matrix's row space."""
    import numpy as np
    _u, singular, rows = np.linalg.svd(matrix, full_matrices=False)
    return rows[singular > TOLERANCE * max(1, singular[0] if len(singular) else 1)]


def _complement(release, hidden, figure, cost):
    """The cheapest shown figure sharing atoms with ``figure`` whose hiding stops it being
    derivable; else the cheapest sharing atoms (the next round looks again)."""
    atoms = dict(release.atoms)
    near = sorted((f for f, _v in release.values if f not in hidden and atoms[f] & atoms[figure]), key=cost)
    for candidate in near[:12]:  # a handful of tries: each is one decomposition
        if figure not in derivable_figures(release, hidden | {candidate}):
            return candidate
    if near:
        return near[0]
    return min((f for f, _v in release.values if f not in hidden), key=cost)
