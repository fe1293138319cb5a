"""From a report's parameters and its sections' figures to a :class:`ReportDocument` (the content, not the layout).

Runs under ``translation.override(report.language)``: the fixed wording is English msgids with Vietnamese
translations. The header blocks are derived from the organisation tree (Hướng dẫn 36-HD/VPTW for Party bodies,
Nghị định 30/2020/NĐ-CP for state bodies):

* **kind** — "party" when the organisation's kind is a Party body, else "state";
* **parent body** (the superior line, cơ quan cấp trên) — the organisation's ``superior_body_name`` when set (the
  superior may lie outside the tree: "BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG" above the provincial Border Guard command), else
  the nearest ancestor of the same kind of body (Party or state). A Party committee or organisation is placed under
  the Party organisation (Đảng bộ) that ancestor leads: "Đảng ủy xã Tân Thanh" under "Tỉnh ủy Lạng Sơn" → "ĐẢNG BỘ
  TỈNH LẠNG SƠN"; an organ of a committee (Văn phòng, Ban …) under the committee itself: "TỈNH ỦY LẠNG SƠN". A
  provincial committee (Tỉnh ủy, Thành ủy) has no superior line; another Party body without a Party ancestor gets
  "ĐẢNG BỘ TỈNH " + the province ("ĐẢNG BỘ TỈNH LẠNG SƠN" above "ĐẢNG ỦY BỘ ĐỘI BIÊN PHÒNG TỈNH"). A state body
  without a state ancestor and without ``superior_body_name`` has no superior line;
* **issuing body** — the organisation's name in capitals: "TỈNH ỦY LẠNG SƠN" when there is no superior line; an
  organ without the name of the body above it ("VĂN PHÒNG"); else without the province name when the superior line
  already carries it ("ĐẢNG ỦY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN" under "ĐẢNG BỘ TỈNH LẠNG SƠN" → "ĐẢNG ỦY BỘ ĐỘI BIÊN
  PHÒNG TỈNH");
* **place** (địa danh) — the unit where the body sits, from the areas of the organisation (or of its nearest
  ancestor that has any): the commune for a commune-level body ("Tân Thanh, ngày …"), the district for a
  district-level one, the province for a province-level one (see ``place_area``); else the setting
  ``REPORT_PLACE`` (default "Lạng Sơn");
* **number** — taken from the register when the report is requested (``phoihop.reports.registers``: "15-BC/TU",
  "1-BC/ĐU" for a commune's Party committee, "12/BC-BCHBĐBP").

The summary line (trích yếu) is the report's ``title`` when set, else built from the template: for the review of an
agreement "Sơ kết (Tổng kết, once the agreement has ended) thực hiện Quy chế phối hợp giữa <parties>", the issuing
organisation first and the province name left out ("Tỉnh ủy và Đảng ủy Bộ đội Biên phòng tỉnh"); for a periodic
report "Kết quả thực hiện công tác phối hợp <period>".

The body follows the official structure of a review (sơ kết / tổng kết), not the list of modules:

* **mở đầu** — the grounds (the regulation, its parties and the period) and the comparison period; the scope
  section's paragraphs (the organisations covered);
* **Phần I — kết quả thực hiện**, one heading per field of coordination of the regulation (``sections.FIELDS``),
  each holding the sections of that field (``Section.field``) or, when the system holds no data for it yet, saying
  so with a placeholder; then **đánh giá chung**: ưu điểm (``Section.strengths``), hạn chế, nguyên nhân
  (``Section.shortcomings``: overdue tasks, units that have not disseminated, overdue inspections, late figures,
  clauses with no activity, each naming the units) and bài học kinh nghiệm;
* **Phần II — phương hướng, nhiệm vụ** (``Section.directions``: open tasks, targets not yet met, the next period)
  and **kiến nghị, đề xuất**.

Every paragraph the system cannot know is a ``Placeholder`` ("[Đồng chí soạn thảo bổ sung: …]", highlighted in the
.docx); the drafter writes it on the report page (``Report.drafts``, kept with the edition) and the files are laid
out again from the stored figures.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.utils.translation import gettext as _

from phoihop.orgs.choices import AreaKind
from phoihop.reports.document import Placeholder, ReportDocument, SectionContent, Signature
from phoihop.reports.models import ReportTemplate
from phoihop.reports.prose import comparing_with
from phoihop.reports.sections import fields

REPORT_PLACE = "Lạng Sơn"

# Party committees and the Party organisations they lead (Đảng bộ): prefix of the committee's name → prefix of the
# organisation's.
_PARTY_ORGANISATION = [
    ("Tỉnh ủy ", "Đảng bộ tỉnh "),
    ("Thành ủy ", "Đảng bộ thành phố "),
    ("Huyện ủy ", "Đảng bộ huyện "),
    ("Thị ủy ", "Đảng bộ thị xã "),
    ("Quận ủy ", "Đảng bộ quận "),
    ("Đảng ủy ", "Đảng bộ "),
]
_PROVINCE_LEVEL = {AreaKind.PROVINCE: "tỉnh", AreaKind.CITY: "thành phố"}


def upper(text: str) -> str:
    return (text or "").strip().upper()


def ddmmyyyy(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


# --- organisations ----------------------------------------------------------------------------------------------

#: Levels of areas, highest first: the place line names the highest-level unit among the body's areas.
_AREA_LEVEL = {
    AreaKind.PROVINCE: 0,
    AreaKind.CITY: 0,
    AreaKind.DISTRICT: 1,
    AreaKind.COMMUNE: 2,
    AreaKind.WARD: 2,
    AreaKind.TOWNSHIP: 2,
    AreaKind.SPECIAL_ZONE: 2,
}
#: Unit types at the start of an area's name, left out of the place line ("Xã Tân Thanh" → "Tân Thanh").
_UNIT_TYPES = ("Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Xã", "Phường", "Thị trấn", "Đặc khu")
#: Provincial committees: the top of a provincial Party organisation, with no superior line (36-HD).
_PROVINCIAL_COMMITTEES = ("Tỉnh ủy ", "Thành ủy ")
#: Names of Party organisations and committees; any other Party body is an organ of a committee (Văn phòng, Ban …).
_PARTY_ORGANISATIONS = (*(committee for committee, _org in _PARTY_ORGANISATION), "Đảng bộ ", "Chi bộ ")


def ancestors(organisation) -> list:
    """The organisation's ancestors, nearest first."""
    return list(reversed(list(organisation.ancestors().select_related("kind"))))


