"""Worker processes and the progress bar change how fast a run is, never what it finds."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

from agent.cli import main
from evals import batch
from evals.batch import Batch
from evals.progress import Progress, progress_for

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "agent" / "demo_company.yaml"
DEV = ROOT / "evals" / "datasets" / "dev.jsonl"
PERSONAS = ROOT / "evals" / "datasets" / "personas.jsonl"


def first_lines(source: Path, n: int, target: Path) -> Path:
    target.write_text("\n".join(source.read_text(encoding="utf-8").splitlines()[:n]) + "\n", encoding="utf-8")
    return target


def run(tmp_path: Path, command: str, source: Path, workers: int, *extra: str) -> tuple[str, str]:
    out = tmp_path / f"{command}-{workers}"
    out.mkdir()
    code = main(
        [
            "eval",
            command,
            str(source),
            "--company",
            str(PROFILE),
            "--predictions",
            str(out / "p.jsonl"),
            "--report",
            str(out / "r.json"),
            "--html",
            str(out / "r.html"),
            "--workers",
            str(workers),
            *extra,
        ]
    )
    assert code == 0
    return (out / "p.jsonl").read_text(encoding="utf-8"), (out / "r.json").read_text(encoding="utf-8")


def test_replay_on_two_workers_equals_a_serial_replay(tmp_path: Path) -> None:
    source = first_lines(DEV, 24, tmp_path / "dev24.jsonl")
    serial = run(tmp_path, "replay", source, 1)
    parallel = run(tmp_path, "replay", source, 2)
    assert parallel == serial
    ids = [json.loads(line)["id"] for line in parallel[0].splitlines()]
    assert ids == [json.loads(line)["id"] for line in source.read_text(encoding="utf-8").splitlines()]


def test_simulation_on_two_workers_equals_a_serial_simulation(tmp_path: Path) -> None:
    source = first_lines(PERSONAS, 10, tmp_path / "personas10.jsonl")
    assert run(tmp_path, "simulate", source, 2) == run(tmp_path, "simulate", source, 1)


def test_progress_is_drawn_on_stderr_only_when_asked_or_watched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = first_lines(DEV, 3, tmp_path / "dev3.jsonl")
    run(tmp_path, "score", source, 1, "--progress")
    drawn = capsys.readouterr()
    assert "score [" in drawn.err and "3/3 100%" in drawn.err
    assert "score [" not in drawn.out
    (tmp_path / "quiet").mkdir()
    run(tmp_path / "quiet", "score", source, 1)
    assert "score [" not in capsys.readouterr().err


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_shows_count_rate_and_time_left() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(200, "replay", out, clock=clock)
    clock.now += 10
    for _ in range(50):
        bar.advance()
    assert bar.line(clock.now) == ("replay [#######.....................] 50/200  25%   5.0/s 30s left")
    clock.now += 30
    for _ in range(150):
        bar.advance()
    bar.close()
    last = out.getvalue().split("\r")[-1]
    assert last.rstrip() == f"replay [{'#' * 28}] 200/200 100%   5.0/s in 40s"
    assert last.endswith("\n")


def test_redraws_are_throttled() -> None:
    clock, out = FakeClock(), io.StringIO()
    bar = Progress(1000, "x", out, clock=clock)
    for _ in range(1000):
        bar.advance()  # no time passes: only the first advance draws
    assert out.getvalue().count("\r") == 1


def test_no_bar_when_nobody_watches() -> None:
    assert progress_for(10, "x", forced=False, stream=io.StringIO()) is None
    assert progress_for(10, "x", forced=True, stream=io.StringIO()) is not None


@pytest.mark.parametrize(("threads", "method"), [(1, "fork"), (3, "forkserver")])
def test_workers_fork_only_from_a_single_threaded_process(
    monkeypatch: pytest.MonkeyPatch, threads: int, method: str
) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: threads)
    assert batch._context().get_start_method() == method


class Doubler:
    """A trivial job, to check order and set-up without the agent."""

    def __init__(self) -> None:
        self.ready = False

    def setup(self) -> None:
        self.ready = True

    def run(self, item: int) -> tuple[int, bool]:
        return item * 2, self.ready

    def close(self) -> None:
        self.ready = False


def test_results_come_back_in_input_order_from_set_up_workers() -> None:
    items = list(range(40))
    assert Batch(Doubler(), workers=3).run(items) == [(i * 2, True) for i in items]
    assert Batch(Doubler(), workers=1).run(items) == [(i * 2, True) for i in items]
