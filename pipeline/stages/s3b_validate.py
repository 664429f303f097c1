"""SOP step 3, checking: the inventory rows typed and checked, every problem as a report row.

Column rules come from schemas/inventaris.toml through the checker; the rules here span a row's
columns (warnings) or several items (the same ID in two files, the same title in two bidang).
Rows in = valid + rejected, always.
"""

from dataclasses import dataclass

import pandas as pd

from pipeline.kit.checker import check_cells
from pipeline.kit.dates import NOT_YET
from pipeline.kit.problems import GALAT, PERINGATAN, Source, frame, problem
from pipeline.kit.reference import References, suggested_codes
from pipeline.kit.schema import TIDAK, YA, SheetSpec
from pipeline.stages.s3a_intake import Intake, Received

UNUSUAL_LETTERS = {"b", "c", "d", "e", "f"}  # almost never apply to a regional office


@dataclass
class Inventory:
    """SOP step 3's collected inventory: what may go on to the test, and why the rest may not."""

    items: pd.DataFrame  # valid rows, typed, with their id
    rows: pd.DataFrame  # every row read, typed, with its galat / peringatan flags
    problems: pd.DataFrame  # what reading and checking found, in the Masalah form
    files: list[Received]
    versions: list[tuple[str, str]]  # pairs of files that look like two versions of one inventory

    @property
    def rejected_rows(self) -> int:
        return int(self.rows["galat"].sum())

    @property
    def unreadable(self) -> list[str]:
        """Files of which nothing could be read."""
        return sorted(f.name for f in self.files if f.blocked and not f.sheets)


def validate_inventory(intake: Intake, spec: SheetSpec, refs: References) -> Inventory:
    """Type and check every row read; a row with a Galat stays out of the list, never lost."""
    blocked = {received.name for received in intake.files if received.blocked}
    usable = ~intake.rows["berkas"].isin(blocked)
    checked = check_cells(intake.rows[usable], spec, refs, intake.sources)
    typed = pd.concat([checked.typed, intake.rows[~usable]]).sort_index()
    made = typed["tahun_pembuatan"]
    typed["tanggal_pembuatan"] = made.map(lambda v: v[1] if isinstance(v, tuple) else None)
    typed["tahun_pembuatan"] = made.map(lambda v: v[0] if isinstance(v, tuple) else None)
    typed["id"] = [_item_id(b, n) for b, n in zip(typed["bidang"].tolist(), typed["no"].tolist(),
                                                  strict=True)]  # fmt: skip
    sources = intake.sources
    spanning, versions = _cross_file_problems(typed[usable], sources, spec)
    in_versions = {name for pair in versions for name in pair}
    problems = pd.concat(
        [
            intake.problems,
            checked.problems,
            frame(_warnings(typed[usable], intake.rows, sources, spec, refs)),
            frame(spanning),
        ],
        ignore_index=True,
    )
    typed["galat"] = _flag(typed, problems, GALAT) | ~usable | typed["berkas"].isin(in_versions)
    typed["peringatan"] = _flag(typed, problems, PERINGATAN)
    items = typed.loc[~typed["galat"]].drop(columns=["galat", "peringatan"])
    return Inventory(
        items=items.reset_index(drop=True),
        rows=typed.reset_index(drop=True),
        problems=problems,
        files=intake.files,
        versions=versions,
    )


def _warnings(
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    sources: dict[tuple[str, str], Source],
    spec: SheetSpec,
    refs: References,
) -> list[dict[str, object]]:
    """Row rules that do not block: unusual Pasal 17 letters, fields that contradict each
    other, an archive code whose retention counts from an event with no event date, and a
    record said not to be an archive whose title the JRA names (a suggestion, never filled)."""
    basis, code = typed["dasar_usulan"].fillna(""), typed["kode_arsip"].fillna("")
    letters = basis.map(lambda text: sorted({c.split(".")[1] for c in text.split("; ") if c}))
    unusual = letters.map(lambda found: sorted(set(found) & UNUSUAL_LETTERS))
    triggered = code.isin(refs.jra.index[refs.jra["pemicu"] != ""])
    unexplained = (typed["dari_arsip"] == TIDAK) & typed["alasan_bukan_arsip"].isna()
    named = pd.Series(
        suggested_codes(refs.jra, list(typed["judul"].where(unexplained))), index=typed.index
    )
    rules = [
        ("dasar_usulan", unusual.map(bool), lambda i: (
            f"Pasal 17 {_letters(unusual[i], refs)} jarang berlaku bagi informasi perangkat "
            "daerah; pastikan rujukan ini memang dimaksud.")),
        ("dasar_usulan", (basis != "") & (typed["usulan"] == TIDAK), lambda i: (
            f"Dasar pengecualian diisi padahal {spec['usulan'].label} = {TIDAK}; ubah usulan "
            f"menjadi {YA} atau kosongkan dasar pengecualian.")),
        ("kode_arsip", (code != "") & (typed["dari_arsip"] == TIDAK), lambda i: (
            f"Kode klasifikasi diisi padahal {spec['dari_arsip'].label} = {TIDAK}; ubah menjadi "
            f"{YA} bila informasi ini memang arsip.")),
        ("tanggal_ditutup",
         (typed["dari_arsip"] == YA) & triggered & raw.loc[typed.index, "tanggal_ditutup"].isna(),
         lambda i: (
            f"Retensi aktif kode {code[i]} dihitung "
            f"{str(refs.jra.at[code[i], 'pemicu']).lower()}; isi tanggal peristiwa itu, atau "
            f"tulis '{NOT_YET}' bila peristiwa itu belum terjadi (arsip masih aktif).")),
        ("dari_arsip", named.notna(), lambda i: (
            f"Judul ini sesuai jenis arsip {named[i][1]} (kode {named[i][0]}) di {refs.jra_name}: "
            f"bila tersimpan sebagai arsip, isi {spec['dari_arsip'].label} = {YA} dan "
            f"{spec['kode_arsip'].label} {named[i][0]}; bila memang bukan arsip, tulis "
            f"alasannya di {spec['alasan_bukan_arsip'].label}.")),
    ]  # fmt: skip
    found = []
    for column, hits, message in rules:
        for index in hits[hits].index:
            row = raw.loc[index]
            source = sources[(row["berkas"], row["lembar"])]
            found.append(
                problem(source, int(row["baris"]), column, spec[column].label, row[column],
                        PERINGATAN, message(index))
            )  # fmt: skip
    return found


