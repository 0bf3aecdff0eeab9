"""What a long command shows: stage k of n, one progress bar per stage, an ETA (library noise is kept
out by :mod:`halo_forge.library_output`).

The CLI calls :func:`configure` once (``--quiet``, ``--debug``); a long command then announces its plan
and library code reports into it::

    from halo_forge import console

    plan = [console.Planned("base", "Base benchmark", kind="benchmark", cost=100), ...]
    with console.run("demo", plan):
        with console.stage("base") as stage:                 # [1/n] Base benchmark
            with console.progress("generate", total=51, unit="sample") as bar:
                bar.update(1)
            stage.summary("compile rate 0.41, pass@1 0.12")   # on its "done" line

On a terminal (stdout is a TTY) a live view keeps two or three lines at the bottom: the run's stage,
elapsed time and ETA, the current stage's bar, the latest log message; each finished stage leaves one
line. Piped (CI logs, ``| tee``) the same stage lines are printed plainly, with a progress line at most
once a minute. ``--quiet`` prints neither; ``--debug`` prints plain lines plus everything the libraries
say. Without :func:`configure` (library use) :func:`stage` does nothing and :func:`progress` is a tqdm
bar, as before.

The ETA is learned: each planned stage carries a rough ``cost`` (seconds on the reference machine of
docs/demo.md), which gives a first guess; the measured seconds per unit of cost of the finished stages
(of the same kind where there is one, else of all) then rescale the remaining costs, and before any stage
has finished, the current stage's own bar is projected.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from halo_forge.library_output import quiet_libraries

PLAIN_PROGRESS_EVERY_S = 60.0        # piped output: at most one progress line per stage a minute


@dataclass(frozen=True)
class Planned:
    """A stage the caller announces: ``key`` is what library code names it by (``raft.cycle2``)."""

    key: str
    label: str
    kind: str = ""                   # stages of one kind share a learned speed (every benchmark, ...)
    # The caller's rough estimate in seconds on the reference machine (docs/demo.md's); None: unknown.
    # Once a stage is timed only the ratios matter: the measured speed rescales them.
    cost: float | None = None


@dataclass
class _Stage:
    planned: Planned
    started: float | None = None
    seconds: float | None = None
    skipped: bool = False            # finished earlier (a resumed run): no time to learn from
    note: str = ""


# ------------------------------------------------------------------------------------------------- ETA

def estimate_remaining(stages: Sequence[_Stage], current: _Stage | None, now: float,
                       bar_fraction: float | None = None, bar_elapsed: float = 0.0,
                       prior: float | None = None) -> float | None:
    """Seconds until the last stage ends, or None when some stage cannot be estimated yet. Speeds are
    seconds per unit of cost: measured per kind of stage, else over all timed stages, else projected from
    the current stage's bar, else ``prior`` (1.0 takes the costs at their word)."""
    def rate(kind: str | None) -> float | None:
        done = [s for s in stages if s.seconds is not None and not s.skipped and s.planned.cost
                and (kind is None or s.planned.kind == kind)]
        cost = sum(s.planned.cost for s in done)
        return sum(s.seconds for s in done) / cost if cost else None

    projected = None                 # the current stage's own projection from its bar
    if current is not None and bar_fraction is not None and bar_fraction >= 0.05 and bar_elapsed > 0:
        projected = bar_elapsed * (1 - bar_fraction) / bar_fraction
    overall = rate(None)
    if overall is None and projected is not None and current is not None and current.planned.cost:
        overall = (now - current.started + projected) / current.planned.cost
    if overall is None:
        overall = prior
    remaining = 0.0
    for stage in stages:
        if stage.seconds is not None:
            continue
        speed, cost = rate(stage.planned.kind) or overall, stage.planned.cost
        if stage is current:
            guess = speed * cost - (now - stage.started) if speed is not None and cost is not None else None
            parts = [x for x in (guess, projected) if x is not None]
            if not parts:
                return None
            remaining += max(0.0, *parts)
        elif speed is None or cost is None:
            return None
        else:
            remaining += speed * cost
    return remaining


def clock(seconds: float) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


