"""The HTML export: one self-contained, semantic, accessible file, anonymised like the others."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from exports.file_text import file_text, html_text
from exports.output import write_document
from tests.export_support import MARKING, sample_document
from tests.test_export_figures import _png, timeline_figure


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from exports.document import Figure

    document = sample_document(rows=30)
    document.sections[0].blocks += [
        Figure(_png(), caption="Household genogram", alt_text="Genogram: mother, baby."),
        timeline_figure()]
    return write_document(document, tmp_path_factory.mktemp("html") / "c.html", "html")


def test_semantic_landmarks_language_and_headings(page: Path) -> None:
    root = html.fromstring(page.read_bytes())
    assert root.get("lang") == "en-GB"
    assert root.findtext(".//title") == "Sample chronology"
    assert root.find(".//meta[@name='viewport']") is not None
    for landmark in ("header", "nav", "main", "footer"):
        assert len(root.findall(f".//{landmark}")) == 1, landmark
    assert [h.text for h in root.iter("h1")] == ["Sample chronology"]
    assert [h.text for h in root.iter("h2")] == ["Contents", "Summary", "Chronology"]
    assert [h.text for h in root.iter("h3")] == ["Detail"]
    # The contents links reach the headings.
    targets = {a.get("href")[1:] for a in root.findall(".//nav//a")}
    assert targets == {h.get("id") for h in root.xpath(
        "//main//*[self::h2 or self::h3][@id][not(ancestor::nav)]")}
    assert root.findall(".//header/p")[0].text == MARKING == root.findall(".//footer/p")[0].text


def test_tables_have_caption_scoped_headers_and_labelled_cells(page: Path) -> None:
    root = html.fromstring(page.read_bytes())
    table = root.findall(".//table")[-1]
    assert table.findtext("caption") == "Table 1: entries"
    headers = table.findall("thead/tr/th")
    assert [th.get("scope") for th in headers] == ["col"] * 6
    rows = table.findall("tbody/tr")
    assert len(rows) == 30
    # Each cell names its column, which the narrow-screen layout shows above the value.
    assert [td.get("data-label") for td in rows[0]] == [th.text for th in headers]
    assert "td::before{content:attr(data-label)" in page.read_text()
    assert "@media (max-width:40em)" in page.read_text()


def test_figures_have_alt_text_and_the_file_fetches_nothing(page: Path) -> None:
    source = page.read_text()
    root = html.fromstring(page.read_bytes())
    image = root.find(".//figure/img")
    assert image.get("alt") == "Genogram: mother, baby."
    assert image.get("src").startswith("data:image/png;base64,")
    svg = root.xpath("//*[local-name()='svg']")[0]
    assert svg.get("role") == "img"
    assert "police mentioned him once" in html_text(page.read_bytes())
    # Self-contained: no URL to another server, no script.
    assert not re.search(r"""(src|href)=["'](https?:)?//""", source)
    assert "<script" not in source and "@import" not in source


def test_file_text_reads_html_including_alt_and_titles(page: Path) -> None:
    text = file_text(page.read_bytes(), "html")
    for words in ("Sample chronology", "Genogram: mother, baby.", "Outcome 30", "GP saw him",
                  "Łukasz Dvořák"):
        assert words in text


def test_cli_writes_anonymised_html_and_refuses_a_password(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import PASSPHRASE

    env = {"VISIBLE_PASSPHRASE": PASSPHRASE, "VISIBLE_CONFIG_DIR": str(tmp_path / "cfg"),
           "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "SECRET": "a-long-password"}

    def visible(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True)

    assert visible("demo", "d.vcase").returncode == 0
    done = visible("export", "d.vcase", "--style", "review", "--anonymise", "--out", "r.html")
    assert done.returncode == 0, done.stderr
    text = html_text((tmp_path / "r.html").read_bytes())
    assert "Multi-agency chronology" in text
    for name in ("Liam Carter", "Daniel Price", "Kasia"):
        assert name not in text
    refused = visible("export", "d.vcase", "--format", "html", "--password-env", "SECRET",
                      "--out", "p.html")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "HTML file cannot be password" in refused.stderr
    assert not (tmp_path / "p.html").exists()
