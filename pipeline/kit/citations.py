"""Legal bases as data: a cell such as 'Pasal 12 UU Nomor 20 Tahun 2003 tentang Sistem
Pendidikan Nasional jo. Pasal 36 PP 57/2021' read into references (kind, number, year, and
each article's pasal, ayat, huruf, angka), and written back in one short style.

The kinds of regulation and how people spell them are data (data/referensi/
jenis_peraturan.csv). Whatever joins two references (";", "dan", "serta", ",", a line break,
"jo." or "sebagaimana telah diubah dengan") they are both kept, and "jo." stays a chain. A part
of the text that is not a reference is never dropped: it is kept as written, in its place, and
reported, so the stage that owns the cell can flag it there.

Below the stages, so the consequence test, the lists and the documents share one reading.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache

from pipeline.kit.resources import REFERENCE

LEVELS = ("pasal", "ayat", "huruf", "angka")
CHAIN = " jo. "  # how a chain is written in the short style
SEPARATOR = "; "  # between references that are not chained


@dataclass(frozen=True)
class Kind:
    """A kind of regulation: its short code ('UU'), its name, where it stands."""

    code: str
    name: str
    spellings: tuple[str, ...]
    order: int  # in the hierarchy of laws (UU 12/2011 Pasal 7-8): lower stands higher
    statute: bool  # an Undang-Undang or of the same rank (Perppu)
    regional: bool  # set by a region, which it names: 'Perbup Kapuas Hulu 35/2021'


@cache
def kinds() -> dict[str, Kind]:
    with (REFERENCE / "jenis_peraturan.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["kode"]: Kind(
            code=row["kode"],
            name=row["nama"],
            spellings=tuple(s.strip() for s in row["ejaan"].split("|") if s.strip()),
            order=int(row["urutan"]),
            statute=row.get("setara_uu", "") == "ya",
            regional=row.get("daerah", "") == "ya",
        )
        for row in rows
    }


@dataclass(frozen=True, order=True)
class Law:
    """A regulation by its identity: 'UU 14/2008', 'Perbup Kapuas Hulu 35/2021'."""

    kind: str
    number: str
    year: int
    region: str = ""

    @property
    def short(self) -> str:
        region = f" {self.region}" if self.region else ""
        return f"{self.kind}{region} {self.number}/{self.year}"

    @property
    def full_name(self) -> str:
        """'Undang-Undang Nomor 14 Tahun 2008'."""
        region = f" {self.region}" if self.region else ""
        return f"{kinds()[self.kind].name}{region} Nomor {self.number} Tahun {self.year}"

    @property
    def statute(self) -> bool:
        return kinds()[self.kind].statute

    @property
    def rank(self) -> tuple[int, int, int, str]:
        """Where it stands among others: by the hierarchy of laws, then by year and number."""
        number = int(re.sub(r"\D", "", self.number) or 0)
        return kinds()[self.kind].order, self.year, number, self.region


UU_KIP = Law("UU", "14", 2008)


@dataclass(frozen=True)
class Provision:
    """One article cited, down to the point: Pasal 44 ayat (1) huruf h."""

    pasal: str
    ayat: str = ""
    huruf: str = ""
    angka: str = ""

    def path(self) -> tuple[tuple[str, str], ...]:
        """(level, value) from the article down, for the levels cited."""
        values = (self.pasal, self.ayat, self.huruf, self.angka)
        return tuple((level, value) for level, value in zip(LEVELS, values, strict=True) if value)


@dataclass(frozen=True)
class Reference:
    """A law with the articles cited of it; `chained`: joined to the reference before it by
    'jo.' (read together with it), else simply listed after it."""

    law: Law
    provisions: tuple[Provision, ...] = ()
    title: str = ""  # as written after 'tentang', laws named in it spelled out
    chained: bool = False

    @cached_property  # frozen: computed once, asked for every row
    def short(self) -> str:
        cited = provisions_text(self.provisions)
        return f"{cited} {self.law.short}" if cited else self.law.short


@dataclass(frozen=True)
class Citation:
    """A legal basis as read: references and the text kept as written, in their order."""

    text: str
    parts: tuple["Reference | Unread", ...] = ()

    @property
    def references(self) -> list[Reference]:
        return [part for part in self.parts if isinstance(part, Reference)]

    @property
    def unread(self) -> list[str]:
        """The parts that are not a reference, as written."""
        return [part.text for part in self.parts if isinstance(part, Unread)]

    @cached_property  # frozen: computed once, asked for every row
    def short(self) -> str:
        """The one short style: 'Pasal 12 UU 20/2003 jo. Pasal 36 PP 57/2021; UU 23/2004'."""
        out: list[str] = []
        for part in self.parts:
            if out:
                out.append(part.joined if isinstance(part, Unread) else _separator(part))
            out.append(part.short if isinstance(part, Reference) else part.text)
        return "".join(out)


@dataclass(frozen=True)
class Unread:
    """Text that is not a reference, kept as written; `joined`: what joined it to the part
    before ('; ', ' dan ', ': ' before a gloss)."""

    text: str
    joined: str = SEPARATOR

    @property
    def short(self) -> str:
        return self.text


def _separator(reference: Reference) -> str:
    return CHAIN if reference.chained else SEPARATOR


# --- reading ------------------------------------------------------------------------------------


_STRONG = re.compile(r"\s*[;\n]\s*")  # what separates the parts of a text that names no law


@lru_cache(maxsize=8192)  # a round cites the same few bases in thousands of rows
def parse(text: str) -> Citation:
    """The references a legal basis cites, and what of it is not a reference. A text that
    names no law is kept whole, each line or ';'-part as written: with nothing to join, no
    word of it is a joiner to drop ('dan:' stays 'dan:')."""
    parts = tuple(_Parser(text).parts())
    if any(isinstance(part, Reference) for part in parts):
        return Citation(text, parts)
    return Citation(text, tuple(Unread(piece) for piece in _STRONG.split(text.strip()) if piece))


@dataclass
class _Token:
    kind: str  # law, pasal, ayat, huruf, angka, bare, strong, chain, weak, colon, word
    start: int
    end: int
    value: str = ""
    law: Law | None = None
    title: str = ""


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    spellings = sorted(
        ((spelling, kind) for kind in kinds().values() for spelling in kind.spellings),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    alternatives = "|".join(re.escape(spelling).replace(r"\ ", r"\s+") for spelling, _ in spellings)
    word = r"(?!(?:Nomor|No|Tahun)\b)[A-Z][\w'.-]*"  # a region's name: 'Kabupaten Kapuas Hulu'
    region = rf"(?:\s+(?P<region>(?-i:{word}(?:\s+{word}){{0,4}})))?"
    return {
        "law": re.compile(
            rf"(?<![\w-])(?P<kind>{alternatives})(?![\w-])"
            r"(?:\s+(?:Republik\s+Indonesia|RI)(?!\w))?"
            + region
            + r"\s*(?:(?:Nomor|No\.?)\s*:?\s*)?(?P<number>\d{1,4})(?:\s+Tahun\s+|\s*/\s*)"
            r"(?P<year>(?:19|20)\d\d)(?!\d)",
            re.IGNORECASE,
        ),
        "pasal": re.compile(r"Pasal\s+(?P<v>\d+[A-Z]?)(?!\w)", re.IGNORECASE),
        "ayat": re.compile(
            r"ayat\s*(?:\(\s*(?P<v>\d+[a-z]?)\s*\)|(?P<w>\d+[a-z]?)(?!\w))", re.IGNORECASE
        ),
        "huruf": re.compile(r"huruf\s+\(?(?P<v>[a-z]{1,2})\)?(?![\w.])", re.IGNORECASE),
        "angka": re.compile(r"angka\s+\(?(?P<v>\d+)\)?(?!\w)", re.IGNORECASE),
        "strong": re.compile(r";|\n"),
        "chain": re.compile(
            r"(?:jo\.?|juncto)(?!\w)|sebagaimana\s+(?:telah\s+)?diubah(?:\s+beberapa\s+kali)?"
            r"(?:\s+terakhir)?\s+(?:dengan|oleh)(?!\w)",
            re.IGNORECASE,
        ),
        "weak": re.compile(r",?\s*(?:dan/atau|dan|serta)(?![\w/])|,", re.IGNORECASE),
        "colon": re.compile(r":"),
        "tentang": re.compile(r"\s*tentang(?!\w)\s*", re.IGNORECASE),
        "bare": re.compile(
            r"\((?P<p>\d+[a-z]?)\)|(?P<n>\d+)(?![\w/.])|(?P<l>[a-z])(?![\w.])", re.IGNORECASE
        ),
        "word": re.compile(r"[^\s;,:]+|[,:]"),
    }


_ORDER = ("strong", "chain", "law", "pasal", "ayat", "huruf", "angka", "weak", "colon", "bare")


def _regional(spelling: str) -> bool:
    return kinds()[_kind_of(spelling)].regional


def _kind_of(spelling: str) -> str:
    folded = " ".join(spelling.split()).casefold()
    for kind in kinds().values():
        if folded in (s.casefold() for s in kind.spellings):
            return kind.code
    raise ValueError(spelling)


class _Parser:
    """A hand-written reader of the citation grammar:

    basis     = part { joiner part }
    part      = [articles] law [title] [articles] | text
    articles  = article { ("dan" | "serta" | ",") (article | level | bare) }
    article   = "Pasal" N [level...]; level = "ayat" (N) | "huruf" x | "angka" N
    law       = kind [RI] [region] ("Nomor" N "Tahun" YYYY | N "/" YYYY)
    title     = "tentang" ... up to a joiner that opens the next reference
    joiner    = ";" | line break | "," | "dan" | "serta" | "jo." | "juncto"
              | "sebagaimana telah diubah dengan"

    Articles written before a law are of that law; articles written right after a law (no
    joiner between) are of it too ('UU 11/2012 Pasal 19').
    """

    def __init__(self, text: str):
        self.text = text
        self.tokens = list(self._tokens())

    # tokens -------------------------------------------------------------------------------

    def _tokens(self) -> Iterator[_Token]:
        patterns, text, position = _patterns(), self.text, 0
        while True:
            while position < len(text) and text[position] in " \t\r":
                position += 1
            if position >= len(text):
                return
            for kind in _ORDER:
                match = patterns[kind].match(text, position)
                if kind == "law" and match and match["region"] and not _regional(match["kind"]):
                    match = None  # 'UU Kearsipan 43/2009' is not how a law is written
                if match and match.end() > position:
                    break
            else:
                match, kind = patterns["word"].match(text, position), "word"
                assert match is not None
            token = _Token(kind, match.start(), match.end())
            if kind == "law":
                token.law = Law(
                    _kind_of(match["kind"]),
                    str(int(match["number"])),
                    int(match["year"]),
                    " ".join((match["region"] or "").split()),
                )
                token.end = self._title(token)
            elif kind in ("pasal", "ayat", "huruf", "angka"):
                value = match["v"] or match.groupdict().get("w") or ""
                token.value = value.upper() if kind == "pasal" else value.lower()  # Pasal 28A
            elif kind == "bare":
                token.value = (match["p"] or match["n"] or match["l"]).lower()
                token.title = "ayat" if match["p"] else "number" if match["n"] else "huruf"
            yield token
            position = token.end

    def _title(self, token: _Token) -> int:
        """Read 'tentang ...' after a law into its title; where the law's part ends."""
        patterns, text = _patterns(), self.text
        about = patterns["tentang"].match(text, token.end)
        if not about:
            return token.end
        start = end = about.end()
        while end < len(text):
            if text[end] in ";\n:":
                break
            chain = patterns["chain"].match(text, end)
            if chain and (end == 0 or not text[end - 1].isalnum()):
                amended = not chain.group().lower().startswith(("jo", "juncto"))
                nested = patterns["law"].search(text, start, end)
                if not (amended and nested):  # 'tentang Pelaksanaan UU 23/2006 ... sebagaimana
                    break  # telah diubah dengan ...' speaks of the law named in the title
            weak = patterns["weak"].match(text, end)
            if weak and (end == 0 or not text[end - 1].isalnum() or text[end] == ","):
                after = weak.end()
                while after < len(text) and text[after] == " ":
                    after += 1
                if patterns["pasal"].match(text, after) or patterns["law"].match(text, after):
                    break
            end += 1
        title = text[start:end].strip(" ,.")
        token.title = _spell_out(title)
        return start + len(text[start:end].rstrip(" ,"))

    # parts --------------------------------------------------------------------------------

    def parts(self) -> list[Reference | Unread]:
        tokens, text = self.tokens, self.text
        out: list[Reference | Unread] = []
        joiner, said = "", ""  # the strongest joiner since the last part, as written
        last_law: int | None = None  # the reference articles written right after it belong to
        pending: list[Provision] = []  # articles written before their law
        pending_joint = ("", "")  # what joined those articles to the part before
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind in _STRENGTH:
                if _STRENGTH[token.kind] >= _STRENGTH.get(joiner, 0):
                    joiner, said = token.kind, text[token.start : token.end]
                index += 1
                continue
            if token.kind == "pasal":
                runs, index = self._articles(index)
                follows = index < len(tokens) and tokens[index].kind == "law"
                if last_law is not None and joiner == "":
                    reference = out[last_law]
                    assert isinstance(reference, Reference)
                    # 'UU 11/2012 Pasal 19 dan Pasal 64 UU 35/2014': the last run is the next law's
                    keep = runs[:-1] if follows and len(runs) > 1 else runs
                    cited = [p for _, run in keep for p in run]
                    out[last_law] = replace(
                        reference, provisions=reference.provisions + tuple(cited)
                    )
                    if keep is runs:
                        continue
                    start, pending = runs[-1][0], list(runs[-1][1])
                    weak = tokens[start - 1]
                    pending_joint = ("weak", text[weak.start : weak.end])
                else:
                    start = token.start
                    pending = [p for _, run in runs for p in run]
                    pending_joint = (joiner, said)
                if not follows:  # articles of no law: kept as written
                    end = tokens[index - 1].end
                    out.append(Unread(text[start:end].strip(), _joined(*pending_joint)))
                    pending, last_law = [], None
                joiner, said = "", ""
                continue
            if token.kind == "law":
                assert token.law is not None
                joint = pending_joint if pending else (joiner, said)
                out.append(Reference(token.law, tuple(pending), token.title, joint[0] == "chain"))
                pending, last_law = [], len(out) - 1
                joiner, said = "", ""
                index += 1
                continue
            if token.kind == "colon" and last_law is not None and joiner == "":
                # a gloss on the reference before it: 'Pasal 11 UU 14/2008: setiap saat'
                index += 1
                start = token.end
                while index < len(tokens) and tokens[index].kind != "strong":
                    index += 1
                gloss = text[start : tokens[index].start if index < len(tokens) else len(text)]
                if gloss.strip():
                    out.append(Unread(gloss.strip(), ": "))
            else:
                index = self._unread(index, out, _joined(joiner, said))
            joiner, said, last_law = "", "", None
        return out

    def _unread(self, index: int, out: list[Reference | Unread], joined: str) -> int:
        """Words up to the next part: kept as written; the index after them."""
        tokens = self.tokens
        end = index + 1
        while end < len(tokens) and tokens[end].kind not in ("strong", "chain", "law", "pasal"):
            end += 1
        while end > index + 1 and tokens[end - 1].kind == "weak":
            end -= 1  # a joiner before the next part is not part of this text
        out.append(Unread(self.text[tokens[index].start : tokens[end - 1].end].strip(), joined))
        return end

    def _articles(self, index: int) -> tuple[list[tuple[int, list[Provision]]], int]:
        """The articles from a 'Pasal' token on, in runs (each begins at a 'Pasal'), and the
        token after them."""
        tokens = self.tokens
        runs: list[tuple[int, list[Provision]]] = []
        path: dict[str, str] = {}
        level = "pasal"
        position = index
        while position < len(tokens):
            token = tokens[position]
            sibling = position > index and tokens[position - 1].kind == "weak"
            if token.kind == "pasal" and (position == index or sibling):
                path, level = {"pasal": token.value}, "pasal"
                runs.append((position, [Provision(token.value)]))
            elif token.kind in LEVELS[1:]:
                depth = LEVELS.index(token.kind)
                if not sibling and depth <= LEVELS.index(level):
                    break
                path = {k: v for k, v in path.items() if LEVELS.index(k) < depth}
                path[token.kind], level = token.value, token.kind
                run = runs[-1][1]
                if sibling:
                    run.append(Provision(**path))
                else:
                    run[-1] = Provision(**path)
            elif token.kind == "bare" and sibling and _fits(token.title, level):
                path[level] = token.value
                runs[-1][1].append(Provision(**path))
            elif token.kind == "weak" and position + 1 < len(tokens):
                following = tokens[position + 1]
                if following.kind not in LEVELS and not (
                    following.kind == "bare" and _fits(following.title, level)
                ):
                    break
            else:
                break
            position += 1
        return runs, position


