"""Small counts are hidden, and so is whatever would let anyone work them out or narrow them down.

A table is counts plus its row totals, column totals and grand total ("figures"). Primary
suppression hides every figure from 1 to ``threshold - 1``. A hidden figure is protected when
the smallest and the largest value that agree with everything published (the shown figures,
the sums, and that counts are whole numbers of at least 0) are ``interval`` or more apart and,
for a figure above 0, lie on both sides of it: the observer can never tell a hidden 1 from a 0,
nor rule out a larger value. Every hidden figure must be protected, not only the small ones, so
``*`` always means "cannot be worked out"; which ``*`` are small is never shown, since that
alone would tell they are at least 1.

The bounds are linear programs (HiGHS through scipy). Row and column sums form a totally
unimodular system (two laminar families of cells), so these bounds are whole numbers and equal
to the bounds over whole numbers.

Secondary suppression: while a hidden figure is unprotected, hide the smallest shown non-zero
figure in its row or column (counts before totals), else anywhere in the table. A zero is
never hidden as a complement: it cannot be smaller, so it gives no protection. At worst every
non-zero figure ends up hidden, which is always protected (nothing bounds a hidden cell from
above then); such a table is withheld whole.

The contract and goal tables count different things (contracts, goals) and no published figure
links them, so each is audited on its own.
"""
from dataclasses import dataclass
from functools import lru_cache
from math import inf

from scipy.optimize import linprog

THRESHOLD = 5
#: smallest allowed distance between the lowest and highest value a hidden figure could have
PROTECTION_INTERVAL = 3


@dataclass(frozen=True)
class Table:
    """Counts with their totals; ``hidden`` holds (row, column) positions, totals included
    (row ``len(rows)`` is the total row, column ``len(columns)`` the total column)."""

    values: tuple[tuple[int, ...], ...]
    hidden: frozenset

    def shown(self, row, column):
        return None if (row, column) in self.hidden else self.values[row][column]

    @property
    def withheld(self):
        """Is every non-zero figure hidden, so that the table is better not shown at all?"""
        return bool(self.hidden) and all(
            value == 0 or (r, c) in self.hidden for r, row in enumerate(self.values) for c, value in enumerate(row))


def with_totals(counts):
    """The counts grid extended with a total column and a total row."""
    rows = [list(row) + [sum(row)] for row in counts]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[c] for row in rows) for c in range(width)])
    return rows


def suppress(counts, threshold=THRESHOLD, interval=PROTECTION_INTERVAL):
    """``counts`` is a list of equally long rows of non-negative integers."""
    return _suppress(tuple(map(tuple, counts)), threshold, interval)


@lru_cache(maxsize=256)  # the same counts give the same table: a page shown again costs no new programs
def _suppress(counts, threshold, interval):
    grid = with_totals(counts)
    hidden = {(r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if 0 < value < threshold}
    protected = set()  # hiding more only widens every range, so a protected figure stays protected
    while (weak := _unprotected(grid, hidden, protected, interval)) is not None:
        hidden |= _complements(grid, hidden, weak, interval)
    return Table(tuple(map(tuple, grid)), frozenset(hidden))


def feasible_range(grid, hidden, figure):
    """(smallest, largest) value of a hidden figure given the rest; the largest may be ``inf``."""
    return _bound(grid, hidden, figure, 1), _bound(grid, hidden, figure, -1)


def is_protected(value, smallest, largest, interval):
    return largest - smallest >= interval and largest > value and (value == 0 or smallest < value)


def _bound(grid, hidden, figure, sign):
    """The smallest (sign 1) or largest (sign -1) value of a hidden figure, by a linear program."""
    height, width = len(grid) - 1, len(grid[0]) - 1
    variables = sorted(cell for cell in hidden if cell[0] < height and cell[1] < width)
    equations, right_sides = [], []
    for members, total in _sums(height, width):
        if total not in hidden:
            equations.append([int(cell in members) for cell in variables])
            right_sides.append(grid[total[0]][total[1]] - sum(grid[r][c] for r, c in members if (r, c) not in hidden))
    members = _members(figure, height, width)
    objective = [sign * int(cell in members) for cell in variables]
    result = linprog(objective, A_eq=equations or None, b_eq=right_sides or None, bounds=(0, None), method="highs")
    if result.status == 3:  # unbounded: only possible upwards
        return inf
    return sum(grid[r][c] for r, c in members if (r, c) not in hidden) + round(sign * result.fun)


def _unprotected(grid, hidden, protected, interval):
    for r, c in sorted(hidden - protected):
        value = grid[r][c]
        smallest = _bound(grid, hidden, (r, c), 1)
        if value > 0 and smallest == value:  # cannot be smaller: no need for the second program
            return r, c
        if not is_protected(value, smallest, _bound(grid, hidden, (r, c), -1), interval):
            return r, c
        protected.add((r, c))
    return None


def _complements(grid, hidden, weak, interval):
    """Figures to hide so that ``weak`` can move: the cheapest rectangle of non-zero figures
    through it that would protect it alone, else the cheapest that lets it move at all."""
    height, width = len(grid) - 1, len(grid[0]) - 1
    row, column = weak
    value = grid[row][column]

    def cost(cell):  # hiding a total costs more than a count, the grand total most
        return grid[cell[0]][cell[1]] + 1000 * ((cell[0] == height) + (cell[1] == width))

    options = []
    for other_row in range(height + 1):
        for other_column in range(width + 1):
            if other_row == row or other_column == column:
                continue
            corners = [(row, other_column), (other_row, column), (other_row, other_column)]
            if any(grid[r][c] == 0 for r, c in corners):  # a zero cannot be smaller: no protection
                continue
            same_row = row < height and other_row < height
            same_column = column < width and other_column < width
            opposite = [corner for corner, flips in zip(corners, (same_column, same_row, same_row != same_column))
                        if flips]
            alike = [corner for corner in corners if corner not in opposite]
            down = min([value] + [grid[r][c] for r, c in alike])
            up = min((grid[r][c] for r, c in opposite), default=inf)
            new = [corner for corner in corners if corner not in hidden]
            alone = is_protected(value, value - down, value + up, interval)
            options.append((not alone, sum(map(cost, new)), corners, new))
    if options:
        return set(min(options)[3]) or _cheapest_anywhere(grid, hidden, cost)
    return _cheapest_anywhere(grid, hidden, cost)


def _cheapest_anywhere(grid, hidden, cost):
    shown = [(r, c) for r, line in enumerate(grid) for c, value in enumerate(line)
             if value > 0 and (r, c) not in hidden]
    return {min(shown, key=lambda cell: (cost(cell), cell))}


def _sums(height, width):
    """Each published sum as (the counts it adds up, its position)."""
    rows = [([(r, c) for c in range(width)], (r, width)) for r in range(height)]
    columns = [([(r, c) for r in range(height)], (height, c)) for c in range(width)]
    grand = ([(r, c) for r in range(height) for c in range(width)], (height, width))
    return rows + columns + [grand]


def _members(figure, height, width):
    """The counts a figure adds up: a count itself, or the counts of its row or column."""
    row, column = figure
    if row < height and column < width:
        return [figure]
    return [(r, c) for r in range(height) for c in range(width)
            if (row == height or r == row) and (column == width or c == column)]
