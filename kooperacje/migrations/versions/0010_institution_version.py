"""partner institutions carry a version (no lost update on their form)

Revision ID: 0010_institution_version
Revises: 0009_audit_scale
Create Date: 2026-12-02 11:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_institution_version'
down_revision = '0009_audit_scale'
branch_labels = None
depends_on = None


def upgrade():
    # Existing institutions start at version 1, like every new one.
    with op.batch_alter_table('partner_institution', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('partner_institution', schema=None) as batch_op:
        batch_op.drop_column('version')
