"""Tests for mentionmap.ingest_tasks: planning sources into tasks (folders, feed files,
URLs, slices of large JSON Lines files), naming them, and running one task without ever
raising. The batch around them (commits, worker pools, a kill) is in test_ingest.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_feeds import DATA
from test_ingest import stem_mentions

from mentionmap import ingest_tasks
from mentionmap.fetchpolicy import ANY_ADDRESS
from mentionmap.ingest_tasks import Runner, estimate_tasks, plan, task_source
from mentionmap.store import open_store


def _runner(store=None) -> Runner:
    return Runner(store, None, stem_mentions, 1.0, 100_000, ANY_ADDRESS)


def test_plan_expands_folders_and_keeps_feeds_and_urls_apart() -> None:
    url = "https://example.org/news/1"
    tasks = list(plan([DATA / "folder", DATA / "bulletin.atom", url]))
    files = sorted(t[1] for t in tasks if t[0] == "file")
    assert files == sorted(str(p) for p in (DATA / "folder").iterdir())
    assert ("feed", str(DATA / "bulletin.atom")) in tasks
    assert tasks[-1] == ("url", url, None)
    assert len(tasks) == 5 == estimate_tasks([DATA / "folder", DATA / "bulletin.atom", url])
    assert [task_source(t) for t in tasks[-2:]] == [str(DATA / "bulletin.atom"), url]


def test_large_jsonl_is_sliced_into_whole_lines_with_their_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": f"Report {i} from Odesa. " * 8}) for i in range(90)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(ingest_tasks, "CHUNK_BYTES", 2_000)
    tasks = list(plan([big]))
    assert len(tasks) > 5 and {t[0] for t in tasks} == {"chunk"}
    assert b"".join(t[3] for t in tasks) == big.read_bytes()
    for _, name, first, data in tasks:
        assert name == str(big)
        assert data.decode().splitlines()[0] == lines[first - 1]  # 1-based, file-relative
    assert len(tasks) <= estimate_tasks([big]) <= len(tasks) + 1
    assert task_source(tasks[1]) == f"{big}, lines from {tasks[1][2]}"


def test_runner_reports_a_bad_source_as_one_failure() -> None:
    missing = _runner().run(("file", "/no/such/file.txt"))
    assert missing.source == "/no/such/file.txt" and not missing.records
    assert len(missing.failed) == 1 and missing.failed[0][0] == "/no/such/file.txt"
    unknown = _runner().run(("nonsense", "x"))
    assert unknown.failed == [("x", "ValueError: unknown task kind 'nonsense'")]


def test_runner_queues_feed_entries_then_reads_them() -> None:
    feed = _runner().run(("feed", str(DATA / "bulletin.atom")))
    assert not feed.records and not feed.failed
    assert [t[0] for t in feed.tasks] == ["entry", "entry"]  # no links: content only
    good, empty = (_runner().run(t) for t in feed.tasks)
    [(article, mentions)] = good.records
    assert (article.lang, article.source) == ("ru", "Бюллетень")
    assert {m.region for m in mentions} == {"UA-65"}
    assert empty.failed == [(task_source(feed.tasks[1]), "has no link and no content")]


def test_runner_skips_articles_already_stored(tmp_path: Path) -> None:
    task = ("file", str(DATA / "folder" / "grain.txt"))
    first = _runner().run(task)
    assert len(first.records) == 1 and first.duplicates == 0
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_articles(first.records)
        again = _runner(store).run(task)
    assert (again.records, again.duplicates) == ([], 1)
