"""partner accounts: an account tied to a member institution, progress notes on tasks, versioned offers

Revision ID: 0021_partner_accounts
Revises: 0020_case_life
Create Date: 2026-12-03 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_partner_accounts'
down_revision = '0020_case_life'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('institution_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_user_account_institution_id', ['institution_id'])
        batch_op.create_foreign_key(op.f('fk_user_account_institution_id_partner_institution'),
                                    'partner_institution', ['institution_id'], ['id'])
    # Existing offers start at version 1, like every new one.
    with op.batch_alter_table('service_offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_table(
        'task_progress',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('noted_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_task_progress_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_progress_task_id_task')),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_task_progress_author_id_user_account')),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'],
                                name=op.f('fk_task_progress_institution_id_partner_institution')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_progress')),
    )
    op.create_index('ix_task_progress_municipality_id', 'task_progress', ['municipality_id'])
    op.create_index('ix_task_progress_task_id', 'task_progress', ['task_id'])


def downgrade():
    op.drop_index('ix_task_progress_task_id', table_name='task_progress')
    op.drop_index('ix_task_progress_municipality_id', table_name='task_progress')
    op.drop_table('task_progress')
    with op.batch_alter_table('service_offer', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_user_account_institution_id_partner_institution'), type_='foreignkey')
        batch_op.drop_index('ix_user_account_institution_id')
        batch_op.drop_column('institution_id')
