"""Whether the Python packages model inference needs import inside QGIS, and a one-click
install into the user's QGIS profile.

Running a model needs ``numpy`` (QGIS ships it) and ``onnxruntime`` (QGIS does not). The
install runs ``python -m pip install --target <profile>/python/dependencies onnxruntime``
with a Python interpreter of the same version as the one QGIS embeds, and that folder is
appended to ``sys.path`` (after QGIS's own folders, so QGIS's numpy and GDAL always win).
``--target`` needs no administrator rights, leaves the system Python untouched (no PEP 668
refusal on Debian/Ubuntu) and goes away with the profile.

Which interpreter: inside QGIS ``sys.executable`` is often QGIS itself (``qgis-bin.exe``
on Windows, ``QGIS`` in the macOS bundle, sometimes ``/usr/bin/qgis`` on Linux), so the
candidates are, in order: ``sys.executable`` when it is a Python; ``python.exe`` in
``sys.exec_prefix`` (OSGeo4W and the standalone Windows installers); ``bin/python3`` next to
QGIS's prefix path (the macOS bundle); ``bin/python3.X`` in ``sys.exec_prefix`` (Linux
distributions); ``python3.X`` then ``python3`` on ``PATH``. The chosen one is asked for its
version first and refused when it differs from QGIS's (pip would fetch wheels for the wrong
Python).

Detection and command construction are pure functions (tested); ``InstallTask`` runs pip
in the background and keeps its output for the user.
"""

from __future__ import annotations

import importlib
import ntpath
import os
import posixpath
import re
import shutil
import site
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import Canceled, VtError
from .i18n import tr
from .task_base import VtTask


@dataclass(frozen=True)
class Requirement:
    module: str  # what is imported
    pip_name: str  # what pip installs


@dataclass(frozen=True)
class MissingPackage:
    module: str
    pip_name: str
    error: str  # why the import failed (ModuleNotFoundError, a DLL that does not load...)


@dataclass(frozen=True)
class DependencyReport:
    missing: tuple[MissingPackage, ...]
    versions: tuple[tuple[str, str], ...]  # (module, version) of those that import

    @property
    def ok(self) -> bool:
        return not self.missing

    def message(self) -> str:
        """One line for the message bar."""
        if self.ok:
            found = ", ".join(f"{m} {v}" for m, v in self.versions)
            return tr("Model inference is ready ({packages}).").format(packages=found)
        names = ", ".join(m.pip_name for m in self.missing)
        return tr(
            "Running a model needs Python package(s) QGIS does not have: {packages}. "
            "Install them into your QGIS profile in one click."
        ).format(packages=names)

    def details(self) -> list[str]:
        lines = [f"{m.module}: {m.error}" for m in self.missing]
        lines += [f"{m} {v}" for m, v in self.versions]
        lines.append(tr("Python used by QGIS: {version}").format(version=sys.version.split()[0]))
        return lines


#: What model inference needs inside QGIS.
INFERENCE_REQUIREMENTS = (Requirement("numpy", "numpy"), Requirement("onnxruntime", "onnxruntime"))


class MissingDependencies(VtError):
    """A package model inference needs does not import; ``report`` says which and why."""

    level = "warning"

    def __init__(self, report: DependencyReport):
        self.report = report
        super().__init__(report.message(), report.details())


# ----------------------------------------------------------------------------- detection


def dependencies_dir(profile_dir: str | None = None) -> str:
    """``<QGIS profile>/python/dependencies``: where the plugin installs packages."""
    if profile_dir is None:
        from qgis.core import QgsApplication

        profile_dir = QgsApplication.qgisSettingsDirPath()
    return os.path.join(profile_dir, "python", "dependencies")


def activate_dependencies_dir(path: str | None = None) -> bool:
    """Append the dependencies folder to ``sys.path`` (``.pth`` files honoured) when it
    exists; True when it is on the path afterwards."""
    path = os.path.abspath(path or dependencies_dir())
    if not os.path.isdir(path):
        return False
    if path not in (os.path.abspath(p) for p in sys.path if p):
        site.addsitedir(path)  # appended: QGIS's own packages keep precedence
        importlib.invalidate_caches()
    return True


def check_dependencies(
    requirements: Sequence[Requirement] = INFERENCE_REQUIREMENTS, activate: bool = True
) -> DependencyReport:
    """Try to import each requirement (in this process, as the engine will)."""
    if activate:
        activate_dependencies_dir()
    missing, versions = [], []
    for req in requirements:
        try:
            module = importlib.import_module(req.module)
        except Exception as exc:  # noqa: BLE001 - ImportError, OSError (DLL), anything
            missing.append(MissingPackage(req.module, req.pip_name, f"{type(exc).__name__}: {exc}"))
            # A failed import may leave a half-initialised package behind: forget it so
            # that an import after installing starts afresh.
            for name in [
                n for n in sys.modules if n == req.module or n.startswith(req.module + ".")
            ]:
                sys.modules.pop(name, None)
        else:
            versions.append((req.module, str(getattr(module, "__version__", "?"))))
    return DependencyReport(tuple(missing), tuple(versions))


def require_inference_packages() -> DependencyReport:
    """The report when model inference can run; MissingDependencies otherwise."""
    report = check_dependencies()
    if not report.ok:
        raise MissingDependencies(report)
    return report


# ----------------------------------------------------------------------------- commands

_PYTHON_NAME = re.compile(r"^python(3(\.\d+)?)?(\.exe)?$", re.IGNORECASE)