_STRENGTH = {"weak": 1, "strong": 2, "chain": 3}


def _fits(bare: str, level: str) -> bool:
    """A bare '2', '(2)' or 'i' continuing a list at the level it was written after."""
    return level in {"ayat": ("ayat",), "huruf": ("huruf",), "number": ("angka", "pasal")}[bare]


def _joined(joiner: str, said: str) -> str:
    """How a part kept as written is joined to the one before, as it was written."""
    if joiner == "weak":
        words = " ".join(said.split())
        return (
            ", " + words[1:].strip() + " "
            if words.startswith(",") and words != ","
            else (", " if words == "," else f" {words} ")
        )
    return CHAIN if joiner == "chain" else SEPARATOR


def _spell_out(title: str) -> str:
    """Laws named inside a title are written in full: 'Perubahan atas Undang-Undang Nomor 23
    Tahun 2002 tentang Perlindungan Anak'."""

    def full(match: re.Match[str]) -> str:
        kind = _kind_of(match["kind"])
        region = " ".join((match["region"] or "").split()) if kinds()[kind].regional else ""
        return Law(kind, str(int(match["number"])), int(match["year"]), region).full_name

    return _patterns()["law"].sub(full, title)


# --- writing ------------------------------------------------------------------------------------


def provisions_text(provisions: Iterable[Provision]) -> str:
    """'Pasal 17 huruf a angka 2, huruf h angka 1 dan 2, dan huruf j'; 'Pasal 44 ayat (1)
    huruf a dan i': each list in the order written, 'dan' before its last element."""
    tree: dict[tuple[str, str], dict] = {}
    for provision in provisions:
        node = tree
        for step in provision.path():
            node = node.setdefault(step, {})
    return _listed([f"Pasal {value}{_below(rest)}" for (_, value), rest in tree.items()])


