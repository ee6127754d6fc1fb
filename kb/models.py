"""The records of the knowledge base: the single source of truth.

Validation, the JSON Schemas in `schemas/` and the SQLite tables are all derived from the
classes here. Two kinds of marker ride along in `Annotated` metadata and drive that derivation:

- `Ref("courts")` says a field holds the id of a record in another registry, so the loader
  can check that it exists and suggest a close match when it does not;
- `Table("events")` says a list of sub-records becomes its own SQLite table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import UnionType
from typing import Annotated, Any, ForwardRef, Literal, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kb.dates import check_partial_date
from kb.registries import DATA_FILE_NAMES, REGISTRY_LABELS
from kb.valuetypes import (SLUG_PATTERN, Amount, CountryCode, NoControlCharacters, PartialDate,  # noqa: F401
                           RecordId, Slug, Text, WebUrl)


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of a record in `registry` ("sources": of the same case)."""

    registry: str
    column: Optional[str] = None  # the SQLite column, when `<field>_id` would not do


@dataclass(frozen=True)
class Table:
    """Marks a list field that is stored as its own table, one row per item."""

    name: str


CaseKind = Literal["lawsuit", "ruling", "controversy", "regulatory"]
CaseStatus = Literal[
    "filed", "pending", "decided", "appealed", "settled", "dismissed", "withdrawn", "ongoing", "resolved", "in-force"
]
Role = Literal[
    "plaintiff", "defendant", "appellant", "appellee", "third-party", "complainant", "respondent", "regulator",
    "subject", "intervener",
]
RelationKind = Literal[
    "appeal-of", "same-dispute", "consolidated-with", "cites", "similar-facts", "related-controversy", "follow-up-of"
]
EventKind = Literal[
    "filed", "hearing", "ruling", "appeal", "settlement", "statement", "complaint", "launch", "policy", "other"
]
PartyKind = Literal["person", "company", "organization", "government", "collective"]
CourtLevel = Literal[
    "supreme", "high", "intermediate", "basic", "federal-district", "federal-appeals", "regional", "specialised", "agency"
]
AnswerKind = Literal["yes", "no", "partly", "not decided"]
JudgeRole = Literal["presiding", "panel", "author", "judge"]
ProductKind = Literal["image-generator", "text-generator", "music-generator", "voice", "code", "video", "dataset", "other"]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, so a misspelt key never vanishes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(Record):
    """A registry entry with a bilingual name."""

    id: RecordId
    name: Text = Field(description="Name in English (or the original Latin-script name).")
    name_zh: Optional[Text] = Field(None, description="Name in Chinese, where it applies.")
    aliases: list[Text] = Field(default_factory=list, description="Other names: short forms, brands, pen names.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: uncertainty, naming, context.")


class Court(Named):
    """A court, tribunal or agency that hears or decides cases."""

    jurisdiction: CountryCode = Field(description="Country (or EU) whose court or agency this is.")
    level: Optional[CourtLevel] = Field(None, description="Where it stands in its court system.")
    code: Optional[Text] = Field(None, description="Court code used in case numbers, e.g. 京0491.", examples=["京0491"])
    courtlistener: Optional[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$"), NoControlCharacters]] = Field(
        None, description="A US court's id in CourtListener and courts-db (the Free Law Project's database of courts).",
        examples=["cand"])
    ecli: Optional[Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,7}$"), NoControlCharacters]] = Field(
        None, description="The court's code in European Case Law Identifiers (the third part of its ECLIs).",
        examples=["BGH"])
    url: Optional[WebUrl] = Field(None, description="The court's own website.")


class Party(Named):
    """A person, company or body that takes part in cases."""

    kind: PartyKind = Field(description="What kind of party: a person, a company, an organization, a government, a collective.")
    jurisdiction: Optional[CountryCode] = Field(None, description="Country the party is based in.")
    url: Optional[WebUrl] = Field(None, description="The party's own website.")


class Claim(Named):
    """One kind of legal claim or issue, from a small taxonomy."""

    parent: Annotated[Optional[Slug], Ref("claims")] = Field(None, description="A broader claim this one refines.")
    description: Optional[Text] = Field(None, description="What the claim or issue is about, in a sentence or two.")


class Product(Named):
    """An AI product or model at issue in cases."""

    kind: ProductKind = Field(description="What the product makes or is.")
    operator: Annotated[Optional[Slug], Ref("parties")] = Field(None, description="Party that runs the product.")
    url: Optional[WebUrl] = Field(None, description="The product's own website.")


