"""the centre's profile: the name, kind, seat and head its statutory documents print

Revision ID: 0013_centre_profile
Revises: 0012_jobs
Create Date: 2026-12-02 19:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_centre_profile'
down_revision = '0012_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'centre_profile',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('street', sa.String(length=120), nullable=True),
        sa.Column('postal_code', sa.String(length=6), nullable=True),
        sa.Column('town', sa.String(length=80), nullable=True),
        sa.Column('head_name', sa.String(length=120), nullable=True),
        sa.Column('head_title', sa.String(length=60), nullable=True),
        sa.Column('signing_place', sa.String(length=80), nullable=True),
        sa.Column('letterhead', sa.LargeBinary(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_centre_profile_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_profile')),
        sa.UniqueConstraint('municipality_id', name=op.f('uq_centre_profile_municipality_id')),
    )
    with op.batch_alter_table('centre_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_profile_municipality_id'), ['municipality_id'], unique=False)


def downgrade():
    with op.batch_alter_table('centre_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_profile_municipality_id'))
    op.drop_table('centre_profile')
