"""case teams: the team around a family (ZZK, GGK, the rural PZK at work with one family), its
members, meetings and the meetings' decisions

Revision ID: 0029_case_teams
Revises: 0028_action_plan
Create Date: 2026-12-04 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0029_case_teams'
down_revision = '0028_action_plan'
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade():
    op.create_table(
        'case_team',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('formed_on', sa.Date(), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('case_team', 'client_id', 'client'),
        _fk('case_team', 'created_by_id', 'user_account'),
        _fk('case_team', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_team')),
    )
    op.create_index('ix_case_team_client_id', 'case_team', ['client_id'])
    op.create_index('ix_case_team_municipality_id', 'case_team', ['municipality_id'])
    op.create_table(
        'case_team_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=120), nullable=True),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('role', sa.String(length=120), nullable=False),
        sa.Column('sector', sa.String(length=30), nullable=True),
        sa.Column('joined_on', sa.Date(), nullable=False),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('case_team_member', 'team_id', 'case_team'),
        _fk('case_team_member', 'user_id', 'user_account'),
        _fk('case_team_member', 'institution_id', 'partner_institution'),
        _fk('case_team_member', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_team_member')),
    )
    op.create_index('ix_case_team_member_team_id', 'case_team_member', ['team_id'])
    op.create_index('ix_case_team_member_user_id', 'case_team_member', ['user_id'])
    op.create_index('ix_case_team_member_municipality_id', 'case_team_member', ['municipality_id'])
    op.create_table(
        'case_team_meeting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('present_member_ids', sa.JSON(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('decisions', sa.Text(), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('case_team_meeting', 'team_id', 'case_team'),
        _fk('case_team_meeting', 'client_id', 'client'),
        _fk('case_team_meeting', 'author_id', 'user_account'),
        _fk('case_team_meeting', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_team_meeting')),
    )
    op.create_index('ix_case_team_meeting_team_id', 'case_team_meeting', ['team_id'])
    op.create_index('ix_case_team_meeting_client_id', 'case_team_meeting', ['client_id'])
    op.create_index('ix_case_team_meeting_municipality_id', 'case_team_meeting', ['municipality_id'])
    op.create_table(
        'case_team_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('applied_id', sa.Integer(), nullable=True),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('case_team_decision', 'meeting_id', 'case_team_meeting'),
        _fk('case_team_decision', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_team_decision')),
    )
    op.create_index('ix_case_team_decision_meeting_id', 'case_team_decision', ['meeting_id'])
    op.create_index('ix_case_team_decision_municipality_id', 'case_team_decision', ['municipality_id'])


def downgrade():
    for table in ('case_team_decision', 'case_team_meeting', 'case_team_member', 'case_team'):
        op.drop_table(table)