# ---------------------------------------------------------------------------------------- the reporter

class _Bar:
    """One progress handle (tqdm-like ``update``); the outermost open one is the stage's bar."""

    def __init__(self, reporter: "Reporter", desc: str, total: int | None, unit: str):
        self.reporter, self.desc, self.total, self.unit = reporter, desc, total, unit
        self.n, self.postfix, self.started = 0, "", time.monotonic()

    def update(self, n: int = 1) -> None:
        self.n += n
        self.reporter.changed(self)

    def set_postfix_str(self, text: str) -> None:
        self.postfix = text
        self.reporter.changed(self)

    def fraction(self) -> float | None:
        return min(1.0, self.n / self.total) if self.total else None

    def text(self) -> str:
        count = f"{self.n}/{self.total}" if self.total else str(self.n)
        return " ".join(x for x in (self.desc, count, self.unit + ("s" if self.total != 1 else "")) if x)


class Reporter:
    """The stages of one command and how they are shown; ``mode`` is live, plain or quiet."""

    def __init__(self, mode: str):
        self.mode = mode
        self.lock = threading.RLock()
        self.title = ""
        self.stages: list[_Stage] = []
        self.current: _Stage | None = None
        self.bars: list[_Bar] = []
        self.status = ""
        self.started = time.monotonic()
        self.last_plain = 0.0
        self.live: Any = None
        self.console: Any = None
        if mode == "live":
            from rich.console import Console

            self.console = Console(highlight=False)

    # -- run and stages

    def begin(self, title: str, plan: Sequence[Planned]) -> None:
        self.title, self.started = title, time.monotonic()
        self.stages = [_Stage(p) for p in plan]
        if self.mode == "live":
            from rich.live import Live

            self.live = Live(console=self.console, get_renderable=self._render, refresh_per_second=4,
                             transient=True)
            self.live.start()

    def end(self, ok: bool) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None
        if ok and len(self.stages) > 1:      # one stage: its own line said it all
            self.line(f"{self.title}: {len(self.stages)} stages in {clock(time.monotonic() - self.started)}",
                      style="bold")
        self.title, self.stages, self.current, self.bars = "", [], None, []

    def enter(self, key: str, label: str | None, kind: str, announce: bool = True) -> _Stage:
        with self.lock:
            stage = next((s for s in self.stages if s.planned.key == key and s.seconds is None), None)
            if stage is None:            # not announced (e.g. raft train's own cycles): appended
                stage = _Stage(Planned(key, label or key, kind))
                self.stages.append(stage)
            stage.started, self.current, self.bars, self.status = time.monotonic(), stage, [], ""
            if self.mode == "plain" and announce:
                self.line(f"{self.position(stage)} {stage.planned.label} ...")
            return stage

    def leave(self, stage: _Stage) -> None:
        with self.lock:
            stage.seconds = time.monotonic() - stage.started
            self.current, self.bars, self.status = None, [], ""
            took = "done earlier" if stage.skipped else clock(stage.seconds)
            parts = [f"{self.position(stage)} {stage.planned.label}", took, stage.note]
            if self.mode == "plain" and stage is not self.stages[-1]:
                parts.append(self._eta_text(elapsed=False))   # a terminal has it in the live view
            mark = "✓ " if self.mode == "live" else ""
            self.line(mark + " · ".join(p for p in parts if p), style="green" if self.mode == "live" else None)

    def position(self, stage: _Stage) -> str:
        return f"[{self.stages.index(stage) + 1}/{len(self.stages)}]"

    # -- bars and messages

    def open_bar(self, desc: str, total: int | None, unit: str) -> _Bar:
        with self.lock:
            bar = _Bar(self, desc, total, unit)
            self.bars.append(bar)
            return bar

    def close_bar(self, bar: _Bar) -> None:
        with self.lock:
            if bar in self.bars:
                self.bars.remove(bar)

    def changed(self, bar: _Bar) -> None:
        if self.mode != "plain" or self.current is None:
            return                       # the live view redraws itself; quiet shows nothing
        now = time.monotonic()
        with self.lock:
            if now - max(self.last_plain, self.current.started) < PLAIN_PROGRESS_EVERY_S:
                return
            self.last_plain = now
            outer = self.bars[0] if self.bars else bar
            extra = f", {outer.postfix}" if outer.postfix else ""
            self.line(f"{self.position(self.current)} {self.current.planned.label}: {outer.text()}{extra}"
                      f"{self._eta_text(', ')}")

    def message(self, record: logging.LogRecord, text: str) -> bool:
        """A log record: the live view's status line (INFO while a run is shown); False: print it."""
        if self.mode == "live" and record.levelno < logging.WARNING and self.live is not None:
            self.status = record.getMessage()
            return True
        return False

    def line(self, text: str, style: str | None = None) -> None:
        if self.mode == "quiet":
            return
        if self.console is not None:
            from rich.text import Text

            # A Text, not print(style=...): the style would also paint the live view redrawn below it.
            self.console.print(Text(text, style=style or ""))
        else:
            print(text, flush=True)

    # -- the ETA and the live view

    def _eta_text(self, before: str = "", after: str = "", elapsed: bool = True) -> str:
        now = time.monotonic()
        outer = self.bars[0] if self.bars else None
        fraction = outer.fraction() if outer else None
        remaining = estimate_remaining(self.stages, self.current, now, fraction,
                                       now - outer.started if outer else 0.0, prior=1.0)
        spent = f"{clock(now - self.started)} elapsed, " if elapsed else ""
        if remaining is None:
            return f"{before}{spent}ETA after the first timed stage{after}"
        ends = time.strftime("%H:%M", time.localtime(time.time() + remaining))
        timed = any(s.seconds is not None and not s.skipped and s.planned.cost for s in self.stages)
        guess = "" if timed or (fraction or 0) >= 0.05 else ", a first guess"
        return f"{before}{spent}ETA {clock(remaining)} ({ends}{guess}){after}"

    def _render(self) -> Any:
        from rich.console import Group
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        with self.lock:
            if self.current is None:         # between stages (loading what the next one needs)
                rows: list[Any] = [Text(f"{self.title} · {self._eta_text()}", style="dim")]
            else:
                rows = [Text.assemble((f"{self.position(self.current)} {self.current.planned.label}",
                                       "bold cyan"), f" · {self._eta_text()}")]
            if self.bars:
                outer, inner = self.bars[0], self.bars[-1]
                grid = Table.grid(padding=(0, 1))
                grid.add_row(Text("  " + outer.desc), ProgressBar(total=outer.total or None, completed=outer.n,
                                                                   width=30, pulse=not outer.total),
                             Text(self._bar_detail(outer, inner), style="dim"))
                rows.append(grid)
            if self.status:
                rows.append(Text("  " + self.status, style="dim", no_wrap=True, overflow="ellipsis"))
            return Group(*rows)

    @staticmethod
    def _bar_detail(outer: _Bar, inner: _Bar) -> str:
        count = f"{outer.n}/{outer.total} {outer.unit}s" if outer.total else f"{outer.n} {outer.unit}s"
        parts = [count]
        fraction, elapsed = outer.fraction(), time.monotonic() - outer.started
        if fraction and fraction < 1 and elapsed > 0:
            parts.append(f"{clock(elapsed * (1 - fraction) / fraction)} left")
        if outer.postfix:
            parts.append(outer.postfix)
        if inner is not outer:
            parts.append(inner.text())
        return " · ".join(parts)


