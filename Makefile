# Pendokumentasian Informasi yang Dikecualikan. `make help` lists the targets.
# WS selects the workspace (default: the bundled example), ARGS is passed on to the command.
WS ?= data/contoh
ARGS ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.terpasang
COMMANDS := init nota formulir periksa uji konsep tetapkan arsip status run

.DEFAULT_GOAL := help
.PHONY: help test lint bench $(COMMANDS)

help: ## Tampilkan daftar perintah
	@echo "Pemakaian: make PERINTAH [WS=folder-kerja] [ARGS=...]   (WS bawaan: $(WS))"
	@echo ""
	@awk -F ':.*## ' '/^[a-z]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The virtual environment is rebuilt whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@echo "Menyiapkan lingkungan Python di $(VENV) (sekali saja, sekitar satu menit)..."
	@test -x $(PY) || python3 -m venv $(VENV) || { echo "Galat: python3 -m venv gagal; pasang Python 3.11+ dengan modul venv."; exit 2; }
	@{ $(PY) -m pip install --upgrade pip && $(PY) -m pip install -e '.[dev]'; } > $(VENV)/pemasangan.log 2>&1 \
		|| { tail -n 20 $(VENV)/pemasangan.log; echo "Galat: pemasangan paket gagal; lihat $(VENV)/pemasangan.log."; exit 2; }
	@touch $(STAMP)

init: $(STAMP) ## Buat folder kerja baru (instansi.toml dan masuk/)
	@$(PY) -m pipeline init --workspace $(WS) $(ARGS)
nota: $(STAMP) ## Langkah 2: Nota Dinas penugasan staf PPID
	@$(PY) -m pipeline nota --workspace $(WS) $(ARGS)
formulir: $(STAMP) ## Langkah 2-3: formulir inventaris kosong per bidang
	@$(PY) -m pipeline formulir --workspace $(WS) $(ARGS)
periksa: $(STAMP) ## Langkah 3: baca dan periksa isian bidang di masuk/
	@$(PY) -m pipeline periksa --workspace $(WS) $(ARGS)
uji: $(STAMP) ## Langkah 3: buat/perbarui lembar uji_konsekuensi.xlsx
	@$(PY) -m pipeline uji --workspace $(WS) $(ARGS)
konsep: $(STAMP) ## Langkah 3: status arsip (JRA), konsep daftar dan tinjauan.xlsx
	@$(PY) -m pipeline konsep --workspace $(WS) $(ARGS)
tetapkan: $(STAMP) ## Langkah 4-5: daftar final untuk ditandatangani, atau pengembalian
	@$(PY) -m pipeline tetapkan --workspace $(WS) $(ARGS)
arsip: $(STAMP) ## Langkah 6: arsipkan daftar bertanda tangan (ARGS=berkas, atau --periksa)
	@$(PY) -m pipeline arsip --workspace $(WS) $(ARGS)
status: $(STAMP) ## Posisi putaran: hitungan per langkah dan bidang, yang masih kurang
	@$(PY) -m pipeline status --workspace $(WS) $(ARGS)
run: $(STAMP) ## nota, periksa, uji, konsep, tetapkan berurutan
	@$(PY) -m pipeline run --workspace $(WS) $(ARGS)

lint: $(STAMP) ## Pemeriksaan kode (ruff, mypy)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

test: lint ## Seluruh pengujian (ruff, mypy, pytest)
	@$(VENV)/bin/pytest

# SIZES: items per synthetic round (default 1000 10000 30000 100000); ARGS: see bench/run.py.
SIZES ?=
bench: $(STAMP) ## Waktu dan memori tiap perintah pada 1.000-100.000 butir (SIZES="1000 10000")
	@$(PY) -m bench.run $(if $(strip $(SIZES)),--sizes $(SIZES)) $(ARGS)