def interpreter_candidates(
    executable: str,
    exec_prefix: str,
    prefix_path: str,
    version: tuple[int, int],
    platform: str,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str]:
    """Python interpreters that may be QGIS's own, most likely first (no duplicates);
    paths are built for ``platform`` (Windows or POSIX), whatever this machine is."""
    windows = platform.startswith("win")
    path = ntpath if windows else posixpath
    major_minor = f"{version[0]}.{version[1]}"
    found: list[str | None] = []
    if executable and _PYTHON_NAME.match(path.basename(executable)):
        found.append(executable)
    if windows:
        found += [
            path.join(exec_prefix, "python.exe"),
            path.join(exec_prefix, "python3.exe"),
            # OSGeo4W: <root>/apps/qgis → <root>/bin/python3.exe
            path.join(prefix_path, "..", "..", "bin", "python3.exe"),
            path.join(prefix_path, "..", "..", "bin", "python.exe"),
        ]
    else:
        found += [
            path.join(prefix_path, "bin", f"python{major_minor}"),
            path.join(prefix_path, "bin", "python3"),  # macOS: QGIS.app/Contents/MacOS
            path.join(exec_prefix, "bin", f"python{major_minor}"),
            path.join(exec_prefix, "bin", "python3"),
        ]
        found += [which(f"python{major_minor}"), which("python3")]
    found.append(which("python"))
    out: list[str] = []
    for candidate in found:
        if candidate and path.normpath(candidate) not in out:
            out.append(path.normpath(candidate))
    return out


def find_python(
    executable: str | None = None,
    exec_prefix: str | None = None,
    prefix_path: str | None = None,
    version: tuple[int, int] | None = None,
    platform: str | None = None,
    exists: Callable[[str], bool] = os.path.isfile,
    which: Callable[[str], str | None] = shutil.which,
) -> str | None:
    """The first existing candidate interpreter (defaults: this process's values)."""
    if prefix_path is None:
        from qgis.core import QgsApplication

        prefix_path = QgsApplication.prefixPath()
    candidates = interpreter_candidates(
        sys.executable if executable is None else executable,
        sys.exec_prefix if exec_prefix is None else exec_prefix,
        prefix_path,
        tuple(sys.version_info[:2]) if version is None else version,
        sys.platform if platform is None else platform,
        which,
    )
    return next((c for c in candidates if exists(c)), None)


def version_command(python: str) -> list[str]:
    """Prints ``major.minor`` of ``python``."""
    return [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]


def install_command(
    python: str, packages: Sequence[str], target: str, extra_args: Sequence[str] = ()
) -> list[str]:
    """``python -m pip install --target <target> <packages>`` (non-interactive)."""
    return [
        python,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--upgrade",
        "--target",
        target,
        *extra_args,
        *packages,
    ]


def packages_to_install(report: DependencyReport) -> list[str]:
    """pip requirements for what is missing. numpy, when QGIS has it, is pinned to QGIS's
    version so that pip picks an onnxruntime built for it (the copy pip puts in the target
    folder is never imported: QGIS's comes first on ``sys.path``)."""
    wanted = [m.pip_name for m in report.missing]
    numpy = dict(report.versions).get("numpy")
    if wanted and numpy and numpy != "?" and "numpy" not in wanted:
        wanted.append(f"numpy=={numpy}")
    return wanted


# ----------------------------------------------------------------------------- the task


@dataclass(frozen=True)
class InstallParams:
    python: str
    packages: tuple[str, ...]
    target: str
    extra_args: tuple[str, ...] = ()
    expected_version: str = f"{sys.version_info[0]}.{sys.version_info[1]}"
    timeout_s: float = 900


@dataclass(frozen=True)
class InstallSuccess:
    command: tuple[str, ...]
    output: str
    target: str


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # QGIS's may name another Python's folders
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


class InstallTask(VtTask):
    """Runs pip into the dependencies folder; the output is kept (success or failure)."""

    def __init__(self, params: InstallParams, on_done: Callable[[object], None]):
        super().__init__(
            tr("Installing {packages}").format(packages=", ".join(params.packages)), on_done
        )
        self.params = params

    def _run(self, command: list[str], timeout_s: float) -> tuple[int, str]:
        creation = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console on Windows
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_environment(),
            creationflags=creation,
        )
        deadline = time.monotonic() + timeout_s
        try:
            while True:
                try:
                    out, _ = proc.communicate(timeout=0.2)
                    return proc.returncode, out.decode("utf-8", "replace")
                except subprocess.TimeoutExpired:
                    pass
                if self.isCanceled():
                    raise Canceled(tr("Canceled"))
                if time.monotonic() > deadline:
                    raise VtError(
                        tr("The installation did not finish within {seconds} s").format(
                            seconds=int(timeout_s)
                        ),
                        command,
                    )
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

    def work(self) -> InstallSuccess:
        p = self.params
        code, out = self._run(version_command(p.python), 60)
        found = out.strip().splitlines()[-1] if out.strip() else ""
        if code != 0 or found != p.expected_version:
            raise VtError(
                tr(
                    "{python} is Python {found}, QGIS runs Python {expected}: "
                    "install the packages with QGIS's own Python"
                ).format(python=p.python, found=found or "?", expected=p.expected_version),
                out.splitlines(),
            )
        self.setProgress(5)
        os.makedirs(p.target, exist_ok=True)
        command = install_command(p.python, p.packages, p.target, p.extra_args)
        code, out = self._run(command, p.timeout_s)
        if code != 0:
            raise VtError(
                tr("pip failed (exit code {code})").format(code=code),
                [" ".join(command), "", *out.splitlines()[-60:]],
            )
        return InstallSuccess(tuple(command), out, p.target)

    def _finish(self, success: InstallSuccess) -> InstallSuccess:
        activate_dependencies_dir(success.target)
        return success
