"""The sections of the shared assessment: what each asks, what is required, and how it scores.

Modelled on the Drug Interventions Record and the NDTMS criminal-justice data set. Each section
is a form; the answers are kept as submitted and a section is complete when its form is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Layout,
    Size,
)
from django import forms
from django.template.loader import render_to_string

from assessments import scoring

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]

DRUGS = [
    ("heroin", "Heroin"),
    ("other_opiates", "Other opiates (methadone, buprenorphine, codeine, fentanyl…)"),
    ("crack", "Crack cocaine"),
    ("cocaine", "Powder cocaine"),
    ("cannabis", "Cannabis"),
    ("synthetic_cannabinoids", "Synthetic cannabinoids (spice)"),
    ("amphetamine", "Amphetamine"),
    ("benzodiazepines", "Benzodiazepines"),
    ("ketamine", "Ketamine"),
    ("mdma", "Ecstasy (MDMA)"),
    ("nitrous_oxide", "Nitrous oxide"),
    ("other", "Other drug"),
]
ROUTES = [
    ("oral", "Oral"),
    ("smoke", "Smoke"),
    ("sniff", "Sniff"),
    ("inject", "Inject"),
    ("other", "Other"),
]
INJECTING = [
    ("never", "Never injected"),
    ("previously", "Previously injected, not now"),
    ("currently", "Currently injecting"),
    ("declined", "Declined to answer"),
]
BBV_STATUS = [
    ("not_tested", "Not tested"),
    ("negative", "Tested: negative"),
    ("positive", "Tested: positive"),
    ("awaiting", "Awaiting result"),
    ("declined", "Declined to say"),
]


NOT_DISCUSSED = "not_discussed"
NOT_DISCUSSED_REASON = "not_discussed_reason"


class SectionForm(forms.Form):
    """A section's form with a GOV.UK layout built from its fields."""

    # Questions not asked on this form, field name to why (AuditForm's skip rules).
    skipped: dict[str, str]
    # Follow-up questions asked only after a given answer: field name to (the question it
    # follows, the answers that bring it in). They sit in GOV.UK's conditional block under that
    # answer (shown, not hidden by script: decision 0018), are required only after it, and the
    # server ignores and clears their answers whenever the answer they follow is another.
    reveals: dict[str, tuple[str, tuple[str, ...]]] = {}
    # Whether the worker may mark the section "Not discussed" (with why) instead of answering:
    # not for the sections a referral needs (decision 0030).
    may_be_not_discussed = True

    def __init__(self, data=None, *, sections: Mapping | None = None, prefix=None, **kwargs):
        # `data` is a section's answers as kept (field names without the page's prefix).
        # The other sections' answers, for questions that depend on them (None: not known).
        self.sections = sections or {}
        answers = None if data is None else _plain(data)
        if answers is not None:
            answers = {k: v for k, v in answers.items() if k not in self.concealed(answers)}
        self.answers = answers
        if answers is not None and prefix:
            data = {f"{prefix}-{name}": value for name, value in answers.items()}
        else:
            data = answers
        super().__init__(data=data, prefix=prefix, **kwargs)
        self.skipped = self.questions_not_asked()
        for name in self.skipped:
            del self.fields[name]
        for name in self.concealed(answers or {}):
            if name in self.fields:
                self.fields[name].required = False
        self.not_discussed = bool(
            self.may_be_not_discussed and answers and answers.get(NOT_DISCUSSED)
        )
        if self.not_discussed:
            for field in self.fields.values():
                field.required = False
        helper = FormHelper()
        helper.attrs = {"novalidate": "", "data-module": "app-autosave"}
        fields = []
        revealed_by: dict[str, dict[str, list[str]]] = {}
        for name, (parent, answers) in self.reveals.items():
            if name in self.fields:
                for answer in answers:
                    revealed_by.setdefault(parent, {}).setdefault(answer, []).append(name)
        inside = {name for name in self.reveals if name in self.fields}
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput) or name in inside:
                continue  # bookkeeping (put in by layout_before), or inside a reveal
            if name in revealed_by:
                fields.append(
                    ConditionalRadios(
                        name,
                        *(
                            ConditionalQuestion(
                                label, *(self._layout_of(n) for n in revealed_by[name][value])
                            )
                            if value in revealed_by[name]
                            else label
                            for value, label in field.choices
                        ),
                    )
                )
                continue
            fields.append(self._layout_of(name))
        if self.may_be_not_discussed:
            fields.append(_NotDiscussed())
        self.body = self.layout_before(fields)
        helper.layout = Layout(
            *self.body,
            Button("save", "Save and continue"),
            Button.secondary("save_and_return", "Save and return to the task list"),
        )
        self.helper = helper

    @classmethod
    def concealed(cls, answers: Mapping) -> set[str]:
        """The follow-up questions the answers given do not bring in."""
        return {
            name
            for name, (parent, values) in cls.reveals.items()
            if answers.get(parent) not in values
        }

    def answer(self, name: str):
        """An answer as submitted or kept (None when there is none)."""
        return (self.answers or {}).get(name)

    def _layout_of(self, name: str):
        field = self.fields[name]
        if isinstance(field.widget, forms.RadioSelect):
            return Field.radios(name, legend_size=Size.SMALL, inline=len(field.choices) <= 3)
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, legend_size=Size.SMALL, small=True)
        if isinstance(field.widget, forms.Textarea):
            return Field.textarea(name, rows=3)
        if isinstance(field, forms.IntegerField):
            # As wide as the largest number allowed: 2, 3 or 4 characters.
            width = min(4, max(2, len(str(field.max_value or 0))))
            return Field.text(name, field_width=width)
        return Field.text(name)

    def not_discussed_html(self) -> str:
        """The "Not discussed" checkbox and why, in a GOV.UK details component."""
        value = self.answer(NOT_DISCUSSED_REASON) or ""
        error = self.errors.get(NOT_DISCUSSED_REASON) if self.is_bound else None
        return render_to_string(
            "assessments/_not_discussed.html",
            {
                "box": self.add_prefix(NOT_DISCUSSED),
                "reason": self.add_prefix(NOT_DISCUSSED_REASON),
                "checked": self.not_discussed,
                "value": value,
                "error": error[0] if error else "",
            },
        )

    def full_clean(self):
        super().full_clean()
        if self.not_discussed:
            # Not discussed: only why counts; the answers are not the person's.
            reason = (self.answer(NOT_DISCUSSED_REASON) or "").strip()
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {NOT_DISCUSSED_REASON: reason}
            if not reason:
                self._errors = forms.utils.ErrorDict(
                    {NOT_DISCUSSED_REASON: self.error_class(["Say why it was not discussed"])}
                )
            return
        for name in self.concealed(self.answers or {}):
            if hasattr(self, "cleaned_data"):
                self.cleaned_data.pop(name, None)

    def questions_not_asked(self) -> dict[str, str]:
        return {}

    def layout_before(self, fields: list) -> list:
        return fields

    def just_revealed(self) -> list[str]:
        """Questions the last answers brought in, not yet seen (not errors yet)."""
        return []


