"""action plan: the PZK's goals with their indicators, the actions pursuing them and the partner
tasks that carry each action out

Revision ID: 0028_action_plan
Revises: 0027_act_scans
Create Date: 2026-12-04 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0028_action_plan'
down_revision = '0027_act_scans'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'plan_goal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partnership_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('indicator', sa.Text(), nullable=True),
        sa.Column('target_on', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'],
                                name=op.f('fk_plan_goal_partnership_id_partnership')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_plan_goal_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goal')),
    )
    op.create_index('ix_plan_goal_partnership_id', 'plan_goal', ['partnership_id'])
    op.create_index('ix_plan_goal_municipality_id', 'plan_goal', ['municipality_id'])
    op.create_table(
        'plan_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('owner_institution_id', sa.Integer(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['goal_id'], ['plan_goal.id'], name=op.f('fk_plan_action_goal_id_plan_goal')),
        sa.ForeignKeyConstraint(['owner_institution_id'], ['partner_institution.id'],
                                name=op.f('fk_plan_action_owner_institution_id_partner_institution')),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_plan_action_meeting_id_meeting'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_plan_action_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action')),
    )
    op.create_index('ix_plan_action_goal_id', 'plan_action', ['goal_id'])
    op.create_index('ix_plan_action_owner_institution_id', 'plan_action', ['owner_institution_id'])
    op.create_index('ix_plan_action_meeting_id', 'plan_action', ['meeting_id'])
    op.create_index('ix_plan_action_municipality_id', 'plan_action', ['municipality_id'])
    op.create_table(
        'plan_action_task',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action_id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['action_id'], ['plan_action.id'], name=op.f('fk_plan_action_task_action_id_plan_action'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_plan_action_task_task_id_task'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_plan_action_task_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action_task')),
        sa.UniqueConstraint('action_id', 'task_id', name=op.f('uq_plan_action_task_action_id')),
    )
    op.create_index('ix_plan_action_task_action_id', 'plan_action_task', ['action_id'])
    op.create_index('ix_plan_action_task_task_id', 'plan_action_task', ['task_id'])
    op.create_index('ix_plan_action_task_municipality_id', 'plan_action_task', ['municipality_id'])


def downgrade():
    for table, columns in (('plan_action_task', ('municipality_id', 'task_id', 'action_id')),
                           ('plan_action', ('municipality_id', 'meeting_id', 'owner_institution_id', 'goal_id')),
                           ('plan_goal', ('municipality_id', 'partnership_id'))):
        for column in columns:
            op.drop_index(f'ix_{table}_{column}', table_name=table)
        op.drop_table(table)
