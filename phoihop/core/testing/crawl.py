"""Walk every page of the site as a signed-in user and find English shown under Vietnamese.

``build_crawl_data(world)`` puts one record of every registered type (post A's, so that post A's users and the
province's see it), more tasks than a page holds and a bit of everything else (notifications, a progress report,
an extension request, a generated report, a deleted record) on top of the test world. ``page_urls(records)``
resolves every URL pattern of the site with those records. ``visible_texts(html)`` reads what a person sees: the
text and the placeholder, title, aria-label, alt, label, hx-confirm, button values and option labels, not scripts,
styles, machine names in ``<code>`` or the language switch (which names English in English). ``english_leaks(texts)``
says which of them are English:

- an English msgid of our catalogue or of any installed package's (Django, DRF, django-filter, django-tables2,
  auditlog, import-export …) shown untranslated, whole or with its placeholders filled;
- a word or phrase of ``NEVER_ENGLISH`` (next, previous, Yes, No, None, True, Task Result …);
- a machine date or time (2026-01-15, 10:12:05.123456, +00:00);
- the name of a package's model or app that has no Vietnamese name ("Task Result", "access attempt");
- a run of English words (the words of all the catalogues' msgids) with no Vietnamese letter.

Used by ``phoihop/core/tests/test_no_english.py``.
"""

import datetime
import functools
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

TODAY = datetime.date(2026, 1, 15)


# --- the data ------------------------------------------------------------------------------------------------


