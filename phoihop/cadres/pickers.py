"""How cadres and ethnic groups are chosen in a search picker (``core.pickers``).

A person is personal data: the endpoint answers through the gate (``Person.objects.restrict(user, "view")``), so
only a user holding the personal-data permission over the person's organisation finds anyone, and a form's person
field offers only the people the user may record for. A cadre plan is found by its title or committee ("chinh tri
vien", "ba son"), with its term and committee shown. The ethnic groups are the 54 of QĐ 1019/QĐ-TCTK, found by
name or by code ("07", "nung").
"""

from django.db.models import Q

from phoihop.cadres.models import CadrePlan, EthnicGroup, Person
from phoihop.core.pickers import register
from phoihop.core.text import search_terms


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def person_hint(person) -> str:
    """The year of birth and the organisation: two "Nguyễn Văn Hùng" differ by them."""
    organisation = person.organisation
    return _joined(person.birth_date.year if person.birth_date else "", organisation.short_name or organisation.name)


register(
    "person",
    Person,
    label=lambda person: person.full_name,
    hint=person_hint,
    order_by=("full_name", "id"),  # index cadres_person_name
    select_related=("organisation",),
)


def ethnic_group_search(queryset, query):
    """A code ("07") or words of the name ("nung", "kho me")."""
    for term in search_terms(query):
        queryset = queryset.filter(Q(code=term) | Q(search_text__contains=term))
    return queryset


register(
    "ethnicgroup",
    EthnicGroup,
    label=lambda group: group.name,
    hint=lambda group: group.code,
    order_by=("sort_order", "name", "id"),  # index cadres_ethnic_order
    search=ethnic_group_search,
)


register(
    "cadreplan",
    CadrePlan,
    label=str,  # "Chính trị viên đồn biên phòng (2025–2030)"
    hint=lambda plan: plan.organisation.short_name or plan.organisation.name,
    order_by=("term", "title", "id"),  # index cadres_plan_term
    select_related=("organisation",),
)
