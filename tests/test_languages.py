"""Every supported language: its sentences split where a reader would split them, its language detected."""

from __future__ import annotations

import random

import numpy as np
import pytest

from api import create_app
from summarizer import summarize
from summarizer.errors import UndetectedLanguage
from summarizer.text import detect
from summarizer.text.detect import detect_language
from summarizer.text.languages import SUPPORTED_LANGUAGES, resolve_language, stop_words
from summarizer.text.sentences import split_sentences, stem

from .test_api import assert_error

# Real sentences with the abbreviations, titles, ordinals and dates that a Punkt model alone breaks
# after (or would): each text is two sentences, and these are they.
SENTENCES: dict[str, list[tuple[str, str]]] = {
    "czech": [
        ("Vláda chce mj. urychlit výstavbu větrných elektráren.", "Kritici pochybují."),
        ("Schůze se konala 3. října v Praze.", "Všichni přišli."),
        ("Prof. Novák mluvil s doc. Svobodou o projektu, např. o rozpočtu.", "Dohodli se."),
    ],
    "danish": [
        ("Regeringen vil bl.a. bygge flere vindmøller.", "Kritikerne er skeptiske."),
        ("Mødet fandt sted den 3. oktober i København.", "Alle deltog."),
        ("Dr. Hansen talte med prof. Jensen om projektet, f.eks. om budgettet.", "De var enige."),
    ],
    "dutch": [
        ("Dhr. Jansen sprak met mevr. De Vries over het plan.", "Ze waren het eens."),
        (
            "Het kabinet wil o.a. de bouw van windmolens versnellen, d.w.z. sneller vergunningen geven.",
            "Critici twijfelen.",
        ),
        ("Prof. dr. Bakker gaf op 3 oktober een lezing.", "De zaal zat vol."),
    ],
    "english": [
        ("Dr. Smith met U.S. officials in Washington on Monday.", "They talked for an hour."),
        ("The talks began at 9 a.m. on Jan. 5 and ended late.", "Mr. Jones left early."),
    ],
    "finnish": [
        ("Hallitus haluaa mm. rakentaa lisää tuulivoimaa.", "Kriitikot epäilevät."),
        ("Kokous pidettiin 3. lokakuuta Helsingissä.", "Kaikki osallistuivat."),
        ("Tri Virtanen puhui prof. Korhosen kanssa hankkeesta, esim. budjetista.", "He olivat samaa mieltä."),
    ],
    "french": [
        ("M. Dupont a rencontré le Dr Martin à Paris.", "Ils ont parlé du projet."),
        ("Le président, c.-à-d. le chef de l'État, a parlé.", "Les députés ont applaudi."),
        ("La réunion a eu lieu le 1er octobre, cf. le compte rendu.", "Rien n'a été décidé."),
    ],
    "german": [
        ("Die Regierung will z. B. den Ausbau der Windkraft beschleunigen.", "Kritiker sind skeptisch."),
        ("Am 3. Oktober feiert Deutschland den Tag der Deutschen Einheit.", "Viele Menschen haben frei."),
        ("Dr. Müller sprach mit Prof. Schmidt über das Projekt.", "Beide waren zufrieden."),
        ("Er kam am 24. Dezember nach Hause, d. h. pünktlich zum Fest.", "Alle freuten sich."),
    ],
    "greek": [
        ("Η κυβέρνηση θέλει π.χ. να επιταχύνει την κατασκευή αιολικών.", "Οι επικριτές αμφιβάλλουν."),
        ("Ο κ. Παπαδόπουλος μίλησε με τον καθ. Γεωργίου για το έργο.", "Συμφώνησαν."),
    ],
    "italian": [
        ("Il Sig. Rossi ha incontrato il Dott. Bianchi a Roma.", "Hanno parlato a lungo."),
        ("La legge entra in vigore il 1° gennaio, come previsto dall'art. 5 del decreto.", "Nessuno si è opposto."),
        ("Il provvedimento, cfr. la circolare del 3 marzo, vale per tutti.", "Nessuno si è opposto."),
    ],
    "norwegian": [
        ("Regjeringen vil bl.a. bygge flere vindkraftverk.", "Kritikerne er skeptiske."),
        ("Møtet fant sted den 3. oktober i Oslo.", "Alle deltok."),
        ("Dr. Hansen snakket med prof. Olsen om prosjektet, f.eks. om budsjettet.", "De var enige."),
    ],
    "polish": [
        ("Rząd chce m.in. przyspieszyć budowę farm wiatrowych.", "Krytycy wątpią."),
        ("Spotkanie odbyło się 3 października w Warszawie, tj. w stolicy.", "Wszyscy przyszli."),
        ("Prof. Nowak rozmawiał z dr. Kowalskim o projekcie, np. o budżecie.", "Zgodzili się."),
    ],
    "portuguese": [
        ("O Sr. Silva falou com a Dra. Costa em Lisboa.", "Ambos concordaram."),
        ("A lei foi aprovada no dia 3 de outubro, p. ex. pelo parlamento.", "Ninguém votou contra."),
    ],
    "russian": [
        ("Правительство хочет, в т. ч. ускорить строительство ветряков.", "Критики сомневаются."),
        ("Встреча прошла 3 окт. в Москве, т. е. в столице.", "Все пришли."),
        ("Проф. Иванов поговорил с г. Петровым о проекте.", "Они договорились."),
    ],
    "spanish": [
        ("El Sr. García habló con la Sra. López en Madrid.", "Ambos estaban de acuerdo."),
        ("La reunión fue el 3 de octubre, p. ej. en la sede central.", "Nadie faltó."),
        ("El Dr. Pérez trabaja en el Hospital Clínico.", "Es cardiólogo."),
    ],
    "swedish": [
        ("Regeringen vill bl.a. bygga fler vindkraftverk.", "Kritikerna är skeptiska."),
        ("Mötet ägde rum den 3. oktober i Stockholm.", "Alla deltog."),
        ("Dr. Andersson talade med prof. Berg om projektet, t.ex. om budgeten.", "De var överens."),
    ],
    "turkish": [
        ("Hükümet vb. önlemler için yeni bir yasa hazırladı.", "Eleştirmenler kuşkulu."),
        ("Toplantı 3. gün Ankara'da yapıldı.", "Herkes katıldı."),
        ("Dr. Yılmaz, Prof. Demir ile proje hakkında konuştu.", "Anlaştılar."),
    ],
}
CASES = [
    pytest.param(language, pair, id=f"{language}-{n}")
    for language, pairs in SENTENCES.items()
    for n, pair in enumerate(pairs)
]
# A short news text per language, long enough to be told from its neighbours (Danish from Norwegian).
NEWS = {language: " ".join(" ".join(pair) for pair in pairs) for language, pairs in SENTENCES.items()}