_reporter: Reporter | None = None


# ------------------------------------------------------------------------------------------ public API

class StageHandle:
    def __init__(self, stage: _Stage | None):
        self._stage = stage

    def summary(self, text: str) -> None:
        """What the stage's "done" line says after the time (``compile rate 0.41, pass@1 0.12``)."""
        if self._stage is not None:
            self._stage.note = text

    def skip(self) -> None:
        """The stage was already finished (a resumed run): its time teaches the ETA nothing."""
        if self._stage is not None:
            self._stage.skipped = True


@contextlib.contextmanager
def run(title: str, plan: Sequence[Planned] = ()) -> Iterator[None]:
    """The overview of one long command; ``plan`` lists its stages in order (the caller's; or the
    library's :func:`announce` once it knows them)."""
    if _reporter is None:
        yield
        return
    _reporter.begin(title, plan)
    ok = False
    try:
        yield
        ok = True
    finally:
        _reporter.end(ok)


def announce(plan: Sequence[Planned]) -> None:
    """The stages a library entry point is about to run, for a run opened without a plan (``raft
    train``); a run that has a plan (the demo, which holds these stages among others) keeps its own."""
    if _reporter is not None and _reporter.title and not _reporter.stages:
        _reporter.stages = [_Stage(p) for p in plan]


