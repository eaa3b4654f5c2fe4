"""team decisions carried out: a case team's decision keeps what it became (an action of the
case's contract, with the amendment that added it to a signed one, or a partner task), when and by whom

Revision ID: 0032_team_decisions
Revises: 0029_case_teams
Create Date: 2026-12-07 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0032_team_decisions'
down_revision = '0031_memberships'
branch_labels = None
depends_on = None

LINKS = (('contract_action_id', 'contract_action'), ('amendment_id', 'contract_amendment'), ('task_id', 'task'),
         ('applied_by_id', 'user_account'))


def upgrade():
    # applied_id named no table; no decision was applied before this revision, so it goes unread
    with op.batch_alter_table('case_team_decision', schema=None) as batch_op:
        batch_op.drop_column('applied_id')
        for column, target in LINKS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(op.f(f'fk_case_team_decision_{column}_{target}'), target, [column], ['id'])
        batch_op.add_column(sa.Column('applied_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('case_team_decision', schema=None) as batch_op:
        batch_op.drop_column('applied_on')
        for column, target in reversed(LINKS):
            batch_op.drop_constraint(op.f(f'fk_case_team_decision_{column}_{target}'), type_='foreignkey')
            batch_op.drop_column(column)
        batch_op.add_column(sa.Column('applied_id', sa.Integer(), nullable=True))
