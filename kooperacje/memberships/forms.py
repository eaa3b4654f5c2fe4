from wtforms import HiddenField, IntegerField, SelectField
from wtforms.validators import DataRequired

from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l


class SwitchForm(Form):
    """The header's switch: one of the account's own memberships (any other id is a 404)."""
    membership = SelectField(_l("Gmina"), coerce=int, validate_choice=False)


class AddMembershipForm(Form):
    municipality_id = SelectField(_l("Gmina"), coerce=int,
                                  validators=[DataRequired(_l("Wybierz gminę."))])
    role = SelectField(_l("Rola w tej gminie"), validators=[DataRequired(_l("Wybierz rolę."))])


class RemoveMembershipForm(Form):
    membership = IntegerField(validators=[DataRequired()])
    version = HiddenField()
