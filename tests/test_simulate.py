"""The damage simulator: deterministic, each damage kind alone, events that locate the damage."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from cleanup.charclass import HAN
from cleanup.cli import main as cli_main
from cleanup.simulate import (
    CONFUSIONS, DAMAGES, HALF, SimPage, articles, clean_pages, load_gold_pages,
    normalise_gold, simulate_page, split_articles, wrap_points,
)
from cleanup.kinds import classify_block

GOLD = load_gold_pages()  # the bundled fixture gold pages
PAGES = clean_pages(120, seed=3)  # recombined pages
HAN_RE = re.compile(f"[{HAN}]")

# events that edit the text of one paragraph at gold offsets (no moves)
INLINE = {"misread", "doubled_word", "halfwidth_punct", "space_digit", "letter_spaced",
          "markdown", "dup_partial", "blank_split", "space_break", "para_merge"}


def forward(gold: str, events: list[dict]) -> str:
    """Apply in-paragraph events to the gold: the raw the simulator must have made
    when no layout damage (wrap, moves, duplicates) was switched on."""
    paras = normalise_gold(gold)
    edits: list[list[tuple[int, int, str]]] = [[] for _ in paras]
    seps = ["\n\n"] * len(paras)
    for ev in events:
        k, i = ev["kind"], ev.get("gold_para")
        assert k in INLINE, ev
        if k == "para_merge":
            seps[i] = "\n"
        elif k == "misread":
            assert paras[i][ev["at"]] == ev["right"]
            edits[i].append((ev["at"], ev["at"] + 1, ev["wrong"]))
        elif k == "doubled_word":
            w, a = ev["word"], ev["at"]
            assert paras[i][a:a + len(w)] == w
            edits[i].append((a + len(w), a + len(w), w))
        elif k == "halfwidth_punct":
            for a, ch in zip(ev["at"], ev["chars"], strict=True):
                assert HALF[paras[i][a]] == ch
                edits[i].append((a, a + 1, ch))
        elif k in ("space_digit", "space_break"):
            edits[i] += [(a, a, " ") for a in ev["at"]]
        elif k == "blank_split":
            edits[i].append((ev["at"], ev["at"], "\n\n"))
        elif k == "letter_spaced":
            edits[i] += [(a, a, " ") for a in range(0 if ev["lead"] else 1, len(paras[i]))]
        elif k == "markdown":
            edits[i].append((0, 0, ev["prefix"]))
            if ev["suffix"]:
                edits[i].append((len(paras[i]), len(paras[i]), ev["suffix"]))
        elif k == "dup_partial":
            assert ev["at"] == len(paras[i])
            edits[i].append((ev["at"], ev["at"], ev["text"]))
    out = []
    for t, ed in zip(paras, edits):
        pos, parts = 0, []
        for a, b, r in sorted(ed, key=lambda x: (x[0], x[1])):
            assert a >= pos, "overlapping damage"
            parts += [t[pos:a], r]
            pos = b
        parts.append(t[pos:])
        out.append("".join(parts))
    return "".join(o + sep for o, sep in zip(out, seps[:-1] + ["\n"]))


def blocks(text: str) -> list[str]:
    return [b for b in text.rstrip("\n").split("\n\n") if b.strip()]


def test_deterministic_and_seed_dependent():
    for k, g in enumerate(PAGES[:40]):
        a, b = simulate_page(g, k), simulate_page(g, k)
        assert (a.raw, a.gold, a.events, a.stats) == (b.raw, b.gold, b.events, b.stats)
    raws = {simulate_page(GOLD[0], s).raw for s in range(8)}
    assert len(raws) == 8
    assert clean_pages(5, 9) == clean_pages(5, 9) != clean_pages(5, 10)


def test_no_damage_is_identity_and_gold_is_normalised():
    for k, g in enumerate(GOLD + PAGES[:30]):
        sim = simulate_page(g, k, damages=set())
        assert sim.raw == sim.gold and sim.events == []
        assert sim.gold == "\n\n".join(normalise_gold(g)) + "\n"
    messy = "  标题一行 \n\n\n正文第一段。\n\n\n\n正文第二段。"
    sim = simulate_page(messy, 1, damages=set())
    assert sim.gold == "标题一行\n\n正文第一段。\n\n正文第二段。\n"


def test_unknown_damage_rejected():
    with pytest.raises(ValueError):
        simulate_page(GOLD[0], 1, {"wrap", "nonsense"})


@pytest.mark.parametrize("kind", sorted(INLINE))
def test_inline_kind_alone_events_reproduce_raw_exactly(kind):
    produced = 0
    for k, g in enumerate(GOLD + PAGES[:40]):
        sim = simulate_page(g, 100 + k, {kind}, width=12 + k % 10)
        assert {e["kind"] for e in sim.events} <= {kind}
        assert forward(sim.gold, sim.events) == sim.raw
        if sim.events:
            assert sim.raw != sim.gold
            produced += 1
        else:
            assert sim.raw == sim.gold
    # every kind fires on the fixture gold pages themselves
    assert all(simulate_page(g, 7, {kind}).events for g in GOLD if kind != "letter_spaced")
    assert produced >= 10


def test_misread_uses_confusion_pairs_and_makes_non_words():
    from cleanup.lexicon import get_lexicon

    lex = get_lexicon()
    n = 0
    for k, g in enumerate(PAGES[:60]):
        sim = simulate_page(g, k, {"misread"})
        paras = normalise_gold(sim.gold)
        for e in sim.events:
            assert e["wrong"] in CONFUSIONS[e["right"]]
            t, a = paras[e["gold_para"]], e["at"]
            bad = t[:a] + e["wrong"] + t[a + 1:]
            left_ok = a > 0 and t[a - 1:a + 1] in lex and bad[a - 1:a + 1] not in lex
            right_ok = t[a:a + 2] in lex and bad[a:a + 2] not in lex
            assert left_ok or right_ok
            n += 1
    assert n >= 30


def test_doubled_words_are_not_legitimate_reduplication():
    n = 0
    for k, g in enumerate(PAGES[:80]):
        for e in simulate_page(g, k, {"doubled_word"}).events:
            w = e["word"]
            assert len(set(w)) == len(w) and all(HAN_RE.match(c) for c in w)  # never 看看-like
            n += 1
    assert n >= 40


def test_wrap_alone_cuts_lines_at_the_column_width():
    def cells(s: str) -> float:
        return sum(0.5 if c <= "\xff" else 1 for c in s)

    for k, g in enumerate(GOLD + PAGES[:20]):
        w = 10 + k % 15
        sim = simulate_page(g, k, {"wrap"}, width=w)
        paras = normalise_gold(sim.gold)
        bl = blocks(sim.raw)
        assert [b.replace("\n", "") for b in bl] == paras  # joining lines restores gold
        assert sim.stats["wrap_breaks"] == sim.raw.count("\n") - 2 * (len(paras) - 1) - 1
        assert sim.events[0] == {"kind": "wrap", "width": w, "breaks": sim.stats["wrap_breaks"]}
        for b, p in zip(bl, paras):
            lines = b.split("\n")
            if len(p) > 2 * w + 2 and classify_block(p) in ("body", "dateline"):
                assert len(lines) >= 2
            for ln in lines[:-1]:
                ascii_run = max((len(m) for m in re.findall(r"[A-Za-z0-9.%+\-/]+", ln)), default=0)
                assert cells(ln) <= w + 2 + ascii_run / 2, (w, ln)
                assert ln[-1] not in "（《“‘"  # opening punctuation never ends a line
            for ln in lines[1:]:
                assert ln[0] not in "，。、；：？！）》”"  # closing punctuation never starts one


def test_wrap_points_kinsoku():
    t = "一二三四五，六七八九十。甲乙丙丁"
    pts = wrap_points(t, 5)
    assert pts[0] == 6  # the comma hangs at the end of the first line
    assert all(t[p] not in "，。" for p in pts)
    assert wrap_points("短", 10) == []


def test_blank_split_falls_at_column_breaks_inside_paragraphs():
    for k, g in enumerate(GOLD):
        sim = simulate_page(g, 5 + k, {"wrap", "blank_split"}, width=15)
        assert sim.stats["blank_breaks"] == sum(e["kind"] == "blank_split" for e in sim.events) > 0
        paras = normalise_gold(sim.gold)
        cuts: dict[int, list[int]] = {}
        for e in (e for e in sim.events if e["kind"] == "blank_split"):
            assert 0 < e["at"] < len(paras[e["gold_para"]])
            cuts.setdefault(e["gold_para"], []).append(e["at"])
        want = []
        for i, t in enumerate(paras):
            c = [0] + cuts.get(i, []) + [len(t)]
            want += [t[a:b] for a, b in zip(c, c[1:])]
        assert [b.replace("\n", "") for b in blocks(sim.raw)] == want
        # a column holds column_lines printed lines: between two column breaks
        # there are exactly that many lines (counting wrapped body lines only)
        raw_lines = sim.raw.split("\n")
        assert sim.stats["column_lines"] >= 4
        assert len(raw_lines) > sim.stats["column_lines"]


def undo_layout(sim: SimPage) -> list[str]:
    """Undo interleave / headline_move / dup_block events (in reverse) on the raw blocks."""
    paras = normalise_gold(sim.gold)
    bl = blocks(sim.raw)
    for e in reversed(sim.events):
        k = e["kind"]
        if k == "dup_block":
            run = [paras[i] for i in e["gold_paras"]]
            n = len(run)
            s = next(x for x in range(len(bl)) if bl[x:x + n] == run)
            assert bl[s + n:s + n * e["copies"]] == run * (e["copies"] - 1)
            del bl[s + n:s + n * e["copies"]]
        elif k == "headline_move":
            head = [paras[i] for i in e["gold_paras"]]
            s = next(x for x in range(len(bl)) if bl[x:x + len(head)] == head)
            if e["to"] == "top":
                assert s == 0
            else:
                assert bl[s - 1].endswith(paras[e["after_gold_para"]][-10:])
            del bl[s:s + len(head)]
            body0 = paras[e["body"][0]]
            t = next(x for x in range(len(bl)) if body0.startswith(bl[x]))
            bl[t:t] = head
        elif k == "interleave":
            frag = e["fragment"].split("\n\n")
            s = next(x for x in range(len(bl)) if bl[x:x + len(frag)] == frag)
            after = paras[e["after_gold_para"]]
            a, b = e["after_span"]
            assert bl[s - 1] == after[a:b]
            del bl[s:s + len(frag)]
            p = paras[e["gold_para"]]
            h = bl.index(p[:e["at"]])
            bl[h:h + 1] = [p[:e["at"]] + frag[0]] + frag[1:]
        else:
            raise AssertionError(k)
    return bl


@pytest.mark.parametrize("kind", ["interleave", "headline_move", "dup_block"])
def test_layout_kind_alone_is_undone_by_its_events(kind):
    produced = 0
    for k, g in enumerate(GOLD + PAGES[:60]):
        sim = simulate_page(g, 500 + k, {kind})
        assert {e["kind"] for e in sim.events} <= {kind}
        if sim.events:
            produced += 1
            assert sim.raw != sim.gold
        assert undo_layout(sim) == normalise_gold(sim.gold)
    assert produced >= 20
    for g in GOLD:  # the fixture pages have the structure every layout kind needs
        assert simulate_page(g, 11, {kind}).events


def test_interleave_cuts_mid_paragraph_and_moves_later():
    n = 0
    for k, g in enumerate(GOLD + PAGES):
        sim = simulate_page(g, k, {"interleave", "wrap"}, width=14)
        paras = normalise_gold(sim.gold)
        for e in (e for e in sim.events if e["kind"] == "interleave"):
            p = paras[e["gold_para"]]
            assert 0 < e["at"] < len(p)  # a fragment starts mid-paragraph, at a line break
            assert e["after_gold_para"] > e["through_para"] or e["after_gold_para"] < e["gold_para"]
            flat = sim.raw.replace("\n", "")
            assert e["fragment"].startswith(p[e["at"]:])
            assert flat.index(p[e["at"]:]) > flat.index(p[:e["at"]]) + e["at"]
            n += 1
    assert n >= 20


def test_headline_move_moves_a_head_run_of_its_article():
    for k, g in enumerate(GOLD):
        sim = simulate_page(g, k, {"headline_move"})
        paras = normalise_gold(sim.gold)
        kinds = [classify_block(p) for p in paras]
        for e in (e for e in sim.events if e["kind"] == "headline_move"):
            assert any(kinds[i] in ("headline", "kicker") for i in e["gold_paras"])
            assert e["gold_paras"][-1] + 1 == e["body"][0]
            assert e["to"] in ("top", "after_article")
            if e["to"] == "top":
                assert e["after_gold_para"] is None
            else:
                assert e["body"][0] <= e["after_gold_para"] <= e["body"][1]


def test_articles_split_on_head_runs():
    kinds = ["headline", "kicker", "byline", "body", "body", "byline", "headline", "body", "label", "body"]
    assert articles(kinds) == [([0, 1, 2], [3, 4, 5]), ([6], [7]), ([8], [9])]
    arts = split_articles(GOLD[2])  # 003: page headline + preface + five interviews
    assert len(arts) >= 6


def test_all_damage_conserves_text_up_to_misreads():
    """Default rates: every Han character of the gold is still in the raw, except
    the ones a misread event replaced; extra raw characters are explained by events."""
    seen: Counter[str] = Counter()
    for k, g in enumerate(PAGES):
        sim = simulate_page(g, 1000 + k)
        seen.update(e["kind"] for e in sim.events)
        gold_han = Counter(HAN_RE.findall(sim.gold))
        raw_han = Counter(HAN_RE.findall(sim.raw))
        wrong = Counter(e["wrong"] for e in sim.events if e["kind"] == "misread")
        right = Counter(e["right"] for e in sim.events if e["kind"] == "misread")
        assert not (gold_han - right) - raw_han
        extra: Counter[str] = Counter()
        for e in sim.events:
            if e["kind"] == "doubled_word":
                extra.update(HAN_RE.findall(e["word"]))
            elif e["kind"] == "dup_partial":
                extra.update(HAN_RE.findall(e["text"]))
            elif e["kind"] == "dup_block":
                for i in e["gold_paras"]:
                    for _ in range(e["copies"] - 1):
                        extra.update(HAN_RE.findall(normalise_gold(sim.gold)[i]))
        assert not raw_han - (gold_han - right + wrong + extra) or any(
            e["kind"] == "dup_block" for e in sim.events)  # copies carry their own damage
    assert set(seen) == set(DAMAGES)


def test_thousand_pages():
    # speed is reported by the benchmarks, not asserted here
    src = clean_pages(1000, seed=42)
    sims = [simulate_page(g, k) for k, g in enumerate(src)]
    assert sum(len(s.raw) for s in sims) > 500_000
    assert len({s.raw for s in sims}) == 1000


def test_cli_writes_raw_gold_events(tmp_path: Path):
    out = tmp_path / "sim"
    rc = cli_main(["simulate", "--out", str(out), "--pages", "4", "--seed", "2",
                   "--damage", "wrap", "--damage", "misread", "--width", "13"])
    assert rc == 0
    raws = sorted((out / "raw").glob("*.txt"))
    assert [p.name for p in raws] == ["0000.txt", "0001.txt", "0002.txt", "0003.txt"]
    for p in raws:
        gold = (out / "gold" / p.name).read_text(encoding="utf-8")
        ev = json.loads((out / "events" / (p.stem + ".json")).read_text(encoding="utf-8"))
        assert ev["width"] == 13
        assert {e["kind"] for e in ev["events"]} <= {"wrap", "misread"}
        raw = p.read_text(encoding="utf-8")
        assert raw != gold
        assert "\n" in raw.strip("\n")
    rc = cli_main(["simulate", "--out", str(tmp_path / "r"), "--pages", "3", "--recombine", "--seed", "1"])
    assert rc == 0 and len(list((tmp_path / "r" / "gold").glob("*.txt"))) == 3


def test_clean_pages_are_gold_format_and_varied():
    assert len(set(PAGES)) >= 0.95 * len(PAGES)
    for p in PAGES[:30]:
        assert p.endswith("\n") and not p.endswith("\n\n")
        assert all(ln == ln.strip() for ln in p.split("\n"))
        assert "\n\n\n" not in p


def test_para_merge_only_after_a_short_last_line_and_keeps_other_kinds_stable():
    n = 0
    for k, g in enumerate(GOLD + PAGES[:30]):
        w = 12 + k % 8
        sim = simulate_page(g, k, {"wrap", "para_merge"}, width=w)
        paras = normalise_gold(sim.gold)
        assert sim.stats["merged_breaks"] == sum(e["kind"] == "para_merge" for e in sim.events)
        for e in (e for e in sim.events if e["kind"] == "para_merge"):
            i = e["gold_para"]
            pts = wrap_points(paras[i], w)
            if classify_block(paras[i]) in ("body", "dateline") and pts:
                assert len(paras[i]) - pts[-1] <= w - 2  # a short last line shows the break
            n += 1
    assert n >= 10
    # the kind added later draws from its own random stream: other kinds are unchanged
    a = simulate_page(GOLD[0], 3, {"wrap", "misread"}, width=14)
    b = simulate_page(GOLD[0], 3, {"wrap", "misread", "para_merge"}, width=14)
    assert a.raw.replace("\n", "") == b.raw.replace("\n", "")
    assert [e for e in a.events] == [e for e in b.events if e["kind"] != "para_merge"]


def test_indent_prints_body_first_lines_short_and_changes_nothing_else():
    # --indent N: the first line of every wrapped body paragraph N cells short
    # of the column (the print's indent, dropped by the OCR); the rest of the
    # page and the gold as without it; 0 is the page as before
    g = GOLD[0]
    plain = simulate_page(g, 5, {"wrap"}, 14)
    ind = simulate_page(g, 5, {"wrap"}, 14, indent=2)
    assert ind.gold == plain.gold and simulate_page(g, 5, {"wrap"}, 14, indent=0).raw == plain.raw
    assert re.sub(r"\s", "", ind.raw) == re.sub(r"\s", "", plain.raw)
    firsts = [b.split("\n") for b in ind.raw.split("\n\n") if b.count("\n") >= 2]
    assert firsts and all(len(lines[0]) <= 12 for lines in firsts if not HAN_RE.sub("", lines[0]).strip())
    assert wrap_points("甲" * 30, 14, 2) == [12, 26] and wrap_points("甲" * 30, 14) == [14, 28]
