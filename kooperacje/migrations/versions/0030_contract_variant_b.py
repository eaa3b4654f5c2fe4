"""contract variant B as the 2010 template has it: the labour office's referral, the four
descriptions as separate fields (the old single one moves into the causes of unemployment), and
the labour-market list a signed contract keeps

Revision ID: 0030_contract_variant_b
Revises: 0029_case_teams
Create Date: 2026-12-07 03:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0030_contract_variant_b'
down_revision = '0029_case_teams'
branch_labels = None
depends_on = None

#: the groups the form offered before this revision (art. 49 of the 2004 act, two wordings
#: mixed): a contract signed with them keeps their labels
OLD_GROUPS = {
    "young": "do 30. roku życia",
    "long_term": "długotrwale bezrobotna",
    "over_50": "powyżej 50. roku życia",
    "no_qualifications": "bez kwalifikacji zawodowych, doświadczenia zawodowego lub wykształcenia średniego",
    "single_parent": "samotnie wychowująca co najmniej jedno dziecko do 18. roku życia",
    "after_prison": "po odbyciu kary pozbawienia wolności",
    "disabled": "niepełnosprawna",
    "social_benefits": "korzystająca ze świadczeń pomocy społecznej",
}
OLD_BASIS = "art. 49 ustawy z dnia 20 kwietnia 2004 r. o promocji zatrudnienia i instytucjach rynku pracy"
SIGNED = ("signed", "in_progress", "evaluated", "closed")

contract = sa.table('contract', sa.column('id', sa.Integer), sa.column('variant', sa.String),
                    sa.column('status', sa.String), sa.column('labour_situations', sa.JSON),
                    sa.column('labour_list', sa.JSON), sa.column('covered_member_ids', sa.JSON),
                    sa.column('inactivity_causes', sa.Text), sa.column('unemployment_causes', sa.Text))


def upgrade():
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('labour_list', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('referral_office', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('referral_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('referral_number', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('unemployment_causes', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('job_search_limits', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('earlier_activation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('activation_failure', sa.Text(), nullable=True))
    connection = op.get_bind()
    connection.execute(contract.update().values(unemployment_causes=contract.c.inactivity_causes))
    rows = connection.execute(sa.select(contract.c.id, contract.c.status, contract.c.labour_situations)
                              .where(contract.c.variant == 'B')).all()
    for row in rows:
        values = {}
        if row.status in SIGNED:
            chosen = _list(row.labour_situations)
            values["labour_list"] = {"list": "2004-art49", "basis": OLD_BASIS,
                                     "groups": [label for key, label in OLD_GROUPS.items() if key in chosen]}
        else:  # a draft of variant B has the person and the worker as its parties, no family members
            values["covered_member_ids"] = []
        connection.execute(contract.update().where(contract.c.id == row.id).values(**values))
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_column('inactivity_causes')


def _list(value):
    return json.loads(value) if isinstance(value, str) else list(value or [])


def downgrade():
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inactivity_causes', sa.Text(), nullable=True))
    op.get_bind().execute(contract.update().values(inactivity_causes=contract.c.unemployment_causes))
    with op.batch_alter_table('contract', schema=None) as batch_op:
        for name in ('activation_failure', 'earlier_activation', 'job_search_limits', 'unemployment_causes',
                     'referral_number', 'referral_on', 'referral_office', 'labour_list'):
            batch_op.drop_column(name)
