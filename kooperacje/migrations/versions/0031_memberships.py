"""memberships: one account, a role in each municipality it works with (a PCPR worker, a
powiat labour office); the account's role and partner institution move to its first membership,
and a login session remembers the membership it works in

Revision ID: 0031_memberships
Revises: 0029_case_teams
Create Date: 2026-12-07 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0031_memberships'
down_revision = '0030_contract_variant_b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'membership',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.Column('institution_id', sa.Integer(), nullable=True),
        sa.Column('municipality_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account')),
        sa.ForeignKeyConstraint(['institution_id'], ['partner_institution.id'],
                                name=op.f('fk_membership_institution_id_partner_institution')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'],
                                name=op.f('fk_membership_municipality_id_municipality')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
        sa.UniqueConstraint('user_id', 'municipality_id', name=op.f('uq_membership_user_id')),
    )
    op.create_index('ix_membership_user_id', 'membership', ['user_id'])
    op.create_index('ix_membership_institution_id', 'membership', ['institution_id'])
    op.create_index('ix_membership_municipality_id', 'membership', ['municipality_id'])
    # every account's role (and a partner's institution) becomes its first membership, in its home
    op.execute("INSERT INTO membership (user_id, role, institution_id, municipality_id) "
               "SELECT id, role, institution_id, municipality_id FROM user_account ORDER BY id")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index('ix_user_account_institution_id')
        batch_op.drop_constraint(op.f('fk_user_account_institution_id_partner_institution'), type_='foreignkey')
        batch_op.drop_column('institution_id')
        batch_op.drop_column('role')
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('membership_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_login_session_membership_id_membership'), 'membership',
                                    ['membership_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_login_session_membership_id_membership'), type_='foreignkey')
        batch_op.drop_column('membership_id')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=32), nullable=False, server_default='social_worker'))
        batch_op.add_column(sa.Column('institution_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_user_account_institution_id', ['institution_id'])
        batch_op.create_foreign_key(op.f('fk_user_account_institution_id_partner_institution'),
                                    'partner_institution', ['institution_id'], ['id'])
    # back to one role per account: the first membership's, made with the account (others are lost)
    op.execute("UPDATE user_account SET "
               "role = (SELECT m.role FROM membership m WHERE m.user_id = user_account.id ORDER BY m.id LIMIT 1), "
               "institution_id = (SELECT m.institution_id FROM membership m WHERE m.user_id = user_account.id "
               "ORDER BY m.id LIMIT 1)")
    op.drop_table('membership')
