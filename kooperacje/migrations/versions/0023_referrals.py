"""referrals: a client referred from the centre to a partner institution

The referral (purpose, what is asked, the answer-by date), the institution's answer (accepted,
or declined with a reason) and the outcome it records.

Revision ID: 0023_referrals
Revises: 0022_consents
Create Date: 2026-12-04 21:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0023_referrals'
down_revision = '0022_consents'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'referral',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=False),
        sa.Column('service_offer_id', sa.Integer(), nullable=True),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.Column('ask', sa.Text(), nullable=False),
        sa.Column('answer_by', sa.Date(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('answered_by_user_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('decline_reason', sa.Text(), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=True),
        sa.Column('outcome_on', sa.Date(), nullable=True),
        sa.Column('outcome_by_user_id', sa.Integer(), nullable=True),
        sa.Column('outcome_recorded_at', sa.DateTime(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['client.id'], name=op.f('fk_referral_client_id_client')),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'],
                                name=op.f('fk_referral_institution_id_partner_institution')),
        sa.ForeignKeyConstraint(['service_offer_id'], ['service_offer.id'],
                                name=op.f('fk_referral_service_offer_id_service_offer')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_referral_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['answered_by_user_id'], ['user_account.id'],
                                name=op.f('fk_referral_answered_by_user_id_user_account')),
        sa.ForeignKeyConstraint(['outcome_by_user_id'], ['user_account.id'],
                                name=op.f('fk_referral_outcome_by_user_id_user_account')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_referral_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    )
    op.create_index('ix_referral_client_id', 'referral', ['client_id'])
    op.create_index('ix_referral_municipality_id', 'referral', ['municipality_id'])
    op.create_index('ix_referral_institution_state', 'referral', ['municipality_id', 'institution_id', 'state'])


def downgrade():
    for index in ('ix_referral_institution_state', 'ix_referral_municipality_id', 'ix_referral_client_id'):
        op.drop_index(index, table_name='referral')
    op.drop_table('referral')
