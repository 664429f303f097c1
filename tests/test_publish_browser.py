"""The published page in a real browser: Debian's headless Chromium opens index.html from disk.

Searching, sorting, the keyboard path and the print layout are checked at a desktop and a phone
width. Screenshots go to a pytest temporary folder; their paths are printed (see them with -s).
"""

import base64
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.test_publish import example_snapshot, publish_example

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
_ABSENT = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
pytestmark = pytest.mark.skipif(
    bool(_ABSENT),
    reason=f"Chromium or chromedriver is absent ({', '.join(_ABSENT)}); "
    "apt-get install chromium chromium-driver",
)
PDFTOTEXT = shutil.which("pdftotext")
SIZES = {"desktop": (1280, 900), "ponsel": (390, 844)}
# No network on this machine: nothing may try to reach out (updates, sync, field trials).
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SNAPSHOT = example_snapshot()
DIK_ROWS = SNAPSHOT["dik"]["baris"]
DIK_KEYS = [column["kunci"] for column in SNAPSHOT["dik"]["kolom"]]


class Page:
    """The page at one window size, with the few reads the tests need."""

    def __init__(self, driver: Any, size: str, shots: Path) -> None:
        self.driver, self.size, self.shots = driver, size, shots

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def shown(self, key: str = "dik", column: int = 0) -> list[str]:
        """The texts of one column of the rows a person sees, top to bottom."""
        return self.js(
            "return Array.from(document.querySelectorAll("
            "'#tabel-' + arguments[0] + ' tbody tr:not(.kelompok)'))"
            ".filter(r => r.getClientRects().length > 0)"
            ".map(r => r.cells[arguments[1]].textContent);",
            key,
            column,
        )

    def status(self, key: str = "dik") -> str:
        return self.js(
            "return document.getElementById('hitungan-' + arguments[0]).textContent;", key
        )

    def sort_button(self, title: str, key: str = "dik") -> Any:
        from selenium.webdriver.common.by import By

        xpath = f"//table[@id='tabel-{key}']/thead//th[normalize-space()='{title}']/button"
        return self.driver.find_element(By.XPATH, xpath)

    def sorted_as(self, title: str, key: str = "dik") -> str | None:
        return self.sort_button(title, key).find_element("xpath", "..").get_attribute("aria-sort")

    def active(self) -> dict[str, str]:
        return self.js(
            "const a = document.activeElement;"
            "return {tag: a.tagName, id: a.id, th: a.closest('th') ? a.closest('th').textContent : ''};"
        )

    def shot(self, name: str, element_id: str | None = None) -> Path:
        if element_id:
            self.js("document.getElementById(arguments[0]).scrollIntoView();", element_id)
        path = self.shots / f"{self.size}-{name}.png"
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}")
        return path


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).lower()


