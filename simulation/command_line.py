"""The way into every Hydra command of the project, with one exit-status rule and one-line errors.

``python -m simulation``, ``python -m simulation.validation`` and ``experiments/*.py`` each
declare their task with :func:`command` instead of ``hydra.main``. Hydra still parses the
command line, composes the config and runs the task (``--help``, ``--cfg job``, ``-m`` and
``hydra.*`` overrides work as ever); what changes is how a failure ends:

- **0**: everything asked was done.
- **2**: the input was refused before any work: an unknown key, a value of the wrong type or
  outside its range, a missing config group option, a YAML file that does not parse, an
  override Hydra cannot read (anything raised while Hydra composed the config, and every
  :class:`~simulation.parameters.ConfigError`). One line on stderr, starting
  ``Configuration error:``.
- **1**: something failed while running or writing. One line on stderr, starting ``Error:``.

No traceback reaches the user; ``HYDRA_FULL_ERROR=1`` (Hydra's own switch) shows Hydra's
full traceback instead, as without this module. Hydra prints its errors itself unless
``HYDRA_FULL_ERROR=1`` is set, in which case it raises them: :func:`command` sets it while
Hydra runs, catches what Hydra raises, and tells an input error from a failure by whether the
task function had been entered (``tests/test_command_errors.py`` pins that behaviour).
"""

from __future__ import annotations

import atexit
import functools
import gc
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from simulation.config_folder import CONFIG_DIR  # every command's config is there

#: Exit statuses (the rule above; README "Exit status").
DONE, FAILED, REFUSED = 0, 1, 2

_FULL_ERROR = "HYDRA_FULL_ERROR"


#: The garbage collector's thresholds while a command runs (Python's default: 700, 10, 10).
#: A command allocates in bursts (numba's cached loops, the config, matplotlib's artists) and
#: keeps what it allocates; collecting every 700 new objects walked the whole heap four times
#: in a one-month run. Cycles are still collected, every 20,000 allocations.
COLLECTOR_THRESHOLDS = (20_000, 20, 20)


def _collect_less() -> None:
    """Collect garbage in larger steps while the command runs, and spare the interpreter's
    shutdown its last passes (together 0.5 s of a one-month run's 2.4 s, ``python
    experiments/benchmark.py --only startup``).

    At exit (``atexit``, which runs before the shutdown's collections) :func:`gc.freeze` moves
    the objects left, about 230,000 of numba's, pandas' and matplotlib's, out of the collector's
    sight: the process is about to hand them back to the system. Everything the command writes
    is written and closed by then, and objects that are not in a reference cycle are still
    freed, files among them.
    """
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    atexit.unregister(gc.freeze)  # once, however often a command runs in this process
    atexit.register(gc.freeze)


def refuse(message: str) -> None:
    """Stop with ``Configuration error: <message>`` and exit status 2."""
    print(f"Configuration error: {_one_line(message)}", file=sys.stderr)
    sys.exit(REFUSED)


def fail(message: str) -> None:
    """Stop with ``Error: <message>`` and exit status 1."""
    print(f"Error: {_one_line(message)}", file=sys.stderr)
    sys.exit(FAILED)


def setting(cfg, key: str, kind: type = int, low: float | None = None, high: float | None = None):
    """``cfg[key]`` as ``kind`` (``int`` or ``float``) within ``[low, high]``; else a
    :class:`~simulation.parameters.ConfigError` naming the key, the value and what is allowed
    (for the commands' own settings, which have no schema)."""
    from omegaconf import OmegaConf

    from simulation.parameters import ConfigError

    value = OmegaConf.select(cfg, key)
    noun = "a whole number" if kind is int else "a number"
    limits = [
        f"{low} or more" if low is not None else "",
        f"at most {high}" if high is not None else "",
    ]
    allowed = ", ".join(filter(None, [noun, *limits]))
    try:
        if isinstance(value, bool) or (kind is int and float(value) != int(float(value))):
            raise ValueError
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{key} = {value!r} is not allowed; allowed: {allowed}") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise ConfigError(f"{key} = {value!r} is not allowed; allowed: {allowed}")
    return number


def chosen(group: str) -> tuple[str, list[str]]:
    """The option of config ``group`` this command was started with (``state=kerala``), and the
    command line's overrides of keys inside it (``state.context.power_asymmetry=0.7``), to pass
    on to every run. For commands that run the model by overrides (comparison, sensitivity)."""
    from hydra.core.hydra_config import HydraConfig

    hydra_config = HydraConfig.get()
    inside = [o for o in hydra_config.overrides.task if o.lstrip("+~").startswith(f"{group}.")]
    return str(hydra_config.runtime.choices[group]), inside