_CLAUSE = "Informasi Publik yang apabila dibuka dan diberikan kepada Pemohon Informasi Publik "


def _letters(letters: list[str], refs: References) -> str:
    """'huruf b (dapat mengganggu kepentingan perlindungan hak atas kekayaan intelektual ...)':
    each letter with what it protects, from the Pasal 17 table."""
    return " dan ".join(
        f"huruf {letter} ({str(refs.pasal17.at[f'17.{letter}', 'uraian']).removeprefix(_CLAUSE)})"
        if f"17.{letter}" in refs.pasal17.index
        else f"huruf {letter}"
        for letter in letters
    )


def _cross_file_problems(
    typed: pd.DataFrame, sources: dict[tuple[str, str], Source], spec: SheetSpec
) -> tuple[list[dict[str, object]], list[tuple[str, str]]]:
    """Problems spanning files, and the files they block: two versions of one inventory (most
    IDs shared, no link between them: one Galat on each, keep one); the same ID in two files
    (Galat); the same title in two bidang (Peringatan)."""
    found: list[dict[str, object]] = []
    usable = typed[typed["id"].notna()]
    versions = _versions(usable)
    blocked = {name for pair in versions for name in pair}
    for first, second in versions:
        shared = sorted(set(usable.loc[usable["berkas"] == first, "id"])
                        & set(usable.loc[usable["berkas"] == second, "id"]))  # fmt: skip
        for this, other in ((first, second), (second, first)):
            found.append(
                problem(Source(name=this), None, None, "", "", GALAT,
                        f"Berkas {this} dan {other} memuat {len(shared)} butir dengan ID yang "
                        f"sama (mis. {shared[0]}): tampaknya dua versi isian yang sama. Simpan "
                        f"satu saja di masuk/ (pindahkan versi lama ke masuk/lama/), lalu periksa "
                        "lagi.")
            )  # fmt: skip
    rest = usable[~usable["berkas"].isin(blocked)]
    first_seen = rest.drop_duplicates("id").set_index("id")
    later = rest[rest["id"].duplicated() & ~rest.duplicated(["id", "berkas"])]
    for _, item in later.iterrows():
        earlier = first_seen.loc[item["id"]]
        if earlier["berkas"] == item["berkas"]:
            continue
        found.append(
            problem(sources[(item["berkas"], item["lembar"])], int(item["baris"]), "no",
                    spec["no"].label, item["no"], GALAT,
                    f"ID {item['id']} juga ada di berkas {earlier['berkas']} baris "
                    f"{earlier['baris']}; bila itu informasi yang sama, hapus salah satunya, bila "
                    "berbeda, beri No yang belum dipakai bidang ini.")
        )  # fmt: skip
    titled = usable[usable["judul"].notna()]
    key = titled["judul"].map(lambda t: " ".join(str(t).casefold().split()))
    spread = titled.groupby(key)["bidang"].transform("nunique") > 1
    ids = {str(k): set(v) for k, v in titled[spread].groupby(key[spread])["id"].agg(list).items()}
    for index, item in titled[spread].iterrows():
        others = sorted(ids[str(key.at[index])] - {item["id"]})
        found.append(
            problem(sources[(item["berkas"], item["lembar"])], int(item["baris"]), "judul",
                    spec["judul"].label, item["judul"], PERINGATAN,
                    f"Judul yang sama juga diusulkan sebagai {', '.join(others)}; pastikan bukan "
                    "informasi yang sama, atau sepakati satu bidang penguasanya.")
        )  # fmt: skip
    return found, versions


def _versions(usable: pd.DataFrame) -> list[tuple[str, str]]:
    """Pairs of files of one bidang that share more than half the IDs of the smaller one."""
    ids = usable.groupby("berkas")["id"].agg(set)
    by_bidang = usable.drop_duplicates("berkas").groupby("bidang")["berkas"].agg(list)
    pairs = []
    for names in by_bidang:
        for position, first in enumerate(names):
            for second in names[position + 1 :]:
                shared = ids[first] & ids[second]
                if shared and 2 * len(shared) > min(len(ids[first]), len(ids[second])):
                    pairs.append((first, second))
    return pairs


def _item_id(bidang: object, number: object) -> str | None:
    if not isinstance(bidang, str) or not isinstance(number, int):
        return None
    return f"{bidang}-{number:04d}"


def _flag(typed: pd.DataFrame, problems: pd.DataFrame, level: str) -> pd.Series:
    hits = problems[(problems["Tingkat"] == level) & problems["Baris"].notna()]
    keys = set(zip(hits["Berkas"], hits["Lembar"], hits["Baris"].astype(int), strict=True))
    # lists: a text column yields its cells eight times slower than its list does
    located = zip(typed["berkas"].tolist(), typed["lembar"].tolist(), typed["baris"].tolist(),
                  strict=True)  # fmt: skip
    return pd.Series([(b, s, int(r)) in keys for b, s, r in located], index=typed.index)
