from wtforms import (BooleanField, DateField, FieldList, FormField, HiddenField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from kooperacje.clock import local_today
from kooperacje.contracts.vocabulary import (ACTION_PARTIES, APPROVAL_DECISIONS, CONTRACT_ENDINGS, CONTRACT_STATUSES,
                                             CONTRACT_VARIANTS, GOAL_OUTCOMES, current_labour_market_list)
from kooperacje.fields import MultiCheckboxField
from kooperacje.forms import Form, RowForm, VersionForm
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.text import single_line


class GoalForm(RowForm):
    id = HiddenField()
    text = TextAreaField(_l("Cel szczegółowy"), validators=[Length(max=2000)])
    remove = BooleanField(_l("Usuń ten cel"))


class ActionForm(RowForm):
    id = HiddenField()
    party = SelectField(_l("Kto"), choices=list(ACTION_PARTIES.items()))
    # The choice is checked in validate() with a message of our own (WTForms' would echo the value).
    institution_id = SelectField(_l("Instytucja partnerska"), coerce=int, choices=[], validate_choice=False,
                                 validators=[Optional()])
    description = TextAreaField(_l("Działanie"), validators=[Length(max=2000)])
    method = TextAreaField(_l("Sposób realizacji"), validators=[Length(max=2000)])
    due_on = DateField(_l("Termin"), validators=[Optional()])
    remove = BooleanField(_l("Usuń to działanie"))

    def is_empty(self):
        return not (self.description.data or "").strip() and not (self.method.data or "").strip() and not self.due_on.data

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.remove.data or self.is_empty():
            return valid
        if not (self.description.data or "").strip():
            self.description.errors.append(_l("Opisz działanie albo zaznacz „Usuń”."))
            valid = False
        if self.party.data == "partner" and not self.institution_id.data:
            self.institution_id.errors.append(_l("Wskaż instytucję, która wykona działanie."))
            valid = False
        elif self.party.data == "partner" and not self._offered(self.institution_id):
            # another municipality's or no institution's id: the same answer, whichever it is
            self.institution_id.errors.append(_l("Wybierz instytucję z listy partnerów PZK."))
            valid = False
        return valid

    @staticmethod
    def _offered(field):
        return field.data in {value for value, _label in field.choices if value}


class ContractForm(Form):
    variant = RadioField(_l("Wariant kontraktu"), choices=list(CONTRACT_VARIANTS.items()), default="A",
                         validators=[InputRequired(_l("Wybierz wariant kontraktu."))])
    worker_phone = StringField(_l("Telefon kontaktowy pracownika socjalnego"), validators=[Length(max=40)])
    covered_member_ids = MultiCheckboxField(_l("Członkowie rodziny objęci kontraktem (wariant A)"), coerce=int, choices=[])
    causes = TextAreaField(_l("Przyczyny trudnej sytuacji życiowej i z czego wynikają"), validators=[Length(max=8000)])
    resources = TextAreaField(_l("Możliwości i zasoby osoby lub rodziny (mocne strony)"), validators=[Length(max=8000)])
    limitations = TextAreaField(_l("Ograniczenia i bariery"), validators=[Length(max=8000)])
    labour_situations = MultiCheckboxField(_l("Sytuacja na rynku pracy (wariant B)"),
                                           choices=list(current_labour_market_list().groups.items()))
    referral_office = StringField(_l("Powiatowy urząd pracy, który skierował osobę"), filters=(single_line,),
                                  validators=[Length(max=200)])
    referral_on = DateField(_l("Data skierowania"), validators=[Optional()])
    referral_number = StringField(_l("Numer (znak) skierowania"), filters=(single_line,),
                                  validators=[Length(max=60)])
    unemployment_causes = TextAreaField(_l("Przyczyny pozostawania bez pracy"), validators=[Length(max=8000)])
    job_search_limits = TextAreaField(_l("Ograniczenia w znalezieniu pracy"), validators=[Length(max=8000)])
    earlier_activation = TextAreaField(_l("Dotychczasowe formy aktywizacji zawodowej"),
                                       validators=[Length(max=8000)])
    activation_failure = TextAreaField(_l("Przyczyny nieskuteczności dotychczasowych form aktywizacji"),
                                       validators=[Length(max=8000)])
    main_goal = TextAreaField(_l("Cel główny"), validators=[Length(max=2000)])
    goals = FieldList(FormField(GoalForm), min_entries=0)
    actions = FieldList(FormField(ActionForm), min_entries=0)
    period_from = DateField(_l("Kontrakt obowiązuje od"), validators=[Optional()])
    period_to = DateField(_l("Kontrakt obowiązuje do"), validators=[Optional()])
    next_review_on = DateField(_l("Najbliższy przegląd realizacji"), validators=[Optional()])
    version = HiddenField()
    #: shown only when a date looks like a slip (contracts.implausibilities): the worker confirms
    confirm_implausible = BooleanField(_l("Rozumiem, zapisz mimo to"))

    def validate_referral_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("Data skierowania nie może być późniejsza niż dzisiejsza."))

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise ValidationError(_l("Koniec okresu nie może być wcześniejszy niż jego początek."))