def _below(tree: dict[tuple[str, str], dict]) -> str:
    """The levels under an article: a list of bare values when none goes deeper."""
    if not tree:
        return ""
    shown = [(unit, f"({value})" if unit == "ayat" else value) for unit, value in tree]
    if len({unit for unit, _ in shown}) == 1 and not any(tree.values()):
        return f" {shown[0][0]} {_listed([value for _, value in shown])}"
    return " " + _listed(
        [f"{unit} {value}{_below(rest)}" for (unit, value), rest in zip(shown, tree.values(),
                                                                        strict=True)]
    )  # fmt: skip


def _listed(items: list[str]) -> str:
    """'a', 'a dan b', 'a, b, dan c' (UU 12/2011 Lampiran II); 'serta' for the last join when
    an element already holds a 'dan' of its own, so each list reads as one."""
    last = " serta " if any(" dan " in item for item in items) else " dan "
    if len(items) < 3:
        return last.join(items)
    return ", ".join(items[:-1]) + "," + last + items[-1]


def pasal17_reference(codes: str) -> Reference | None:
    """UU 14/2008 with the Pasal 17 points of '17.a.2; 17.h.1' as its articles."""
    provisions = []
    for code in filter(None, (c.strip() for c in codes.split(";"))):
        parts = code.split(".")
        provisions.append(Provision("17", "", parts[1], parts[2] if len(parts) > 2 else ""))
    return Reference(UU_KIP, tuple(provisions)) if provisions else None