@pytest.fixture(scope="module")
def client():
    return create_app({"max_body_bytes": 200_000, "max_text_chars": 50_000}).test_client()


def test_every_supported_language_has_splitting_cases():
    assert sorted(SUPPORTED_LANGUAGES) == sorted(SENTENCES)


@pytest.mark.parametrize(("language", "pair"), CASES)
def test_abbreviations_ordinals_and_dates_do_not_end_sentences(language, pair):
    document = split_sentences(" ".join(pair), language)

    assert list(pair) == [s.text for s in document.sentences]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_supported_language_summarises_with_its_stop_words_and_stems(language):
    summary = summarize(NEWS[language], language=language, sentences=1, keywords=3)

    assert language == summary.language
    assert None is summary.detected_language  # named by the caller: no detection
    assert 1 == len(summary.sentences)
    assert len(stop_words(language)) > 100
    assert all(stem(language, word.lower()) for word in NEWS[language].split()[:5])


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_language_is_detected_when_not_given(language):
    detection = detect_language(NEWS[language])

    assert language == detection.language
    assert detection.confidence > 0.5


def test_feature_counts_are_py3langids_own():
    """Detection walks py3langid's automaton itself (summarizer/text/detect.py): the features and counts
    must be those of the library's `instance2fv`, for every language's text, odd characters included."""
    model = detect._identifier()
    rng = random.Random(9)

    def character() -> str:
        return chr(rng.choice([rng.randint(32, 126), rng.randint(160, 0x2FFF), rng.randint(0x10000, 0x1F6FF)]))

    noise = ["".join(character() for _ in range(rng.randint(0, 80))) for _ in range(300)]
    for text in [*NEWS.values(), *noise, "", "123 456", "\ud800 lone surrogate", "日本語のテキスト"]:
        read = detect.sample(text)
        library = model.instance2fv(read)
        features, counts = detect._feature_counts(model, read)

        assert np.flatnonzero(library).tolist() == features.tolist()
        assert library[features].astype(np.float32).tobytes() == counts.tobytes()


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("nl", "dutch"),
        ("nld", "dutch"),
        ("da", "danish"),
        ("nb", "norwegian"),
        ("no", "norwegian"),
        ("FI", "finnish"),
        ("ru", "russian"),
        ("tr", "turkish"),
        ("de", "german"),
        ("en", "english"),
        ("Greek", "greek"),
    ],
)
def test_iso_codes_name_the_languages(code, language):
    assert language == resolve_language(code)