def skip(key: str) -> None:
    """Stage ``key`` was finished by an earlier run (resuming): it counts as done, its time as none."""
    if _reporter is not None and _reporter.title:
        done = _reporter.enter(key, None, "", announce=False)
        done.skipped = True
        _reporter.leave(done)


def drop(key: str) -> None:
    """Stage ``key`` of the plan will not run (e.g. no held-out tasks to benchmark)."""
    if _reporter is not None:
        with _reporter.lock:
            _reporter.stages = [s for s in _reporter.stages if s.planned.key != key or s.seconds is not None]


@contextlib.contextmanager
def stage(key: str, label: str | None = None, kind: str = "") -> Iterator[StageHandle]:
    """Mark stage ``key`` of the plan as running (appended when the plan has none: ``label``)."""
    if _reporter is None or not _reporter.title:
        yield StageHandle(None)
        return
    current = _reporter.enter(key, label, kind)
    try:
        yield StageHandle(current)
    finally:
        _reporter.leave(current)


@contextlib.contextmanager
def progress(desc: str, total: int | None = None, unit: str = "it",
             disable: bool | None = False) -> Iterator[Any]:
    """A progress bar: the stage's bar under :func:`configure`, a tqdm bar otherwise (``update(n)``;
    ``disable`` as tqdm's: None shows it only on a terminal)."""
    if _reporter is None:
        from tqdm.auto import tqdm

        with tqdm(total=total, desc=desc, unit=unit, disable=disable) as bar:
            yield bar
        return
    bar = _reporter.open_bar(desc, total, unit)
    try:
        yield bar
    finally:
        _reporter.close_bar(bar)


def show_table(headers: Sequence[str], rows: Sequence[Sequence[str]], plain: str) -> None:
    """A results table: a drawn table on a terminal, ``plain`` (the text form) otherwise."""
    if _reporter is None or _reporter.console is None:
        print(plain)
        return
    from rich.table import Table

    table = Table(*headers, header_style="bold")
    for row in rows:
        table.add_row(*row)
    _reporter.console.print(table)


# ------------------------------------------------------------------------------------------ configure

class _LogHandler(logging.Handler):
    """Log records as lines: into the live view's status, or to stderr (looked up at each record, so
    the live view's redirection applies)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            if record.levelno >= logging.WARNING and not text.startswith(record.levelname):
                text = f"{record.levelname.lower()}: {text}"        # the live view's short format
            if _reporter is not None and _reporter.message(record, text):
                return
            if _reporter is not None and _reporter.live is not None:
                _reporter.line(text, style="yellow" if record.levelno >= logging.WARNING else "dim")
                return
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
        except Exception:  # a broken terminal must not stop the run
            self.handleError(record)


def configure(*, quiet: bool = False, debug: bool = False, stream: Any = None) -> Reporter:
    """Logging, library noise and the view for this process (the CLI calls this once)."""
    global _reporter
    stream = stream if stream is not None else sys.stdout
    is_tty = stream.isatty() and os.environ.get("TERM") != "dumb"
    mode = "quiet" if quiet else "plain" if debug or not is_tty else "live"
    _reporter = Reporter(mode)
    handler = _LogHandler()
    handler.setFormatter(logging.Formatter("%(message)s" if mode == "live" else
                                           "%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    # Third-party INFO (matplotlib's font cache and unit notes, ...) is not ours to show.
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("halo_forge").setLevel(logging.DEBUG if debug else
                                             logging.WARNING if quiet else logging.INFO)
    if not debug:
        quiet_libraries()
    return _reporter
