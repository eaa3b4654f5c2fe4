"""A diagnosis's estimate of the cost of inaction, in its DOCX (run inside the diagnosis's
statutory builder: Polish)."""
from babel.numbers import format_decimal

from kooperacje.i18n import gettext as _


def _money(value):
    return f"{format_decimal(value, format='#,##0.00', locale='pl')} zł"


def _quantity(value):
    return format_decimal(value, format="#,##0.##", locale="pl")


def add_estimate(blocks, title, references, total):
    """Per area the items with their quantity, unit cost and cost; the total last."""
    blocks.heading(title, level=2)
    for reference in references:
        blocks.paragraph(reference.area_name, bold=True)
        if reference.note:
            blocks.paragraph(reference.note)
        if reference.lines:
            rows = [(line.item_name + (f" ({line.source}, {line.source_year})" if line.source and line.source_year
                                       else f" ({line.source})" if line.source else ""),
                     f"{_quantity(line.quantity)} {line.unit}", _money(line.unit_cost), _money(line.cost))
                    for line in reference.lines]
            rows.append((_("Razem w obszarze"), "", "", _money(reference.estimate)))
            blocks.table([_("Pozycja kosztu"), _("Ilość"), _("Koszt jednostkowy"), _("Razem")], rows,
                         widths=(7.5, 3, 3, 3))
    blocks.paragraph(_("Szacunkowy koszt zaniechania: %(total)s", total=_money(total)), bold=True)
