"""Tests for mentionmap.ingest: files, folders, feeds and URLs (local HTTP server on
127.0.0.1 only, so most tests allow private addresses explicitly), the dashboard's
public-only address policy, duplicates, failures, large files on worker processes, and a
kill."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_feeds import DATA, LocalSite

from mentionmap import ingest as ingest_mod
from mentionmap import ingest_tasks
from mentionmap.fetchpolicy import ANY_ADDRESS, ENV_ALLOW_PRIVATE, PUBLIC_ONLY, dashboard_policy
from mentionmap.ingest import IngestProgress, detect_lang, ingest
from mentionmap.mentions import Mention
from mentionmap.store import open_store

_STEMS = {
    "kherson": "UA-65",
    "херсон": "UA-65",
    "donetsk": "UA-14",
    "донець": "UA-14",
    "донецк": "UA-14",
    "odesa": "UA-51",
    "одес": "UA-51",
    "крим": "UA-43",
}
_STEM = re.compile("|".join(_STEMS), re.I)


def stem_mentions(text: str, lang: str | None = None) -> list[Mention]:
    """A stand-in extractor with known answers: one Mention per stem in ``_STEMS``, the
    excerpt being the sentence around it. (Module level, so worker processes can load it.)"""
    found = []
    for m in _STEM.finditer(text):
        start = max(text.rfind(".", 0, m.start()) + 1, text.rfind("\n", 0, m.start()) + 1)
        end = text.find(".", m.end())
        end = len(text) if end < 0 else end + 1
        excerpt = text[start:end].strip()
        found.append(
            Mention(
                _STEMS[m.group().lower()],
                m.group(),
                m.start(),
                m.end(),
                "city",
                excerpt,
                text.index(excerpt, start),
            )
        )
    return found


def crash_in_worker(text: str, lang: str | None = None) -> list[Mention]:
    """Like :func:`stem_mentions`, but a worker process that meets "CRASH" dies at once."""
    if "CRASH" in text and multiprocessing.parent_process() is not None:
        os._exit(1)
    return stem_mentions(text, lang)


@pytest.fixture
def site():
    s = LocalSite()
    yield s
    s.close()


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path / "ingest.sqlite") as s:
        yield s


def _ingest(sources, store, **kw):
    kw.setdefault("extract", stem_mentions)
    kw.setdefault("workers", 0)
    kw.setdefault("policy", ANY_ADDRESS)  # the local site is on 127.0.0.1
    return ingest([str(s) for s in sources], store, **kw)


def test_detect_lang_by_script() -> None:
    assert detect_lang("У Херсоні відновили подачу води, повідомили в адміністрації.") == "uk"
    assert detect_lang("В Херсоне восстановили подачу воды, сообщили в администрации.") == "ru"
    assert detect_lang("Officials in Odesa said that the ports had resumed work.") == "en"
    assert detect_lang("Die Behörden in Odesa sagten, dass die Häfen wieder arbeiten.") is None
    assert detect_lang("12345 --- !!!") is None


def test_folder_of_files_with_per_record_failures(db) -> None:
    seen: list[IngestProgress] = []
    summary = _ingest([DATA / "folder"], db, progress=seen.append)
    assert summary.added == 5  # grain.txt, crimea.md, records r1, r2, r4
    assert summary.duplicates == 0
    assert summary.failed == [
        (f"{DATA / 'folder' / 'records.jsonl'}, line 3", summary.failed[0][1])
    ]
    assert "malformed JSON" in summary.failed[0][1]
    assert seen[-1].done == seen[-1].total == 3 and seen[-1].added == 5
    arts = db.articles().set_index("doc")
    assert arts.loc["r2", "lang"] == "en"  # detected: the record has none
    assert arts.loc["r4", "lang"] == "uk"
    assert arts.loc["r1", "published_day"] == "2022-10-03"
    assert db.region_counts().set_index("region")["mentions"].to_dict() == {
        "UA-65": 2,
        "UA-14": 1,
        "UA-51": 2,
        "UA-43": 2,  # Кримський, Криму
    }
    assert db.check() == []


def test_rerun_is_idempotent_and_duplicate_text_is_stored_once(db, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text((DATA / "folder" / "grain.txt").read_text().upper(), encoding="utf-8")
    first = _ingest([DATA / "folder", copy], db)
    assert (first.added, first.duplicates) == (5, 1)
    before = db.count()
    again = _ingest([DATA / "folder", copy], db)
    assert (again.added, again.duplicates, len(again.failed)) == (0, 6, 1)
    assert db.count() == before


def test_feed_url_fetches_pages_and_reports_each_failure(db, site: LocalSite) -> None:
    summary = _ingest([site.url("/feed.rss"), site.url("/broken.rss")], db, timeout=1.0,
                      max_bytes=100_000)  # fmt: skip
    assert summary.added == 2
    reasons = dict(summary.failed)
    assert set(reasons) == {
        site.url("/news/gone.html"),
        site.url("/news/slow.html"),
        site.url("/news/huge.html"),
        site.url("/broken.rss"),
    }
    assert reasons[site.url("/news/gone.html")] == "HTTP 404 Not Found"
    assert "timed out" in reasons[site.url("/news/slow.html")]
    assert "exceeds" in reasons[site.url("/news/huge.html")]
    assert "malformed feed" in reasons[site.url("/broken.rss")]
    arts = db.articles().set_index("url")
    odesa = arts.loc[site.url("/news/odesa.html")]
    assert (odesa["title"], odesa["source"], odesa["published"]) == (
        "Ports reopen near Odesa",
        "Test Wire",
        "2022-10-11",
    )
    regions = set(db.mentions()["region"])
    assert regions == {"UA-65", "UA-51"}  # Kherson page and the Odesa page
    assert all(agent.startswith("mentionmap/") for agent in site.agents)

    pages_before = site.hits[("/news/kherson.html")]
    again = _ingest([site.url("/feed.rss")], db, timeout=1.0, max_bytes=100_000)
    assert (again.added, again.duplicates) == (0, 2)
    assert site.hits["/news/kherson.html"] == pages_before  # stored URLs are not refetched


def test_article_url_and_feed_file(db, site: LocalSite) -> None:
    summary = _ingest([site.url("/news/kherson.html"), DATA / "bulletin.atom"], db)
    assert summary.added == 2
    assert summary.failed == [
        (f"{DATA / 'bulletin.atom'}, entry 'Пустая запись'", "has no link and no content")
    ]
    arts = db.articles().set_index("doc")
    page = arts.loc[site.url("/news/kherson.html")]
    assert page["lang"] == "en" and page["source"] == "127.0.0.1"
    atom = arts[arts["source"] == "Бюллетень"].iloc[0]
    assert (atom["lang"], atom["published"]) == ("ru", "2022-10-05")


def test_missing_path_and_unreachable_url_do_not_stop_the_batch(db) -> None:
    summary = _ingest(["/no/such/file.txt", "http://127.0.0.1:9/x", DATA / "folder"], db)
    assert summary.added == 5
    sources = [s for s, _ in summary.failed]
    assert "/no/such/file.txt" in sources and "http://127.0.0.1:9/x" in sources


def test_issue5_dashboard_policy_refuses_a_local_feed_url_without_a_request(
    db, site: LocalSite, monkeypatch
) -> None:
    monkeypatch.delenv(ENV_ALLOW_PRIVATE, raising=False)
    url = site.url("/feed.rss")
    summary = _ingest([url, DATA / "bulletin.atom"], db, policy=dashboard_policy())
    assert summary.added == 1  # the Atom file's entry with content, no fetch needed
    assert [source for source, _ in summary.failed] == [
        url,
        f"{DATA / 'bulletin.atom'}, entry 'Пустая запись'",
    ]
    reason = summary.failed[0][1]
    assert reason.startswith("refused: 127.0.0.1 is a loopback address")
    assert f"{ENV_ALLOW_PRIVATE}=1" in reason
    assert not site.hits


@pytest.mark.parametrize("workers", [0, 2])
def test_issue5_links_of_an_uploaded_feed_file_are_refused_when_private(
    db, site: LocalSite, tmp_path: Path, workers: int
) -> None:
    """A feed file (as uploaded to the dashboard) linking to internal addresses: every
    link is refused, in this process and on worker processes alike."""
    feed = tmp_path / "upload.rss"
    template = (DATA / "feed.rss.tmpl").read_text(encoding="utf-8")
    feed.write_text(template.replace("{base}", site.base), encoding="utf-8")
    summary = _ingest([feed], db, policy=PUBLIC_ONLY, workers=workers)
    assert summary.added == 0
    assert len(summary.failed) == 5
    assert all(reason.startswith("refused: ") for _, reason in summary.failed)
    assert not site.hits
    assert db.count()[0] == 0


def test_issue5_ingest_allows_private_addresses_unless_the_environment_says_no(
    db, site: LocalSite, monkeypatch
) -> None:
    """The default policy is the command line's (its user owns the machine)."""
    url = site.url("/news/kherson.html")
    monkeypatch.setenv(ENV_ALLOW_PRIVATE, "0")
    refused = ingest([url], db, extract=stem_mentions, workers=0)
    assert refused.added == 0 and "loopback" in refused.failed[0][1]
    assert not site.hits
    monkeypatch.delenv(ENV_ALLOW_PRIVATE)
    assert ingest([url], db, extract=stem_mentions, workers=0).added == 1
    assert site.hits["/news/kherson.html"] == 1


