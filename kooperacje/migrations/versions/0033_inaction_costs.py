"""inaction costs: the PZK's cost-of-inaction card per problem area (items with unit costs, source
and year) and the diagnoses' references to it, with quantities; the urban-rural diagnoses' own
per-family card (answers under "inaction_cost") becomes such a reference

Revision ID: 0033_inaction_costs
Revises: 0029_case_teams
Create Date: 2026-12-07 03:00:00

"""
from decimal import Decimal, InvalidOperation

from alembic import op
import sqlalchemy as sa


revision = '0033_inaction_costs'
down_revision = '0032_team_decisions'
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete=None):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def _indexes(table, *columns):
    for column in columns:
        op.create_index(f'ix_{table}_{column}', table, [column])


def upgrade():
    op.create_table(
        'inaction_area',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partnership_id', sa.Integer(), nullable=False),
        sa.Column('area_key', sa.String(length=40), nullable=False),
        sa.Column('other_name', sa.String(length=200), nullable=True),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('inaction_area', 'partnership_id', 'partnership'),
        _fk('inaction_area', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inaction_area')),
    )
    _indexes('inaction_area', 'partnership_id', 'municipality_id')
    op.create_table(
        'inaction_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('unit', sa.String(length=60), nullable=False),
        sa.Column('unit_cost', sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('source_year', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('inaction_item', 'area_id', 'inaction_area', 'CASCADE'),
        _fk('inaction_item', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inaction_item')),
    )
    _indexes('inaction_item', 'area_id', 'municipality_id')
    op.create_table(
        'diagnosis_inaction_area',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('diagnosis_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('area_name', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('diagnosis_inaction_area', 'diagnosis_id', 'diagnosis', 'CASCADE'),
        _fk('diagnosis_inaction_area', 'client_id', 'client'),
        _fk('diagnosis_inaction_area', 'area_id', 'inaction_area', 'SET NULL'),
        _fk('diagnosis_inaction_area', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnosis_inaction_area')),
    )
    _indexes('diagnosis_inaction_area', 'diagnosis_id', 'client_id', 'area_id', 'municipality_id')
    op.create_table(
        'diagnosis_inaction_cost',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('item_name', sa.String(length=300), nullable=False),
        sa.Column('unit', sa.String(length=60), nullable=False),
        sa.Column('unit_cost', sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column('quantity', sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=True),
        sa.Column('source_year', sa.Integer(), nullable=True),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        _fk('diagnosis_inaction_cost', 'reference_id', 'diagnosis_inaction_area', 'CASCADE'),
        _fk('diagnosis_inaction_cost', 'item_id', 'inaction_item', 'SET NULL'),
        _fk('diagnosis_inaction_cost', 'municipality_id', 'municipality'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnosis_inaction_cost')),
    )
    _indexes('diagnosis_inaction_cost', 'reference_id', 'item_id', 'municipality_id')
    _take_over_family_cards(op.get_bind())


def downgrade():
    for table, columns in (('diagnosis_inaction_cost', ('municipality_id', 'item_id', 'reference_id')),
                           ('diagnosis_inaction_area', ('municipality_id', 'area_id', 'client_id', 'diagnosis_id')),
                           ('inaction_item', ('municipality_id', 'area_id')),
                           ('inaction_area', ('municipality_id', 'partnership_id'))):
        for column in columns:
            op.drop_index(f'ix_{table}_{column}', table_name=table)
        op.drop_table(table)


# --- the urban-rural diagnoses' per-family cards become references to the PZK's card -----------

OLD_SECTION = 'inaction_cost'
#: the old card's areas, named as the plugin named them then (the document is Polish)
OLD_AREAS = {'domestic_violence': 'przemoc domowa', 'care_upbringing': 'problemy opiekuńczo-wychowawcze',
             'homelessness': 'bezdomność', 'addiction': 'uzależnienia', 'other': 'inne'}
OLD_TEXTS = (('family_consequences', 'Co czeka rodzinę, jeśli nic nie zrobimy'),
             ('institution_costs', 'Koszty dla instytucji i gminy'),
             ('prevention', 'Czemu może zapobiec wspólna, wczesna interwencja'))
DIAGNOSIS = sa.table('diagnosis', sa.column('id'), sa.column('client_id'), sa.column('municipality_id'),
                     sa.column('answers', sa.JSON))
PARTNERSHIP = sa.table('partnership', sa.column('id'), sa.column('municipality_id'))
AREA = sa.Table('inaction_area', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), *(
    sa.Column(name) for name in ('partnership_id', 'area_key', 'other_name', 'version', 'municipality_id')))
REFERENCE = sa.Table('diagnosis_inaction_area', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), *(
    sa.Column(name) for name in ('diagnosis_id', 'client_id', 'area_id', 'area_name', 'note', 'municipality_id')))
COST = sa.Table('diagnosis_inaction_cost', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True),
                sa.Column('unit_cost', sa.Numeric(10, 2)), sa.Column('quantity', sa.Numeric(10, 2)), *(
                    sa.Column(name) for name in ('reference_id', 'item_id', 'item_name', 'unit', 'source',
                                                 'source_year', 'municipality_id')))


def _take_over_family_cards(bind):
    """Each diagnosis that filled the old card refers to its area on the PZK's card (the area is
    added to the card, without items: the old card had no unit costs); its texts become the
    reference's note and its estimate a line of its own, so nothing the worker wrote is lost. The
    old answers leave the diagnosis."""
    partnerships = dict(bind.execute(sa.select(PARTNERSHIP.c.municipality_id, PARTNERSHIP.c.id)
                                     .order_by(PARTNERSHIP.c.id.desc())).all())
    areas = {}
    for diagnosis in bind.execute(sa.select(DIAGNOSIS).order_by(DIAGNOSIS.c.id)).all():
        answers = dict(diagnosis.answers or {})
        old = answers.pop(OLD_SECTION, None)
        if old is None:
            continue
        if isinstance(old, dict) and any(value not in (None, '', []) for value in old.values()):
            _reference(bind, diagnosis, old, partnerships.get(diagnosis.municipality_id), areas)
        bind.execute(DIAGNOSIS.update().where(DIAGNOSIS.c.id == diagnosis.id).values(answers=answers))


def _reference(bind, diagnosis, old, partnership_id, areas):
    key = old.get('area') if old.get('area') in OLD_AREAS else 'other'
    other_name = str(old.get('area_other') or '').strip()[:200] or None
    name = other_name if key == 'other' and other_name else OLD_AREAS[key]
    area_id = None
    if partnership_id is not None:
        area_id = areas.get((partnership_id, key, other_name if key == 'other' else None))
        if area_id is None:
            area_id = bind.execute(AREA.insert().values(
                partnership_id=partnership_id, area_key=key, other_name=other_name if key == 'other' else None,
                version=1, municipality_id=diagnosis.municipality_id)).inserted_primary_key[0]
            areas[(partnership_id, key, other_name if key == 'other' else None)] = area_id
    note = "\n\n".join(f"{label}: {str(old[field]).strip()}" for field, label in OLD_TEXTS
                       if str(old.get(field) or '').strip()) or None
    estimate = _amount(old.get('estimate_pln'))
    if estimate is None and old.get('estimate_pln') not in (None, ''):
        note = "\n\n".join(filter(None, (note, f"Szacunkowy koszt zaniechania (zł): {old['estimate_pln']}")))
    reference_id = _insert_reference(bind, diagnosis, area_id, name, note)
    if estimate is not None:
        bind.execute(COST.insert().values(
            reference_id=reference_id, item_id=None, item_name='Szacunkowy koszt zaniechania (karta rodziny)',
            unit='kwota', unit_cost=estimate, quantity=Decimal('1'), source='wpis pracownika socjalnego',
            source_year=None, municipality_id=diagnosis.municipality_id))


#: what the column holds (the old card took up to 100 000 000 zł: a larger figure stays in the note)
MAX_AMOUNT = Decimal('99999999.99')


def _insert_reference(bind, diagnosis, area_id, name, note):
    return bind.execute(REFERENCE.insert().values(
        diagnosis_id=diagnosis.id, client_id=diagnosis.client_id, area_id=area_id, area_name=name, note=note,
        municipality_id=diagnosis.municipality_id)).inserted_primary_key[0]


def _amount(value):
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount.quantize(Decimal('0.01')) if amount.is_finite() and 0 <= amount <= MAX_AMOUNT else None
