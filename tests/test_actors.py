"""Actor files: the preset loads, optional actors switch on, bad files fail with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.ingest.actors import PRESET, ActorError, load_actors


def test_preset_defaults() -> None:
    actors = load_actors()
    assert actors.ids == ["Turkey", "Russia"]
    assert {a.id for a in actors.all_actors} >= {"Syrian government", "Syrian opposition", "United States"}
    assert actors.person_index()["Lavrov"] == ("Russia", "Sergey Lavrov")
    assert actors.person_index()["Mevlet Cavusoglu"] == ("Turkey", "Mevlüt Çavuşoğlu")


@pytest.mark.parametrize(
    ("enable", "ids"),
    [
        ((), ["Turkey", "Russia"]),
        (("Syrian government",), ["Turkey", "Russia", "Syrian government"]),
        (("all",), ["Turkey", "Russia", "Syrian government", "Syrian opposition", "United States"]),
    ],
)
def test_enable(enable: tuple[str, ...], ids: list[str]) -> None:
    assert load_actors(PRESET, enable=enable).ids == ids


def test_only() -> None:
    assert load_actors(only=["Russia", "United States"]).ids == ["Russia", "United States"]


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actors.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no \\[\\[actor\\]\\] tables"),
        ("[[actor]\nid='x'", "not valid TOML"),
        ("[[actor]]\nnames=['A']", "non-empty string 'id'"),
        ("[[actor]]\nid='A'", "no names, adjectives"),
        ("[[actor]]\nid='A'\nnames=['A']\ncolour='red'", "unknown key\\(s\\) colour"),
        ("[[actor]]\nid='A'\nnames='A'", "must be a list"),
        ("[[actor]]\nid='A'\nnames=['A']\n[[actor]]\nid='A'\nnames=['B']", "duplicate actor id"),
        ("[[actor]]\nid='A'\nnames=['Ann']\n[[actor]]\nid='B'\nnames=['Ann']", "belongs to both"),
        ("[[actor]]\nid='A'\npeople=[{aliases=['x']}]", "needs a 'name'"),
        ("[[actor]]\nid='A'\nnames=['A']\nenabled='yes'", "'enabled' must be"),
    ],
)
def test_bad_actor_files(tmp_path: Path, text: str, message: str) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(ActorError, match=message) as info:
        load_actors(path)
    assert str(path) in str(info.value)


def test_missing_file_and_unknown_enable(tmp_path: Path) -> None:
    with pytest.raises(ActorError, match="actor file not found"):
        load_actors(tmp_path / "none.toml")
    with pytest.raises(ActorError, match="no actor 'Narnia'"):
        load_actors(enable=["Narnia"])


def test_user_file(tmp_path: Path) -> None:
    path = _file(tmp_path, "[[actor]]\nid='EU'\nnames=['European Union', 'EU']\npeople=['Ursula von der Leyen']\n")
    actors = load_actors(path)
    assert actors.ids == ["EU"] and actors.person_index()["Ursula von der Leyen"] == ("EU", "Ursula von der Leyen")
