"""The `convex-codegen` command line: `generate` and `check`.

Exit codes: 0 success, 1 a problem with the input or the output folder (bad spec, a
deployment that cannot be reached, files in the way, an out-of-date package for
`check`), 2 a usage mistake (wrong or missing options).
"""

from __future__ import annotations

import codecs
import keyword
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePath
from typing import IO, Any, TypeVar

import attrs
import click

from convex_codegen._config import Config, ConfigError, load_config
from convex_codegen._fetch import FetchError, fetch_spec
from convex_codegen._generate import GeneratedPackage, GenerationError, generate
from convex_codegen._ir import Problem, Spec
from convex_codegen._spec import SpecError, load_spec, parse_spec
from convex_codegen._writer import WriteError, diff_package, write_package
from convex_runtime._version import __version__

__all__ = ["CodegenError", "main"]

DEPLOY_KEY_ENV = "CONVEX_DEPLOY_KEY"
# Generated code imports these; a package of the same name would shadow them.
_RESERVED_NAMES = frozenset({"convex_runtime", "convex_codegen", "convex", "typing", "attrs"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

F = TypeVar("F", bound=Callable[..., Any])


class CodegenError(click.ClickException):
    """A user-facing error: printed as `error: ...` lines on stderr, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)

    def show(self, file: IO[Any] | None = None) -> None:
        for line in [self.message, *self.details]:
            click.echo(f"error: {_one_line(line)}", err=True, file=file)


def _one_line(text: str) -> str:
    """Escape control characters (newlines from a hostile spec) so each message is one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _warn(message: str) -> None:
    click.echo(f"warning: {_one_line(message)}", err=True)


@attrs.frozen
class _Source:
    kind: str
    """"spec" (a file), "stdin" or "url"."""
    value: str
    """The path as given, or the URL."""
    path: Path | None = None
    """For a file: where to read it (resolved against the config file's folder)."""

    @property
    def label(self) -> str:
        """How the source is named in headers and messages."""
        if self.kind == "stdin":
            return "<stdin>"
        if self.kind == "spec":
            return PurePath(self.value).as_posix()
        return self.value


@attrs.frozen
class _Settings:
    source: _Source
    out: Path
    out_text: str
    package: str
    force: bool
    typecheck: bool
    from_config: frozenset[str]
    """Which settings came from the config file (to suggest the shortest command)."""


def _usage(message: str) -> click.UsageError:
    return click.UsageError(message, click.get_current_context(silent=True))


def _package_name(out: Path) -> str:
    name = Path(os.path.abspath(out)).name
    if name in _RESERVED_NAMES:
        raise _usage(
            f"the output folder {str(out)!r} would make a package named {name!r}, which "
            f"would hide the module of the same name; choose another --out, like "
            f"{str(out.parent / (name + '_api'))!r}"
        )
    if name.isidentifier() and not keyword.iskeyword(name):
        return name
    suggestion = re.sub(r"\W", "_", name) or "convex_api"
    if suggestion[0].isdigit():
        suggestion = "_" + suggestion
    if keyword.iskeyword(suggestion):
        suggestion += "_"
    raise _usage(
        f"the output folder's name {name!r} is not a valid Python package name (it must be "
        f"an identifier and not a keyword); try --out {shlex.quote(str(out.parent / suggestion))}"
    )


def _resolve(
    spec: str | None,
    url: str | None,
    out: str | None,
    force: bool | None,
    typecheck: bool | None,
) -> _Settings:
    try:
        config = load_config()
    except ConfigError as exc:
        raise CodegenError(str(exc)) from None
    from_config: set[str] = set()
    if spec is not None and url is not None:
        raise _usage("give either --spec or --url, not both")
    source: _Source
    if spec is not None:
        source = _Source("stdin", "-") if spec == "-" else _Source("spec", spec, Path(spec))
    elif url is not None:
        source = _Source("url", url)
    else:
        source = _source_from_config(config)
        from_config.add("source")
    if out is None:
        if config.out is None or config.out_text is None:
            raise _usage(
                "missing --out DIR (the folder of the generated package, e.g. "
                "--out src/convex_api), or set `out` under [tool.convex-codegen] in pyproject.toml"
            )
        out_path, out_text = config.out, config.out_text
        from_config.add("out")
    else:
        out_path, out_text = Path(out), out
    package = _package_name(out_path)
    if force is None:
        force = bool(config.force)
    if typecheck is None:
        typecheck = bool(config.typecheck)
    return _Settings(source, out_path, out_text, package, force, typecheck, frozenset(from_config))


def _source_from_config(config: Config) -> _Source:
    where = f" (from {config.file})" if config.file else ""
    if config.spec is not None and config.url is not None:
        raise _usage(
            f"both `spec` and `url` are set under [tool.convex-codegen]{where}; keep one, "
            "or choose on the command line with --spec or --url"
        )
    if config.spec is not None and config.spec_text is not None:
        return _Source("spec", config.spec_text, config.spec)
    if config.url is not None:
        return _Source("url", config.url)
    raise _usage(
        "nothing to generate from: pass --spec FILE (the output of `npx convex function-spec`, "
        "or - for stdin) or --url URL (with CONVEX_DEPLOY_KEY set), or set `spec` or `url` "
        "under [tool.convex-codegen] in pyproject.toml"
    )


def _decode(data: bytes, name: str) -> str:
    # PowerShell's `>` writes UTF-16 with a byte order mark.
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CodegenError(f"{name} is not UTF-8 text (byte {exc.start}); expected JSON") from None


def _load(source: _Source) -> Spec:
    """Read the spec from its source and parse it."""
    try:
        if source.kind == "url":
            key = os.environ.get(DEPLOY_KEY_ENV, "")
            if not key.strip():
                raise _usage(
                    f"--url needs a deploy key: set the {DEPLOY_KEY_ENV} environment variable "
                    "(Convex dashboard > Settings > Deploy keys)"
                )
            return parse_spec(fetch_spec(source.value, key.strip()))
        if source.kind == "stdin":
            data = sys.stdin.buffer.read()
        else:
            assert source.path is not None
            try:
                data = source.path.read_bytes()
            except OSError as exc:
                raise CodegenError(
                    f"cannot read the spec file {source.label}: {exc.strerror or exc}"
                ) from None
        return load_spec(_decode(data, source.label))
    except FetchError as exc:
        raise CodegenError(str(exc)) from None
    except SpecError as exc:
        raise _problems(f"{source.label} is not a usable function spec:", exc.problems) from None


def _problems(title: str, problems: Iterable[Problem]) -> CodegenError:
    return CodegenError(title, [str(p) for p in problems])


def _build(settings: _Settings) -> tuple[Spec, GeneratedPackage]:
    spec = _load(settings.source)
    try:
        package = generate(spec, settings.package, settings.source.label)
    except GenerationError as exc:
        raise _problems("cannot generate the package:", exc.problems) from None
    return spec, package


def _regenerate_command(settings: _Settings) -> str:
    words = ["convex-codegen", "generate"]
    if "source" not in settings.from_config:
        source = settings.source
        words += ["--url", source.value] if source.kind == "url" else ["--spec", source.value]
    if "out" not in settings.from_config:
        words += ["--out", settings.out_text]
    return " ".join(shlex.quote(w) for w in words)


def _typecheck(out: Path) -> None:
    """Run `mypy --strict` on the generated package; raise CodegenError with its output."""
    out = Path(os.path.abspath(out))
    env = dict(os.environ)
    search = [str(out.parent)]
    runtime_root = Path(__file__).resolve().parent.parent
    # Find convex_runtime even when it is not installed (a source checkout); mypy refuses
    # site-packages folders on MYPYPATH, and finds installed packages by itself there.
    if not {"site-packages", "dist-packages"} & set(runtime_root.parts):
        search.append(str(runtime_root))
    if env.get("MYPYPATH"):
        search.append(env["MYPYPATH"])
    env["MYPYPATH"] = os.pathsep.join(search)
    command = [sys.executable, "-m", "mypy", "--strict", str(out)]
    try:
        result = subprocess.run(
            command, cwd=out.parent, env=env, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise CodegenError(f"cannot run mypy: {exc}") from None
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        if "No module named mypy" in output:
            raise CodegenError("--typecheck needs mypy: pip install mypy")
        click.echo(output, err=True)
        raise CodegenError(f"the generated package {out} does not pass `mypy --strict`")


def _source_options(command: F) -> F:
    command = click.option(
        "--url",
        metavar="URL",
        help=f"Fetch the spec from this deployment (deploy key from ${DEPLOY_KEY_ENV}).",
    )(command)
    command = click.option(
        "--spec",
        metavar="FILE",
        help="The output of `npx convex function-spec` (`-` reads stdin).",
    )(command)
    return command


def _out_option(command: F) -> F:
    return click.option(
        "--out",
        metavar="DIR",
        help="The package folder; its name is the package name (e.g. src/convex_api).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="convex-codegen")
def main() -> None:
    """Generate a typed Python client package from a Convex deployment's functions."""


@main.command("generate")
@_source_options
@_out_option
@click.option(
    "--force/--no-force",
    default=None,
    help="Write even if the output folder holds files not generated by us (kept as they are).",
)
@click.option(
    "--typecheck/--no-typecheck",
    default=None,
    help="Run `mypy --strict` on the generated package afterwards.",
)
def generate_command(
    spec: str | None,
    url: str | None,
    out: str | None,
    force: bool | None,
    typecheck: bool | None,
) -> None:
    """Write the client package for a function spec into --out.

    Settings not given here are read from [tool.convex-codegen] in pyproject.toml.
    """
    settings = _resolve(spec, url, out, force, typecheck)
    parsed, package = _build(settings)
    try:
        report = write_package(settings.out, package.files, force=settings.force)
    except WriteError as exc:
        raise CodegenError(str(exc)) from None
    # The generator may pass the spec's warnings on; show each one once.
    for warning in dict.fromkeys((*parsed.warnings, *package.warnings)):
        _warn(str(warning))
    for message in report.warnings:
        _warn(message)
    if settings.typecheck:
        _typecheck(settings.out)
    click.echo(f"Generated {settings.out_text} from {settings.source.label}: {package.summary}")


@main.command("check")
@_source_options
@_out_option
def check_command(spec: str | None, url: str | None, out: str | None) -> None:
    """Exit with status 1 when the package in --out is not what `generate` would write."""
    settings = _resolve(spec, url, out, None, None)
    _, package = _build(settings)
    try:
        diff = diff_package(settings.out, package.files)
    except WriteError as exc:
        raise CodegenError(str(exc)) from None
    for path in diff.unexpected:
        _warn(f"{settings.out_text}/{path} was not generated by convex-codegen")
    if diff.up_to_date:
        click.echo(f"{settings.out_text} is up to date")
        return
    details = [
        f"{label}: {', '.join(paths)}"
        for label, paths in (
            ("added", diff.added),
            ("changed", diff.changed),
            ("removed", diff.removed),
        )
        if paths
    ]
    details.append(f"run: {_regenerate_command(settings)}")
    raise CodegenError(f"{settings.out_text} is out of date with {settings.source.label}", details)
