"""The sentence model run in numpy (the ``semantic`` extra), and what it is given to read."""

import threading
from collections.abc import Callable

import numpy as np
import pytest

from hiring.ranking import embedding
from hiring.ranking.semantic import blend, candidate_role, recent_role, stretch
from tests.conftest import FreshApp

SENTENCES = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
# sentence-transformers' documentation: all-MiniLM-L6-v2's similarities of SENTENCES.
REFERENCE = np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]])


@pytest.fixture(scope="module")
def model() -> embedding.SentenceModel:
    found = embedding.model()
    if found is None:
        pytest.skip("the semantic extra is not installed")
    return found


def test_matches_the_published_similarities_of_the_reference_model(
    model: embedding.SentenceModel,
) -> None:
    vectors = model.embed(SENTENCES)
    assert vectors.shape == (3, embedding.DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(vectors @ vectors.T, REFERENCE, atol=1e-4)


def test_vectors_are_unit_length_and_similar_texts_are_closer(
    model: embedding.SentenceModel,
) -> None:
    nurse, ward, recruiter = model.embed(
        [
            "Registered nurse caring for patients on an acute medical ward",
            "Staff nurse: medication rounds and care plans on a hospital ward",
            "Recruiter hiring software engineers for startups",
        ]
    )
    for vector in (nurse, ward, recruiter):
        assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)
    assert float(nurse @ ward) > float(nurse @ recruiter) + 0.2


def test_batches_give_the_same_vectors_as_single_texts(model: embedding.SentenceModel) -> None:
    # Texts of different lengths share a padded batch: padding must not change a vector.
    texts = ["Nurse", "Warehouse operations manager running a distribution centre at night", ""]
    together = model.embed(texts)
    for text, vector in zip(texts, together, strict=True):
        np.testing.assert_allclose(model.embed([text])[0], vector, atol=1e-5)


def test_the_model_is_read_from_the_installed_package_without_importing_it() -> None:
    archive = embedding.model_archive()
    if archive is None:
        pytest.skip("the semantic extra is not installed")
    assert archive.name == "model.zip" and archive.is_file()


def test_what_a_candidate_does_is_their_title_else_their_latest_dated_role() -> None:
    resume = (
        "Keeping production boring since 2015\n"
        "Hired React developers at three startups\n"
        "Site Reliability Engineer at Northwind (2021 to now)\n"
        "Accountant, Acme Ltd, 2016-2021"
    )
    assert recent_role(resume) == "Site Reliability Engineer"
    assert candidate_role("Staff Nurse", resume) == "Staff Nurse"
    assert candidate_role(None, resume) == "Site Reliability Engineer"
    assert candidate_role("  ", "No dated roles here") == ""


def test_blend_weighs_meaning_and_role_above_words() -> None:
    assert stretch(np.array([0.0, 0.45, 0.9])).tolist() == pytest.approx([0.0, 0.5, 1.0])
    scores = blend(np.array([100.0, 0.0]), np.array([0.2, 0.7]), np.array([0.2, 0.7]))
    assert scores[1] > scores[0]
    assert scores.min() >= 0.0 and scores.max() <= 100.0


def test_the_app_starts_loading_the_model_as_it_starts(
    fresh_app: Callable[..., FreshApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = threading.Event()
    monkeypatch.setattr(embedding, "model", asked.set)
    built = fresh_app()
    assert not asked.is_set()
    with built.client():  # runs the lifespan
        assert asked.wait(10)


def test_batches_hold_many_short_texts_and_few_long_ones() -> None:
    lengths = [12] * 40 + [200, 250, 256]
    batches = list(embedding._batches(list(range(len(lengths))), lengths))
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 256
    assert len(batches[0]) == 256 // 12
    assert batches[-3:] == [[40], [41], [42]]


def test_a_text_gets_the_same_vector_alone_or_batched_with_others(
    model: embedding.SentenceModel,
) -> None:
    texts = ["Nurse", "Registered nurse on an acute medical ward. " * 8, "Accountant, Acme Ltd"]
    together = model.embed(texts)
    for text, vector in zip(texts, together, strict=True):
        np.testing.assert_allclose(model.embed([text])[0], vector, atol=1e-5)
