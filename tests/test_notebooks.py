"""The research notebooks run top to bottom against a crawled archive, so they never rot."""
import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from warta_testing import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def run(path, db):
    nb = nbformat.read(path, as_version=4)
    os.environ["WARTA_DB"] = str(db)  # the kernel inherits it
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        del os.environ["WARTA_DB"]
    return nb


def outputs(nb, kind):
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if kind in o.get("data", {})
            or o.get("output_type") == kind]


def test_there_are_notebooks_and_they_are_stored_without_outputs():
    assert len(NOTEBOOKS) >= 2
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text())["cells"]
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in cells if c["cell_type"] == "code"), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_draws_a_chart(path, crawled_db):
    nb = run(path, crawled_db)  # a cell that fails raises CellExecutionError here
    assert outputs(nb, "image/png"), "no chart was drawn"


def test_tenures_notebook_counts_acting_posts(crawled_db):
    nb = run(PROJECT_ROOT / "notebooks" / "officials_tenures.ipynb", crawled_db)
    printed = "".join(o.get("text", "") for o in outputs(nb, "stream"))
    import sqlite_utils
    expected = sqlite_utils.Database(crawled_db).execute(
        "select count(*), sum(acting is not null) from person_positions join positions "
        "on positions.id = person_positions.position_id "
        "where positions.title in ('Gubernur', 'Bupati', 'Wali Kota')").fetchone()
    assert expected[1] > 0  # the archive has acting posts to count
    assert f"{expected[0]} tenures, {expected[1]} acting" in printed