class _NotDiscussed:
    """Layout object: the section's "Not discussed" checkbox, rendered with the form's state."""

    def render(self, form, context, template_pack=None, **kwargs):
        return form.not_discussed_html()


def _plain(data) -> dict:
    """Answers as a plain dict (a QueryDict's lists kept where there are several)."""
    if hasattr(data, "getlist"):
        return {k: (data.getlist(k) if len(data.getlist(k)) > 1 else data.get(k)) for k in data}
    return dict(data)


def radios(label: str, choices, *, required: bool = True, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": f"Select an answer for '{label}'"},
    )


def number(label: str, low: int, high: int, *, required: bool = True, help_text: str = ""):
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        # GOV.UK's number input: text with a numeric keypad, not type="number" (which spins,
        # rounds and drops what it cannot read).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter a number for '{label}'",
            "invalid": f"'{label}' must be a whole number",
            "min_value": f"'{label}' must be {low} or more",
            "max_value": f"'{label}' must be {high} or less",
        },
    )


def text(label: str, *, required: bool = False, long: bool = True, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea if long else forms.TextInput,
        help_text=help_text,
        error_messages={"required": f"Enter '{label}'"},
    )


def _substance_fields() -> dict:
    """Up to three drugs, each with age first used, days used in the last 28 and route."""
    fields = {}
    for n in (1, 2, 3):
        main = " (main drug)" if n == 1 else ""
        # Drugs 2 and 3 may be "no other drug" (the empty answer; a page says words, not None).
        none = [] if n == 1 else [("", "No other drug")]
        fields[f"drug_{n}"] = radios(f"Drug {n}{main}", [*none, *DRUGS], required=False)
        fields[f"drug_{n}_age_first_used"] = number(
            f"Drug {n}: age first used" + ("" if n == 1 else " (optional)"), 5, 90, required=False
        )
        fields[f"drug_{n}_days_used"] = number(
            f"Drug {n}: days used in the last 28", 0, 28, required=False
        )
        fields[f"drug_{n}_route"] = radios(f"Drug {n}: route", ROUTES, required=False)
    return fields


