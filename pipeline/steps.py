"""The SOP stages chained as the commands need them; each returns DataFrames, no printing."""

from dataclasses import dataclass

import pandas as pd

from pipeline.classify import classify_archives
from pipeline.config import Config, load_config
from pipeline.consequence import EXEMPTED, SEBAGIAN, TERBUKA, apply_outcomes, given_columns
from pipeline.intake import Intake, read_inbox
from pipeline.reference import References, load_references
from pipeline.review import review_rows
from pipeline.schema import consequence_spec, inventory_spec, review_spec
from pipeline.sheets import read_fill_sheet
from pipeline.validate import Checked, validate_inventory
from pipeline.workspace import Workspace


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

    checked: Checked
    table: pd.DataFrame

    @property
    def exempted(self) -> pd.DataFrame:
        return self.table[self.table["hasil"].isin(EXEMPTED)]

    @property
    def public(self) -> pd.DataFrame:
        return self.table[self.table["hasil"].isin({TERBUKA, SEBAGIAN})]

    @property
    def conflicts(self) -> pd.DataFrame:
        return self.table[self.table["konflik"].map(bool)]


def check_inventory(round_: Round, intake: Intake) -> Checked:
    return validate_inventory(intake.rows, intake.sources, inventory_spec(), round_.refs)


def classified_items(round_: Round, checked: Checked) -> pd.DataFrame:
    order = {b.kode: i for i, b in enumerate(round_.config.bidang)}
    items = classify_archives(checked.items, round_.refs, round_.config.tanggal_acuan)
    items = items.assign(_order=items["bidang"].map(order)).sort_values(["_order", "no"])
    return items.drop(columns="_order").reset_index(drop=True)


def test_sheet_given(round_: Round, items: pd.DataFrame) -> pd.DataFrame:
    return given_columns(items, round_.bidang_names)


def build_draft(round_: Round) -> Draft:
    intake = read_inbox(round_.workspace.inbox, inventory_spec(), round_.config.bidang)
    checked = check_inventory(round_, intake)
    items = classified_items(round_, checked)
    outcomes = read_fill_sheet(round_.workspace.test_sheet, consequence_spec())
    return Draft(checked, apply_outcomes(items, outcomes, consequence_spec(), round_.refs))


def review_given(draft: Draft, round_: Round) -> pd.DataFrame:
    exempted = draft.exempted
    notes = exempted["konflik"] + exempted["catatan"]
    return pd.DataFrame(
        {
            "id": exempted["id"],
            "bidang": exempted["bidang"].map(round_.bidang_names),
            "judul": exempted["judul"],
            "hasil_uji": exempted["hasil"],
            "pasal17": exempted["pasal17_kode"],
            "jangka_waktu": exempted["jangka_waktu"],
            "status_arsip": exempted["status_arsip"],
            "catatan_sistem": notes.map("; ".join),
        }
    )


def merged_review(draft: Draft, round_: Round) -> tuple[pd.DataFrame, pd.DataFrame]:
    previous = read_fill_sheet(round_.workspace.review_sheet, review_spec())
    return review_rows(review_given(draft, round_), previous, review_spec())
