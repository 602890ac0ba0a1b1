"""The README's link table is what a teacher reads to build a link by hand: it names every setting the app reads
from a link, so a control added to a page without a line there fails here."""

import re
from pathlib import Path

from dashboard.class_ui.session import CODE_PARAM
from dashboard.controls.url_params import known_params
from dashboard.controls.url_state import TEACHER_FLAGS

README = Path(__file__).resolve().parents[1] / "README.md"


def link_table() -> str:
    section = README.read_text(encoding="utf-8").split("## Share a link", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_the_readme_table_names_every_link_setting():
    named = set(re.findall(r"`([A-Za-z_]+)`", link_table()))
    assert named, "no parameter table under '## Share a link'"
    wanted = set(known_params()) | set(TEACHER_FLAGS) | {CODE_PARAM}
    assert sorted(wanted - named) == []


def test_the_readme_stays_short_enough_to_read():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 150