def _question_fields(questions, *, drug_word: str = "") -> dict:
    """One radios field per question of a scored instrument, answers valued by their score."""
    return {
        f"q{q.number}": radios(
            f"{q.number}. {q.text.replace('[drug]', drug_word) if drug_word else q.text}",
            [(str(score), label) for score, label in q.options],
        )
        for q in questions
    }


class SubstancesForm(SectionForm):
    # The drugs are asked only of someone who uses them; age first used only of the main one.
    reveals = {
        name: ("uses_drugs", ("yes",))
        for n in (1, 2, 3)
        for name in (f"drug_{n}", f"drug_{n}_age_first_used", f"drug_{n}_days_used",
                     f"drug_{n}_route")
    }  # fmt: skip
    may_be_not_discussed = False
    uses_drugs = radios(
        "Has the person used any drugs in the last 28 days or before arrest?", YES_NO
    )

    # Generated fields go into the class namespace, so Django declares them in this order.
    locals().update(_substance_fields())
    injecting = radios("Injecting status", INJECTING)

    def clean(self):
        data = super().clean()
        if data.get("uses_drugs") == "yes" and not data.get("drug_1"):
            self.add_error("drug_1", "Select the main drug")
        for n in (1, 2, 3):
            if data.get(f"drug_{n}"):
                for part, message in (
                    *((("age_first_used", "age first used"),) if n == 1 else ()),
                    ("days_used", "days used in the last 28"),
                    ("route", "route"),
                ):
                    if data.get(f"drug_{n}_{part}") in (None, ""):
                        self.add_error(f"drug_{n}_{part}", f"Enter drug {n}'s {message}")
        drugs = [data.get(f"drug_{n}") for n in (1, 2, 3) if data.get(f"drug_{n}")]
        if len(drugs) != len(set(drugs)):
            self.add_error("drug_2", "Each drug should be listed once")
        return data


class AlcoholForm(SectionForm):
    units_per_day = number("Units on a typical drinking day", 0, 200)
    drinking_days = number("Drinking days in the last 28", 0, 28)


def _choice(data, name: str, allowed) -> int | None:
    """An answer's score from submitted data, or None when missing or not an option."""
    value = data.get(name) if data is not None else None
    try:
        score = int(value)
    except (TypeError, ValueError):
        return None
    return score if score in allowed else None