def build_crawl_data(world, *, tasks=30):
    """One record of every registered type, post A's (or the province's), keyed by model label; a deleted one,
    ``tasks`` tasks (more than a page of 25), an extension request, notifications and a report."""
    from phoihop.accounts.models import Membership
    from phoihop.border.models import BorderSegment, Gate, Inspection, Patrol
    from phoihop.core.services import record_delete
    from phoihop.core.testing.world import make_user
    from phoihop.movements.models import Occasion, TwinningActivity
    from phoihop.movements.tests import factories as movements
    from phoihop.orgs.models import Agreement, Area, Clause, OrganisationKind, SharingRule
    from phoihop.programs.choices import PeriodType
    from phoihop.programs.models import HouseFunding, PeriodicFigure
    from phoihop.programs.tests import factories as programs
    from phoihop.reports import services as report_services
    from phoihop.reports.models import ReportTemplate
    from phoihop.work import services as work_services
    from phoihop.work.models import (
        Conclusion,
        Dissemination,
        DisseminationSession,
        Document,
        EthnicLanguage,
        Notification,
        OutreachSession,
        OutreachTopic,
        ReviewConference,
    )
    from phoihop.work.tests.factories import document_type, make_task

    w = world
    # the test world's few English names (its organisation kind, its users' names from their user names) would
    # read as leaks: Vietnamese names instead
    OrganisationKind.objects.filter(pk=w.kind.pk).update(name="Loại đơn vị thử nghiệm")
    for n, user in enumerate(vars(w).values()):
        if hasattr(user, "full_name"):
            type(user).objects.filter(pk=user.pk).update(full_name=f"Nguyễn Văn Thử {n}")
            user.refresh_from_db()
    places = movements.build_places()
    records = {}

    def keep(obj):
        records[obj._meta.label] = obj
        return obj

    # organisations, areas, sharing, agreements
    keep(Membership.objects.get(user=w.a_reporter, organisation=w.a))
    keep(w.a_reporter)
    keep(Area.objects.get(pk=places.ba_son.pk))
    keep(OrganisationKind.objects.get(pk=w.kind.pk))
    keep(w.a)
    keep(SharingRule.objects.create(owner=w.a, viewer=w.province, mode="full"))
    agreement = keep(
        Agreement.objects.create(number="01-QC/TU", title="Quy chế phối hợp biên giới", owner=w.a, signed_on=TODAY)
    )
    agreement.parties.set([w.a, w.province])
    clause = keep(Clause.objects.create(agreement=agreement, number=1, title="Phối hợp tuyên truyền"))

    # border
    segment = keep(BorderSegment.objects.create(code="DT-1", name="Đoạn Ba Sơn", post=w.a))
    keep(Gate.objects.create(name="Cửa khẩu Chi Ma", gate_class="main", post=w.a))
    marker = keep(movements.make_marker(w.a, number="1116", commune=places.ba_son, segment=segment))
    start = datetime.datetime(2025, 7, 1, 7, tzinfo=datetime.UTC)
    keep(
        Patrol.objects.create(
            post=w.a, started_at=start, ended_at=start + datetime.timedelta(hours=4), route="Tuyến mốc 1116"
        )
    )
    keep(
        Inspection.objects.create(
            marker=marker, inspected_on=datetime.date(2025, 7, 1), condition="intact", inspecting_unit=w.a, notes="Tốt"
        )
    )

    # work
    kind = keep(document_type())
    document = Document(
        owner=w.a, doc_type=kind, number="12-CT/TU", subject="Về tăng cường quản lý biên giới", issuing_body="Tỉnh ủy"
    )
    document.full_clean()
    document.save()
    keep(document)
    duty = keep(
        Dissemination.objects.create(
            document=document,
            organisation=w.a,
            assigned_by=w.a,
            deadline=datetime.date.today() + datetime.timedelta(30),
        )
    )
    keep(
        DisseminationSession.objects.create(
            dissemination=duty, held_on=datetime.date(2025, 7, 2), participants=20, expected=25
        )
    )
    topic = keep(OutreachTopic.objects.create(code="moc-gioi", name="Kết quả phân giới cắm mốc"))
    language = keep(EthnicLanguage.objects.create(code="tay", name="Tày"))
    session = keep(
        OutreachSession.objects.create(
            owner=w.a, commune=places.ba_son, held_on=datetime.date(2025, 7, 1), audience=40, note="Buổi tuyên truyền"
        )
    )
    session.organisers.set([w.a])
    session.topics.set([topic])
    session.languages.set([language])
    conference = keep(
        ReviewConference.objects.create(
            agreement=agreement, summary="Hội nghị sơ kết", held_on=datetime.date(2025, 12, 15)
        )
    )
    keep(Conclusion.objects.create(conference=conference, number=1, text="Tăng cường tuần tra chung."))
    task = keep(
        make_task(w, assigner=w.province, lead=w.a, coordinating=[w.a1], clause=clause, title="Nhiệm vụ tuần tra chung")
    )
    lead = task.units.get(organisation=w.a)
    work_services.progress_report(acting_user=w.a_reporter, unit=lead, text="Đã tuần tra 2 lần", progress=40)
    work_services.extension_request(
        acting_user=w.a_reporter,
        task=task,
        unit=lead,
        requested_deadline=task.deadline_in_force + datetime.timedelta(days=10),
        reason="Mưa lũ",
    )
    for n in range(tasks):
        make_task(w, assigner=w.province, lead=w.a, title=f"Nhiệm vụ định kỳ số {n + 1}")
    for user in (w.a_reporter, w.p_admin, w.a_viewer):
        Notification.objects.create(user=user, task=task, title="Nhiệm vụ mới được giao", url=task.get_absolute_url())

    # programmes
    programme = keep(programs.make_programme(w.a, participants=[w.a1]))
    source = keep(programs.make_funding_source("trung-uong", "Ngân sách trung ương"))
    keep(programs.make_budget(programme, source, year=2025))
    indicator = keep(programs.make_indicator(programme, period_type=PeriodType.MONTH, decimals=1))
    keep(programs.make_target(indicator))
    commune = places.ba_son
    keep(programs.make_forest_plot(w.a, commune, programme=programme))
    house = keep(programs.make_house(w.a, commune, programme=programme))
    keep(HouseFunding.objects.create(house=house, source=source, amount=Decimal("40000000")))
    household = keep(programs.make_household(house))
    keep(programs.make_resettlement(w.a, commune, programme=programme))
    sponsorship = keep(programs.make_sponsorship(w.a, commune, programme=programme))
    keep(programs.make_child(sponsorship))
    keep(
        PeriodicFigure.objects.create(
            indicator=indicator,
            organisation=w.a,
            period_type=indicator.period_type,
            period_start=datetime.date(2025, 6, 1),
            value=Decimal("12.5"),
        )
    )
    Membership.objects.update(personal_data=True)
    # a row of the personal-data access log, for its page
    from phoihop.audit.choices import AccessAction, Purpose
    from phoihop.audit.services import personal_data_access_record

    personal_data_access_record(
        acting_user=w.a_reporter,
        model=type(household),
        action=AccessAction.EXPORT,
        queryset=type(household).objects.filter(pk=household.pk),
        purpose=Purpose.POLICY,
        purpose_note="Hỗ trợ nhà ở",
        query="q=nong",
        fmt="xlsx",
    )

    # movements
    keep(movements.make_team(w.a, places, markers=[marker]))
    keep(movements.make_event(w.a, places, co_organisers=[w.a1]))
    twinning = keep(movements.make_twinning(w.a, places))
    keep(
        TwinningActivity.objects.create(
            twinning=twinning, held_on=datetime.date(2025, 9, 2), description="Giúp dân sửa nhà", participants_count=12
        )
    )
    keep(Occasion.objects.get(pk=places.tet.pk))
    keep(movements.make_visit(w.a, places))

    # security: a case under an operation with its subjects, an identity, a seized item and its custody, a note
    from phoihop.security.tests import factories as security

    keep(security.category("ma-tuy"))
    keep(security.item_type("heroin"))
    operation = keep(security.make_operation(w.a, category=security.category("ma-tuy")))
    case = keep(
        security.make_case(
            w.a, places.ba_son, operation=operation, marker=marker, place_detail="Đường mòn khu vực mốc 1116"
        )
    )
    keep(security.make_group(case, nationality="cn", ethnic_group="Hoa", count=2))
    keep(security.make_identity(case))
    keep(security.make_item(case))
    keep(security.make_step(case, "seized", place="Khu vực mốc 1116", minutes_number="12/BB-ĐBP"))
    keep(security.make_note(w.a, category=security.category("buon-lau"), commune=places.ba_son, marker=marker))

    # cadres, people: a cadre of post A with a position, a course, a secondment and households in charge
    from phoihop.cadres.tests import factories as cadres

    keep(cadres.ethnic_group("07"))
    cadre = keep(
        cadres.PersonFactory(
            organisation=w.a, full_name="Hoàng Văn Cán", home_commune=places.ba_son, note="Cán bộ nguồn"
        )
    )
    keep(cadres.PositionHoldingFactory(person=cadre, title="Phó Chính trị viên đồn"))
    keep(cadres.TrainingCourseFactory(person=cadre))
    keep(cadres.SecondmentFactory(person=cadre, receiving_committee=w.b, note="Tăng cường cơ sở"))
    keep(cadres.HouseholdAssignmentFactory(person=cadre, village=places.khon_po, note="Phụ trách hộ"))
    keep(cadres.OrganisationRatingFactory(organisation=w.a1, deciding_organisation=w.a, note="Chi bộ vững mạnh"))
    keep(cadres.MemberRatingFactory(person=cadre, deciding_organisation=w.a, note="Đảng viên gương mẫu"))
    plan = keep(cadres.CadrePlanFactory(organisation=w.a, title="Chính trị viên đồn", note="Quy hoạch nhiệm kỳ tới"))
    keep(cadres.PlannedCadreFactory(plan=plan, person=cadre, note="Nguồn tại chỗ"))

    # reports (generated at once: the test settings run background jobs immediately)
    keep(
        report_services.report_request(
            acting_user=w.a_reporter,
            organisation=w.a,
            template=ReportTemplate.YEARLY,
            reference_date=datetime.date(2025, 5, 1),
        )
    )

    # a deleted record for the recycle bin, and a user with a membership of the record types without one
    gone = Gate.objects.create(name="Cửa khẩu đã xóa", gate_class="main", post=w.a)
    record_delete(acting_user=w.a_admin, instance=gone)
    newcomer = make_user("nguoi_moi", w.a)
    type(newcomer).objects.filter(pk=newcomer.pk).update(full_name="Hoàng Thị Mới")
    return records