def _write_jsonl(path: Path, n: int, bad_line: int | None = None) -> None:
    cities = ["Kherson", "Donetsk", "Odesa"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            if i + 1 == bad_line:
                out.write('{"id": broken\n')
                continue
            text = (
                f"Report {i}: repairs in {cities[i % 3]} went on. "
                + "The council said that the work would take a week. " * 10
            )
            day = f"2022-10-{1 + i % 28:02d}"
            out.write(json.dumps({"id": f"n{i}", "text": text, "published": day}) + "\n")


def test_large_jsonl_is_sliced_across_worker_processes(db, tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.jsonl"
    _write_jsonl(big, 600, bad_line=457)
    monkeypatch.setattr(ingest_tasks, "CHUNK_BYTES", 20_000)
    tasks = list(ingest_tasks.plan([str(big)]))
    assert len(tasks) > 5 and {t[0] for t in tasks} == {"chunk"}
    seen: list[IngestProgress] = []
    summary = _ingest([big], db, workers=2, progress=seen.append)
    assert summary.added == 599
    assert seen[0].total >= len(tasks) == seen[-1].total == seen[-1].done
    assert all(p.done <= p.total for p in seen)
    assert [p.done for p in seen] == list(range(1, len(tasks) + 1))
    assert summary.failed == [(f"{big}, line 457", summary.failed[0][1])]
    assert db.count() == (599, 599)
    assert set(db.articles()["lang"]) == {"en"}
    assert db.check() == []


def test_a_dead_worker_does_not_lose_the_batch(db, tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "crash.jsonl"
    _write_jsonl(big, 200)
    lines = big.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[50] = json.dumps({"id": "boom", "text": "CRASH in Kherson. " * 5}) + "\n"
    big.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(ingest_tasks, "CHUNK_BYTES", 5_000)
    summary = ingest([str(big)], db, workers=2, extract=crash_in_worker)
    assert (summary.added, summary.failed) == (200, [])
    assert db.count()[0] == 200 and db.check() == []


def test_issue5_killed_ingest_keeps_committed_articles_whole_and_rerun_completes(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    n = 400
    _write_jsonl(corpus, n)
    db_path = tmp_path / "killed.sqlite"
    script = f"""
import sys, time
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_ingest import stem_mentions
from mentionmap import ingest as m, ingest_tasks
from mentionmap.store import open_store
ingest_tasks.CHUNK_BYTES = 4000
def slow(progress):
    print(progress.added, flush=True)
    time.sleep(0.05)
m.ingest([{str(corpus)!r}], open_store({str(db_path)!r}), progress=slow, workers=2,
         extract=stem_mentions)
print("finished", flush=True)
"""
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        added = 0
        for line in proc.stdout:  # wait until some articles are committed, not all
            assert line.strip() != "finished", "ingest ended before it could be killed"
            added = int(line)
            if added >= 60:
                break
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # any orphaned worker of that session
    time.sleep(0.2)
    assert proc.returncode == -signal.SIGKILL
    with open_store(db_path) as s:
        assert s.check() == []  # integrity ok, every article has all its mentions
        kept, _ = s.count()
        assert added <= kept < n
        summary = ingest([str(corpus)], s, extract=stem_mentions, workers=2)
        assert summary.duplicates == kept
        assert summary.added == n - kept
        assert s.count() == (n, n)
        assert s.check() == []


def test_default_extractor_stores_offsets_that_match_the_text(db) -> None:
    summary = ingest([str(DATA / "folder")], db, workers=0)  # the real extract_mentions
    assert summary.added == 5
    mentions = db.mentions()
    assert {"UA-51", "UA-43", "UA-65", "UA-14"} <= set(mentions["region"])
    texts = {i: db.article_text(int(i)) for i in set(mentions["article_id"])}
    for row in mentions.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.surface
        start = row.excerpt_start
        assert texts[row.article_id][start : start + len(row.excerpt)] == row.excerpt
    assert db.check() == []


def test_sample_is_loaded_into_an_empty_store_only(db) -> None:
    first = ingest_mod.ingest_sample_if_empty(db)
    assert first is not None and first.added == 1 and not first.failed
    regions = set(db.region_counts()["region"])
    assert {"UA-09", "UA-14", "UA-23", "UA-43", "UA-65"} <= regions
    assert ingest_mod.ingest_sample_if_empty(db) is None
    assert db.count()[0] == 1
