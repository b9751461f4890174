"""Scoring for the shared assessment's instruments: AUDIT, AUDIT-C and the SDS. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    """One question of an instrument and its answer options as (score, label) pairs."""

    number: int
    text: str
    options: tuple[tuple[int, str], ...]

    @property
    def allowed_scores(self) -> frozenset[int]:
        """The scores an answer to this question may take."""
        return frozenset(score for score, _label in self.options)


def _validate(
    answers: Mapping[int, int],
    questions: tuple[Question, ...],
    instrument: str,
    required: tuple[int, ...],
) -> None:
    """Raise ValueError unless every required question has an allowed score and no others appear."""
    by_number = {question.number: question for question in questions}
    unknown = sorted(set(answers) - set(by_number), key=str)
    if unknown:
        raise ValueError(f"{instrument} has no question {unknown[0]!r}.")
    missing = [number for number in required if number not in answers]
    if missing:
        raise ValueError(f"{instrument} question {missing[0]} is not answered.")
    for number, score in answers.items():
        allowed = sorted(by_number[number].allowed_scores)
        # bool is an int subclass; True would otherwise pass as a score of 1.
        if isinstance(score, bool) or not isinstance(score, int) or score not in allowed:
            allowed_text = ", ".join(str(value) for value in allowed)
            raise ValueError(
                f"{instrument} question {number} must score one of {allowed_text}, not {score!r}."
            )


# --- AUDIT -----------------------------------------------------------------------------------
# Babor, Higgins-Biddle, Saunders & Monteiro (2001) The Alcohol Use Disorders Identification
# Test: Guidelines for Use in Primary Care, 2nd edn, WHO/MSD/MSB/01.6a.
#
# Wording: WHO's, except Q2 and Q3, which use the UK version's (PHE 2017, now OHID) because
# the WHO "drinks" are not UK units; the UK Q3 also sets its units threshold by sex. Scores
# and every cut-off are identical between the two versions.

_FREQUENCY = (
    (0, "Never"),
    (1, "Less than monthly"),
    (2, "Monthly"),
    (3, "Weekly"),
    (4, "Daily or almost daily"),
)
# Q9 and Q10 score 0, 2 or 4: the WHO manual gives no 1 or 3 for these.
_EVER = ((0, "No"), (2, "Yes, but not in the last year"), (4, "Yes, during the last year"))

AUDIT_QUESTIONS: tuple[Question, ...] = (
    Question(
        1,
        "How often do you have a drink containing alcohol?",
        (
            (0, "Never"),
            (1, "Monthly or less"),
            (2, "2 to 4 times a month"),
            (3, "2 to 3 times a week"),
            (4, "4 or more times a week"),
        ),
    ),
    Question(
        2,
        "How many units of alcohol do you drink on a typical day when you are drinking?",
        ((0, "1 or 2"), (1, "3 or 4"), (2, "5 or 6"), (3, "7 to 9"), (4, "10 or more")),
    ),
    Question(
        3,
        "How often have you had 6 or more units if female, or 8 or more if male, "
        "on a single occasion in the last year?",
        _FREQUENCY,
    ),
    Question(
        4,
        "How often during the last year have you found that you were not able to stop "
        "drinking once you had started?",
        _FREQUENCY,
    ),
    Question(
        5,
        "How often during the last year have you failed to do what was normally expected "
        "from you because of drinking?",
        _FREQUENCY,
    ),
    Question(
        6,
        "How often during the last year have you needed a first drink in the morning to get "
        "yourself going after a heavy drinking session?",
        _FREQUENCY,
    ),
    Question(
        7,
        "How often during the last year have you had a feeling of guilt or remorse after drinking?",
        _FREQUENCY,
    ),
    Question(
        8,
        "How often during the last year have you been unable to remember what happened the "
        "night before because you had been drinking?",
        _FREQUENCY,
    ),
    Question(9, "Have you or someone else been injured as a result of your drinking?", _EVER),
    Question(
        10,
        "Has a relative or friend or a doctor or another health worker been concerned about "
        "your drinking or suggested you cut down?",
        _EVER,
    ),
)

AUDIT_C_QUESTIONS: tuple[int, ...] = (1, 2, 3)

# UK cut-off, not the US one (4 for women, 3 for men): PHE (now OHID) "Alcohol use screening
# tests" (2017) counts an AUDIT-C of 5 or more as positive, prompting the full AUDIT.
AUDIT_C_POSITIVE_FROM = 5


@dataclass(frozen=True)
class AuditZone:
    """A WHO risk zone: its score range, the UK label and the WHO manual's intervention."""

    zone: int
    lowest: int
    highest: int
    label: str
    meaning: str


