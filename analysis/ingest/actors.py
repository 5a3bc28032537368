"""Actors as configuration: loading an actor file (TOML) into surface forms to match.

An actor file lists, for each actor, its names, adjectives, metonyms (capitals, institutions),
the people who speak for it and phrases that are not the actor. The Turkey–Russia preset ships in
``analysis/ingest/presets/turkey_russia.toml``; a user passes their own file with the same keys.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.ingest.normalize import fold

__all__ = ["FORM_KINDS", "PRESET", "Actor", "ActorError", "ActorSet", "Person", "load_actors"]

PRESET = Path(__file__).parent / "presets" / "turkey_russia.toml"
FORM_KINDS = ("names", "adjectives", "metonyms")
_KIND_OF = {"names": "name", "adjectives": "adjective", "metonyms": "metonym"}
_ACTOR_KEYS = {"id", "label", "enabled", "names", "adjectives", "metonyms", "people", "not_actor", "labels", "color"}
_PERSON_KEYS = {"name", "aliases", "role"}


class ActorError(ValueError):
    """An actor file that cannot be used, with the file and the problem in the message."""


@dataclass(frozen=True)
class Person:
    """Somebody who speaks for an actor: canonical name, other spellings, role."""

    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that refers to this person (canonical name first)."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Actor:
    """One actor and its surface forms."""

    id: str
    label: str
    enabled: bool = True
    names: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    not_actor: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    """Evaluative nouns that stand for the actor when used alone ("the regime", "terrorists").

    The label finder reports them (kind ``evaluative``); they are not mentions, so they change
    neither salience nor stance."""

    def forms(self) -> list[tuple[str, str, str]]:
        """(surface form, kind, person's canonical name or "") for every form of the actor."""
        out: list[tuple[str, str, str]] = []
        for key in FORM_KINDS:
            out.extend((f, _KIND_OF[key], "") for f in getattr(self, key))
        for p in self.people:
            out.extend((f, "person", p.name) for f in p.forms)
        return out


@dataclass(frozen=True)
class ActorSet:
    """The actors of an analysis, in file order, and where they came from."""

    actors: tuple[Actor, ...]
    source: str = ""
    all_actors: tuple[Actor, ...] = field(default=(), repr=False)

    @property
    def ids(self) -> list[str]:
        """Ids of the enabled actors."""
        return [a.id for a in self.actors]

    def person_index(self) -> dict[str, tuple[str, str]]:
        """Folded spelling of every person -> (actor id, canonical name), enabled actors only."""
        index: dict[str, tuple[str, str]] = {}
        for a in self.actors:
            for p in a.people:
                for f in p.forms:
                    index[fold(f)] = (a.id, p.name)
        return index


def _strings(value: object, *, where: str) -> tuple[str, ...]:
    """Validate a list of non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorError(f"{where}: must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _parse_actor(raw: dict, *, where: str) -> Actor:
    """Validate one [[actor]] table."""
    unknown = set(raw) - _ACTOR_KEYS
    if unknown:
        raise ActorError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_ACTOR_KEYS))})"
        )
    actor_id = raw.get("id")
    if not isinstance(actor_id, str) or not actor_id.strip():
        raise ActorError(f"{where}: every actor needs a non-empty string 'id'")
    where = f"{where} (actor '{actor_id}')"
    people: list[Person] = []
    for k, p in enumerate(raw.get("people", [])):
        if isinstance(p, str):
            p = {"name": p}
        if not isinstance(p, dict) or not isinstance(p.get("name"), str) or not p["name"].strip():
            raise ActorError(f"{where}: people[{k}] needs a 'name'")
        bad = set(p) - _PERSON_KEYS
        if bad:
            raise ActorError(f"{where}: people[{k}] has unknown key(s) {', '.join(sorted(bad))}")
        people.append(
            Person(
                p["name"].strip(),
                _strings(p.get("aliases", []), where=f"{where} people[{k}].aliases"),
                str(p.get("role", "")),
            )
        )
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ActorError(f"{where}: 'enabled' must be true or false")
    actor = Actor(
        id=actor_id.strip(),
        label=str(raw.get("label", actor_id)).strip(),
        enabled=enabled,
        names=_strings(raw.get("names", []), where=f"{where} names"),
        adjectives=_strings(raw.get("adjectives", []), where=f"{where} adjectives"),
        metonyms=_strings(raw.get("metonyms", []), where=f"{where} metonyms"),
        people=tuple(people),
        not_actor=_strings(raw.get("not_actor", []), where=f"{where} not_actor"),
        labels=_strings(raw.get("labels", []), where=f"{where} labels"),
    )
    if not actor.forms():
        raise ActorError(f"{where}: no names, adjectives, metonyms or people to match")
    return actor


def load_actors(
    path: str | Path | None = None, *, enable: Iterable[str] = (), only: Iterable[str] | None = None
) -> ActorSet:
    """Load an actor file (the Turkey–Russia preset by default).

    ``enable`` switches on actors that the file leaves off (``"all"`` switches on every one);
    ``only`` keeps just the named actors. Unknown ids in either are an error. The same surface form
    may not belong to two enabled actors, except a one-word name of two people ("Bush" for George
    W. Bush and for Jeb Bush), which each document resolves to the one it last named in full.
    """
    path = Path(path) if path is not None else PRESET
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ActorError(f"{path}: actor file not found") from None
    except UnicodeDecodeError as exc:
        raise ActorError(f"{path}: not valid UTF-8 at byte offset {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ActorError(f"{path}: not valid TOML ({exc})") from None
    raw_actors = data.get("actor")
    if not isinstance(raw_actors, list) or not raw_actors:
        raise ActorError(f"{path}: no [[actor]] tables")
    actors = [_parse_actor(r, where=str(path)) for r in raw_actors]
    ids = [a.id for a in actors]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ActorError(f"{path}: duplicate actor id(s): {', '.join(sorted(dup))}")
    enable = set(enable)
    wanted = set(only) if only is not None else None
    for name in (enable - {"all"}) | (wanted or set()):
        if name not in ids:
            raise ActorError(f"{path}: no actor '{name}' (actors: {', '.join(ids)})")
    chosen = tuple(
        a
        for a in actors
        if (wanted is None or a.id in wanted)
        and (a.enabled or "all" in enable or a.id in enable or (wanted is not None and a.id in wanted))
    )
    owner: dict[str, tuple[str, str]] = {}  # folded form -> (actor id, kind)
    for a in chosen:
        for form, kind, _ in a.forms():
            key = fold(form)
            prev = owner.get(key)
            if prev is not None and prev[0] != a.id:
                # two people may share a one-word name (a surname): the document decides whom it means
                if not (kind == prev[1] == "person" and len(key.split()) == 1):
                    raise ActorError(f"{path}: form '{form}' belongs to both '{prev[0]}' and '{a.id}'")
            owner[key] = (a.id, kind)
    return ActorSet(actors=chosen, source=str(path), all_actors=tuple(actors))
