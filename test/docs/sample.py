#!/usr/bin/env python3
"""Check an abridged sample output in a doc against a program's output.

    sample.py DOC.md HEADING OUTPUT

The first text block after the line HEADING in DOC.md is a sample of
OUTPUT with lines left out: each of its lines other than blank ones and
"..." must be a line of OUTPUT (trailing blanks aside), in the same order.
Prints the first line that is not, and exits 1.
"""
import sys


def main():
    doc, heading, output = sys.argv[1:4]
    lines = open(doc, encoding="utf-8").read().split("\n")
    try:
        i = lines.index(heading)
    except ValueError:
        print("%s: no line %r" % (doc, heading))
        return 1
    while i < len(lines) and lines[i] != "```text":
        i += 1
    j = i + 1
    while j < len(lines) and not lines[j].startswith("```"):
        j += 1
    if j >= len(lines):
        print("%s: no text block after %r" % (doc, heading))
        return 1
    got = [l.rstrip() for l in open(output, encoding="utf-8").read().split("\n")]
    pos = 0
    for n in range(i + 1, j):
        want = lines[n].rstrip()
        if not want.strip() or want.strip() == "...":
            continue
        try:
            pos = got.index(want, pos) + 1
        except ValueError:
            print("%s:%d: the sample line is not in the output (after its previous line):\n    %s"
                  % (doc, n + 1, want))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
