"""the basket's terms: each offer's kind of support, places, cost to the municipality and the
dates it runs

Revision ID: 0026_basket_terms
Revises: 0025_dpo_contact
Create Date: 2026-12-04 21:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0026_basket_terms'
down_revision = '0025_dpo_contact'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service_offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unit_cost', sa.Numeric(precision=10, scale=2), nullable=True))
        batch_op.add_column(sa.Column('cost_unit', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_until', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('service_offer', schema=None) as batch_op:
        for name in ('valid_until', 'valid_from', 'cost_unit', 'unit_cost', 'capacity', 'category'):
            batch_op.drop_column(name)
