"""bulk exports: a ZIP of contracts made in the background for its owner, downloadable for a time

Revision ID: 0019_bulk_exports
Revises: 0018_invitations
Create Date: 2026-12-03 06:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0019_bulk_exports'
down_revision = '0018_invitations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'contract_export',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('worker_id', sa.Integer(), nullable=True),
        sa.Column('contract_status', sa.String(length=12), nullable=True),
        sa.Column('concluded_from', sa.Date(), nullable=True),
        sa.Column('concluded_to', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=True),
        sa.Column('removed_at', sa.DateTime(), nullable=True),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_contract_export_municipality_id_municipality')),
        sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_contract_export_owner_id_user_account')),
        sa.ForeignKeyConstraint(['worker_id'], ['user_account.id'],
                                name=op.f('fk_contract_export_worker_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_export')),
        sa.UniqueConstraint('token', name=op.f('uq_contract_export_token')),
    )
    op.create_index('ix_contract_export_municipality_id', 'contract_export', ['municipality_id'])
    op.create_index('ix_contract_export_owner_id', 'contract_export', ['owner_id'])
    op.create_index('ix_contract_export_expires_at', 'contract_export', ['expires_at'])


def downgrade():
    op.drop_index('ix_contract_export_expires_at', table_name='contract_export')
    op.drop_index('ix_contract_export_owner_id', table_name='contract_export')
    op.drop_index('ix_contract_export_municipality_id', table_name='contract_export')
    op.drop_table('contract_export')