def pasal17_text(codes: str) -> str:
    """'17.a.2; 17.h.1; 17.h.2' → 'Pasal 17 huruf a angka 2 dan huruf h angka 1 dan 2'."""
    reference = pasal17_reference(codes)
    return provisions_text(reference.provisions) if reference else ""


@dataclass(frozen=True)
class Basis:
    """A whole legal basis: Pasal 17 of UU 14/2008 from its column, then the other laws."""

    citations: tuple[Citation, ...] = field(default=())
    pasal17: Reference | None = None

    @property
    def references(self) -> list[Reference]:
        found = [self.pasal17] if self.pasal17 else []
        return found + [r for citation in self.citations for r in citation.references]

    @cached_property  # frozen: computed once, asked for every row
    def short(self) -> str:
        parts = [f"{self.pasal17.short}"] if self.pasal17 else []
        parts += [citation.short for citation in self.citations if citation.short]
        return SEPARATOR.join(parts)


@lru_cache(maxsize=4096)  # the lists ask it of every row; a round has few distinct bases
def basis(codes: str, *others: str) -> Basis:
    return Basis(tuple(parse(text) for text in others if text), pasal17_reference(codes))


def references_data(text: str) -> list[dict[str, object]]:
    """Every reference of a legal basis as data, one entry per article cited (a law cited
    without one: one entry with an empty pasal); `jo`: chained to the entry's law before."""
    entries: list[dict[str, object]] = []
    for reference in parse(text).references:
        law = reference.law
        for provision in reference.provisions or (Provision(""),):
            entries.append(
                {
                    "peraturan": law.short,
                    "jenis": law.kind,
                    "nomor": law.number,
                    "tahun": law.year,
                    "wilayah": law.region,
                    "pasal": provision.pasal,
                    "ayat": provision.ayat,
                    "huruf": provision.huruf,
                    "angka": provision.angka,
                    "jo": reference.chained,
                }
            )
    return entries
