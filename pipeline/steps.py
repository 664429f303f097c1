"""The SOP stages chained as the commands need them; each returns DataFrames, no printing."""

from dataclasses import dataclass

import pandas as pd

from pipeline.classify import classify_archives
from pipeline.config import Config, load_config
from pipeline.consequence import EXEMPTED, SEBAGIAN, TERBUKA, apply_outcomes, given_columns
from pipeline.intake import Intake, read_inbox
from pipeline.reference import References, load_references
from pipeline.render import exempt_rows
from pipeline.review import fingerprint, review_rows
from pipeline.schema import consequence_spec, inventory_spec, review_spec
from pipeline.sheets import carry_filled, read_fill_sheet
from pipeline.validate import Checked, validate_inventory
from pipeline.workspace import Workspace

# Outcomes follow an item while its ID and its title stay the same; a renumbered or renamed
# item starts untested, and its old outcome is kept aside rather than misattributed.
TEST_MATCH = ["id", "judul"]


@dataclass
class Round:
    """One workspace loaded: its config and reference tables."""

    workspace: Workspace
    config: Config
    refs: References

    @classmethod
    def open(cls, workspace: Workspace) -> "Round":
        config = load_config(workspace.config)
        return cls(workspace, config, load_references(config.jra_path))

    @property
    def bidang_names(self) -> dict[str, str]:
        return {b.kode: b.nama for b in self.config.bidang}


@dataclass
class Draft:
    """SOP step 3's result: every valid item with its archive status and test outcome."""

    intake: Intake
    checked: Checked
    table: pd.DataFrame
    test_previous: pd.DataFrame | None  # uji_konsekuensi.xlsx as it is
    test_rows: pd.DataFrame  # what uji_konsekuensi.xlsx should hold
    test_aside: pd.DataFrame  # filled rows that match no item any more

    @property
    def exempted(self) -> pd.DataFrame:
        return self.table[self.table["hasil"].isin(EXEMPTED)]

    @property
    def public(self) -> pd.DataFrame:
        return self.table[self.table["hasil"].isin({TERBUKA, SEBAGIAN})]

    @property
    def conflicts(self) -> pd.DataFrame:
        return self.table[self.table["konflik"].map(bool)]

    @property
    def rejected(self) -> str:
        """What validation rejected, in words; empty when nothing was."""
        rows = int(self.checked.rows["galat"].sum())
        unread = sorted(set(self.intake.problems["Berkas"]) - set(self.checked.rows["berkas"]))
        parts = [f"{rows} baris isian ditolak"] if rows else []
        parts += [f"{len(unread)} berkas tidak terbaca ({', '.join(unread)})"] if unread else []
        return " dan ".join(parts)


@dataclass
class Review:
    """SOP steps 4-5: tinjauan.xlsx as it is, as it should be, and the current fingerprints."""

    previous: pd.DataFrame | None
    rows: pd.DataFrame
    aside: pd.DataFrame
    current: dict[str, str]


def check_inventory(round_: Round, intake: Intake) -> Checked:
    return validate_inventory(intake.rows, intake.sources, inventory_spec(), round_.refs)


def build_draft(round_: Round) -> Draft:
    intake = read_inbox(round_.workspace.inbox, inventory_spec(), round_.config.bidang)
    checked = check_inventory(round_, intake)
    order = {b.kode: i for i, b in enumerate(round_.config.bidang)}
    items = classify_archives(checked.items, round_.refs, round_.config.tanggal_acuan)
    items = items.assign(_order=items["bidang"].map(order)).sort_values(["_order", "no"])
    items = items.drop(columns="_order").reset_index(drop=True)
    previous = read_fill_sheet(round_.workspace.test_sheet, consequence_spec())
    given = given_columns(items, round_.bidang_names)
    rows, aside = carry_filled(given, previous, consequence_spec(), TEST_MATCH)
    table = apply_outcomes(items, rows, aside, consequence_spec(), round_.refs)
    return Draft(intake, checked, table, previous, rows, aside)


def review_state(draft: Draft, round_: Round) -> Review:
    exempted = draft.exempted
    printed = exempt_rows(exempted, round_.config)
    current = [fingerprint({k: v for k, v in row.items() if k != "no"}) for row in printed]
    given = pd.DataFrame(
        {
            "id": exempted["id"],
            "bidang": exempted["bidang"].map(round_.bidang_names),
            "judul": exempted["judul"],
            "hasil_uji": exempted["hasil"],
            "pasal17": exempted["pasal17_kode"],
            "jangka_waktu": exempted["jangka_waktu"],
            "status_arsip": exempted["status_arsip"],
            "catatan_sistem": (exempted["konflik"] + exempted["catatan"]).map("; ".join),
            "sidik": current,
        }
    )
    previous = read_fill_sheet(round_.workspace.review_sheet, review_spec())
    rows, aside = review_rows(given, previous, review_spec())
    return Review(previous, rows, aside, dict(zip(given["id"], current, strict=True)))
