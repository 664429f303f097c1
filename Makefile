# Pendokumentasian Informasi yang Dikecualikan. `make help` lists the targets.
# WS selects the workspace (default: the bundled example), ARGS is passed on to the command,
# FILE names the file for `arsip` and `jra` (any name: spaces, quotes, `$`, backticks).
WS ?= data/contoh
ARGS ?=
FILE ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.terpasang
DEV_STAMP := $(VENV)/.terpasang-dev
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.terpasang
COMMANDS := init nota formulir periksa uji konsep tetapkan arsip terbitkan ekspor jra pdf status run

.DEFAULT_GOAL := help
.PHONY: help test lint bench $(COMMANDS)
# FILE and WS reach the program through the environment, never through a recipe's text: a name
# holding quotes, backticks, `$` or a line break is one argument, exactly as typed ($(value ...)
# keeps make from expanding a `$` in it; the shell expands "$$DIK_BERKAS" as one word).
export DIK_BERKAS := $(value FILE)
export DIK_FOLDER := $(value WS)
# Hints name commands the way the officer runs them (make periksa, not dik periksa), with the
# workspace when it is not the bundled example (make periksa WS="~/dik-2026").
export DIK_BENTUK := make
export DIK_WS := $(if $(subst data/contoh,,$(value WS)),$(value WS))
# A command that finished with findings exits 1, one that could not run 2; make would then end
# with its own English "make: *** [...] Error N" line after ours, so under make both become 0
# and the tool's Indonesian line is the last. With KETAT=1 make fails on them (make itself then
# exits 2); scripts that tell 1 from 2 call `dik` directly.
RUN = $(PY) -m pipeline $@ --workspace "$$DIK_FOLDER"
FILE_ARG = $${DIK_BERKAS:+"$$DIK_BERKAS"}
ENDS = ; status=$$?; if [ -z "$(KETAT)" ]; then exit 0; fi; exit $$status

help: ## Tampilkan daftar perintah
	@echo "Pemakaian: make PERINTAH [WS=folder-kerja] [ARGS=...] [FILE=berkas]   (WS bawaan: $$DIK_FOLDER)"
	@echo ""
	@awk -F ':.*## ' '/^[a-z]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# $(call install,VENV,EXTRAS): VENV holds this package (editable) with EXTRAS, rebuilt whenever
# pyproject.toml changes. The officer's .venv gets only what the tool needs: pandera imports
# hypothesis (a test library) whenever it is installed, a third of a second on every command.
define install
	@echo "Menyiapkan lingkungan Python di $(1) (sekali saja, sekitar satu menit)..."
	@test -x $(1)/bin/python || python3 -m venv $(1) || { echo "Galat: python3 -m venv gagal; pasang Python 3.11+ dengan modul venv."; exit 2; }
	@{ $(1)/bin/python -m pip install --upgrade pip && $(1)/bin/python -m pip install -e '.$(2)'; } > $(1)/pemasangan.log 2>&1 \
		|| { tail -n 20 $(1)/pemasangan.log; echo "Galat: pemasangan paket gagal; lihat $(1)/pemasangan.log."; exit 2; }
	@touch $@
endef

$(STAMP): pyproject.toml
	$(call install,$(VENV),)
$(DEV_STAMP): $(STAMP)
	$(call install,$(VENV),[dev])
# The benchmark measures what the officer has (no test libraries), plus its own writer.
$(BENCH_STAMP): pyproject.toml
	$(call install,$(BENCH_VENV),[bench])

init: $(STAMP) ## Buat folder kerja baru (instansi.toml dan masuk/)
	@$(RUN) $(ARGS)$(ENDS)
nota: $(STAMP) ## Langkah 2: Nota Dinas penugasan staf PPID
	@$(RUN) $(ARGS)$(ENDS)
formulir: $(STAMP) ## Langkah 2-3: formulir inventaris kosong per bidang
	@$(RUN) $(ARGS)$(ENDS)
periksa: $(STAMP) ## Langkah 3: baca dan periksa isian bidang di masuk/
	@$(RUN) $(ARGS)$(ENDS)
uji: $(STAMP) ## Langkah 3: buat/perbarui lembar uji_konsekuensi.xlsx
	@$(RUN) $(ARGS)$(ENDS)
konsep: $(STAMP) ## Langkah 3: status arsip (JRA), konsep daftar dan tinjauan.xlsx
	@$(RUN) $(ARGS)$(ENDS)
tetapkan: $(STAMP) ## Langkah 4-5: daftar final untuk ditandatangani, atau pengembalian
	@$(RUN) $(ARGS)$(ENDS)
arsip: $(STAMP) ## Langkah 6: arsipkan daftar bertanda tangan (FILE="berkas.pdf", atau ARGS=--periksa)
	@$(RUN) $(FILE_ARG) $(ARGS)$(ENDS)
terbitkan: $(STAMP) ## Terbitkan daftar bertanda tangan ke keluaran/web/ (laman PPID)
	@$(RUN) $(ARGS)$(ENDS)
ekspor: $(STAMP) ## Zip daftar bertanda tangan untuk PPID Utama kabupaten
	@$(RUN) $(ARGS)$(ENDS)
jra: $(STAMP) ## Pasang JRA kantor sendiri (FILE="JRA Perbup.xlsx")
	@$(RUN) $(FILE_ARG) $(ARGS)$(ENDS)
pdf: $(STAMP) ## Dokumen putaran menjadi PDF di keluaran/pdf/ (perlu LibreOffice)
	@$(RUN) $(ARGS)$(ENDS)
status: $(STAMP) ## Posisi putaran: hitungan per langkah dan bidang, yang masih kurang
	@$(RUN) $(ARGS)$(ENDS)
run: $(STAMP) ## nota, periksa, uji, konsep, tetapkan berurutan
	@$(RUN) $(ARGS)$(ENDS)

lint: $(DEV_STAMP) ## Pemeriksaan kode (ruff, mypy)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

test: lint ## Seluruh pengujian (ruff, mypy, pytest)
	@$(VENV)/bin/pytest

# SIZES: items per synthetic round (default 1000 10000 30000 100000); ARGS: see bench/run.py.
SIZES ?=
bench: $(BENCH_STAMP) ## Waktu dan memori tiap perintah pada 1.000-100.000 butir (SIZES="1000 10000")
	@$(BENCH_VENV)/bin/python -m bench.run $(if $(strip $(SIZES)),--sizes $(SIZES)) $(ARGS)
	@$(BENCH_VENV)/bin/python -m bench.limits

# Anything else is a typo: say so in Indonesian, as the last line.
.DEFAULT:
	$(error Perintah '$@' tidak dikenal; lihat daftar perintah dengan: make help)
