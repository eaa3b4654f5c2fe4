"""the signed scans of the PZK's formation acts (agreement, declarations, rules, authorisation)

Revision ID: 0027_act_scans
Revises: 0026_basket_terms
Create Date: 2026-12-04 22:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0027_act_scans'
down_revision = '0026_basket_terms'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'partnership_act_scan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partnership_id', sa.Integer(), nullable=False),
        sa.Column('act_key', sa.String(length=40), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=120), nullable=False),
        sa.Column('content_type', sa.String(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id']),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id']),
        sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id']),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('partnership_id', 'act_key', 'institution_id'),
    )
    with op.batch_alter_table('partnership_act_scan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_act_scan_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_act_scan_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_act_scan_partnership_id'), ['partnership_id'], unique=False)


def downgrade():
    op.drop_table('partnership_act_scan')
