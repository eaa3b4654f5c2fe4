"""The regional dashboard's filters: a GET form, so a filtered view has an address to share and
download; every choice is checked against the voivodeship's own lists."""
from wtforms import SelectField
from wtforms.validators import ValidationError

from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l


class RegionalFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter that changes nothing

    powiat = SelectField(_l("Powiat"), default="", validate_choice=False)
    model = SelectField(_l("Model współpracy"), default="", validate_choice=False)
    since = SelectField(_l("Od kwartału"), validate_choice=False)
    until = SelectField(_l("Do kwartału"), validate_choice=False)

    def __init__(self, formdata, region, quarters):
        super().__init__(formdata)
        self.quarters = quarters
        self.by_voivodeship = region.by_voivodeship
        if region.by_voivodeship:  # the whole country's tables break down by voivodeship
            self.powiat.label.text = _l("Województwo")
        self.powiat.choices = [("", _l("wszystkie"))] + [(p, p) for p in region.powiats]
        self.model.choices = [("", _l("wszystkie"))] + list(region.models)
        codes = [(q.code, q.label) for q in quarters]
        self.since.choices, self.until.choices = codes, codes
        # the last four quarters unless chosen
        self.since.default = quarters[-min(4, len(quarters))].code
        self.until.default = quarters[-1].code
        if not (formdata and formdata.get("since")):
            self.since.data = self.since.default
        if not (formdata and formdata.get("until")):
            self.until.data = self.until.default

    def validate_powiat(self, field):
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Wybierz województwo z listy.") if self.by_voivodeship
                                  else _l("Wybierz powiat z listy."))

    def validate_model(self, field):
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Wybierz model współpracy z listy."))

    def validate_since(self, field):
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Wybierz kwartał z listy (aplikacja pokazuje ostatnie %(count)d kwartałów).",
                                     count=len(self.quarters)))

    def validate_until(self, field):
        codes = [code for code, _label in field.choices]
        if field.data not in codes:
            raise ValidationError(_l("Wybierz kwartał z listy (aplikacja pokazuje ostatnie %(count)d kwartałów).",
                                     count=len(self.quarters)))
        if self.since.data in codes and codes.index(field.data) < codes.index(self.since.data):
            raise ValidationError(_l("Kwartał końcowy nie może być wcześniejszy niż początkowy."))

    def columns(self):
        codes = [q.code for q in self.quarters]
        return tuple(range(codes.index(self.since.data), codes.index(self.until.data) + 1))

    def query_args(self):
        """The filters as chosen, for the download links."""
        return {name: self[name].data for name in ("powiat", "model", "since", "until") if self[name].data}
