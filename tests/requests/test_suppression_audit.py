"""What the regional observer can work out from a suppressed table, audited the way an attacker
would: for every hidden figure, an integer program (written here, independently of the code)
finds the smallest and largest value that agrees with every published figure and sum, counts
being whole numbers of at least 0."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from kooperacje.statistics.suppression import PROTECTION_INTERVAL, THRESHOLD, suppress

#: stands for "no upper bound": far above any total in these tables
UNBOUNDED = 10**6
small_counts = st.one_of(st.just(0), st.just(0), st.integers(1, THRESHOLD - 1), st.integers(0, 20))
tables = st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(lambda size: st.lists(
    st.lists(small_counts, min_size=size[1], max_size=size[1]), min_size=size[0], max_size=size[0]))


def published_range(table, figure):
    """(min, max) of a hidden figure over all non-negative integer tables showing the same."""
    grid = table.values
    height, width = len(grid), len(grid[0])
    index = {(r, c): r * width + c for r in range(height) for c in range(width)}
    sums = []  # every line of the grid, totals included: its figures add up to its last one
    for r in range(height):
        sums.append([(index[(r, c)], 1 if c < width - 1 else -1) for c in range(width)])
    for c in range(width):
        sums.append([(index[(r, c)], 1 if r < height - 1 else -1) for r in range(height)])
    matrix = np.zeros((len(sums), height * width))
    for row, terms in enumerate(sums):
        for column, weight in terms:
            matrix[row, column] = weight
    lower = np.array([0 if cell in table.hidden else grid[cell[0]][cell[1]] for cell in index], dtype=float)
    upper = np.array([UNBOUNDED if cell in table.hidden else grid[cell[0]][cell[1]] for cell in index], dtype=float)
    bounds, equations = Bounds(lower, upper), LinearConstraint(matrix, 0, 0)
    result = []
    for sign in (1, -1):
        objective = np.zeros(height * width)
        objective[index[figure]] = sign
        found = milp(objective, constraints=equations, bounds=bounds, integrality=np.ones(height * width))
        assert found.success
        result.append(round(sign * found.fun))
    return tuple(result)


def unprotected(table):
    """Hidden figures the observer can pin down or narrow below the protection interval."""
    weak = {}
    for r, c in sorted(table.hidden):
        value, (smallest, largest) = table.values[r][c], published_range(table, (r, c))
        if largest - smallest < PROTECTION_INTERVAL or not smallest < value < largest:
            weak[(r, c)] = (value, smallest, largest)
    return weak


def assert_safe(table):
    for r, row in enumerate(table.values):
        for c, value in enumerate(row):
            if 0 < value < THRESHOLD:
                assert (r, c) in table.hidden
            if value == 0:  # a zero cannot be smaller: hiding it protects nothing
                assert (r, c) not in table.hidden
    assert unprotected(table) == {}


@settings(max_examples=120, deadline=None, derandomize=True)
@given(tables)
def test_no_hidden_figure_can_be_narrowed_down_with_non_negative_counts(counts):
    assert_safe(suppress(counts))


def test_the_issue_example_rural_in_force_is_not_seven_minus_five_minus_zero():
    """Rural: 5 drafts, 2 in force, none evaluated (a column of zeros), row total 7. Hiding the
    2 with the zero beside it gave it away: 7 - 5 - 0."""
    table = suppress([[5, 2, 0], [0, 0, 0], [6, 9, 0]])
    assert (0, 1) in table.hidden and (0, 2) not in table.hidden
    smallest, largest = published_range(table, (0, 1))
    assert smallest == 0 and largest - smallest >= PROTECTION_INTERVAL
    assert_safe(table)


def test_two_fours_alone_in_their_rows_take_the_row_totals_with_them():
    """Both 4s hidden with their row totals 0, 4, 4 shown would give them away; the totals
    (or the whole table) must go too."""
    table = suppress([[0, 0, 0], [0, 0, 4], [0, 0, 4]])
    assert {(1, 2), (2, 2), (1, 3), (2, 3)} <= table.hidden
    assert published_range(table, (1, 2)) == (0, 8)
    assert_safe(table)


def test_a_table_of_small_counts_only_is_withheld_whole(app):
    from builders import add_municipality, add_user, login

    from kooperacje.clients.models import Client, Person
    from kooperacje.contracts.models import Contract
    from kooperacje.extensions import db

    municipality = add_municipality("101102")
    with app.app_context():
        for _ in range(2):
            client = Client(municipality_id=municipality.id, kind="person", surname_key="nowak")
            client.members = [Person(municipality_id=municipality.id, first_name="Jan", last_name="Nowak",
                                     relation="applicant")]
            db.session.add(client)
            db.session.flush()
            db.session.add(Contract(municipality_id=municipality.id, client_id=client.id, number=1,
                                    model_key=municipality.model_key, status="draft"))
        db.session.commit()
    add_user("obs", "regional_observer", voivodeship_code="10")
    client = app.test_client()
    login(client, "obs")
    page = client.get("/statistics/").get_data(as_text=True)
    withheld = page.split('id="kontrakty"')[1].split("</p>")[0]
    assert "dane ukryte, aby chronić małe liczebności" in withheld
    assert "<td>2</td>" not in page and "Nowak" not in page