class AuditForm(SectionForm):
    """The ten AUDIT questions (WHO, with UK units); scored, never typed. AUDIT-C's three
    questions come first; the rest follow the skip rules (scoring.audit_skipped): without
    JavaScript, saving AUDIT-C brings the page back with questions 4 to 10 when they apply."""

    may_be_not_discussed = False
    locals().update(_question_fields(scoring.AUDIT_QUESTIONS))
    # Sent (and kept) when the page showed questions 4 to 10, so a save without their answers
    # is an error only once the worker has seen them.
    rest_shown = forms.ChoiceField(choices=[("1", "Yes")], required=False, widget=forms.HiddenInput)
    LATER = tuple(f"q{n}" for n in range(4, 11))

    def audit_c_answers(self) -> tuple[int | None, ...]:
        return tuple(
            _choice(self.answers, f"q{q.number}", q.allowed_scores)
            for q in scoring.AUDIT_QUESTIONS[:3]
        )

    def questions_not_asked(self) -> dict[str, str]:
        if (
            self.is_bound
            and "rest_shown" not in self.answers
            and all(self.answers.get(name) not in (None, "") for name in self.LATER)
        ):
            # Saved before AUDIT-C came first (every question asked, no marker): a full AUDIT
            # given, scored as it was when its version was completed.
            return {}
        return {f"q{n}": why for n, why in scoring.audit_skipped(*self.audit_c_answers()).items()}

    def just_revealed(self) -> list[str]:
        later = [name for name in self.LATER if name in self.fields]
        if later and not self.answer("rest_shown"):
            return later
        return []

    def layout_before(self, fields: list) -> list:
        if not any(name in self.fields for name in self.LATER):
            return fields
        shown = HTML(f'<input type="hidden" name="{self.add_prefix("rest_shown")}" value="1">')
        if not self.is_bound or not self.just_revealed():
            return [*fields, shown]
        audit_c = sum(score or 0 for score in self.audit_c_answers())
        note = HTML(
            '<div class="govuk-inset-text">The AUDIT-C score is '
            f"{audit_c}: 5 or more, so ask questions 4 to 10.</div>"
        )
        return [*fields[:3], note, *fields[3:], shown]

    @staticmethod
    def score(cleaned: Mapping) -> scoring.AuditResult:
        return scoring.audit_score(
            {
                q.number: int(cleaned[f"q{q.number}"])
                for q in scoring.AUDIT_QUESTIONS
                if cleaned.get(f"q{q.number}") not in (None, "")
            }
        )


class SdsForm(SectionForm):
    """Severity of Dependence Scale about the main drug, over the last year."""

    may_be_not_discussed = False
    drug = radios("Which drug are these questions about?", DRUGS)
    locals().update(_question_fields(scoring.SDS_QUESTIONS, drug_word="the drug"))

    @staticmethod
    def score(cleaned: Mapping) -> scoring.SdsResult:
        return scoring.sds_score(
            {q.number: int(cleaned[f"q{q.number}"]) for q in scoring.SDS_QUESTIONS},
            drug=cleaned.get("drug"),
        )


TREATMENT = [
    ("never", "No, never"),
    ("before", "Yes, before but not now"),
    ("now", "Yes, in treatment now"),
]


def _treatment_of(answers: Mapping) -> str | None:
    """The one treatment answer, or what the two questions it replaced said (older versions
    asked "been in treatment before?" and "in treatment now?" separately)."""
    if answers.get("treatment"):
        return answers["treatment"]
    if answers.get("currently_in_treatment") == "yes":
        return "now"
    if answers.get("previous_treatment") == "yes":
        return "before"
    if answers.get("previous_treatment") == "no":
        return "never"
    return None