# Ranges and interventions: WHO manual (2001), Table 6. Labels: the UK's names for them.
AUDIT_ZONES: tuple[AuditZone, ...] = (
    AuditZone(1, 0, 7, "Low risk", "Low risk drinking: offer alcohol education."),
    AuditZone(2, 8, 15, "Increasing risk", "Increasing risk drinking: give simple advice."),
    AuditZone(
        3,
        16,
        19,
        "Higher risk",
        "Higher risk drinking: give simple advice plus brief counselling, and keep monitoring.",
    ),
    AuditZone(
        4,
        20,
        40,
        "Possible dependence",
        "Possible dependence: refer to a specialist for diagnostic evaluation and treatment.",
    ),
)


@dataclass(frozen=True)
class AuditResult:
    """A scored AUDIT."""

    total: int
    audit_c: int
    zone: int
    zone_label: str
    meaning: str
    audit_c_positive: bool
    # Questions not asked (question number to why), each scoring 0.
    skipped: Mapping[int, str] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        """Whether questions 4 to 10 were asked (AUDIT-C 5 or more, or a full AUDIT given)."""
        return not all(n in self.skipped for n in range(4, 11))

    @property
    def summary(self) -> str:
        """The result as a service says it, the one wording every page and PDF prints: the
        full AUDIT out of 40 with its zone's advice, or AUDIT-C alone out of 12."""
        if self.full:
            return f"{self.total} of 40: {self.meaning}"
        return f"AUDIT-C {self.audit_c} of 12 (lower risk); the full AUDIT was not needed"


def audit_zone(total: int) -> AuditZone:
    """The WHO zone an AUDIT total falls in."""
    for zone in AUDIT_ZONES:
        if zone.lowest <= total <= zone.highest:
            return zone
    raise ValueError(f"An AUDIT total must be 0 to 40, not {total!r}.")


def audit_c_is_positive(audit_c: int) -> bool:
    """Whether an AUDIT-C score is positive by the UK cut-off."""
    return audit_c >= AUDIT_C_POSITIVE_FROM


def audit_c_score(answers: Mapping[int, int]) -> int:
    """AUDIT-C (Q1–Q3, 0–12); answers to the rest of the AUDIT may be present and are checked."""
    _validate(answers, AUDIT_QUESTIONS, "AUDIT", required=AUDIT_C_QUESTIONS)
    return sum(answers[number] for number in AUDIT_C_QUESTIONS)


# Which questions are not asked, and why. The WHO manual's skip rules (Babor et al. 2001, the
# AUDIT questionnaire in Box 4 and its scoring notes: a skipped question scores 0):
WHO_Q1_NEVER = "question 1 was 'Never', so the WHO manual goes to questions 9 and 10"
WHO_Q2_Q3_ZERO = "questions 2 and 3 both scored 0, so the WHO manual goes to questions 9 and 10"
# The UK's AUDIT-C first (OHID, formerly PHE, "Alcohol use screening tests", 2017): the other
# seven questions only when AUDIT-C is AUDIT_C_POSITIVE_FROM or more.
UK_AUDIT_C_BELOW_5 = "AUDIT-C was {audit_c}, below 5, so the rest of the AUDIT is not needed"


