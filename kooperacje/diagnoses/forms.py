"""The diagnosis form: its fields are the model's sections (see ``kooperacje.answers``)."""
from wtforms import HiddenField

from kooperacje.forms import Form


class DiagnosisForm(Form):
    #: the version the user started editing; a different stored version means someone else saved
    version = HiddenField()
