"""municipality retention setting

Revision ID: 0006_retention
Revises: 0005_contracts
Create Date: 2026-12-01 18:53:34.923689

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_retention'
down_revision = '0005_contracts'
branch_labels = None
depends_on = None


def upgrade():
    # Existing municipalities start with the usual category of social-assistance case files.
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_category', sa.String(length=10), server_default='B10', nullable=False))
        batch_op.add_column(sa.Column('retention_years', sa.Integer(), server_default='10', nullable=False))



def downgrade():
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('retention_years')
        batch_op.drop_column('retention_category')