def audit_skipped(q1: int | None, q2: int | None = None, q3: int | None = None) -> dict[int, str]:
    """The questions not asked, given the answers to questions 1 to 3 so far, each with why.

    Unanswered AUDIT-C questions (None) leave questions 4 to 10 waiting: they are not asked yet,
    so they appear here with an empty reason. The WHO rules come first (they name the question
    that decided), then the UK rule for whatever they leave: with question 1 'Never', AUDIT-C
    is 0, so questions 9 and 10 are not needed either.
    """
    skipped: dict[int, str] = {}
    if q1 == 0:
        skipped |= dict.fromkeys(range(2, 9), WHO_Q1_NEVER)
        q2 = q3 = 0
    elif q2 == 0 and q3 == 0:
        skipped |= dict.fromkeys(range(4, 9), WHO_Q2_Q3_ZERO)
    if None in (q1, q2, q3):
        return skipped | {n: "" for n in range(4, 11) if n not in skipped}
    audit_c = q1 + q2 + q3
    if not audit_c_is_positive(audit_c):
        reason = UK_AUDIT_C_BELOW_5.format(audit_c=audit_c)
        skipped |= {n: reason for n in range(4, 11) if n not in skipped}
    return skipped


def audit_score(answers: Mapping[int, int]) -> AuditResult:
    """Score an AUDIT from question number (1–10) to the chosen option's score.

    A question the skip rules leave out may be absent and scores 0 (the WHO manual's rule);
    any other absent question is an error. A question answered anyway counts as answered."""
    _validate(answers, AUDIT_QUESTIONS, "AUDIT", required=(1,))
    skipped = audit_skipped(*(answers.get(n) for n in AUDIT_C_QUESTIONS))
    required = tuple(q.number for q in AUDIT_QUESTIONS if q.number not in skipped)
    _validate(answers, AUDIT_QUESTIONS, "AUDIT", required=required)
    total = sum(answers.values())
    audit_c = sum(answers.get(number, 0) for number in AUDIT_C_QUESTIONS)
    zone = audit_zone(total)
    not_asked = {n: why for n, why in skipped.items() if n not in answers}
    meaning = zone.meaning
    if all(n in not_asked for n in range(4, 11)):
        # Only AUDIT-C's questions (and perhaps 9 and 10) were asked: AUDIT-C of 0 to 4 is the
        # UK's lower risk, the same advice as the WHO's zone I, which the total falls in.
        meaning = (
            f"Questions 4 to 10 not asked: AUDIT-C {audit_c} of 12 is below 5, lower risk; "
            "offer alcohol education."
        )
    return AuditResult(
        total=total,
        audit_c=audit_c,
        zone=zone.zone,
        zone_label=zone.label,
        meaning=meaning,
        audit_c_positive=audit_c_is_positive(audit_c),
        skipped=not_asked,
    )


# --- Severity of Dependence Scale ------------------------------------------------------------
# Gossop, Darke, Griffiths, Hando, Powis, Hall & Strang (1995) Addiction 90(5):607–614.
# Asked about the person's main drug over the last year; "[drug]" is filled in when asked.

_HOW_OFTEN = (
    (0, "Never or almost never"),
    (1, "Sometimes"),
    (2, "Often"),
    (3, "Always or nearly always"),
)

SDS_QUESTIONS: tuple[Question, ...] = (
    Question(1, "Did you ever think your use of [drug] was out of control?", _HOW_OFTEN),
    Question(2, "Did the prospect of missing a dose make you anxious or worried?", _HOW_OFTEN),
    Question(3, "Did you worry about your use of [drug]?", _HOW_OFTEN),
    Question(4, "Did you wish you could stop?", _HOW_OFTEN),
    Question(
        5,
        "How difficult would you find it to stop or go without [drug]?",
        ((0, "Not difficult"), (1, "Quite difficult"), (2, "Very difficult"), (3, "Impossible")),
    ),
)

