"""Whatever arrives in a casework form — control characters, NUL, invalid UTF-8, huge strings,
wrong types, repeated or unknown fields — the answer is a page or a redirect, never a 500.

Bodies are built as raw bytes, so what a browser could never send (lone surrogates as invalid
UTF-8, broken percent-escapes) reaches the app too."""
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_contracts import add_institution, family_with_signed_diagnosis, new_contract
from test_casework import worker_client

EXAMPLES = 1000
HOSTILE = [b"", b"\x00", b"\x07\x1b", b"\xed\xa0\x80", b"\xff\xfe", b"%", b"%zz", b"<script>", b"'\"",
           "zażółć gęślą jaźń".encode(), b"9" * 40, b"-1", b"1e309", b"2026-02-30", b"0", b"x" * 120_000]


def values():
    return st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=300),
                     st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))


def body(fields):
    """A form body from (name, value) pairs; names may repeat."""
    names = st.one_of(st.sampled_from(fields), st.binary(max_size=20))
    return st.lists(st.tuples(names, values()), max_size=25).map(
        lambda pairs: "&".join(quote_from_bytes(n if isinstance(n, bytes) else n.encode()) + "=" + quote_from_bytes(v)
                               for n, v in pairs).encode())


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def post_raw(client, url, data):
    return client.post(url, data=data, content_type="application/x-www-form-urlencoded")


@pytest.fixture
def case(app):
    """A worker's client with a signed diagnosis, a draft contract and a signed one."""
    client, municipality = worker_client(app)
    add_institution(app, municipality)
    client_id = family_with_signed_diagnosis(client)
    draft_url = new_contract(client, client_id)
    diagnosis_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    return {"client": client, "client_id": client_id, "draft": draft_url, "diagnosis": diagnosis_url}


DIAGNOSIS_FIELDS = ["version", "action", "family__composition", "income__monthly_income", "housing__tenure",
                    "housing__eviction_risk", "safety__blue_card", "partners__involve", "partners__consent",
                    "zzk__lead", "zzk__members", "basket__services", "conclusions__conclusions"]
CONTRACT_FIELDS = ["version", "action", "variant", "covered_member_ids", "labour_situations", "main_goal",
                   "period_from", "period_to", "next_review_on", "goals-0-id", "goals-0-text", "goals-0-remove",
                   "goals-99999-text", "actions-0-party", "actions-0-institution_id", "actions-0-description",
                   "actions-0-due_on", "actions-0-id", "actions--1-party", "sector_contributions__tasks"]
CLIENT_FIELDS = ["kind", "first_name", "last_name", "pesel", "birth_date", "sex", "street", "postal_code",
                 "town", "phone", "reasons"]


@FUZZ
@given(data=body(DIAGNOSIS_FIELDS))
def test_the_diagnosis_form(case, data):
    assert post_raw(case["client"], case["diagnosis"], data).status_code < 500


@FUZZ
@given(data=body(CONTRACT_FIELDS))
def test_the_contract_form(case, data):
    assert post_raw(case["client"], case["draft"], data).status_code < 500


@FUZZ
@given(data=body(["version", "concluded_on", "made_on", "text", "period_to", "status", "next_review_on",
                  "goals-0-id", "goals-0-outcome", "goals-0-outcome_reason", "ending", "ended_on", "action"]))
def test_signing_amending_and_evaluating(case, data):
    contract_url = case["draft"].replace("/edit", "")
    for suffix in ("/sign", "/amendments", "/evaluation", "/review", "/start", "/close"):
        assert post_raw(case["client"], contract_url + suffix, data).status_code < 500, suffix


@FUZZ
@given(data=body(CLIENT_FIELDS))
def test_client_registration(case, data):
    assert post_raw(case["client"], "/clients/new", data).status_code < 500