# --- the pages -----------------------------------------------------------------------------------------------

#: URL prefixes that are not the project's pages (Django's admin; the API and its Swagger page; the test-only app)
NOT_PAGES = ("admin/", "api/", "testapp/")
#: URL names that answer files or JSON, or only change something (POST), however they are asked
NOT_HTML = {
    "core:export_download",
    "core:attachment_download",
    "core:attachment_delete",
    "core:attachment_upload",
    "accounts:logout",
    "accounts:language",
    "work:calendar_feed",
    "work:notification_read",
    "work:notification_read_all",
    "border:map_data",
    "border:map_layer",
    "border:map_export",
    "border:marker_card",
    "programs:programme_progress_geojson",
    "reports:report_download",
    "reports:report_regenerate",
    "orgs:agreement_renew",
    "work:task_action",
    "work:extensionrequest_decide",
    "programs:figure_action",
    "work:documentrelation_delete",
    "core:pick",
    "security:situationnote_acknowledge",
    "security:situationnote_follow_up",
}


#: pages of one record whose view declares no queryset: URL name → model label
PAGE_MODELS = {"programs:programme_progress": "programs.Programme"}


def pattern_model(pattern: URLPattern):
    """The model a view's ``queryset`` is of (as_view(queryset=…) or the class attribute), or None."""
    callback = pattern.callback
    queryset = getattr(callback, "view_initkwargs", {}).get("queryset")
    if queryset is None:
        queryset = getattr(getattr(callback, "view_class", None), "queryset", None)
    return getattr(queryset, "model", None)


