"""Small-count suppression across a whole release, property-tested on random voivodeships: a
random set of (model, powiat) groups of municipalities and random counts per group and quarter,
released by model, by powiat, per quarter and over all quarters with every total.

Checked independently of how the suppression decides (exact rational arithmetic, not the
module's numpy): no shown figure is from 1 to 4; every additive constraint (a total and its
parts: a quarter's models, a quarter's powiats, a row over the quarters, the overall total)
holds no hidden figure or at least two; and no hidden figure is a linear combination of the
shown ones, which covers differencing quarters, the model and powiat breakdowns, and totals."""
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kooperacje.statistics.service import Region, build_release
from kooperacje.statistics.suppression import THRESHOLD, suppress_release

MODELS = ("rural", "urban_rural", "urban")
counts = st.one_of(st.just(0), st.integers(1, THRESHOLD - 1), st.integers(0, 30))


@st.composite
def releases(draw):
    models = MODELS[:draw(st.integers(1, 3))]
    powiats = tuple(f"p{i}" for i in range(draw(st.integers(1, 4))))
    pairs = [(m, p) for m in models for p in powiats]
    groups = draw(st.sets(st.sampled_from(pairs), min_size=1))
    # every model and powiat of the region has a municipality
    models = tuple(m for m in models if any(g[0] == m for g in groups))
    powiats = tuple(p for p in powiats if any(g[1] == p for g in groups))
    quarters = list(range(draw(st.integers(1, 4))))
    values = {(*group, q): draw(counts) for group in sorted(groups) for q in quarters}
    region = Region(tuple((m, m) for m in models), powiats, frozenset(groups), ())
    return build_release(region, quarters, values)


def rank(rows):
    """Rank of a matrix of Fractions (Gaussian elimination)."""
    rows = [list(r) for r in rows]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column] != 0:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found])]
        found += 1
    return found


def recoverable(release, hidden):
    """Hidden figures whose atoms are in the span of the shown figures' atoms."""
    atoms = dict(release.atoms)
    order = sorted({a for members in atoms.values() for a in members})

    def vector(figure):
        return [Fraction(int(a in atoms[figure])) for a in order]
    shown = [vector(f) for f, _v in release.values if f not in hidden]
    base = rank(shown)
    return [f for f, _v in release.values
            if f in hidden and atoms[f] and rank(shown + [vector(f)]) == base]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(releases())
def test_no_small_count_is_shown_and_no_hidden_figure_can_be_worked_out(release):
    hidden = suppress_release(release)
    values = dict(release.values)
    assert not [f for f, v in values.items() if 0 < v < THRESHOLD and f not in hidden]
    for total, parts in release.constraints:
        assert sum(f in hidden for f in (total, *parts)) != 1, (total, parts)
    assert recoverable(release, hidden) == []


def test_two_breakdowns_of_the_same_municipalities_hide_together():
    """A powiat whose municipalities are all rural, and the only rural ones: its row is the rural
    model's row, so hiding one alone would show it in the other."""
    region = Region((("rural", "rural"), ("urban", "urban")), ("a", "b"),
                    frozenset({("rural", "a"), ("urban", "b")}), ())
    release = build_release(region, [0, 1], {("rural", "a", 0): 3, ("rural", "a", 1): 9,
                                              ("urban", "b", 0): 20, ("urban", "b", 1): 30})
    hidden = suppress_release(release)
    assert ("model", "rural", 0) in hidden and ("powiat", "a", 0) in hidden
    assert recoverable(release, hidden) == []


def test_a_release_without_small_counts_hides_nothing():
    region = Region((("urban", "urban"),), ("a", "b"), frozenset({("urban", "a"), ("urban", "b")}), ())
    release = build_release(region, [0, 1], {("urban", "a", 0): 5, ("urban", "a", 1): 0,
                                              ("urban", "b", 0): 12, ("urban", "b", 1): 7})
    assert suppress_release(release) == frozenset()
