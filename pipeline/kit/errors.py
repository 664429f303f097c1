"""The few exceptions the CLI turns into one Indonesian sentence and exit status 2.

Problems in what users filled are not exceptions: they are rows of a report (exit status 1).
"""


class PipelineError(Exception):
    """Something stops the command from running; the message tells the user what to do."""


class ConfigError(PipelineError):
    """instansi.toml is missing, unreadable or lacks a key."""


class WorkspaceError(PipelineError):
    """A file the command needs is missing, locked or cannot be written."""


class TemplateError(PipelineError):
    """A Word template does not match the data given to it."""