def full_name(route, pattern: URLPattern, namespace):
    """``namespace:name`` of a URL pattern, or its route where it has no name."""
    if pattern.name is None:
        return route
    return f"{namespace}:{pattern.name}" if namespace else pattern.name


def page_urls(records, extra_pks=None):
    """(URL name, URL) of every page: each route without parameters, and each ``<int:pk>`` route of a model with
    the pk of its record in ``records`` (model label → record); ``extra_pks`` (URL name → pk) fills the rest.
    Returns (pages, unresolved URL names)."""
    extra_pks = extra_pks or {}
    pages, unresolved = [], []
    seen = set()
    for route, pattern, namespace in _patterns_with_namespace(get_resolver().url_patterns):
        name = full_name(route, pattern, namespace)
        if route.startswith(NOT_PAGES) or name in NOT_HTML or "^" in route or name in seen:
            continue
        converters = dict(pattern.pattern.converters)
        if not converters:
            pages.append((name, "/" + route))
            seen.add(name)
            continue
        if name.endswith("_import_job"):
            continue  # the page of a user's own import job: the crawl opens the one it starts
        if list(converters) != ["pk"]:
            unresolved.append(name)
            continue
        pk = extra_pks.get(name)
        if pk is None:
            model = pattern_model(pattern)
            label = PAGE_MODELS.get(name) or (model._meta.label if model is not None else None)
            record = records.get(label)
            pk = record.pk if record is not None else None
        if pk is None:
            unresolved.append(name)
            continue
        pages.append((name, "/" + re.sub(r"<int:pk>", str(pk), route)))
        seen.add(name)
    return pages, unresolved


