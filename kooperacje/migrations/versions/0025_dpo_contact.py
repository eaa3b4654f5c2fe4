"""the centre's data protection officer contact, printed in the information clauses

Revision ID: 0025_dpo_contact
Revises: 0024_intake
Create Date: 2026-12-04 21:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0025_dpo_contact'
down_revision = '0024_intake'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('centre_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dpo_contact', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('centre_profile', schema=None) as batch_op:
        batch_op.drop_column('dpo_contact')
