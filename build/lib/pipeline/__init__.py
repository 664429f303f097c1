"""Pendokumentasian Informasi yang Dikecualikan: the SOP of a PPID office as a pipeline.

Stages, in SOP order: intake → validate → classify → consequence → listing → review → render
→ archive; `round` computes each stage once for a command, `commands` presents the result.
"""