class Question(Named):
    """A question of law that courts answer: `name` is its short name, `question` asks it in full."""

    question: Text = Field(description="The question, in English, answerable yes or no.")
    question_zh: Optional[Text] = Field(None, description="The question in Chinese.")
    # What each answer means for this question, as `kb question` prints it above the answers ("not decided"
    # means the same for every question: the court took it up and left it open).
    yes_means: Optional[Text] = Field(None, description="What a ruling that answered yes held.",
                                      examples=["protected (for a human author)"])
    no_means: Optional[Text] = Field(None, description="What a ruling that answered no held.", examples=["refused"])
    partly_means: Optional[Text] = Field(None, description="What a ruling that answered partly held.",
                                         examples=["protected only in part, e.g. the human contribution"])
    claims: list[Annotated[Slug, Ref("claims")]] = Field(default_factory=list,
                                                          description="Claims under which courts answer it.")


class ReviewedWarning(Record):
    """A warning of `kb validate` that a reviewer has read and accepted for this record, and why."""

    warning: Text = Field(description="The warning's message as `kb validate` prints it, without the hint.",
                          examples=["case number year 2024 differs from the filing year 2023"])
    reason: Text = Field(description="Why the record is right as it is.")


class Source(Record):
    """A published source that states facts of a case."""

    id: Slug = Field(description="Id of the source within its case, e.g. s1.", examples=["s1"])
    url: WebUrl = Field(description="Where the source can be read.")
    title: Text = Field(description="The source's title as published.")
    publisher: Text = Field(description="Who published it: a court, a newspaper, an agency.")
    published: Optional[PartialDate] = Field(None, description="When it was published.")
    language: Optional[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Za-z]+)?$"), NoControlCharacters]] = Field(
        None, description="Language of the source: a two-letter code, optionally with a region or script.",
        examples=["en", "zh", "zh-Hans"])


class Judge(Named):
    """A judge who decided rulings of the cases, with the sources that name them."""

    court: Annotated[Optional[Slug], Ref("courts")] = Field(
        None, description="Id of the court the judge sits on, in courts.yaml (a judge sitting by designation "
                          "elsewhere keeps their own court; say so in `note`).")
    sources: list[Source] = Field(min_length=1, description="Published sources that name the judge and the "
                                                             "rulings; at least one.")


class CaseParty(Record):
    """A party's part in a case."""

    party: Annotated[Slug, Ref("parties")] = Field(description="Id of the party in parties.yaml.")
    role: Role = Field(description="The party's role in this case.")


class Event(Record):
    """One dated step of a case's timeline."""

    date: PartialDate = Field(description="When it happened.")
    kind: EventKind = Field("other", description="What kind of step it was.")
    what: Text = Field(description="What happened, in English.")
    what_zh: Optional[Text] = Field(None, description="What happened, in Chinese.")
    source: Annotated[Slug, Ref("sources")] = Field(description="Id of the case source that states this event.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: uncertainty, context.")


class Damages(Record):
    """An amount of money awarded or agreed."""

    amount: Amount = Field(description="The amount, in the currency's units.")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), NoControlCharacters,
                        Field(examples=["CNY", "USD"])] = Field(
        description="ISO 4217 currency code.")


class Ruling(Record):
    """The decision that ended (a stage of) a case."""

    date: Optional[PartialDate] = Field(None, description="When the decision was given.")
    outcome: Text = Field(description="Who won what, in a sentence.")
    outcome_zh: Optional[Text] = Field(None, description="The outcome in Chinese: the same facts as `outcome`.")
    holding: Optional[Text] = Field(None, description="The point of law the decision settles, in your own words.")
    holding_zh: Optional[Text] = Field(None, description="The holding in Chinese: the same facts as `holding`.")
    damages: Optional[Damages] = Field(None, description="Money awarded or agreed, if any.")
    source: Annotated[Slug, Ref("sources")] = Field(description="Id of the case source that states the decision.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: uncertainty, context.")


class Answer(Record):
    """What one ruling answered to one question of law, as a source states it."""

    question: Annotated[Slug, Ref("questions")] = Field(description="Id of the question in data/questions.yaml.")
    answer: AnswerKind = Field(description="yes, no, partly, or not decided (the court took the question up and "
                                           "left it open).")
    holding: Text = Field(description="The court's answer in one sentence, in English, in our own words.")
    holding_zh: Optional[Text] = Field(None, description="The same in Chinese, where the source is Chinese.")
    source: Annotated[Slug, Ref("sources")] = Field(description="Id of the case source that states the holding.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: uncertainty, context.")