class SignContractForm(VersionForm):
    concluded_on = DateField(_l("Data zawarcia kontraktu"), validators=[InputRequired(_l("Podaj datę zawarcia."))])


class ApprovalForm(VersionForm):
    decision = RadioField(_l("Decyzja kierownika ośrodka"), choices=list(APPROVAL_DECISIONS.items()),
                          validators=[InputRequired(_l("Wybierz: zatwierdzić czy zwrócić."))])
    remark = TextAreaField(_l("Uwaga dla pracownika socjalnego"), validators=[Length(max=2000)],
                           description=_l("Wymagana przy zwróceniu: napisz, co poprawić."))

    def validate_remark(self, field):
        if self.decision.data == "return" and not (field.data or "").strip():
            raise ValidationError(_l("Napisz, co pracownik ma poprawić."))


class AmendmentForm(Form):
    made_on = DateField(_l("Data zmiany"), validators=[InputRequired(_l("Podaj datę zmiany."))])
    text = TextAreaField(_l("Treść zmiany"), validators=[DataRequired(_l("Opisz zmianę.")), Length(max=4000)])
    period_to = DateField(_l("Nowy termin zakończenia kontraktu"), validators=[Optional()],
                          description=_l("Wypełnij tylko, gdy zmiana przedłuża lub skraca kontrakt."))
    confirm_implausible = BooleanField(_l("Rozumiem, zapisz mimo to"))


class GoalOutcomeForm(RowForm):
    id = HiddenField()
    outcome = SelectField(_l("Ocena realizacji celu"), choices=[("", "—"), *GOAL_OUTCOMES.items()],
                          validators=[Optional()])
    outcome_reason = TextAreaField(_l("Uzasadnienie, przyczyny nieosiągnięcia"), validators=[Length(max=4000)])


class EvaluationForm(Form):
    goals = FieldList(FormField(GoalOutcomeForm), min_entries=0)
    ending = SelectField(_l("Zakończenie kontraktu"), choices=[("", "—"), *CONTRACT_ENDINGS.items()],
                         validators=[Optional()])
    ended_on = DateField(_l("Data zakończenia"), validators=[Optional()])
    ending_reason = TextAreaField(_l("Uzasadnienie rozwiązania"), validators=[Length(max=4000)])
    summary = TextAreaField(_l("Ocena końcowa i wnioski"), validators=[Length(max=8000)])
    version = HiddenField()


class ExportForm(Form):
    """Which contracts go into the ZIP: all, or by worker, status and the period they were
    concluded in. Choices are checked with messages of our own (WTForms' would echo the value)."""

    worker_id = SelectField(_l("Pracownik socjalny"), choices=[], validate_choice=False)
    contract_status = SelectField(_l("Stan kontraktu"), choices=[("", _l("wszystkie")), *CONTRACT_STATUSES.items()],
                                  validate_choice=False)
    concluded_from = DateField(_l("Zawarte od dnia"), validators=[Optional()])
    concluded_to = DateField(_l("Zawarte do dnia"), validators=[Optional()])

    def set_workers(self, workers):
        self.worker_id.choices = [("", _l("wszyscy")), *((str(w.id), w.full_name) for w in workers)]

    def validate_worker_id(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz pracownika z listy."))

    def validate_contract_status(self, field):
        if field.data and field.data not in CONTRACT_STATUSES:
            raise ValidationError(_l("Wybierz stan kontraktu z listy."))

    def validate_concluded_to(self, field):
        if field.data and self.concluded_from.data and field.data < self.concluded_from.data:
            raise ValidationError(_l("Data końcowa nie może być wcześniejsza niż początkowa."))

    def filters(self):
        """The chosen filters, as :func:`contracts.exports.request_export` takes them."""
        return {"worker_id": int(self.worker_id.data) if self.worker_id.data else None,
                "contract_status": self.contract_status.data or None,
                "concluded_from": self.concluded_from.data, "concluded_to": self.concluded_to.data}
