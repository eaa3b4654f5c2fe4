"""Small-count suppression for the regional observer, property-tested: every count below 5 is
hidden, and no hidden cell can be computed from what is published (checked by linear algebra,
independently of how the suppression decides)."""
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kooperacje.statistics.suppression import THRESHOLD, suppress

tables = st.integers(1, 5).flatmap(lambda width: st.lists(
    st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=width, max_size=width),
    min_size=1, max_size=6))


def rank(rows):
    """Rank of a matrix of Fractions (Gaussian elimination)."""
    rows = [list(r) for r in rows]
    rank_ = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank_, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank_], rows[pivot] = rows[pivot], rows[rank_]
        for i in range(len(rows)):
            if i != rank_ and rows[i][column] != 0:
                factor = rows[i][column] / rows[rank_][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank_])]
        rank_ += 1
    return rank_


def determined_cells(table):
    """Hidden cells whose value follows from the published cells and the line sums."""
    grid, hidden = table.values, sorted(table.hidden)
    height, width = len(grid), len(grid[0])
    equations = []
    for r in range(height):  # each row: its cells minus its total (the last column) are zero
        equations.append([Fraction(1 if c < width - 1 else -1) if row == r else Fraction(0) for row, c in hidden])
    for c in range(width):
        equations.append([Fraction(1 if r < height - 1 else -1) if col == c else Fraction(0) for r, col in hidden])
    base = rank(equations)
    found = []
    for k, cell in enumerate(hidden):
        unit = [Fraction(int(i == k)) for i in range(len(hidden))]
        if rank(equations + [unit]) == base:
            found.append(cell)
    return found


@settings(max_examples=400, deadline=None, derandomize=True)
@given(tables)
def test_small_counts_are_hidden_and_no_hidden_cell_can_be_recovered(counts):
    table = suppress(counts)
    for r, row in enumerate(table.values):
        for c, value in enumerate(row):
            if 0 < value < THRESHOLD:
                assert (r, c) in table.hidden
    assert determined_cells(table) == []
    if table.hidden:
        assert len(table.hidden) >= 2


def test_a_table_without_small_counts_is_published_whole():
    table = suppress([[10, 7], [5, 20]])
    assert table.hidden == frozenset() and table.values[-1] == (15, 27, 42)


def test_one_small_count_takes_others_with_it():
    table = suppress([[3, 10, 12], [8, 9, 30]])
    assert (0, 0) in table.hidden and len(table.hidden) >= 4
    assert table.shown(0, 0) is None and determined_cells(table) == []


def test_two_hidden_blocks_joined_by_one_cell_do_not_give_that_cell_away():
    """Every line hides two or more cells, yet (1, 2) alone links the two blocks: the sums of
    rows 0-1 and columns 0-1 would reveal it unless more cells are hidden."""
    small = {(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)}
    counts = [[2 if (r, c) in small else 40 for c in range(5)] for r in range(4)]
    table = suppress(counts)
    assert small <= table.hidden and determined_cells(table) == []


def test_the_observer_sees_contract_counts_by_model_with_small_counts_hidden(app):
    import re

    from builders import add_municipality, add_user, login
    from sqlalchemy import select

    from kooperacje.clients.models import Client, Person
    from kooperacje.contracts.models import Contract
    from kooperacje.extensions import db

    for teryt6, statuses in (("102003", ["in_progress"] * 7 + ["closed"] * 6), ("101102", ["draft"] * 2)):
        municipality = add_municipality(teryt6)
        with app.app_context():
            for number, status in enumerate(statuses):
                client = Client(municipality_id=municipality.id, kind="person", surname_key="nowak")
                client.members = [Person(municipality_id=municipality.id, first_name="Jan", last_name="Nowak",
                                         relation="applicant")]
                db.session.add(client)
                db.session.flush()
                db.session.add(Contract(municipality_id=municipality.id, client_id=client.id, number=1,
                                        model_key=municipality.model_key, status=status))
            db.session.commit()
    add_user("obs", "regional_observer", voivodeship_code="10")
    client = app.test_client()
    login(client, "obs")
    page = client.get("/statistics/").get_data(as_text=True)
    table = page.split('id="kontrakty"')[1].split("</table>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert "*" in cells and not any(cell.isdigit() and 0 < int(cell) < 5 for cell in cells)
    urban = table.split("Model dla gmin miejskich")[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]*)</td>", urban)[1:3] == ["7", "6"]  # in force, evaluated or closed
    assert "Nowak" not in page
    with app.app_context():
        assert len(db.session.scalars(select(Contract).execution_options(all_tenants=True)).all()) == 15