def command(config_name: str, name: str, summary: str) -> Callable:
    """Declare a Hydra task as a command: ``@command("compare", "python experiments/...", "...")``.

    ``name`` is how users start it and ``summary`` one sentence on what it does; both head its
    ``--help`` (``configs/hydra/help/command.yaml``). The decorated function takes no
    arguments and reads ``sys.argv``, as a ``hydra.main`` function does.
    """

    def decorate(task: Callable) -> Callable[[], None]:
        import hydra

        progress = {"entered": False, "reporting": False}

        @functools.wraps(task)
        def entered(cfg):
            progress["entered"] = True
            if not progress["reporting"] or _in_a_sweep():
                return task(cfg)  # a sweep's job: Hydra's launcher records its failure
            try:
                return task(cfg)
            except Exception as error:  # reported here, before Hydra adds a line of its own
                _report(error, entered=True)

        hydra_main = hydra.main(
            version_base="1.3", config_path=str(CONFIG_DIR), config_name=config_name
        )(entered)

        @functools.wraps(task)
        def main() -> None:
            _HELP.update(name=name, summary=summary)
            _collect_less()
            if os.environ.get(_FULL_ERROR) == "1":  # the developer's choice: Hydra's tracebacks
                hydra_main()
                return
            for argument in overrides():
                if argument.startswith("="):
                    refuse(
                        f"the override {argument!r} names no key; allowed: key=value, "
                        f"e.g. scale{argument}"
                    )
            _check_environment()
            progress.update(entered=False, reporting=True)
            before = os.environ.get(_FULL_ERROR)
            os.environ[_FULL_ERROR] = "1"  # Hydra raises instead of printing
            try:
                hydra_main()
            except BrokenPipeError:  # the reader left (| head): as any command-line tool, quietly
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(FAILED)
            except Exception as error:  # every error ends in one line
                _report(error, progress["entered"])
            finally:
                if before is None:
                    os.environ.pop(_FULL_ERROR, None)
                else:
                    os.environ[_FULL_ERROR] = before
                progress["reporting"] = False

        return main

    return decorate


def _check_environment() -> None:
    """Refuse a bad ``PHC_THREADS`` or ``OMP_NUM_THREADS`` before anything starts (the workers
    of a sweep or a study would otherwise each fail on it)."""
    from simulation import cores  # imported by every command anyway (the compiled loops)
    from simulation.parameters import ConfigError

    try:
        cores.threads()
    except ConfigError as error:
        refuse(str(error))


def _in_a_sweep() -> bool:
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    return HydraConfig.get().mode == RunMode.MULTIRUN


def _report(error: Exception, entered: bool) -> None:
    from simulation.parameters import ConfigError

    if isinstance(error, ConfigError):
        refuse(str(error))
    if not entered and _is_input_error(error):
        text = describe(error)
        if text == _message(error) and overrides():  # say which command line it was
            text += f" (overrides: {' '.join(overrides())})"
        refuse(text)
    fail(f"{_message(error)} ({type(error).__name__}; HYDRA_FULL_ERROR=1 shows the traceback)")


def _is_input_error(error: Exception) -> bool:
    """Whether ``error``, raised before the task started, came from the user's input: Hydra's,
    OmegaConf's or YAML's own errors, anything raised while Hydra composed the config, or raised
    by Hydra itself (a ValueError for a group override that is no name, or for --cfg with -m).
    Errors of a launcher or of the libraries it calls (joblib) are failures, not input."""
    import hydra
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException
    from yaml import YAMLError

    if isinstance(error, (HydraException, OmegaConfBaseException, YAMLError)):
        return True
    frames = traceback.extract_tb(error.__traceback__)
    if any(frame.name in ("compose_config", "load_configuration") for frame in frames):
        return True
    hydra_dir = str(Path(hydra.__file__).parent)
    return bool(frames) and frames[-1].filename.startswith(hydra_dir + os.sep)


