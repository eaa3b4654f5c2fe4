"""the client list's index: a municipality's cases newest first; the old search's surname index goes

Without it PostgreSQL walks the primary key backwards past every other municipality's cases.

Revision ID: 0014_client_list_index
Revises: 0013_centre_profile
Create Date: 2026-12-02 22:45:00

"""
from alembic import op


revision = '0014_client_list_index'
down_revision = '0013_centre_profile'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_client_municipality_list', 'client', ['municipality_id', 'id'])
    op.drop_index('ix_client_municipality_surname', table_name='client')


def downgrade():
    op.create_index('ix_client_municipality_surname', 'client', ['municipality_id', 'surname_key', 'id'])
    op.drop_index('ix_client_municipality_list', table_name='client')