def _patterns_with_namespace(patterns, prefix="", namespace=None):
    """(route, URLPattern, namespace) of every URL pattern of the site."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if namespace and entry.namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _patterns_with_namespace(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, entry, namespace


# --- what a person reads -------------------------------------------------------------------------------------

#: attributes whose text is shown (tooltips, placeholders, names read by screen readers, confirmations)
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "label", "hx-confirm", "data-confirm")
#: not read: scripts and styles; machine names shown as such (the column names of an import file, in <code>)
SKIPPED_ELEMENTS = {"script", "style", "code", "kbd", "samp"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip


class _TextReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.stack = []  # (tag, skipped)

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # the language switch names each language in its own language: "English" is meant
        skipped = tag in SKIPPED_ELEMENTS or (tag == "select" and attrs.get("data-testid") == "language")
        if not self.skipping and not skipped:
            for name in SHOWN_ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def normalise(text):
    return " ".join(text.split())


def visible_texts(html):
    """The texts a person reads on the page, each with its whitespace collapsed."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return [normalise(text) for text in reader.texts if normalise(text)]


# --- what is English -----------------------------------------------------------------------------------------

#: our catalogue, then the packages' catalogues (any language: the msgids are the English texts)
OUR_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"

#: words and phrases that must never be shown under Vietnamese, whatever the catalogues say (case-sensitive,
#: whole words): the leaks seen so far and the usual English of a web page
NEVER_ENGLISH = [
    r"(?i:next)",
    r"(?i:previous)",
    r"Task Result",
    r"Database Backend",
    r"Tasks",
    r"Yes",
    r"No",
    r"None",
    r"True",
    r"False",
    r"Unknown",
    r"Filter",
    r"Search",
    r"Submit",
    r"Save",
    r"Cancel",
    r"Delete",
    r"Edit",
    r"Add",
    r"Back",
    r"Close",
    r"Loading",
    r"Page",
    r"Show",
    r"Select",
    r"Choose",
    r"Required",
    r"Error",
    r"Success",
    r"Warning",
    r"Total",
    r"Date",
    r"Name",
    r"Status",
    r"Actions?",
    r"Details",
    r"History",
    r"Created",
    r"Modified",
    r"Updated",
    r"Download",
    r"Upload",
    r"Export",
    r"Currently",
    r"Change",
    r"Clear",
    r"Log ?in",
    r"Log ?out",
    r"Password",
    r"Username",
    r"(?i:content type)",
    r"a\.m\.",
    r"p\.m\.",
    r"midnight",
    r"noon",
    r"(?:January|February|March|April|June|July|August|September|October|November|December)",
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.",
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
    r"UTC",
]
NEVER_ENGLISH_RE = re.compile(r"(?<![\w.])(?:" + "|".join(NEVER_ENGLISH) + r")(?![\w])")
#: machine formats of dates and times: ISO dates, seconds with fractions, UTC offsets
MACHINE_DATES_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\d:\d{2}:\d{2}\.\d+|[+-]\d{2}:\d{2}\b")
PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
ENGLISH_WORD_RE = re.compile(r"[A-Za-z]{2,}")
WORD_RE = re.compile(r"[^\W\d_]+")
VIETNAMESE_LETTERS = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


def _site_packages():
    import django

    return Path(django.__file__).resolve().parent.parent


def _catalogue_files():
    """Our catalogue, then one catalogue of every installed package that has some (their msgids are English)."""
    yield OUR_CATALOGUE
    packages = {}
    for path in sorted(_site_packages().rglob("locale/*/LC_MESSAGES/django.po")):
        domain = path.parent.parent.parent.parent  # <package …>/locale/<lang>/LC_MESSAGES/django.po
        language = path.parent.parent.name
        if domain not in packages or language == "en":
            packages[domain] = path
    yield from packages.values()


