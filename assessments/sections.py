"""The sections of the shared assessment: what each asks, what is required, and how it scores.

Modelled on the Drug Interventions Record and the NDTMS criminal-justice data set. Each section
is a form; the answers are kept as submitted and a section is complete when its form is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms

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


class SectionForm(forms.Form):
    """A section's form with a GOV.UK layout built from its fields."""

    # Questions not asked on this form, field name to why (AuditForm's skip rules).
    skipped: dict[str, str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.skipped = self.questions_not_asked()
        for name in self.skipped:
            del self.fields[name]
        helper = FormHelper()
        helper.attrs = {"novalidate": "", "data-module": "app-autosave"}
        fields = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue  # the form's own bookkeeping, put in by layout_before
            if isinstance(field.widget, forms.RadioSelect):
                fields.append(
                    Field.radios(name, legend_size=Size.SMALL, inline=len(field.choices) <= 3)
                )
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                fields.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
            elif isinstance(field.widget, forms.Textarea):
                fields.append(Field.textarea(name, rows=3))
            elif isinstance(field, forms.IntegerField):
                # As wide as the largest number allowed: 2, 3 or 4 characters.
                width = min(4, max(2, len(str(field.max_value or 0))))
                fields.append(Field.text(name, field_width=width))
            else:
                fields.append(Field.text(name))
        helper.layout = Layout(
            *self.layout_before(fields),
            Button("save", "Save and continue"),
            Button.secondary("save_and_return", "Save and return to the task list"),
        )
        self.helper = helper

    def questions_not_asked(self) -> dict[str, str]:
        return {}

    def layout_before(self, fields: list) -> list:
        return fields

    def just_revealed(self) -> list[str]:
        """Questions the last answers brought in, not yet seen (not errors yet)."""
        return []


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
        fields[f"drug_{n}"] = radios(f"Drug {n}{main}", [("", "None"), *DRUGS], required=False)
        fields[f"drug_{n}_age_first_used"] = number(
            f"Drug {n}: age first used", 5, 90, required=False
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
                    ("age_first_used", "age first used"),
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

    locals().update(_question_fields(scoring.AUDIT_QUESTIONS))
    # Sent (and kept) when the page showed questions 4 to 10, so a save without their answers
    # is an error only once the worker has seen them.
    rest_shown = forms.ChoiceField(choices=[("1", "Yes")], required=False, widget=forms.HiddenInput)
    LATER = tuple(f"q{n}" for n in range(4, 11))

    def audit_c_answers(self) -> tuple[int | None, ...]:
        data = self.data if self.is_bound else None
        return tuple(
            _choice(data, f"q{q.number}", q.allowed_scores) for q in scoring.AUDIT_QUESTIONS[:3]
        )

    def questions_not_asked(self) -> dict[str, str]:
        if (
            self.is_bound
            and "rest_shown" not in self.data
            and all(self.data.get(name) not in (None, "") for name in self.LATER)
        ):
            # Saved before AUDIT-C came first (every question asked, no marker): a full AUDIT
            # given, scored as it was when its version was completed.
            return {}
        return {f"q{n}": why for n, why in scoring.audit_skipped(*self.audit_c_answers()).items()}

    def just_revealed(self) -> list[str]:
        later = [name for name in self.LATER if name in self.fields]
        if later and not self.data.get("rest_shown"):
            return later
        return []

    def layout_before(self, fields: list) -> list:
        if not any(name in self.fields for name in self.LATER):
            return fields
        shown = HTML('<input type="hidden" name="rest_shown" value="1">')
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

    drug = radios("Which drug are these questions about?", DRUGS)
    locals().update(_question_fields(scoring.SDS_QUESTIONS, drug_word="the drug"))

    @staticmethod
    def score(cleaned: Mapping) -> scoring.SdsResult:
        return scoring.sds_score(
            {q.number: int(cleaned[f"q{q.number}"]) for q in scoring.SDS_QUESTIONS},
            drug=cleaned.get("drug"),
        )


class TreatmentHistoryForm(SectionForm):
    previous_treatment = radios("Has the person been in drug or alcohol treatment before?", YES_NO)
    currently_in_treatment = radios("Are they in treatment now?", YES_NO)
    current_provider = text("Who with, if in treatment now", long=False)
    notes = text("Treatment history notes")


class HealthForm(SectionForm):
    physical_health = text("Physical health concerns")
    mental_health_concerns = radios("Mental health concerns?", YES_NO_UNKNOWN)
    dual_diagnosis = radios("Dual diagnosis (mental health and substance use)?", YES_NO_UNKNOWN)
    hepatitis_b = radios("Hepatitis B status", BBV_STATUS)
    hepatitis_c = radios("Hepatitis C status", BBV_STATUS)
    hiv = radios("HIV status", BBV_STATUS)


class OverdoseForm(SectionForm):
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
            ("none_live_with", "None of their children live with them"),
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
    recommendation = radios(
        "Recommendation",
        [
            ("structured_treatment", "Referral to structured treatment"),
            ("brief_intervention", "Brief intervention and harm reduction"),
            ("recovery_support", "Recovery support or mutual aid"),
            ("no_further_action", "No further action"),
        ],
    )
    reasons = text("Reasons", required=True)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    form: type[SectionForm]


SECTIONS: tuple[Section, ...] = (
    Section("substances", "Substances", SubstancesForm),
    Section("alcohol", "Alcohol", AlcoholForm),
    Section("audit", "AUDIT (alcohol use)", AuditForm),
    Section("sds", "Severity of Dependence Scale", SdsForm),
    Section("treatment_history", "Treatment history", TreatmentHistoryForm),
    Section("health", "Physical and mental health", HealthForm),
    Section("overdose", "Overdose risk", OverdoseForm),
    Section("accommodation", "Accommodation", AccommodationForm),
    Section("employment", "Employment", EmploymentForm),
    Section("family", "Children and family", FamilyForm),
    Section("safeguarding", "Safeguarding and exploitation", SafeguardingForm),
    Section("offending", "Offending", OffendingForm),
    Section("goals", "Goals", GoalsForm),
    Section("recommendation", "Recommendation", RecommendationForm),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


class SectionStatus:
    NOT_STARTED = "not_started"
    INCOMPLETE = "incomplete"
    COMPLETED = "completed"
    NOT_NEEDED = "not_needed"


def section_not_needed(key: str, sections: Mapping) -> str:
    """Why a section does not apply to this person, from the other sections' answers ('' when
    it does): the Severity of Dependence Scale asks about a drug, so not when none is used."""
    if key == "sds" and (sections.get("substances") or {}).get("uses_drugs") == "no":
        return "the person has used no drugs, so there is no drug to ask about"
    return ""


def sections_status(sections: Mapping) -> dict[str, str]:
    """Every section's status in this assessment, those that do not apply as NOT_NEEDED."""
    return {
        section.key: SectionStatus.NOT_NEEDED
        if section_not_needed(section.key, sections)
        else section_status(section.key, sections.get(section.key))
        for section in SECTIONS
    }


def section_form(key: str, answers: Mapping | None) -> SectionForm:
    """The section's form bound to stored answers (unbound when there are none)."""
    section = SECTIONS_BY_KEY[key]
    return section.form(data=answers) if answers else section.form()


def section_status(key: str, answers: Mapping | None) -> str:
    if not answers:
        return SectionStatus.NOT_STARTED
    form = section_form(key, answers)
    return SectionStatus.COMPLETED if form.is_valid() else SectionStatus.INCOMPLETE


# The most of any one answer kept, typed or sent (a text answer's own limit is lower: what is
# over it is kept, up to this, so the worker sees it with its error and can shorten it).
ANSWER_LIMIT = 5_000


def answers_from_post(key: str, post) -> dict:
    """The section's answers from a POST (the autosave's or the page's), kept as typed where a
    person could have typed them: a choice that is not one of the section's options is dropped
    (only a crafted request sends one), any answer is cut at ANSWER_LIMIT characters, and a NUL
    character goes (invisible, never typed, and refused by PostgreSQL, whose error would quote
    the answers into the log). Everything else typed, valid or not yet, is kept."""
    answers = {}
    for name, field in SECTIONS_BY_KEY[key].form.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            chosen = [value.replace("\x00", "") for value in post.getlist(name)]
            answers[name] = [value for value in chosen if field.valid_value(value)]
        elif name in post:
            value = post.get(name, "").replace("\x00", "")[:ANSWER_LIMIT]
            if isinstance(field, forms.ChoiceField) and value and not field.valid_value(value):
                continue
            answers[name] = value
    return answers


def scores(sections: Mapping) -> dict:
    """AUDIT, AUDIT-C and SDS results from the answers, where their sections are complete."""
    results: dict = {}
    for key, form_class in (("audit", AuditForm), ("sds", SdsForm)):
        if section_not_needed(key, sections):
            continue
        form = section_form(key, sections.get(key))
        if sections.get(key) and form.is_valid():
            results[key] = form_class.score(form.cleaned_data)
    return results
