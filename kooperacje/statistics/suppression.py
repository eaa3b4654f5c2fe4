"""Small counts are hidden, and so is whatever would let them be worked out from the totals.

A table is cells plus its row totals, column totals and grand total. Primary suppression hides
every count from 1 to THRESHOLD - 1. Secondary suppression then hides more cells until no hidden
cell can be computed from the published ones: seen as a bipartite graph (lines = rows and
columns of the table with its totals, hidden cells = edges), a hidden value is determined by the
published sums exactly when its edge lies on no cycle, i.e. is a bridge. So we add hidden cells
until no line holds a single hidden cell and no hidden cell is a bridge.
"""
from dataclasses import dataclass

THRESHOLD = 5


@dataclass(frozen=True)
class Table:
    """Counts with their totals; ``hidden`` holds (row, column) positions, totals included
    (row ``len(rows)`` is the total row, column ``len(columns)`` the total column)."""

    values: tuple[tuple[int, ...], ...]
    hidden: frozenset

    def shown(self, row, column):
        return None if (row, column) in self.hidden else self.values[row][column]


def with_totals(counts):
    """The counts grid extended with a total column and a total row."""
    rows = [list(row) + [sum(row)] for row in counts]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[c] for row in rows) for c in range(width)])
    return rows


def suppress(counts, threshold=THRESHOLD):
    """``counts`` is a list of equally long rows of non-negative integers."""
    grid = with_totals(counts)
    hidden = {(r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if 0 < value < threshold}
    while True:
        extra = _lonely_line(grid, hidden) or _bridge(grid, hidden)
        if extra is None:
            return Table(tuple(map(tuple, grid)), frozenset(hidden))
        hidden.add(extra)


def _lines(grid):
    rows = [[(r, c) for c in range(len(grid[0]))] for r in range(len(grid))]
    columns = [[(r, c) for r in range(len(grid))] for c in range(len(grid[0]))]
    return rows + columns


def _smallest_shown(grid, line, hidden):
    shown = [cell for cell in line if cell not in hidden]
    return min(shown, key=lambda cell: (grid[cell[0]][cell[1]], cell)) if shown else None


def _lonely_line(grid, hidden):
    """A cell to hide in a line that hides exactly one cell (it would equal total minus the rest)."""
    for line in _lines(grid):
        if sum(cell in hidden for cell in line) == 1:
            return _smallest_shown(grid, line, hidden)
    return None


def _bridge(grid, hidden):
    """A cell to hide next to a hidden cell whose value the other sums would still give away."""
    for cell in sorted(hidden):
        if _is_bridge(cell, hidden):
            row_line = [(cell[0], c) for c in range(len(grid[0]))]
            column_line = [(r, cell[1]) for r in range(len(grid))]
            return _smallest_shown(grid, row_line, hidden) or _smallest_shown(grid, column_line, hidden)
    return None


def _is_bridge(cell, hidden):
    """Is there no other path of hidden cells from the cell's row to its column?"""
    edges = [e for e in hidden if e != cell]
    start, goal = ("r", cell[0]), ("c", cell[1])
    seen, frontier = {start}, [start]
    while frontier:
        kind, index = frontier.pop()
        for r, c in edges:
            if (kind == "r" and r == index) or (kind == "c" and c == index):
                other = ("c", c) if kind == "r" else ("r", r)
                if other == goal:
                    return False
                if other not in seen:
                    seen.add(other)
                    frontier.append(other)
    return True
