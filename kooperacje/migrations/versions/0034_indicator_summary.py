"""indicator summary: counts per municipality, quarter and indicator for the regional dashboard

Revision ID: 0034_indicator_summary
Revises: 0029_case_teams
Create Date: 2026-12-07 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0034_indicator_summary'
down_revision = '0033_inaction_costs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'indicator_summary',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('indicator', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_indicator_summary_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_summary')),
        sa.UniqueConstraint('municipality_id', 'year', 'quarter', 'indicator',
                            name=op.f('uq_indicator_summary_municipality_id')),
    )
    with op.batch_alter_table('indicator_summary') as batch_op:
        batch_op.create_index('ix_indicator_summary_period', ['year', 'quarter'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_summary_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_summary_refreshed_at'), ['refreshed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('indicator_summary') as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_summary_refreshed_at'))
        batch_op.drop_index(batch_op.f('ix_indicator_summary_municipality_id'))
        batch_op.drop_index('ix_indicator_summary_period')
    op.drop_table('indicator_summary')
