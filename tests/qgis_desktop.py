"""Run a Python script inside the real QGIS desktop application, headless under Xvfb.

    run = run_in_qgis(script_text, tmp_path / "profiles", timeout=60)
    run.result        # the dict the script filled, plus "errors" and "log"

The script is executed by ``qgis --code`` in a fresh profile (``--profiles-path``), with the
real ``iface``. It defines ``STEPS``, a list of functions called one after the other from
QGIS's event loop (so that ``deleteLater`` and queued signals are processed between two
steps); each takes the ``result`` dict and fills it. Afterwards the result is written as
JSON with every Python error QGIS reported (its message log under "Python error", stack
dialogs, exceptions in a step) and QGIS quits. Python errors never open a blocking dialog.

Only the standard library here: the test process needs no QGIS import.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

QGIS = "/usr/bin/qgis"
SETUP_HINT = "run `scripts/setup-system.sh test` (installs qgis, xvfb and xauth)"

# Settings seeded into the fresh profile: no network checks at start.
DEFAULT_SETTINGS = {
    "plugin-installer": {"checkOnStart": "false", "allowExperimental": "true"},
    "qgis": {"checkVersion": "false"},
    "core": {"NewsFeed\\httpsfeedqgisorg\\disabled": "true"},
}

BOOTSTRAP = """
import json as _json, os as _os, sys as _sys, traceback as _tb
import qgis.utils as _qu
from qgis.core import Qgis as _Qgis, QgsApplication as _App
from qgis.PyQt.QtCore import QTimer as _QTimer

_RESULT_PATH = {result_path!r}
_DELAY_MS = {delay_ms!r}
result = {{"errors": [], "log": [], "steps_done": 0}}


def _on_log(message, tag, level):
    entry = {{"tag": tag, "level": int(level), "message": message}}
    result["log"].append(entry)
    if tag == "Python error" or (level == _Qgis.Critical and "python" in tag.lower()):
        result["errors"].append(f"[{{tag}}] {{message}}")


def _no_dialog(etype, value, tb, msg, pop_error=True):
    text = "".join(_tb.format_exception(etype, value, tb))
    result["errors"].append(f"[stack dialog] {{msg}}\\n{{text}}")


_App.messageLog().messageReceived.connect(_on_log)
_qu.open_stack_dialog = _no_dialog  # a modal dialog would block the run

_ns = {{"__name__": "__qgis_desktop__", "iface": _qu.iface}}
try:
    with open({script_path!r}, encoding="utf-8") as _fh:
        exec(compile(_fh.read(), {script_path!r}, "exec"), _ns)
    _steps = list(_ns["STEPS"])
except Exception:
    result["errors"].append("[script] " + _tb.format_exc())
    _steps = []


def _finish():
    with open(_RESULT_PATH + ".part", "w", encoding="utf-8") as fh:
        _json.dump(result, fh, default=repr, indent=1)
    _os.replace(_RESULT_PATH + ".part", _RESULT_PATH)
    _App.exit(0)


def _run(i):
    if i >= len(_steps):
        _finish()
        return
    try:
        _steps[i](result)
        result["steps_done"] = i + 1
    except Exception:
        result["errors"].append(f"[step {{_steps[i].__name__}}] " + _tb.format_exc())
        _finish()
        return
    _QTimer.singleShot(_DELAY_MS, lambda: _run(i + 1))


_QTimer.singleShot(_DELAY_MS, lambda: _run(0))
"""


@dataclass
class DesktopRun:
    """What came back from one QGIS run."""

    returncode: int | None  # None: QGIS did not quit by itself and was killed
    result: dict | None  # None: the script never finished (see output)
    output: str  # QGIS's stdout and stderr
    seconds: float
    errors: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"QGIS returned {self.returncode} after {self.seconds:.1f} s; "
            f"errors: {self.errors}\n--- output (tail) ---\n{self.output[-4000:]}"
        )


def missing_tools() -> list[str]:
    """Programs this helper needs that are not installed."""
    return [tool for tool in (QGIS, "xvfb-run", "xauth") if not shutil.which(tool)]


def plugins_dir(profiles_path: Path, profile: str = "test") -> Path:
    """The ``python/plugins`` folder of a profile, where QGIS looks for user plugins."""
    return Path(profiles_path) / "profiles" / profile / "python" / "plugins"


def _seed_settings(profiles_path: Path, profile: str, settings: dict[str, dict]) -> None:
    ini = Path(profiles_path) / "profiles" / profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for section, values in settings.items():
        lines.append(f"[{section}]")
        lines += [f"{key}={value}" for key, value in values.items()]
        lines.append("")
    ini.write_text("\n".join(lines), encoding="utf-8")


def _clean_env(home: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "QGIS", "QT_", "VIRTUAL_ENV", "XDG_", "LC_"))
        and key not in {"DISPLAY", "LANG", "LANGUAGE", "PYTEST_CURRENT_TEST"}
    }
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        LANG="C.UTF-8",
        QT_QPA_PLATFORM="xcb",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


def run_in_qgis(
    script: str,
    profiles_path: Path,
    *,
    profile: str = "test",
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    settings: dict[str, dict] | None = None,
    timeout: float = 60,
    step_delay_ms: int = 100,
    screen: str = "1600x1000x24",
) -> DesktopRun:
    """Start ``qgis`` under a private Xvfb display on a fresh (or prepared) profile in
    ``profiles_path``, run ``script`` (text defining STEPS) and return what it recorded.

    ``args`` go to qgis (e.g. ``("--lang", "fr")``); ``env`` adds environment variables;
    ``settings`` adds to the profile's QGIS3.ini. QGIS is killed after ``timeout`` s."""
    if missing_tools():
        raise RuntimeError(f"missing {', '.join(missing_tools())}: {SETUP_HINT}")
    work = Path(profiles_path).parent / f".qgis-run-{profile}-{time.monotonic_ns()}"
    work.mkdir(parents=True)
    script_path = work / "script.py"
    script_path.write_text(textwrap.dedent(script), encoding="utf-8")
    result_path = work / "result.json"
    code_path = work / "bootstrap.py"
    code_path.write_text(
        BOOTSTRAP.format(
            result_path=str(result_path), script_path=str(script_path), delay_ms=step_delay_ms
        ),
        encoding="utf-8",
    )
    _seed_settings(profiles_path, profile, {**DEFAULT_SETTINGS, **(settings or {})})
    argv = [
        "xvfb-run", "--auto-servernum", f"--server-args=-screen 0 {screen} -nolisten tcp",
        QGIS, "--profiles-path", str(profiles_path), "--profile", profile,
        "--nologo", "--noversioncheck", *args, "--code", str(code_path),
    ]  # fmt: skip
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=work,
        env=_clean_env(work / "home", env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,  # one process group: xvfb-run, Xvfb and QGIS
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
        returncode: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        returncode = None
    seconds = time.monotonic() - started
    result = json.loads(result_path.read_text(encoding="utf-8")) if result_path.exists() else None
    errors = list(result["errors"]) if result else ["the script did not finish"]
    return DesktopRun(returncode, result, output, seconds, errors)
