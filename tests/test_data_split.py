"""data split: seeded ratio / stratified / category splits, deduplicated, a prompt never on both sides."""

import json

from halo_forge.config import DataConfig
from halo_forge.data.formats import normalize_prompt, read_records
from halo_forge.data.split import split_records


def _task(i, category="arrays", prompt=None):
    return {"task_id": f"t/{i}", "language": "c", "prompt": prompt or f"Task number {i}: print {i}.",
            "category": category, "tests": [{"stdin": "", "expected_stdout": f"{i}\n"}]}


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _ids(path):
    return [json.loads(line).get("task_id") for line in path.read_text().splitlines()]


def _split(cli, tmp_path, src, *flags):
    train, heldout = tmp_path / "train.jsonl", tmp_path / "heldout.jsonl"
    proc = cli("data", "split", str(src), "--train-out", str(train), "--heldout-out", str(heldout), *flags)
    assert proc.returncode == 0, proc.stderr
    return proc, _ids(train), _ids(heldout)


def test_ratio_split_is_seeded_and_a_partition(cli, tmp_path):
    src = _write(tmp_path / "tasks.jsonl", [_task(i) for i in range(20)])
    _, train, heldout = _split(cli, tmp_path, src, "--train-ratio", "0.75", "--seed", "1")
    assert len(train) == 15 and len(heldout) == 5
    assert sorted(train + heldout, key=lambda s: int(s[2:])) == [f"t/{i}" for i in range(20)]
    _, train_again, _ = _split(cli, tmp_path, src, "--train-ratio", "0.75", "--seed", "1")
    _, train_other, _ = _split(cli, tmp_path, src, "--train-ratio", "0.75", "--seed", "2")
    assert train_again == train and train_other != train
    # Each side keeps the input's line order and the lines' content.
    assert train == sorted(train, key=lambda s: int(s[2:]))
    first = json.loads((tmp_path / "train.jsonl").read_text().splitlines()[0])
    assert first == _task(int(first["task_id"][2:]))


def test_duplicates_dropped_and_near_duplicates_kept_together(cli, tmp_path):
    rows = [_task(i) for i in range(10)]
    rows.append({**rows[3], "task_id": "t/copy-of-3"})                        # line 11: exact repeat
    rows.append(_task(99, prompt="  TASK number 4:\n print 4. "))           # line 12: same normalised prompt
    src = _write(tmp_path / "tasks.jsonl", rows)
    for seed in range(8):
        proc, train, heldout = _split(cli, tmp_path, src, "--train-ratio", "0.5", "--seed", str(seed))
        assert "t/copy-of-3" not in train + heldout and len(train + heldout) == 11
        assert ("t/4" in train) == ("t/99" in train), seed   # one prompt, one side
    assert f"{src}:11: duplicate of line 4, dropped" in proc.stdout
    assert f"{src}: lines 5, 12 share one prompt; kept on the same side" in proc.stdout
    assert "1 duplicates dropped" in proc.stdout


def test_no_normalised_prompt_on_both_sides_api(tmp_path):
    rows = [_task(i, prompt=f"Print the number {i % 7}.") for i in range(40)]
    rows += [_task(100 + i, prompt=f"print  the NUMBER {i % 7}.") for i in range(7)]
    records = read_records(_write(tmp_path / "t.jsonl", rows))
    for seed in range(5):
        result = split_records(records, DataConfig(train_ratio=0.6, seed=seed))
        train = {normalize_prompt(r.prompt_text()) for r in result.train}
        heldout = {normalize_prompt(r.prompt_text()) for r in result.heldout}
        assert train and heldout and not train & heldout
        assert len(result.train) + len(result.heldout) == 47 - len(result.dropped)


def test_stratified_keeps_every_category_on_both_sides(cli, tmp_path):
    rows = [_task(i, category=cat) for i, cat in enumerate(["strings"] * 10 + ["math"] * 5 + ["parsing"] * 2)]
    src = _write(tmp_path / "tasks.jsonl", rows)
    _, train, heldout = _split(cli, tmp_path, src, "--split-by", "stratified", "--train-ratio", "0.6")
    category = {r["task_id"]: r["category"] for r in rows}
    assert sorted(category[t] for t in heldout) == ["math"] * 2 + ["parsing"] + ["strings"] * 4
    assert {category[t] for t in train} == {"strings", "math", "parsing"}


def test_category_split_holds_out_whole_categories(cli, tmp_path):
    rows = [_task(i, category=cat) for i, cat in enumerate(["strings", "math", "parsing"] * 4)]
    src = _write(tmp_path / "tasks.jsonl", rows)
    _, train, heldout = _split(cli, tmp_path, src, "--split-by", "category", "--heldout-categories",
                               "math,parsing")
    category = {r["task_id"]: r["category"] for r in rows}
    assert {category[t] for t in heldout} == {"math", "parsing"} and len(heldout) == 8
    assert {category[t] for t in train} == {"strings"}
    proc = cli("data", "split", str(src), "--train-out", str(tmp_path / "a"), "--heldout-out", str(tmp_path / "b"),
               "--split-by", "category", "--heldout-categories", "maths")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("halo-forge: error: data.heldout_categories: maths not in this file "
                                   "(it has: math, parsing, strings)")
    proc = cli("data", "split", str(src), "--train-out", str(tmp_path / "a"), "--heldout-out", str(tmp_path / "b"),
               "--split-by", "category")
    assert proc.returncode == 2 and "heldout_categories: empty" in proc.stderr


def test_sft_files_split_by_prompt(cli, tmp_path):
    rows = [{"prompt": f"p{i % 5}", "response": f"answer {i}"} for i in range(15)]   # 3 answers per prompt
    rows.append(rows[0])
    src = _write(tmp_path / "sft.jsonl", rows)
    train, heldout = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    proc = cli("data", "split", str(src), "--train-out", str(train), "--heldout-out", str(heldout),
               "--train-ratio", "0.6")
    assert proc.returncode == 0, proc.stderr
    t = [json.loads(line) for line in train.read_text().splitlines()]
    h = [json.loads(line) for line in heldout.read_text().splitlines()]
    assert len(t) == 9 and len(h) == 6   # 3 of 5 prompt groups, the repeat of line 1 dropped
    assert not {r["prompt"] for r in t} & {r["prompt"] for r in h}


def test_bad_input_is_reported_per_line(cli, tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(_task(1)) + "\n{oops\n" + json.dumps({"text": "x"}) + "\n")
    proc = cli("data", "split", str(src), "--train-out", str(tmp_path / "a"), "--heldout-out", str(tmp_path / "b"))
    assert proc.returncode == 2
    assert [line.split(": ")[2] for line in proc.stderr.strip().splitlines()] == [f"{src}:2", f"{src}:3"]
    assert not (tmp_path / "a").exists()
    proc = cli("data", "split", str(src), "--train-out", str(tmp_path / "a"), "--heldout-out", str(tmp_path / "a"))
    assert proc.returncode == 2 and "same file" in proc.stderr