class CaseCitation(Record):
    """An official citation of one of the case's rulings, as a source gives it."""

    citation: Text = Field(description="A US reporter citation, a UK neutral citation, an ECLI or a Chinese court's "
                                        "designation, written as kb.citations writes it.",
                           examples=["130 F.4th 1039", "[2025] EWHC 2863 (Ch)"])
    date: PartialDate = Field(description="Date of the ruling it cites: the date of an event of the case.")
    source: Annotated[Slug, Ref("sources")] = Field(description="Id of the case source that states the citation.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: uncertainty, context.")


class CaseJudge(Record):
    """A judge who decided one of the case's rulings, and in which role, as a source states it."""

    judge: Annotated[Slug, Ref("judges")] = Field(description="Id of the judge in judges.yaml.")
    role: JudgeRole = Field(description="presiding (the judge who presided, alone or at the head of a panel), "
                                        "panel (another member of the panel), author (wrote the panel's opinion), "
                                        "or judge (named as the case's judge, the role not stated).")
    date: PartialDate = Field(description="Date of the ruling the judge decided: the date of an event of the case.")
    source: Annotated[Slug, Ref("sources")] = Field(description="Id of the case source that names the judge.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: sitting by designation, "
                                                   "a dissent, uncertainty.")


class Relation(Record):
    """A link from this case to another."""

    case: Annotated[Slug, Ref("cases", column="related_case_id")] = Field(description="Id of the other case.")
    relation: RelationKind = Field(description="How this case relates to the other: appeal-of means this case is the "
                                               "appeal of the other.")
    note: Optional[Text] = Field(None, description="Anything a reader should know about the link.")


class Case(Record):
    """A lawsuit, ruling, controversy or regulatory act about AI-generated content."""

    id: RecordId = Field(description="The case's id: country, year and a few words of the title.",
                     examples=["cn-2023-li-v-liu"])
    title: Text = Field(description="Title in English, e.g. the parties' names.")
    title_zh: Optional[Text] = Field(None, description="Title in Chinese, where it applies.")
    kind: CaseKind = Field(description="A lawsuit, a ruling, a controversy (no court) or a regulatory act.")
    jurisdiction: CountryCode = Field(description="Country (or EU) where it happens.")
    court: Annotated[Optional[Slug], Ref("courts")] = Field(None, description="Id of the court in courts.yaml "
                                                                              "(none for a controversy).")
    case_number: Optional[Text] = Field(None, description="As the court writes it.", examples=["(2023)京0491民初11279号"])
    citations: Annotated[list[CaseCitation], Table("citations")] = Field(
        default_factory=list, description="Official citations of the case's rulings (reporter, neutral, ECLI).")
    status: CaseStatus = Field(description="Where the case stands, as of `as_of`.")
    as_of: Optional[PartialDate] = Field(None, description="Date of the newest source the status rests on.")
    filed: Optional[PartialDate] = Field(None, description="When the case was filed (or the controversy began).")
    decided: Optional[PartialDate] = Field(None, description="When it was decided; not before `filed`.")
    parties: Annotated[list[CaseParty], Table("case_parties")] = Field(
        default_factory=list, description="Who takes part, and in which role.")
    claims: Annotated[list[Annotated[Slug, Ref("claims")]], Table("case_claims")] = Field(
        default_factory=list, description="Ids of the claims and issues at stake, from claims.yaml.")
    products: Annotated[list[Annotated[Slug, Ref("products")]], Table("case_products")] = Field(
        default_factory=list, description="Ids of the AI products at issue, from products.yaml.")
    summary: Optional[Text] = Field(None, description="Two or three sentences in your own words.")
    summary_zh: Optional[Text] = Field(None, description="The summary in Chinese.")
    events: Annotated[list[Event], Table("events")] = Field(
        default_factory=list, description="The dated steps of the case, each with its source.")
    ruling: Optional[Ruling] = Field(None, description="The decision that ended (a stage of) the case.")
    answers: Annotated[list[Answer], Table("answers")] = Field(
        default_factory=list, description="The ruling's answers to questions of law; a question it did not reach "
                                          "is left out.")
    judges: Annotated[list[CaseJudge], Table("case_judges")] = Field(
        default_factory=list, description="Per ruling, the judges who decided it (presiding judge or panel).")
    related: Annotated[list[Relation], Table("relations")] = Field(
        default_factory=list, description="Links to other cases: appeals, the same dispute, similar facts.")
    sources: Annotated[list[Source], Table("sources")] = Field(
        min_length=1, description="The published sources every fact of the record comes from; at least one.")
    reviewed_warnings: list[ReviewedWarning] = Field(
        default_factory=list, description="Warnings a reviewer has accepted for this case, each with the reason; "
                                          "`kb validate` no longer reports them.")
    note: Optional[Text] = Field(None, description="Anything a reader should know: uncertainty, context.")


LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Za-z]+)?$"), NoControlCharacters,
                        Field(description="Language of the term: a two-letter code, optionally with a region or "
                                          "script.", examples=["en", "zh"])]


class AliasTerm(Record):
    """One way readers write a thing, in one language."""

    term: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"\S"), NoControlCharacters] = Field(
        description="The word or phrase as readers write it.", examples=["deepfake", "换脸"])
    lang: LanguageTag


class AliasGroup(Record):
    """A group of words readers use for the same thing (an alias, a synonym, a translation): a search for
    any of them finds what the others find. A term belongs to one group only."""

    id: Slug
    terms: list[AliasTerm] = Field(min_length=2, description="The equivalent terms; at least two.")
    sources: list[Source] = Field(default_factory=list, description="Where a term of art is not self-evident: "
                                                                     "a published source that equates the terms.")
    note: Optional[Text] = Field(None, description="Anything a reviewer should know: scope, why the terms are equal.")


# Data files that are not registries of records cases point at, but vocabulary for reading them.
VOCABULARIES: dict[str, type[Record]] = {"aliases": AliasGroup}


# Each data file holds a list of one kind of record; the order here is the load order.
REGISTRIES: dict[str, type[Record]] = {
    "courts": Court,
    "parties": Party,
    "claims": Claim,
    "products": Product,
    "questions": Question,
    "judges": Judge,
    "cases": Case,
}
assert tuple(REGISTRIES) == DATA_FILE_NAMES and set(REGISTRY_LABELS) == set(REGISTRIES), "see kb.registries"


@dataclass(frozen=True)
class FieldSpec:
    """What the loader and the store need to know of one field, read off its annotation."""

    name: str
    type: object  # the value's (or each item's) plain type: str, float, a Literal, a Record subclass
    is_list: bool
    model: Optional[type[Record]]  # the sub-record type, for nested records
    ref: Optional[str]  # registry its values point into
    ref_column: Optional[str]  # the SQLite column of the reference, when not `<field>_id`
    table: Optional[str]  # table its items are stored in
    is_date: bool


def _unwrap(tp: object) -> tuple[object, list]:
    """Strip Optional[...] and Annotated[...] from a type, collecting Annotated metadata."""
    metadata: list = []
    while True:
        if get_origin(tp) is Annotated:
            tp, *extra = get_args(tp)
            metadata.extend(extra)
        elif get_origin(tp) in (Union, UnionType) and type(None) in get_args(tp):
            (tp,) = [arg for arg in get_args(tp) if arg is not type(None)]
        else:
            return tp, metadata


@cache
def fields_of(model: type[Record]) -> tuple[FieldSpec, ...]:
    if not model.__pydantic_complete__:  # a field names a class defined further down: resolve it now
        model.model_rebuild()
    specs = []
    for name, info in model.model_fields.items():
        tp, metadata = _unwrap(info.annotation)
        metadata = list(info.metadata) + metadata
        is_list = get_origin(tp) is list
        if is_list:
            tp, item_metadata = _unwrap(get_args(tp)[0])
            metadata += item_metadata
        if isinstance(tp, (str, ForwardRef)):  # unresolved, it would be stored as plain text, quietly
            raise TypeError(f"{model.__name__}.{name}: the type {tp!r} is not defined")
        specs.append(
            FieldSpec(
                name=name,
                type=tp,
                is_list=is_list,
                model=tp if isinstance(tp, type) and issubclass(tp, Record) else None,
                ref=next((m.registry for m in metadata if isinstance(m, Ref)), None),
                ref_column=next((m.column for m in metadata if isinstance(m, Ref)), None),
                table=next((m.name for m in metadata if isinstance(m, Table)), None),
                is_date=any(getattr(m, "func", None) is check_partial_date for m in metadata),
            )
        )
    return tuple(specs)