class TreatmentHistoryForm(SectionForm):
    reveals = {"current_provider": ("treatment", ("now",))}

    @classmethod
    def concealed(cls, answers: Mapping) -> set[str]:
        return super().concealed({**answers, "treatment": _treatment_of(answers)})

    treatment = radios(
        "Has the person been in drug or alcohol treatment?", TREATMENT, required=False
    )
    current_provider = text("Who with?", long=False)
    notes = text("Treatment history notes")
    # The two questions the one above replaced: read in older versions, never asked now.
    previous_treatment = forms.ChoiceField(choices=YES_NO, required=False, widget=forms.HiddenInput)
    currently_in_treatment = forms.ChoiceField(
        choices=YES_NO, required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        if self.not_discussed:
            return data
        data["treatment"] = _treatment_of({**(self.answers or {}), **data})
        if not data["treatment"]:
            self.add_error(
                "treatment",
                "Select an answer for 'Has the person been in drug or alcohol treatment?'",
            )
        return data


BBV = ("hepatitis_b", "hepatitis_c", "hiv")
# NICE PH43 (2012), hepatitis B and C testing: people who inject or have injected drugs are
# the group at increased risk that drug services test; the provider offers testing to all.
NEVER_INJECTED = (
    "the person has never injected; the provider offers blood-borne virus testing at assessment"
)


class HealthForm(SectionForm):
    reveals = {"dual_diagnosis": ("mental_health_concerns", ("yes",))}

    def questions_not_asked(self) -> dict[str, str]:
        substances = self.sections.get("substances") or {}
        if substances.get("injecting") != "never":
            return {}
        # Answered before (an earlier version, or before the injecting answer changed): kept.
        return {name: NEVER_INJECTED for name in BBV if self.answer(name) in (None, "")}

    physical_health = text("Physical health concerns")
    mental_health_concerns = radios("Mental health concerns?", YES_NO_UNKNOWN)
    dual_diagnosis = radios("Dual diagnosis (mental health and substance use)?", YES_NO_UNKNOWN)
    hepatitis_b = radios("Hepatitis B status", BBV_STATUS)
    hepatitis_c = radios("Hepatitis C status", BBV_STATUS)
    hiv = radios("HIV status", BBV_STATUS)


class OverdoseForm(SectionForm):
    reveals = {"overdose_last_year": ("previous_overdose", ("yes",))}
    may_be_not_discussed = False
    previous_overdose = radios("Has the person ever overdosed?", YES_NO_UNKNOWN)
    overdose_last_year = radios("Overdosed in the last 12 months?", YES_NO_UNKNOWN)
    has_naloxone = radios("Do they have naloxone?", YES_NO_UNKNOWN)
    risk = radios(
        "Overdose risk, in your judgement",
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        help_text="High if recently released, injecting, mixing depressants or lost tolerance",
    )


class AccommodationForm(SectionForm):
    need = radios(
        "Accommodation need",
        [
            ("no_problem", "No housing problem"),
            ("housing_problem", "Housing problem"),
            ("urgent", "Urgent housing problem (no fixed abode)"),
        ],
    )


class EmploymentForm(SectionForm):
    status = radios(
        "Employment status",
        [
            ("employed", "In regular employment"),
            ("self_employed", "Self-employed"),
            ("unemployed", "Unemployed and seeking work"),
            ("student", "Student or in training"),
            ("long_term_sick", "Long-term sick or disabled"),
            ("carer", "Homemaker or carer"),
            ("retired", "Retired"),
            ("other", "Other"),
        ],
    )


class FamilyForm(SectionForm):
    parental_status = radios(
        "Parental status",
        [
            ("no_children", "Not a parent"),
            ("all_live_with", "All children live with them"),
            ("some_live_with", "Some children live with them"),
            ("none_live_with", "Their children all live elsewhere"),
            ("declined", "Declined to say"),
        ],
    )
    children_in_household = radios("Any children under 18 living in the household?", YES_NO_UNKNOWN)
    pregnant = radios(
        "Pregnant",
        [
            ("yes", "Yes"),
            ("no", "No"),
            ("not_applicable", "Not applicable"),
            ("not_known", "Not known"),
        ],
    )


EXPLOITATION = [
    ("county_lines", "County lines"),
    ("child_criminal_exploitation", "Child criminal exploitation"),
    ("modern_slavery", "Modern slavery or trafficking"),
    ("domestic_abuse", "Domestic abuse"),
    ("sexual_exploitation", "Sexual exploitation"),
    ("cuckooing", "Cuckooing"),
    ("other", "Other"),
]


class SafeguardingForm(SectionForm):
    reveals = {"exploitation": ("concerns", ("yes",)), "notes": ("concerns", ("yes",))}
    may_be_not_discussed = False
    concerns = radios("Are there safeguarding concerns about the person or others?", YES_NO)
    exploitation = forms.MultipleChoiceField(
        label="Exploitation concerns (select all that apply)",
        choices=EXPLOITATION,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = text("Safeguarding notes")

    def clean(self):
        data = super().clean()
        if data.get("concerns") == "yes" and not (data.get("notes") or "").strip():
            self.add_error("notes", "Describe the safeguarding concern")
        return data


class OffendingForm(SectionForm):
    offending_related_to_use = radios(
        "Is the person's offending related to their drug or alcohol use?", YES_NO_UNKNOWN
    )
    on_order_or_licence = radios("On a court order or licence now?", YES_NO_UNKNOWN)
    notes = text("Offending notes")


class GoalsForm(SectionForm):
    goals = text("The person's goals, in their words", required=True)


class RecommendationForm(SectionForm):
    may_be_not_discussed = False  # the worker's own conclusion, not something discussed
    recommendation = radios(
        "Recommendation",
        [
            ("structured_treatment", "Referral to structured treatment"),
            ("brief_intervention", "Brief intervention and harm reduction"),
            ("recovery_support", "Recovery support or mutual aid"),
            ("no_further_action", "No further action"),
        ],
    )
    reasons = text("Reasons", help_text="Needed if you recommend no further action")

    def clean(self):
        data = super().clean()
        if (
            data.get("recommendation") == "no_further_action"
            and not (data.get("reasons") or "").strip()
        ):
            self.add_error("reasons", "Say why no further action is recommended")
        return data


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    form: type[SectionForm]


SECTIONS: tuple[Section, ...] = (
    Section("substances", "Substances", SubstancesForm),
    Section("audit", "AUDIT (alcohol use)", AuditForm),
    Section("alcohol", "Alcohol", AlcoholForm),
    Section("sds", "Severity of Dependence Scale", SdsForm),
    Section("treatment_history", "Treatment history", TreatmentHistoryForm),
    Section("health", "Physical and mental health", HealthForm),
    Section("overdose", "Overdose risk", OverdoseForm),
    Section("safeguarding", "Safeguarding and exploitation", SafeguardingForm),
    Section("accommodation", "Accommodation", AccommodationForm),
    Section("employment", "Employment", EmploymentForm),
    Section("family", "Children and family", FamilyForm),
    Section("offending", "Offending", OffendingForm),
    Section("goals", "Goals", GoalsForm),
    Section("recommendation", "Recommendation", RecommendationForm),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

# The sections a referral needs: a provider triages on them (what is used and how dependent,
# alcohol, overdose risk, safeguarding) and acts on the recommendation, so they cannot be marked
# "Not discussed" and every completed version has them (decision 0030).
REFERRAL_NEEDS = tuple(s.key for s in SECTIONS if not s.form.may_be_not_discussed)


@dataclass(frozen=True)
class Page:
    """Sections asked together on one page (several GOV.UK fieldsets, one save)."""

    key: str
    title: str
    sections: tuple[str, ...]


PAGES: tuple[Page, ...] = (
    Page("drugs-and-alcohol", "Drugs and alcohol", ("substances", "audit", "alcohol")),
    Page(
        "dependence-health-and-risk",
        "Dependence, health and risk",
        ("sds", "treatment_history", "health", "overdose", "safeguarding"),
    ),
    Page(
        "circumstances-and-plan",
        "Circumstances and plan",
        ("accommodation", "employment", "family", "offending", "goals", "recommendation"),
    ),
)
PAGES_BY_KEY = {page.key: page for page in PAGES}
PAGE_OF = {key: page for page in PAGES for key in page.sections}


class SectionStatus:
    NOT_STARTED = "not_started"
    INCOMPLETE = "incomplete"
    COMPLETED = "completed"
    NOT_NEEDED = "not_needed"
    NOT_DISCUSSED = "not_discussed"


# What lets a version be completed (decision 0030).
DONE = (SectionStatus.COMPLETED, SectionStatus.NOT_NEEDED, SectionStatus.NOT_DISCUSSED)


def _answered(answers: Mapping | None) -> bool:
    return any(value not in (None, "", []) for value in (answers or {}).values())


def audit_c_of(sections: Mapping) -> int | None:
    """The AUDIT-C score from the answers so far (None until questions 1 to 3 are answered;
    question 1 'Never' skips 2 and 3, so AUDIT-C is 0)."""
    audit = sections.get("audit") or {}
    q1, q2, q3 = (
        _choice(audit, f"q{q.number}", q.allowed_scores) for q in scoring.AUDIT_QUESTIONS[:3]
    )
    if q1 == 0:
        return 0
    if None in (q1, q2, q3):
        return None
    return q1 + q2 + q3


def section_not_needed(key: str, sections: Mapping) -> str:
    """Why a section does not apply to this person, from the other sections' answers ('' when
    it does): the Severity of Dependence Scale asks about a drug, so not when none is used;
    units and drinking days add to AUDIT-C only where it is 5 or more (those are the people
    offered alcohol treatment), unless answered already (an earlier version)."""
    if key == "sds" and (sections.get("substances") or {}).get("uses_drugs") == "no":
        return "the person has used no drugs, so there is no drug to ask about"
    if key == "alcohol" and not _answered(sections.get("alcohol")):
        audit_c = audit_c_of(sections)
        if audit_c is None:
            return "asked when the AUDIT-C score is 5 or more"
        if not scoring.audit_c_is_positive(audit_c):
            return f"the AUDIT-C score is {audit_c}, below 5"
    return ""


def sections_status(sections: Mapping) -> dict[str, str]:
    """Every section's status in this assessment, those that do not apply as NOT_NEEDED."""
    return {
        section.key: SectionStatus.NOT_NEEDED
        if section_not_needed(section.key, sections)
        else section_status(section.key, sections.get(section.key), sections)
        for section in SECTIONS
    }


def section_form(
    key: str, answers: Mapping | None, sections: Mapping | None = None, *, prefix=None
) -> SectionForm:
    """The section's form bound to stored answers (unbound when there are none)."""
    form_class = SECTIONS_BY_KEY[key].form
    if answers:
        return form_class(data=answers, sections=sections, prefix=prefix)
    initial = {}
    drug = ((sections or {}).get("substances") or {}).get("drug_1")
    if key == "sds" and drug in dict(DRUGS):
        initial["drug"] = drug  # the scale is about the main drug
    return form_class(sections=sections, prefix=prefix, initial=initial)


def section_status(key: str, answers: Mapping | None, sections: Mapping | None = None) -> str:
    if not answers:
        return SectionStatus.NOT_STARTED
    form = section_form(key, answers, sections)
    if not form.is_valid():
        return SectionStatus.INCOMPLETE
    return SectionStatus.NOT_DISCUSSED if form.not_discussed else SectionStatus.COMPLETED


# The most of any one answer kept, typed or sent (a text answer's own limit is lower: what is
# over it is kept, up to this, so the worker sees it with its error and can shorten it).
ANSWER_LIMIT = 5_000


def answers_from_post(key: str, post, prefix: str | None = None) -> dict:
    """The section's answers from a POST (the autosave's or the page's), kept as typed where a
    person could have typed them: a choice that is not one of the section's options is dropped
    (only a crafted request sends one), any answer is cut at ANSWER_LIMIT characters, and a NUL
    character goes (invisible, never typed, and refused by PostgreSQL, whose error would quote
    the answers into the log). Everything else typed, valid or not yet, is kept, except the
    answers to follow-up questions their question does not bring in (cleared), and a section
    marked "Not discussed" keeps only why."""
    form_class = SECTIONS_BY_KEY[key].form

    def named(name: str) -> str:
        return f"{prefix}-{name}" if prefix else name

    if form_class.may_be_not_discussed and post.get(named(NOT_DISCUSSED)):
        reason = post.get(named(NOT_DISCUSSED_REASON), "").replace("\x00", "")[:300]
        return {NOT_DISCUSSED: "1", NOT_DISCUSSED_REASON: reason}
    answers = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            chosen = [value.replace("\x00", "") for value in post.getlist(named(name))]
            answers[name] = [value for value in chosen if field.valid_value(value)]
        elif named(name) in post:
            value = post.get(named(name), "").replace("\x00", "")[:ANSWER_LIMIT]
            if isinstance(field, forms.ChoiceField) and value and not field.valid_value(value):
                continue
            answers[name] = value
    for name in form_class.concealed(answers):
        answers.pop(name, None)
    return answers


def scores(sections: Mapping) -> dict:
    """AUDIT, AUDIT-C and SDS results from the answers, where their sections are complete."""
    results: dict = {}
    for key, form_class in (("audit", AuditForm), ("sds", SdsForm)):
        if section_not_needed(key, sections):
            continue
        form = section_form(key, sections.get(key), sections)
        if sections.get(key) and form.is_valid() and not form.not_discussed:
            results[key] = form_class.score(form.cleaned_data)
    return results