def describe(error: Exception) -> str:
    """One line for an error Hydra raised while composing a config: the key, file or line, the
    value, and what is allowed where that is known."""
    from hydra.errors import MissingConfigException, OverrideParseException
    from omegaconf.errors import ConfigAttributeError, ConfigKeyError, OmegaConfBaseException
    from yaml import MarkedYAMLError

    cause = error
    while cause is not None:  # a YAML error may come wrapped
        if isinstance(cause, MarkedYAMLError):
            return _yaml_problem(cause)
        cause = cause.__cause__ or cause.__context__
    if isinstance(error, OverrideParseException):
        return (
            f"the override {error.override!r} cannot be read ({_first_line(error.message)}); "
            "allowed: key=value in Hydra's override syntax; quote a value that holds '=', "
            "e.g. \"fixed=['interventions.training=pdia']\""
        )
    if isinstance(error, MissingConfigException) and error.options:
        group, _, option = (error.missing_cfg_file or "").rpartition("/")
        allowed = ", ".join(sorted(error.options))
        if group:
            return f"{group}={option}: no config '{group}/{option}'; allowed: {allowed}"
        return f"{_first_line(str(error))}; allowed: {allowed}"
    cause = error.__cause__ or error.__context__  # Hydra raises some without ``from``
    if isinstance(cause, (ConfigAttributeError, ConfigKeyError)) and cause.full_key:
        keys = list(cause.parent_node.keys()) if cause.parent_node is not None else []
        if not str(cause.full_key).startswith("hydra"):
            keys = [k for k in keys if k != "hydra"]
        allowed = f"; allowed here: {', '.join(map(str, keys))}" if keys else ""
        return f"{cause.full_key} is not in the config{allowed}"
    if isinstance(cause, OmegaConfBaseException) and cause.full_key:
        # the README's error examples show this form; "In 'state/mystate': " names the file
        return f"{_composing(error)}{cause.full_key} = {cause.value!r}: {_message(cause)}"
    if isinstance(error, OmegaConfBaseException) and getattr(error, "full_key", None):
        return f"{error.full_key}: {_message(error)}"
    return _message(error)


def _composing(error: Exception) -> str:
    """``"In 'state/mystate': "`` when Hydra says which config file it was merging."""
    first = _first_line(str(error))
    if first.startswith("In '") and "':" in first:
        return first.split("':", 1)[0] + "': "
    return ""


#: Hydra's flags that take a value (``hydra --help``).
_FLAGS_WITH_VALUE = {
    "-c",
    "--cfg",
    "-p",
    "--package",
    "-cp",
    "--config-path",
    "-cn",
    "--config-name",
    "-cd",
    "--config-dir",
    "-i",
    "--info",
    "--experimental-rerun",
}


def overrides(argv: list[str] | None = None) -> list[str]:
    """The overrides (``key=value``) on a command line, without Hydra's flags and their values."""
    argv = sys.argv[1:] if argv is None else argv
    found, skip = [], False
    for argument in argv:
        if skip:
            skip = False
        elif argument.startswith("-"):
            skip = argument in _FLAGS_WITH_VALUE
        else:
            found.append(argument)
    return found


def _yaml_problem(error) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"{mark.name}, line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
    context = ""
    if error.context and error.context_mark:
        context = f" ({error.context} at line {error.context_mark.line + 1})"
    return f"{where}: {error.problem}{context}; allowed: a valid YAML file"


def _message(error: BaseException) -> str:
    """The error's message without OmegaConf's indented detail lines (full_key, types)."""
    text = getattr(error, "msg", None) or str(error) or type(error).__name__
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    lines = [
        line
        for line in lines
        if not line.startswith(("full_key:", "object_type=", "reference_type="))
    ]
    return " ".join(lines)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)


def _one_line(text: str) -> str:
    return " ".join(line.strip() for line in str(text).splitlines() if line.strip())


# --------------------------------------------------------------------------- --help
_HELP = {"name": "", "summary": ""}


def _register_help_resolvers() -> None:
    """The values ``configs/hydra/help/command.yaml`` shows: the command's name, its summary
    and the config groups it takes (not every folder of ``configs/``)."""
    from omegaconf import OmegaConf

    def escaped(text: str) -> str:  # Hydra fills the template with string.Template
        return text.replace("$", "$$")

    OmegaConf.register_new_resolver("command_name", lambda: escaped(_HELP["name"]), replace=True)
    OmegaConf.register_new_resolver(
        "command_summary", lambda: escaped(_HELP["summary"]), replace=True
    )
    OmegaConf.register_new_resolver("command_groups", lambda: escaped(_groups()), replace=True)


def _groups() -> str:
    """One line per config group the running command selects in its defaults: its options
    and the default."""
    from hydra.core.hydra_config import HydraConfig

    choices = HydraConfig.get().runtime.choices
    lines = []
    for group, choice in sorted(choices.items()):
        if group.startswith("hydra/") or not (CONFIG_DIR / group).is_dir():
            continue
        options = sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))
        lines.append(f"{group}={'|'.join(options)}  (default: {choice or 'none'})")
    return "\n".join(lines)


_register_help_resolvers()
