"""one-time passwords expire

Revision ID: 0007_otp_expiry
Revises: 0006_retention
Create Date: 2026-12-01 19:08:27.453903

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_otp_expiry'
down_revision = '0006_retention'
branch_labels = None
depends_on = None


def upgrade():
    # One-time passwords issued before this revision keep working without a limit.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_time_expires_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('one_time_expires_at')

