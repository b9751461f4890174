"""AUDIT, AUDIT-C and SDS scoring (no database)."""

from __future__ import annotations

import pytest

from assessments.scoring import (
    AUDIT_QUESTIONS,
    SDS_QUESTIONS,
    audit_c_score,
    audit_score,
    sds_cut_off,
    sds_score,
)


def audit_answers(*scores: int) -> dict[int, int]:
    """Answers keyed by question number, in question order."""
    return dict(enumerate(scores, start=1))


def sds_answers(total: int) -> dict[int, int]:
    """A real SDS answer set adding up to total: 3s first, then the remainder, then 0s."""
    scores = []
    for _ in range(5):
        score = min(3, total)
        scores.append(score)
        total -= score
    return audit_answers(*scores)


# (answers Q1–Q10, total, zone, AUDIT-C, AUDIT-C positive)
AUDIT_TABLE = [
    pytest.param((0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0, 1, 0, False, id="all-zeros"),
    pytest.param((2, 1, 1, 1, 1, 1, 0, 0, 0, 0), 7, 1, 4, False, id="zone-I-top-7"),
    pytest.param((2, 1, 1, 1, 1, 1, 1, 0, 0, 0), 8, 2, 4, False, id="zone-II-bottom-8"),
    pytest.param((3, 2, 2, 2, 1, 1, 1, 1, 2, 0), 15, 2, 7, True, id="zone-II-top-15"),
    pytest.param((3, 2, 2, 2, 1, 1, 1, 2, 2, 0), 16, 3, 7, True, id="zone-III-bottom-16"),
    pytest.param((3, 3, 3, 2, 2, 1, 1, 2, 2, 0), 19, 3, 9, True, id="zone-III-top-19"),
    pytest.param((3, 3, 3, 2, 2, 1, 1, 1, 2, 2), 20, 4, 9, True, id="zone-IV-bottom-20"),
    pytest.param((4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 40, 4, 12, True, id="maximum-40"),
]


@pytest.mark.parametrize(("scores", "total", "zone", "audit_c", "positive"), AUDIT_TABLE)
def test_audit_zone_boundaries_follow_the_who_manual(scores, total, zone, audit_c, positive):
    result = audit_score(audit_answers(*scores))
    assert result.total == total
    assert result.zone == zone
    assert result.audit_c == audit_c
    assert result.audit_c_positive is positive


@pytest.mark.parametrize(
    ("scores", "label", "intervention"),
    [
        ((0,) * 10, "Low risk", "alcohol education"),
        ((1,) * 8 + (0, 0), "Increasing risk", "simple advice"),
        ((2,) * 8 + (0, 0), "Higher risk", "brief counselling"),
        ((2,) * 10, "Possible dependence", "refer to a specialist"),
    ],
)
def test_audit_zone_labels_and_interventions_follow_the_who_manual(scores, label, intervention):
    result = audit_score(audit_answers(*scores))
    assert result.zone_label == label
    assert intervention in result.meaning


# (answers to Q1–Q3 only, AUDIT-C)
AUDIT_C_TABLE = [
    pytest.param({1: 0, 2: 0, 3: 0}, 0, id="zero"),
    pytest.param({1: 2, 2: 1, 3: 1}, 4, id="below-uk-cut-off-4"),
    pytest.param({1: 2, 2: 1, 3: 2}, 5, id="at-uk-cut-off-5"),
    pytest.param({1: 4, 2: 4, 3: 4}, 12, id="maximum-12"),
]


@pytest.mark.parametrize(("answers", "expected"), AUDIT_C_TABLE)
def test_audit_c_is_the_sum_of_questions_1_to_3(answers, expected):
    assert audit_c_score(answers) == expected


def test_audit_c_positive_starts_at_5_the_uk_cut_off():
    four = audit_score(audit_answers(2, 1, 1, 0, 0, 0, 0, 0, 0, 0))
    five = audit_score(audit_answers(2, 1, 2, 0, 0, 0, 0, 0, 0, 0))
    assert (four.audit_c, four.audit_c_positive) == (4, False)
    assert (five.audit_c, five.audit_c_positive) == (5, True)


def test_audit_c_can_be_scored_from_a_full_audit():
    assert audit_c_score(audit_answers(3, 2, 2, 2, 1, 1, 1, 1, 2, 0)) == 7


@pytest.mark.parametrize("number", [9, 10])
@pytest.mark.parametrize("score", [1, 3])
def test_audit_questions_9_and_10_accept_only_0_2_or_4(number, score):
    answers = audit_answers(*(0,) * 10) | {number: score}
    with pytest.raises(ValueError, match=rf"question {number} must score one of 0, 2, 4"):
        audit_score(answers)


@pytest.mark.parametrize("number", range(1, 11))
def test_audit_rejects_a_missing_question(number):
    # AUDIT-C 5: every question is asked, so none may be missing.
    answers = audit_answers(2, 1, 2, 0, 0, 0, 0, 0, 0, 0)
    del answers[number]
    with pytest.raises(ValueError, match=rf"AUDIT question {number} is not answered"):
        audit_score(answers)


@pytest.mark.parametrize(
    ("number", "score"),
    [(1, 5), (1, -1), (2, 10), (8, 5), (3, "2"), (4, True), (9, 6)],
)
def test_audit_rejects_a_score_the_question_does_not_offer(number, score):
    answers = audit_answers(*(0,) * 10) | {number: score}
    with pytest.raises(ValueError, match=rf"AUDIT question {number} must score one of"):
        audit_score(answers)


@pytest.mark.parametrize("number", [0, 11])
def test_audit_rejects_a_question_it_does_not_have(number):
    answers = audit_answers(*(0,) * 10) | {number: 0}
    with pytest.raises(ValueError, match=rf"AUDIT has no question {number}"):
        audit_score(answers)


def test_audit_c_rejects_a_missing_question_3():
    with pytest.raises(ValueError, match="AUDIT question 3 is not answered"):
        audit_c_score({1: 2, 2: 1})


def test_audit_questions_are_the_ten_who_items_with_their_scores():
    assert [question.number for question in AUDIT_QUESTIONS] == list(range(1, 11))
    assert AUDIT_QUESTIONS[0].text == "How often do you have a drink containing alcohol?"
    assert AUDIT_QUESTIONS[0].options == (
        (0, "Never"),
        (1, "Monthly or less"),
        (2, "2 to 4 times a month"),
        (3, "2 to 3 times a week"),
        (4, "4 or more times a week"),
    )
    for question in AUDIT_QUESTIONS[:8]:
        assert question.allowed_scores == {0, 1, 2, 3, 4}
    for question in AUDIT_QUESTIONS[8:]:
        assert [label for _score, label in question.options] == [
            "No",
            "Yes, but not in the last year",
            "Yes, during the last year",
        ]
        assert question.allowed_scores == {0, 2, 4}


def test_sds_questions_are_five_scored_0_to_3():
    assert [question.number for question in SDS_QUESTIONS] == [1, 2, 3, 4, 5]
    for question in SDS_QUESTIONS:
        assert question.allowed_scores == {0, 1, 2, 3}
    assert [label for _score, label in SDS_QUESTIONS[4].options] == [
        "Not difficult",
        "Quite difficult",
        "Very difficult",
        "Impossible",
    ]


@pytest.mark.parametrize(("total", "expected"), [(0, 0), (15, 15)])
def test_sds_total_runs_from_0_to_15(total, expected):
    answers = sds_answers(total)
    assert set(answers.values()) <= {0, 3}
    assert sds_score(answers, "heroin").total == expected


# (drug, cut-off): one below and at each cut-off, each from its validation study
SDS_CUT_OFF_TABLE = [
    ("heroin", 3),  # González-Saiz et al. (2009) Eur Addict Res 15(2):87–93: "3 or more".
    ("other_opiates", 3),  # heroin's, the nearest validated.
    ("crack", 3),  # cocaine's.
    ("cocaine", 3),  # Kaye & Darke (2002) Addiction 97(6):727–731: "a score of 3 or more".
    ("amphetamine", 4),  # Topp & Mattick (1997) Addiction 92(7):839–845.
    ("cannabis", 3),  # Swift, Copeland & Hall (1998) Addiction 93(11):1681–1692.
    (
        "benzodiazepines",
        7,
    ),  # de las Cuevas et al. (2000) Addiction 95(2):245–250: "higher than six".
]


@pytest.mark.parametrize(("drug", "cut_off"), SDS_CUT_OFF_TABLE)
def test_sds_dependence_starts_at_each_drugs_published_cut_off(drug, cut_off):
    below = sds_score(sds_answers(cut_off - 1), drug)
    at = sds_score(sds_answers(cut_off), drug)
    assert (below.total, below.cut_off, below.likely_dependent) == (cut_off - 1, cut_off, False)
    assert (at.total, at.cut_off, at.likely_dependent) == (cut_off, cut_off, True)
    assert "not indicated" in below.meaning
    assert "dependence is likely" in at.meaning
    assert f"cut-off of {cut_off}" in at.meaning


@pytest.mark.parametrize("drug", ["ketamine", "alcohol", None, ""])
def test_sds_makes_no_dependence_judgement_without_a_validated_cut_off(drug):
    result = sds_score(sds_answers(12), drug)
    assert result.total == 12
    assert result.cut_off is None
    assert result.likely_dependent is None
    assert sds_cut_off(drug) is None
    assert "SDS total 12 of 15" in result.meaning
    assert "no judgement about dependence" in result.meaning


def test_sds_drug_keys_ignore_case_and_spaces():
    result = sds_score(sds_answers(3), " Heroin ")
    assert (result.drug, result.cut_off, result.likely_dependent) == ("heroin", 3, True)


@pytest.mark.parametrize(("number", "score"), [(1, 4), (5, -1), (2, "1"), (3, False)])
def test_sds_rejects_a_score_outside_0_to_3(number, score):
    answers = sds_answers(0) | {number: score}
    with pytest.raises(ValueError, match=rf"SDS question {number} must score one of 0, 1, 2, 3"):
        sds_score(answers, "heroin")


def test_sds_rejects_a_missing_question():
    answers = sds_answers(0)
    del answers[4]
    with pytest.raises(ValueError, match="SDS question 4 is not answered"):
        sds_score(answers)


def test_sds_rejects_a_question_it_does_not_have():
    with pytest.raises(ValueError, match="SDS has no question 6"):
        sds_score(sds_answers(0) | {6: 0})
