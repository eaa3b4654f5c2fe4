"""intake: partners' signals of families that need the centre's support

A partner institution (a school, the police, a family doctor) signals a family to the centre;
the centre takes the signal under review and qualifies it into a case or records why not.

Revision ID: 0024_intake
Revises: 0023_referrals
Create Date: 2026-12-04 21:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0024_intake'
down_revision = '0023_referrals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'intake_signal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('institution_id', sa.Integer(), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.Column('first_name', sa.String(length=80), nullable=False),
        sa.Column('last_name', sa.String(length=100), nullable=False),
        sa.Column('street', sa.String(length=160), nullable=True),
        sa.Column('town', sa.String(length=100), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('observations', sa.Text(), nullable=False),
        sa.Column('urgency', sa.String(length=10), nullable=False),
        sa.Column('family_informed', sa.Boolean(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(), nullable=True),
        sa.Column('decision_reason', sa.String(length=20), nullable=True),
        sa.Column('decision_text', sa.Text(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('client_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'],
                                name=op.f('fk_intake_signal_institution_id_partner_institution')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'],
                                name=op.f('fk_intake_signal_submitted_by_id_user_account')),
        sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'],
                                name=op.f('fk_intake_signal_reviewed_by_id_user_account')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_intake_signal_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_intake_signal_client_id_client')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_intake_signal_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_signal')),
        sa.UniqueConstraint('municipality_id', 'year', 'number', name=op.f('uq_intake_signal_municipality_id')),
    )
    op.create_index('ix_intake_signal_institution_id', 'intake_signal', ['institution_id'])
    op.create_index('ix_intake_signal_client_id', 'intake_signal', ['client_id'])
    op.create_index('ix_intake_signal_municipality_id', 'intake_signal', ['municipality_id'])
    op.create_index('ix_intake_signal_queue', 'intake_signal', ['municipality_id', 'state', 'id'])


def downgrade():
    for index in ('ix_intake_signal_queue', 'ix_intake_signal_municipality_id', 'ix_intake_signal_client_id',
                  'ix_intake_signal_institution_id'):
        op.drop_index(index, table_name='intake_signal')
    op.drop_table('intake_signal')
