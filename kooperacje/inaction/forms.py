from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from kooperacje.clock import local_today
from kooperacje.fields import AmountField, IntegerField, QuantityField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l

OTHER = "other"  #: the area key whose name the coordinator writes (hookspecs.inaction_card)


class AreaForm(Form):
    area_key = SelectField(_l("Obszar problemowy"), validate_choice=False)
    other_name = StringField(_l("Nazwa obszaru"), validators=[Length(max=200)],
                             description=_l("Wypełnij, gdy wybierasz „inny obszar”."))
    description = TextAreaField(_l("Przebieg bez interwencji i koszty dla rodziny"), validators=[Length(max=8000)],
                                description=_l("Typowa ścieżka pogarszania się sytuacji w kolejnych miesiącach "
                                               "i latach: zdrowie, edukacja dzieci, relacje, sytuacja materialna."))
    version = HiddenField()  #: the optimistic lock's (versions.save_versioned)

    def validate_area_key(self, field):
        if field.data not in {key for key, _label in field.choices}:
            raise ValidationError(_l("Wybierz obszar problemowy z listy."))

    def validate_other_name(self, field):
        if self.area_key.data == OTHER and not (field.data or "").strip():
            raise ValidationError(_l("Podaj nazwę obszaru."))


AREA_FIELDS = ("area_key", "other_name", "description")


class ItemForm(Form):
    name = StringField(_l("Pozycja kosztu"), validators=[DataRequired(_l("Podaj, czego dotyczy koszt.")),
                                                         Length(max=300)],
                       description=_l("Np. „miesiąc pobytu dziecka w pieczy zastępczej”, „interwencja policji”."))
    unit = StringField(_l("Jednostka"), validators=[DataRequired(_l("Podaj jednostkę, np. miesiąc.")),
                                                    Length(max=60)])
    unit_cost = AmountField(_l("Koszt jednostkowy (zł)"))
    source = StringField(_l("Źródło danych"), validators=[DataRequired(_l("Podaj, skąd pochodzi kwota.")),
                                                          Length(max=300)],
                         description=_l("Np. uchwała rady powiatu, sprawozdanie PCPR, cennik usług."))
    source_year = IntegerField(_l("Rok, którego dotyczy kwota"), validators=[
        DataRequired(_l("Podaj rok, którego dotyczy kwota."))])
    version = HiddenField()

    def validate_unit_cost(self, field):
        if field.data is None and not field.errors:
            raise ValidationError(_l("Podaj koszt jednostkowy w złotych."))

    def validate_source_year(self, field):
        if field.data is not None and not 2000 <= field.data <= local_today().year + 1:
            raise ValidationError(_l("Podaj rok od 2000 do %(last)d.", last=local_today().year + 1))


ITEM_FIELDS = ("name", "unit", "unit_cost", "source", "source_year")


def diagnosis_form(card_areas):
    """The form of a diagnosis's references: per area of the card a tick and a note, per item a
    quantity (fields named after the ids, so a rival's new item cannot take another's value)."""
    fields = {"version": HiddenField()}
    for area in card_areas:
        fields[f"area_{area.id}"] = BooleanField(_l("Ten obszar dotyczy rodziny"))
        fields[f"note_{area.id}"] = TextAreaField(_l("Co czeka tę rodzinę bez wspólnej interwencji"),
                                                  validators=[Length(max=4000)])
        for item in area.items:
            fields[f"quantity_{item.id}"] = QuantityField(item.name, validators=[Optional()],
                                                          description=item.unit)
    return type("DiagnosisCostsForm", (Form,), fields)


