"""the case's life: edits and household history, closing and reopening a case, the head of the
centre's approval of contracts before signing (off unless the centre turns it on)

Revision ID: 0020_case_life
Revises: 0019_bulk_exports
Create Date: 2026-12-03 14:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0020_case_life'
down_revision = '0019_bulk_exports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'case_status_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('dated_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=True),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_case_status_change_client_id_client')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_case_status_change_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_case_status_change_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_status_change')),
    )
    op.create_index('ix_case_status_change_client_id', 'case_status_change', ['client_id'])
    op.create_index('ix_case_status_change_municipality_id', 'case_status_change', ['municipality_id'])
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_person_left_recorded_by_id_user_account'), 'user_account',
                                    ['left_recorded_by_id'], ['id'])
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('approval_remark', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_contract_approved_by_id_user_account'), 'user_account',
                                    ['approved_by_id'], ['id'])
    with op.batch_alter_table('centre_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contract_approval', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('centre_profile', schema=None) as batch_op:
        batch_op.drop_column('contract_approval')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contract_approved_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('approval_remark')
        batch_op.drop_column('approved_at')
        batch_op.drop_column('approved_by_id')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_person_left_recorded_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('left_recorded_by_id')
        batch_op.drop_column('left_on')
        batch_op.drop_column('joined_on')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
    op.drop_index('ix_case_status_change_municipality_id', table_name='case_status_change')
    op.drop_index('ix_case_status_change_client_id', table_name='case_status_change')
    op.drop_table('case_status_change')