@functools.cache
def english_messages():
    """(exact msgids, msgid patterns with placeholders, English vocabulary): the English texts that a Vietnamese
    page must not show, and the words they are made of.

    A msgid counts if our catalogue does not translate it to itself ("API", "phoihop"), has a word of two letters or
    more and is not Vietnamese (the packages' catalogues of other languages are read for their msgids only)."""
    ours = polib.pofile(str(OUR_CATALOGUE))
    same = {entry.msgid for entry in ours if entry.msgstr == entry.msgid}
    for entry in ours:
        if entry.msgid_plural and entry.msgstr_plural and entry.msgstr_plural.get(0) == entry.msgid_plural:
            same.add(entry.msgid_plural)
    exact, patterns, vocabulary = set(), [], set()
    for path in _catalogue_files():
        for entry in polib.pofile(str(path)):
            for msgid in (entry.msgid, entry.msgid_plural):
                msgid = normalise(msgid or "")
                if not msgid or VIETNAMESE_LETTERS.search(msgid):
                    continue
                vocabulary.update(word.lower() for word in ENGLISH_WORD_RE.findall(PLACEHOLDER_RE.sub(" ", msgid)))
                if msgid in same or "<" in msgid:
                    continue
                if PLACEHOLDER_RE.search(msgid):
                    literal = PLACEHOLDER_RE.sub(" ", msgid)
                    if len(ENGLISH_WORD_RE.findall(literal)) >= 2:
                        parts = [re.escape(part) for part in PLACEHOLDER_RE.split(msgid)]
                        patterns.append((msgid, re.compile(r".+?".join(parts))))
                elif ENGLISH_WORD_RE.search(msgid):
                    exact.add(msgid)
    # English words that our Vietnamese translations use ("Excel", "OTP", "email") are Vietnamese usage
    translations = " ".join([entry.msgstr for entry in ours] + [t for e in ours for t in e.msgstr_plural.values()])
    translations = PLACEHOLDER_RE.sub(" ", translations)  # "%(name)s" does not make "name" Vietnamese
    used = {word.lower() for word in ENGLISH_WORD_RE.findall(translations)}
    exact = {msgid for msgid in exact if not re.search(rf"(?<!\w){re.escape(msgid)}(?!\w)", translations)}
    return frozenset(exact), tuple(patterns), frozenset(vocabulary - used - {"id"})


@functools.cache
def untranslated_model_names():
    """Names of the installed apps and models that stay English under Vietnamese (the packages' own models:
    "Task Result", "access attempt", "TOTP device"): shown anywhere, they are a leak."""
    from django.apps import apps
    from django.utils import translation

    names = set()
    with translation.override("vi"):
        for config in apps.get_app_configs():
            texts = [str(config.verbose_name)]
            for model in config.get_models():
                texts += [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
            for text in texts:
                if ENGLISH_WORD_RE.search(text) and not VIETNAMESE_LETTERS.search(text) and len(text) > 3:
                    names.add(text)
    return frozenset(names - {"phoihop"})


def _strip(text):
    return text.strip(" :·»«‹›…-–—*()[]|,.;!?\"'“”")


def looks_english(text, vocabulary):
    """No Vietnamese letter and English words: two or more, most of the text's ("access attempt"), or a text of
    one word of four letters or more ("breadcrumbs", "null")."""
    if VIETNAMESE_LETTERS.search(text):
        return False
    words = WORD_RE.findall(text)
    if len(words) == 1 and len(words[0]) >= 4 and words[0].lower() in vocabulary:
        return True
    english = [word for word in words if len(word) >= 3 and word.lower() in vocabulary]
    return len(english) >= 2 and 2 * len(english) >= len(words)


def english_leaks(texts):
    """The English among ``texts``: [(text, why)]."""
    exact, patterns, vocabulary = english_messages()
    names = untranslated_model_names()
    leaks = []
    for text in texts:
        bare = _strip(text)
        if bare in exact or text in exact:
            leaks.append((text, "msgid"))
            continue
        match = NEVER_ENGLISH_RE.search(text)
        if match:
            leaks.append((text, f"English word {match.group(0)!r}"))
            continue
        match = MACHINE_DATES_RE.search(text)
        if match:
            leaks.append((text, f"machine date {match.group(0)!r}"))
            continue
        name = next((n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)), None)
        if name:
            leaks.append((text, f"untranslated model name {name!r}"))
            continue
        if looks_english(text, vocabulary):
            leaks.append((text, "English words"))
            continue
        if " " in bare and ENGLISH_WORD_RE.search(bare):
            for msgid, pattern in patterns:
                if pattern.fullmatch(bare) or pattern.fullmatch(text):
                    leaks.append((text, f"msgid {msgid!r}"))
                    break
    return leaks