def _matching(query: str) -> list[str]:
    """The numbers of the DIK rows the page should keep for a query: every word, any column."""
    words = _fold(query).split()
    texts = {row["no"]: _fold("\n".join(row[key] for key in DIK_KEYS)) for row in DIK_ROWS}
    return [number for number, text in texts.items() if all(word in text for word in words)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target, _ = publish_example(tmp_path_factory.mktemp("situs"), example_snapshot())
    return target / "index.html"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layar")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profil-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(params=list(SIZES))
def page(request: pytest.FixtureRequest, chromium: Any, site: Path, shots: Path) -> Iterator[Page]:
    width, height = SIZES[request.param]
    chromium.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": request.param == "ponsel",
        },
    )
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    chromium.get(site.as_uri())
    opened = Page(chromium, request.param, shots)
    assert opened.js("return window.innerWidth;") == width
    yield opened
    errors = [entry for entry in chromium.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def test_page_fits_the_window_and_shows_every_row(page):
    assert page.js("return document.documentElement.scrollWidth;") <= SIZES[page.size][0]
    assert page.shown() == [row["no"] for row in DIK_ROWS]
    assert len(page.shown("dip")) == len(SNAPSHOT["dip"]["baris"])
    assert page.status() == "30 dari 30 informasi"
    page.shot("atas")
    page.shot("daftar", "judul-dik")
    page.js(
        "document.querySelectorAll('#tabel-dik tbody tr')[3].scrollIntoView({block: 'center'});"
    )
    page.shot("baris-berbahaya")
    page.shot("ringkasan", "judul-ringkasan")
    if page.size == "ponsel":  # a card: every value under its column's name
        label = page.js(
            "const c = document.querySelector('#tabel-dik tbody td:last-child');"
            "return [getComputedStyle(c).display, getComputedStyle(c, '::before').content];"
        )
        assert label == ["block", '"Status Arsip"']


def test_search_keeps_the_rows_with_every_word(page):
    from selenium.webdriver.common.by import By

    box = page.driver.find_element(By.ID, "cari-dik")
    box.send_keys("korban ANAK")
    expected = _matching("korban anak")
    assert 0 < len(expected) < len(DIK_ROWS)
    assert page.shown() == expected
    assert page.status() == f"{len(expected)} dari 30 informasi"
    page.shot("cari", "judul-dik")

    box.clear()
    box.send_keys("tidak ada yang cocok zzz")
    assert page.shown() == []
    assert page.status() == "0 dari 30 informasi"
    assert page.js("return document.querySelector('#dik .kosong').hidden;") is False

    box.clear()
    box.send_keys(" ")  # clear() sends no input event; a space does and matches everything
    assert len(page.shown()) == 30
    assert page.shown("dip") == [row["no"] for row in SNAPSHOT["dip"]["baris"]]


def test_bidang_filter_and_search_combine(page):
    from selenium.webdriver.support.ui import Select

    field = DIK_ROWS[-1]["bidang"]
    Select(page.driver.find_element("id", "bidang-dik")).select_by_visible_text(field)
    expected = [row["no"] for row in DIK_ROWS if row["bidang"] == field]
    assert page.shown() == expected
    page.driver.find_element("id", "cari-dik").send_keys("korban")
    assert page.shown() == [n for n in expected if n in _matching("korban")]


def _by_bidang(values: list[str]) -> list[list[str]]:
    """The shown values cut where the bidang changes (rows stay under their bidang)."""
    fields = [row["bidang"] for row in DIK_ROWS]
    order = list(dict.fromkeys(fields))
    sizes = [fields.count(name) for name in order]
    cuts = [sum(sizes[:i]) for i in range(len(sizes) + 1)]
    return [values[a:b] for a, b in pairwise(cuts)]


def test_sorting_orders_the_rows_within_each_bidang_and_says_so(page):
    numbers = [row["no"] for row in DIK_ROWS]
    page.sort_button("No").click()
    assert page.sorted_as("No") == "ascending"
    assert page.shown() == sorted(numbers, key=int)  # 2 before 10: numbers compare as numbers
    page.sort_button("No").click()
    assert page.sorted_as("No") == "descending"
    assert page.shown() == [n for group in _by_bidang(numbers)
                            for n in sorted(group, key=int, reverse=True)]  # fmt: skip
    assert page.status() == (
        "30 dari 30 informasi, diurutkan menurut No (turun) dalam setiap bidang"
    )

    page.sort_button("Jangka Waktu").click()
    assert page.sorted_as("Jangka Waktu") == "ascending" and page.sorted_as("No") is None
    periods = page.shown(column=DIK_KEYS.index("jangka_waktu"))
    assert sorted(periods) == sorted(row["jangka_waktu"] for row in DIK_ROWS)
    for group in _by_bidang(periods):
        runs = [p for i, p in enumerate(group) if i == 0 or group[i - 1] != p]
        assert len(runs) == len(set(group)), "equal values are not kept together"
        letters = [p for p in group if p[:1].isalpha()]
        assert letters == sorted(letters, key=str.casefold)
    page.shot("urut", "judul-dik")


def test_keyboard_reaches_search_and_sort_buttons(page):
    from selenium.webdriver.common.keys import Keys

    body = page.driver.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    assert page.js("return document.activeElement.className;") == "lewati"
    for _ in range(20):
        if page.active()["id"] == "cari-dik":
            break
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert page.active()["id"] == "cari-dik"
    page.driver.switch_to.active_element.send_keys("perlindungan")
    expected = _matching("perlindungan")
    assert page.shown() == expected

    page.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert page.active()["id"] == "bidang-dik"
    page.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert page.active() == {"tag": "BUTTON", "id": "", "th": "No"}
    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert page.sorted_as("No") == "ascending"
    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert page.sorted_as("No") == "descending"
    shown = page.shown()
    assert sorted(shown, key=int) == expected and shown != expected  # each bidang turned round
    page.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert page.active()["th"] == "Informasi yang Dikecualikan"
    page.driver.switch_to.active_element.send_keys(Keys.SPACE)
    assert page.sorted_as("Informasi yang Dikecualikan") == "ascending"
    outline = page.js("return getComputedStyle(document.activeElement).outlineStyle;")
    assert outline == "solid", "focused sort button shows no focus ring"
    page.shot("papan-ketik", "judul-dik")


def test_print_shows_all_rows_and_no_controls(page, shots):
    page.driver.find_element("id", "cari-dik").send_keys("korban")
    assert len(page.shown()) < 30
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert len(page.shown()) == 30
    assert len(page.shown("dip")) == len(SNAPSHOT["dip"]["baris"])
    styles = page.js(
        "return [getComputedStyle(document.querySelector('#dik .kontrol')).display,"
        " getComputedStyle(document.querySelector('#tabel-dik thead')).display,"
        " getComputedStyle(document.querySelector('#tabel-dik tbody tr')).display];"
    )
    assert styles == ["none", "table-header-group", "table-row"]
    path = _print(page, shots)
    assert path.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is absent")
def test_printed_list_repeats_its_headers_on_every_page(page, shots):
    pages = subprocess.run(
        [str(PDFTOTEXT), str(_print(page, shots)), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout.split("\f")  # fmt: skip
    # A page holds DIK rows when it shows the start of a "bila Dibuka" text (only DIK has it).
    markers = {" ".join(row["dibuka"].split()[:4]) for row in DIK_ROWS}
    pages = [" ".join(text.split()) for text in pages]
    dik_pages = [text for text in pages if any(marker in text for marker in markers)]
    assert len(dik_pages) >= 3
    for text in dik_pages:  # header cells wrap: their lines interleave in the text
        for words in ("Konsekuensi bila", "Dasar Hukum", "menurut Keputusan Nomor"):
            assert words in text, f"no repeated header on: {text[:200]}"
    assert "Unduh keputusan bertanda tangan (keputusan_" in pages[0]


def _print(page: Page, shots: Path) -> Path:
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    pdf = page.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    path = shots / f"{page.size}-cetak.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    print(f"print: {path}")
    return path


def test_a_wide_public_list_keeps_every_column_on_the_screen(chromium, tmp_path):
    """Long words in every DIP column (a rule's number, a unit's name) at 1280 px: the list
    stays as wide as the page, its last column included."""
    snapshot = example_snapshot()
    word = "Permendikbudristek/2024x"  # 24 characters: no <wbr>, only the layout breaks it
    keys = [column["kunci"] for column in snapshot["dip"]["kolom"]]
    for row in snapshot["dip"]["baris"]:
        for key in keys[2:]:
            row[key] = f"{row[key]} {word} {word}"
    target, _ = publish_example(tmp_path, snapshot)
    chromium.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    chromium.get((target / "index.html").as_uri())
    right = chromium.execute_script(
        "const t = document.getElementById('tabel-dip');"
        "const last = t.querySelector('tr.kolom th:last-child');"
        "return [t.getBoundingClientRect().right, last.getBoundingClientRect().right,"
        " document.documentElement.clientWidth, last.textContent];"
    )
    assert right[0] <= right[2] and right[1] <= right[2], right
    assert right[3] == snapshot["dip"]["kolom"][-1]["judul"]


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is absent")
def test_every_printed_page_names_the_list_the_decision_and_its_number(page, shots):
    pages = subprocess.run(
        [str(PDFTOTEXT), str(_print(page, shots)), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout.split("\f")[:-1]  # fmt: skip
    pages = [" ".join(text.split()) for text in pages]
    assert len(pages) >= 4
    for number, text in enumerate(pages, 1):
        assert f"Halaman {number} dari {len(pages)}" in text, number
        assert "Keputusan Nomor 000.8.3.4/45/DSPPA/2026" in text, number