def _area_chain(area) -> list:
    """The area and the areas above it, nearest first."""
    chain = []
    while area is not None and len(chain) < 10:
        chain.append(area)
        area = area.parent
    return chain


def province_area(organisation):
    """The province (or centrally-run city) area of the organisation or of its nearest ancestor that has one."""
    from phoihop.orgs.selectors import province_of

    return province_of(organisation)


def bare_area_name(area) -> str:
    """The name without its unit type and notes: "Tỉnh Lạng Sơn" → "Lạng Sơn", "Xã Tân Thanh" → "Tân Thanh",
    "Huyện Cao Lộc (đã giải thể)" → "Cao Lộc"."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", area.name.strip())
    for unit in _UNIT_TYPES:
        if name.casefold().startswith(unit.casefold() + " ") and len(name) > len(unit) + 1:
            return name[len(unit) + 1 :].strip()
    return name


def province_name(organisation) -> str:
    """The province of the organisation ("Lạng Sơn"), else the setting ``REPORT_PLACE``."""
    area = province_area(organisation)
    if area is not None:
        return bare_area_name(area)
    return getattr(settings, "REPORT_PLACE", REPORT_PLACE)


def place_area(organisation):
    """The area the place line names: among the areas of the organisation (or of its nearest ancestor that has
    any), the one of the highest level — a commune for a commune-level body, a district for a district-level one,
    the province for a province-level one; a village stands for its commune. Several areas of that level (a border
    post covering two communes) give the nearest area above them all."""
    for org in [organisation, *ancestors(organisation)]:
        areas = []
        for area in org.areas.all():
            unit = next((a for a in _area_chain(area) if a.kind in _AREA_LEVEL), None)
            if unit is not None and unit not in areas:
                areas.append(unit)
        if not areas:
            continue
        top = min(_AREA_LEVEL[area.kind] for area in areas)
        highest = [area for area in areas if _AREA_LEVEL[area.kind] == top]
        if len(highest) == 1:
            return highest[0]
        chains = [_area_chain(area)[1:] for area in highest]
        return next((a for a in chains[0] if all(a in chain for chain in chains[1:])), None)
    return None


def place_of(organisation) -> str:
    """The place line's địa danh: the name of :func:`place_area` ("Tân Thanh" for a commune's Party committee,
    "Lạng Sơn" for a provincial body), else the setting ``REPORT_PLACE`` (default "Lạng Sơn")."""
    area = place_area(organisation)
    if area is not None:
        return bare_area_name(area)
    return getattr(settings, "REPORT_PLACE", REPORT_PLACE)


def party_organisation_name(committee_name: str) -> str:
    """ "Tỉnh ủy Lạng Sơn" → "Đảng bộ tỉnh Lạng Sơn"; names of other kinds are kept."""
    for committee, organisation in _PARTY_ORGANISATION:
        if committee_name.startswith(committee):
            return organisation + committee_name[len(committee) :]
    return committee_name


def is_provincial_committee(organisation) -> bool:
    return bool(organisation.kind.is_party_body) and organisation.name.startswith(_PROVINCIAL_COMMITTEES)


def parent_body(organisation) -> str:
    """The superior line of the header (see the module docstring)."""
    if (organisation.superior_body_name or "").strip():
        return upper(organisation.superior_body_name)
    party = bool(organisation.kind.is_party_body)
    for ancestor in ancestors(organisation):
        if bool(ancestor.kind.is_party_body) != party:
            continue
        if not party:
            return upper(ancestor.name)
        if organisation.name.startswith(_PARTY_ORGANISATIONS):
            return upper(party_organisation_name(ancestor.name))
        return upper(ancestor.name)  # an organ of the committee: "TỈNH ỦY LẠNG SƠN" above "VĂN PHÒNG"
    if not party or is_provincial_committee(organisation):
        return ""
    area = province_area(organisation)
    if area is not None:
        return upper(f"Đảng bộ {_PROVINCE_LEVEL[area.kind]} {bare_area_name(area)}")
    return upper(f"Đảng bộ tỉnh {getattr(settings, 'REPORT_PLACE', REPORT_PLACE)}")


def without_place(name: str, place: str) -> str:
    """The name without a trailing province name: "Tỉnh ủy Lạng Sơn" → "Tỉnh ủy"."""
    if place:
        stripped = re.sub(rf"\s+{re.escape(place)}\s*$", "", name, flags=re.IGNORECASE)
        if stripped.strip():
            return stripped.strip()
    return name.strip()


def issuing_body(organisation, parent: str, place: str = "") -> str:
    """The issuing body's line: the name in capitals; an organ named after the body of the superior line without
    it ("VĂN PHÒNG TỈNH ỦY LẠNG SƠN" under "TỈNH ỦY LẠNG SƠN" → "VĂN PHÒNG"), else without the province name when the
    superior line carries it ("ĐẢNG ỦY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN" under "ĐẢNG BỘ TỈNH LẠNG SƠN" → "ĐẢNG ỦY BỘ
    ĐỘI BIÊN PHÒNG TỈNH")."""
    name = upper(organisation.name)
    if not parent:
        return name
    if name.endswith(f" {parent}") and len(name) > len(parent) + 1:
        return name[: -len(parent) - 1].strip()
    for candidate in (province_name(organisation), place):
        if candidate and upper(candidate) in parent:
            return upper(without_place(name, upper(candidate)))
    return name


def document_kind(organisation) -> str:
    return "party" if organisation.kind.is_party_body else "state"


# --- wording ----------------------------------------------------------------------------------------------------


def join_names(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def agreement_parties(report, place: str) -> list[str]:
    """The agreement's parties, the issuing organisation first, each without the province name."""
    agreement = report.agreement
    if agreement is None:
        return []
    parties = sorted(agreement.parties.all(), key=lambda o: (o.pk != report.organisation_id, o.path, o.name))
    return [without_place(party.name, place) for party in parties]


def period_phrase(report) -> str:
    """ "tháng 7 năm 2025", "quý III năm 2025", "6 tháng đầu năm 2025", "năm 2025", "từ ngày … đến ngày …"."""
    start, end = report.period_start, report.period_end
    template = report.template
    if template == ReportTemplate.MONTHLY:
        return _("for month %(month)s of %(year)s") % {"month": start.month, "year": start.year}
    if template == ReportTemplate.QUARTERLY:
        quarter = ["I", "II", "III", "IV"][(start.month - 1) // 3]
        return _("for quarter %(quarter)s of %(year)s") % {"quarter": quarter, "year": start.year}
    if template == ReportTemplate.HALF_YEAR:
        if start.month <= 6:
            return _("for the first six months of %(year)s") % {"year": start.year}
        return _("for the last six months of %(year)s") % {"year": start.year}
    if template == ReportTemplate.YEARLY:
        return _("for the year %(year)s") % {"year": start.year}
    return _("from %(start)s to %(end)s") % {"start": ddmmyyyy(start), "end": ddmmyyyy(end)}


def is_final_review(report) -> bool:
    agreement = report.agreement
    return bool(agreement and agreement.valid_to and report.period_end >= agreement.valid_to)


def default_title(report, place: str | None = None) -> str:
    """The summary line (trích yếu) of a report whose title was left empty."""
    place = place if place is not None else province_name(report.organisation)
    if report.template == ReportTemplate.AGREEMENT_REVIEW and report.agreement_id:
        parties = join_names(agreement_parties(report, place))
        if is_final_review(report):
            return _("Final review of the implementation of the coordination regulation between %(parties)s") % {
                "parties": parties
            }
        return _("Interim review of the implementation of the coordination regulation between %(parties)s") % {
            "parties": parties
        }
    return _("Results of the coordination work %(period)s") % {"period": period_phrase(report)}


def reporting_body(report) -> str:
    """Who "reports" in the prose: the collective that signs ("T/M BAN THƯỜNG VỤ" → "Ban Thường vụ Tỉnh ủy Lạng
    Sơn"), else the organisation — so the first sentence and the signature block name the same body."""
    name = report.organisation.name
    on_behalf = (report.signer_on_behalf or "").strip()
    for prefix in ("T/M ", "TM. ", "TM ", "T/M. "):
        if on_behalf.upper().startswith(prefix):
            collective = on_behalf[len(prefix) :].strip()
            if report.organisation.kind.is_party_body and collective:
                words = collective.lower()
                return f"{words[:1].upper()}{words[1:]} {name}".replace("thường vụ", "Thường vụ")
    return name


def introduction(report, ctx, place: str) -> list[str]:
    """Mở đầu: the grounds (the regulation and its period, or the period of the work) and what the figures cover
    and are compared with."""
    issuer = reporting_body(report)
    period = {"start": ddmmyyyy(report.period_start), "end": ddmmyyyy(report.period_end)}
    agreement = report.agreement
    if report.template == ReportTemplate.AGREEMENT_REVIEW and agreement is not None:
        parties = join_names([p.name for p in agreement.parties.all().order_by("path")])
        values = {"number": agreement.number, "parties": parties, "issuer": issuer, **period}
        if agreement.signed_on:
            first = _(
                "Implementing the coordination regulation No. %(number)s of %(date)s between %(parties)s, "
                "%(issuer)s reports on the results of its implementation from %(start)s to %(end)s as follows:"
            ) % {**values, "date": ddmmyyyy(agreement.signed_on)}
        else:
            first = (
                _(
                    "Implementing the coordination regulation No. %(number)s between %(parties)s, %(issuer)s reports "
                    "on the results of its implementation from %(start)s to %(end)s as follows:"
                )
                % values
            )
    else:
        first = _("%(issuer)s reports on the results of the coordination work %(period)s as follows:") % {
            "issuer": issuer,
            "period": period_phrase(report),
        }
    previous_start, previous_end = ctx.previous
    dates = {"start": ddmmyyyy(previous_start), "end": ddmmyyyy(previous_end)}
    if ctx.multi_year:
        comparison = (
            _(
                "Figures cover the organisations in the scope of the report and are compared with the previous "
                "period of the same length (from %(start)s to %(end)s)."
            )
            % dates
        )
    else:
        comparison = (
            _(
                "Figures cover the organisations in the scope of the report and are compared with the same period of "
                "the previous year (from %(start)s to %(end)s)."
            )
            % dates
        )
    return [first, comparison]


def next_period_phrase(report) -> str:
    """ "tháng 8 năm 2025", "quý IV năm 2025", "6 tháng cuối năm 2025", "năm 2026"; for the review of an agreement
    "thời gian còn lại của Quy chế" (interim) or "giai đoạn tiếp theo" (final); else "thời gian tới"."""
    start, end = report.period_start, report.period_end
    following = end + datetime.timedelta(days=1)
    template = report.template
    if template == ReportTemplate.MONTHLY:
        return _("month %(month)s of %(year)s") % {"month": following.month, "year": following.year}
    if template == ReportTemplate.QUARTERLY:
        quarter = ["I", "II", "III", "IV"][(following.month - 1) // 3]
        return _("quarter %(quarter)s of %(year)s") % {"quarter": quarter, "year": following.year}
    if template == ReportTemplate.HALF_YEAR:
        if start.month <= 6:
            return _("the last six months of %(year)s") % {"year": start.year}
        return _("the first six months of %(year)s") % {"year": start.year + 1}
    if template == ReportTemplate.YEARLY:
        return _("the year %(year)s") % {"year": start.year + 1}
    if template == ReportTemplate.AGREEMENT_REVIEW and report.agreement_id:
        if is_final_review(report):
            return _("the next period")
        return _("the remaining period of the regulation")
    return _("the coming period")


def placeholder(key: str, prompt, drafts: dict) -> Placeholder:
    return Placeholder(key=key, prompt=str(prompt), text=str(drafts.get(key) or ""))


def dashed(sentences) -> list[str]:
    """Sentences as the dashed items of an administrative list: "- Còn 5 nhiệm vụ quá hạn …"."""
    return [f"- {sentence}" for sentence in sentences if sentence]


def _contributions(rendered, method, ctx) -> list[str]:
    sentences = []
    for section, figures, _content in rendered:
        sentences.extend(getattr(section, method)(ctx, figures))
    return sentences


def results_part(report, ctx, rendered, drafts) -> list[SectionContent]:
    """Phần I — kết quả thực hiện, by the regulation's fields of coordination, then đánh giá chung."""
    body = [SectionContent("results", _("Results of the implementation"), [], level=0)]
    for field in fields():
        contents = [content for section, _figures, content in rendered if section.field == field.key]
        if contents:
            body.append(SectionContent(f"field:{field.key}", str(field.title), [], level=1))
            for content in contents:
                content.level = 2
                body.append(content)
        else:
            body.append(
                SectionContent(
                    f"field:{field.key}",
                    str(field.title),
                    [
                        _("The system holds no data on this field for the period yet."),
                        placeholder(f"field:{field.key}", field.prompt, drafts),
                    ],
                    level=1,
                )
            )
    strengths = dashed(_contributions(rendered, "strengths", ctx))
    shortcomings = dashed(_contributions(rendered, "shortcomings", ctx))
    body += [
        SectionContent("evaluation", _("General evaluation"), [], level=1),
        SectionContent(
            "strengths",
            _("Strengths"),
            [
                *strengths,
                placeholder(
                    "strengths",
                    _("the overall assessment of the coordination between the parties and its other strengths"),
                    drafts,
                ),
            ],
            level=2,
        ),
        SectionContent(
            "shortcomings",
            _("Shortcomings and their causes"),
            [
                *(shortcomings or [_("The figures of the system show no overdue work in the period.")]),
                placeholder("causes", _("the objective and subjective causes of the shortcomings"), drafts),
            ],
            level=2,
        ),
        SectionContent(
            "lessons",
            _("Lessons learned"),
            [placeholder("lessons", _("the lessons learned from the coordination in the period"), drafts)],
            level=2,
        ),
    ]
    return body


def directions_part(report, ctx, rendered, drafts) -> list[SectionContent]:
    """Phần II — phương hướng, nhiệm vụ (drafted from the open work the figures show) and kiến nghị, đề xuất."""
    organisation = report.organisation
    directions = dashed(_contributions(rendered, "directions", ctx))
    if organisation.valid_to and organisation.valid_to <= report.issued_on:
        successor = organisation.successor if organisation.successor_id else None
        lead = _(
            "%(issuer)s ended its activity on %(date)s; the unfinished work passes to %(successor)s, which continues:"
        ) % {
            "issuer": organisation.name,
            "date": ddmmyyyy(organisation.valid_to),
            "successor": successor.name if successor else _("the organisation that takes over its tasks"),
        }
    else:
        lead = _("In %(period)s, %(issuer)s concentrates on leading and directing the following tasks:") % {
            "period": next_period_phrase(report),
            "issuer": reporting_body(report),
        }
    return [
        SectionContent("outlook", _("Directions, tasks and proposals"), [], level=0),
        SectionContent(
            "directions",
            _("Directions and tasks for the coming period"),
            [
                lead,
                *directions,
                placeholder("directions", _("the other key tasks of the coming period"), drafts),
            ],
            level=1,
        ),
        SectionContent(
            "proposals",
            _("Proposals and recommendations"),
            [placeholder("proposals", _("the proposals to the higher level and to the parties"), drafts)],
            level=1,
        ),
    ]


def closing(report, title: str) -> list[str]:
    return [
        _("The above is the report on %(title)s of %(issuer)s.")
        % {"issuer": reporting_body(report), "title": _lower_first(title)}
    ]


def _lower_first(text: str) -> str:
    """ "Sơ kết thực hiện …" → "sơ kết thực hiện …"; a title starting with an abbreviation or a name in capitals
    ("UBND …") is kept."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def build_document(report, ctx, figures_by_section, drafts=None) -> ReportDocument:
    """The content of ``report``. ``figures_by_section`` is a list of (section, figures) in report order;
    ``drafts`` the paragraphs the drafter wrote for the placeholders (the report's own by default)."""
    drafts = report.drafts if drafts is None else drafts
    drafts = drafts if isinstance(drafts, dict) else {}
    organisation = report.organisation
    place = province_name(organisation)  # left out of the parties' names
    parent = parent_body(organisation)
    with comparing_with("previous_period" if ctx.multi_year else "last_year"):
        rendered = [(section, figures, section.render(ctx, figures)) for section, figures in figures_by_section]
        scope = [content for section, _figures, content in rendered if section.field == "scope"]
        fielded = [item for item in rendered if item[0].field != "scope"]
        intro = introduction(report, ctx, place)
        for content in scope:
            intro.extend(content.paragraphs)
        sections = [*results_part(report, ctx, fielded, drafts), *directions_part(report, ctx, fielded, drafts)]
        # the scope's annex tables come first
        if scope:
            sections[0].tables = [table for content in scope for table in content.tables]
    title = report.title or default_title(report, place)
    return ReportDocument(
        kind=document_kind(organisation),
        parent_body=parent,
        issuing_body=issuing_body(organisation, parent, place),
        number=report.number,
        place=place_of(organisation),
        date=report.issued_on,
        doc_type_name=upper(_("Report")),
        title=title,
        introduction=intro,
        sections=sections,
        conclusion=closing(report, title),
        signature=Signature(on_behalf=report.signer_on_behalf, title=report.signer_title, name=report.signer_name),
        recipients=report.recipient_lines(),
        annex_title=upper(_("Annex")),
        period_text=_("(From %(start)s to %(end)s)")
        % {"start": ddmmyyyy(report.period_start), "end": ddmmyyyy(report.period_end)},
    )
