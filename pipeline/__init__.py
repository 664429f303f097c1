"""Pendokumentasian Informasi yang Dikecualikan: the SOP of a PPID office as a pipeline.

Stages, in SOP order: intake → validate → classify → consequence → review → render → archive.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
