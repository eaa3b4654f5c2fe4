from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from kooperacje.fields import IntegerField, MultiCheckboxField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.plans.vocabulary import ACTION_STATES


class GoalForm(Form):
    number = IntegerField(_l("Numer celu"), validators=[
        DataRequired(_l("Podaj numer celu.")), NumberRange(min=1, max=999, message=_l("Podaj numer od 1 do 999."))])
    title = StringField(_l("Cel"), validators=[DataRequired(_l("Podaj nazwę celu.")), Length(max=300)])
    description = TextAreaField(_l("Opis"), validators=[Length(max=4000)])
    indicator = TextAreaField(_l("Wskaźnik osiągnięcia"), validators=[Length(max=2000)],
                              description=_l("Po czym zespół pozna, że cel został osiągnięty, np. "
                                             "„20 rodzin objętych asystenturą do końca roku”."))
    target_on = DateField(_l("Termin osiągnięcia"), validators=[Optional()])
    #: the version the user started editing; a different stored version means someone else saved
    version = HiddenField()


#: what the goal form edits (its version is the optimistic lock's, never copied)
GOAL_FIELDS = ("number", "title", "description", "indicator", "target_on")


class ActionForm(Form):
    title = StringField(_l("Działanie"), validators=[DataRequired(_l("Podaj nazwę działania.")), Length(max=300)])
    owner_institution_id = SelectField(_l("Instytucja odpowiedzialna"), coerce=int, validate_choice=False,
                                       validators=[Optional()])
    starts_on = DateField(_l("Początek"), validators=[Optional()])
    ends_on = DateField(_l("Koniec"), validators=[Optional()])
    state = SelectField(_l("Stan"), choices=list(ACTION_STATES.items()))
    note = TextAreaField(_l("Uwagi"), validators=[Length(max=4000)])
    meeting_id = SelectField(_l("Spotkanie, na którym uzgodniono działanie"), coerce=int, validate_choice=False,
                             validators=[Optional()])
    task_ids = MultiCheckboxField(_l("Zadania partnerów realizujące działanie"), coerce=int, validate_choice=False,
                                  description=_l("Do wyboru są zadania zespołu w toku oraz już powiązane."))
    version = HiddenField()  # as in GoalForm

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Koniec działania nie może być wcześniejszy niż jego początek."))

    def validate_owner_institution_id(self, field):
        if field.data and field.data not in {key for key, _label in field.choices}:
            raise ValidationError(_l("Wybierz instytucję członkowską tego zespołu."))

    def validate_meeting_id(self, field):
        if field.data and field.data not in {key for key, _label in field.choices}:
            raise ValidationError(_l("Wybierz spotkanie tego zespołu."))

    def validate_task_ids(self, field):
        allowed = {key for key, _label in field.choices}
        if any(task_id not in allowed for task_id in field.data or ()):
            raise ValidationError(_l("Wybierz zadania tego zespołu."))


#: what the action form edits directly (the task links are saved beside them)
ACTION_FIELDS = ("title", "owner_institution_id", "starts_on", "ends_on", "state", "note", "meeting_id")
