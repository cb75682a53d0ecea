"""The parity scenario through the uniffi Python bindings: its transcript equals tests/parity/expected.txt byte for byte."""

import json
import os
import re

from rapport import Engine, RapportError

PARITY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity")


def transcript(scenario):
    """Replays the scenario's steps (format in scenario.tsv) and returns the transcript."""
    engine, kept, out = None, {}, []

    def substitute(text):
        return re.sub(r"\$([A-Za-z0-9_]+)", lambda m: kept[m.group(1)], text)

    for line in scenario.split("\n"):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "@open":
            engine = Engine.open_in_memory(fields[1])
            continue
        keep, actor, method, request = fields
        try:
            answer = engine.call(None if actor == "-" else substitute(actor), method, substitute(request))
        except RapportError as e:
            out.append(f"{method}\terror\t{e.code.name.lower()}\t{e.field or '-'}\t{e.message}\n")
            continue
        if keep != "-":
            kept[keep] = json.loads(answer)["id"]
        out.append(f"{method}\tok\t{answer}\n")
    return "".join(out)


def test_parity_scenario_matches_the_transcript():
    with open(os.path.join(PARITY, "scenario.tsv"), encoding="utf-8") as f:
        ours = transcript(f.read())
    with open(os.path.join(PARITY, "expected.txt"), encoding="utf-8", newline="") as f:
        expected = f.read()
    assert ours.encode("utf-8") == expected.encode("utf-8")