# Score at or above which dependence is likely. The SDS is validated per drug, so there is no
# general cut-off: drugs not listed get none rather than a borrowed one. Each is the study's
# optimal ROC cut-off against a DSM diagnosis, read as "this score or more" (decision 0024).
# González-Saiz, Domingo-Salvany, Barrio et al. (2009) Eur Addict Res 15(2):87–93: heroin ≥ 3.
_OPIATES = 3
# Kaye & Darke (2002) Addiction 97(6):727–731: cocaine ≥ 3 (González-Saiz 2009 found 4 among
# young heroin users who also used cocaine; Kaye & Darke studied cocaine users themselves).
_COCAINE = 3
SDS_CUT_OFFS: Mapping[str, int] = {
    "heroin": _OPIATES,
    "other_opiates": _OPIATES,  # no separate validation; heroin's is the nearest.
    "crack": _COCAINE,  # crack is a form of cocaine and has no cut-off of its own.
    "cocaine": _COCAINE,
    # Topp & Mattick (1997) Addiction 92(7):839–845: amphetamine, cut-off 4 (the abstract words
    # it "a score of greater than four"; see decision 0024 before changing it).
    "amphetamine": 4,
    # Swift, Copeland & Hall (1998) Addiction 93(11):1681–1692: cannabis ≥ 3, in adult long-term
    # users. Martin et al. (2006) found 4 in adolescents; 3 is the adult figure.
    "cannabis": 3,
    # de las Cuevas, Sanz, de la Fuente et al. (2000) Addiction 95(2):245–250: benzodiazepines,
    # "a score higher than six", so ≥ 7.
    "benzodiazepines": 7,
}


@dataclass(frozen=True)
class SdsResult:
    """A scored SDS and, where the drug has a validated cut-off, whether dependence is likely."""

    total: int
    drug: str | None
    cut_off: int | None
    likely_dependent: bool | None
    meaning: str


def _drug_key(drug: str | None) -> str | None:
    """The drug's key in SDS_CUT_OFFS form, or None when no drug was given."""
    if drug is None or not drug.strip():
        return None
    return drug.strip().lower()


def sds_cut_off(drug: str | None) -> int | None:
    """The validated SDS cut-off for a drug key, or None where there is none."""
    key = _drug_key(drug)
    return None if key is None else SDS_CUT_OFFS.get(key)


def likely_dependent(total: int, drug: str | None) -> bool | None:
    """Whether an SDS total suggests dependence on the drug; None without a validated cut-off."""
    cut_off = sds_cut_off(drug)
    return None if cut_off is None else total >= cut_off


def sds_score(answers: Mapping[int, int], drug: str | None = None) -> SdsResult:
    """Score an SDS from question number (1–5) to the chosen option's score (0–3)."""
    required = tuple(question.number for question in SDS_QUESTIONS)
    _validate(answers, SDS_QUESTIONS, "SDS", required=required)
    total = sum(answers.values())
    key = _drug_key(drug)
    cut_off = sds_cut_off(key)
    dependent = likely_dependent(total, key)
    drug_name = key.replace("_", " ") if key else None
    scored = f"SDS total {total} of 15"
    if cut_off is None:
        reason = f"no validated cut-off for {drug_name}" if drug_name else "no main drug given"
        meaning = f"{scored}; {reason}, so this score makes no judgement about dependence."
    elif dependent:
        meaning = (
            f"{scored} for {drug_name}, at or above the cut-off of {cut_off}: "
            "dependence is likely (a screening result, not a diagnosis)."
        )
    else:
        meaning = (
            f"{scored} for {drug_name}, below the cut-off of {cut_off}: "
            "dependence is not indicated."
        )
    return SdsResult(
        total=total, drug=key, cut_off=cut_off, likely_dependent=dependent, meaning=meaning
    )