def test_estonian_and_slovene_are_not_supported_yet():
    """Punkt has models for both, Snowball has stemmers for neither (README, "Languages")."""
    assert {"estonian", "slovene"}.isdisjoint(SUPPORTED_LANGUAGES)


def test_german_without_language_is_summarised_as_german(client):
    response = client.post("/v1/summarize", json={"text": NEWS["german"], "length": {"sentences": 1}})

    body = response.get_json()
    assert 200 == response.status_code, body
    assert "german" == body["language"]
    assert {"code": "de", "language": "german", "confidence": body["detected_language"]["confidence"]} == (
        body["detected_language"]
    )
    assert body["detected_language"]["confidence"] > 0.9
    assert "Die Regierung will z. B. den Ausbau der Windkraft beschleunigen." == body["summary"]


def test_auto_is_the_same_as_no_language(client):
    response = client.post("/v1/summarize", json={"text": NEWS["dutch"], "language": "auto"})

    assert 200 == response.status_code
    assert "dutch" == response.get_json()["detected_language"]["language"]


def test_a_language_given_skips_detection(client):
    response = client.post("/v1/summarize", json={"text": NEWS["german"], "language": "english"})

    body = response.get_json()
    assert "english" == body["language"]
    assert None is body["detected_language"]


def test_text_in_a_language_we_cannot_summarise_is_422_naming_it_and_the_supported_ones(client):
    hungarian = (
        "A kormány szerdán új klímavédelmi törvényjavaslatot mutatott be. A környezetvédelmi miniszter "
        "szerint a törvény felgyorsítja a szélerőművek építését. Az ellenzék szerint az intézkedések túl "
        "gyengék, és túl későn érkeznek."
    )

    error = assert_error(client.post("/v1/summarize", json={"text": hungarian}), 422, "detected_language_unsupported")

    assert "'hu'" in error["message"]
    assert "hu" == error["details"]["detected"]
    assert list(SUPPORTED_LANGUAGES) == error["details"]["supported"]
    assert "text" == error["details"]["field"]


def test_a_few_words_that_read_as_another_language_fall_back_to_one_we_summarise():
    """langid reads "Hola, ¿cómo estás?" as Galician; too unsure to refuse it, Spanish is its next guess."""
    summary = summarize("Hola, ¿cómo estás?", sentences=1)

    assert "spanish" == summary.language
    assert summary.detected_language is not None and summary.detected_language.confidence < 0.9


@pytest.mark.parametrize("text", ["0ī", "Ą", "Tere!"])
def test_a_word_or_two_is_never_refused(text):
    """A text of a few letters says too little about its language to turn it away (schemathesis found
    "0ī", read as Latvian at 0.94): the likeliest language we summarise is taken."""
    summary = summarize(text, sentences=1)

    assert summary.language in SUPPORTED_LANGUAGES


def test_detection_refusal_is_an_unsupported_language_error():
    with pytest.raises(UndetectedLanguage) as raised:
        summarize("Vlada je v sredo predstavila nov predlog zakona o podnebju. " * 3)

    assert "sl" == raised.value.details["detected"]
