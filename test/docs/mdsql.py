#!/usr/bin/env python3
"""Run the SQL examples of one Markdown file and compare their output.

    mdsql.py FILE.md [psql options...]

The blocks are read as a reader reads them, in order, and run in one psql
session (so a SET or a temporary table of one block is there for the next),
against the database the psql options (or PG* variables) name:

  ```sql        run; an error stops the file and fails it
  ```text       right after a sql block (blank lines between allowed): what
                psql prints for it, compared exactly (trailing blanks
                ignored); an expected output with an "ERROR:" line lets
                that block fail as shown
  ```sql whose first line is "-- fragment: <why>"
                not run (it needs what the file cannot give, such as a
                Citus cluster or a second session, or names the reader's
                own tables): parsed only, each statement as the body of a
                PL/pgSQL function, so a syntax error still fails

With --show before FILE, each block's output is printed after its line
number.  With --update, the text blocks are rewritten in FILE with what
psql printed (as pg_regress's results/ are copied to expected/): to show
a block's output, put an empty text block after it, run --update, and
read the diff before committing it.

Exit status 0 when every block ran and matched, 1 otherwise (with a diff
and the line of the block), 2 on a usage or harness error.  Python's
standard library only.
"""

import difflib
import re
import subprocess
import sys

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([A-Za-z0-9_-]*)")
MARK = "@@zeromile-docs-block %d@@"


class Block:
    def __init__(self, kind, line, text):
        self.kind = kind          # "sql", "fragment"
        self.line = line          # 1-based line of the opening fence
        self.text = text
        self.expected = None      # text of the following ```text block
        self.expected_line = None


def read_blocks(path):
    """The sql blocks of PATH, each with the text block that follows it."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks = []
    last_sql = None             # a sql block a text block may still follow
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if lines[i].strip():
                last_sql = None
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        start = i
        body = []
        i += 1
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise SystemExit("%s:%d: unclosed code fence" % (path, start + 1))
        i += 1
        text = "\n".join(body) + "\n"
        if lang == "sql":
            kind = "fragment" if body and body[0].startswith("-- fragment") else "sql"
            if kind == "fragment" and not re.match(r"-- fragment: \S", body[0]):
                raise SystemExit("%s:%d: a fragment says why: \"-- fragment: <why>\""
                                 % (path, start + 1))
            last_sql = Block(kind, start + 1, text)
            blocks.append(last_sql)
        elif lang == "text" and last_sql is not None and last_sql.expected is None:
            if last_sql.kind == "fragment":
                raise SystemExit("%s:%d: a fragment is not run, so it has no output to show"
                                 % (path, start + 1))
            last_sql.expected = text
            last_sql.expected_line = start + 1
            last_sql = None
        else:
            last_sql = None
    return blocks


def split_statements(sql):
    """SQL text split at top-level semicolons (quotes, dollar quotes and
    comments respected); psql meta-commands (lines starting with a
    backslash) dropped, as PL/pgSQL cannot hold them."""
    out, cur = [], []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "\\" and (i == 0 or sql[i - 1] == "\n"):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
            continue
        if sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            cur.append(sql[i:j])
            i = j
            continue
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            cur.append(sql[i:j + 1])
            i = j + 1
            continue
        m = re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$", sql[i:])
        if c == "$" and m and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            tag = m.group(0)
            j = sql.find(tag, i + len(tag))
            j = n if j < 0 else j + len(tag)
            cur.append(sql[i:j])
            i = j
            continue
        if c == ";":
            stmt = "".join(cur).strip()
            if stmt:
                out.append(stmt)
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    stmt = "".join(cur).strip()
    if stmt:
        out.append(stmt)
    return out


def fragment_check(block, n):
    """psql input that parses each statement of a fragment and runs none."""
    parts = []
    for k, stmt in enumerate(split_statements(block.text)):
        tag = "$zeromile_docs_%d_%d$" % (n, k)
        if tag in stmt:
            raise SystemExit("fragment at line %d holds %s" % (block.line, tag))
        fn = "pg_temp.zeromile_docs_fragment_%d_%d" % (n, k)
        # PL/pgSQL's validator runs the raw parser over each statement
        # without looking up any table or function.
        parts.append("CREATE FUNCTION %s() RETURNS void LANGUAGE plpgsql AS %s\nBEGIN\n%s;\nEND\n%s;\n"
                     "DROP FUNCTION %s();\n" % (fn, tag, stmt, tag, fn))
    return "".join(parts)


def normalise(text):
    lines = [l.rstrip() for l in text.rstrip("\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().split("\n")[2], file=sys.stderr)
        return 2
    show = sys.argv[1] == "--show"
    update = sys.argv[1] == "--update"
    args = sys.argv[2:] if show or update else sys.argv[1:]
    if not args:
        return 2
    path, psql_args = args[0], args[1:]
    blocks = read_blocks(path)
    if not blocks:
        print("%s: no SQL examples" % path)
        return 0

    script = ["\\set ON_ERROR_STOP 1\n"]
    for n, b in enumerate(blocks):
        script.append("\\echo '%s'\n" % (MARK % n))
        expects_error = b.expected is not None and re.search(r"^ERROR:", b.expected, re.M)
        if expects_error:
            script.append("\\set ON_ERROR_STOP 0\n")
        script.append(fragment_check(b, n) if b.kind == "fragment" else b.text)
        if expects_error:
            script.append("\\set ON_ERROR_STOP 1\n")
    script.append("\\echo '%s'\n" % (MARK % len(blocks)))

    # From standard input, as pg_regress runs psql: errors are printed
    # without a "psql:file:line:" prefix, as a reader pasting them sees.
    proc = subprocess.run(["psql", "-X", "-q", "-v", "VERBOSITY=default"] + psql_args,
                          input="".join(script), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.split("\n")

    # The output of each block: the lines between its mark and the next.
    pieces, cur, seen = {}, None, []
    for line in out:
        m = re.fullmatch(MARK.replace("%d", r"(\d+)"), line)
        if m:
            cur = int(m.group(1))
            seen.append(cur)
            pieces[cur] = []
            continue
        if cur is not None:
            pieces[cur].append(line)

    failures = 0
    ran = 0
    updates = {}                # line of a text block -> its new text
    for n, b in enumerate(blocks):
        if n not in pieces:
            break
        got = "\n".join(pieces[n])
        if show:
            print("---- %s:%d (%s)\n%s" % (path, b.line, b.kind, got.rstrip()))
        stopped = (n + 1) not in pieces
        if stopped:
            print("%s:%d: the block failed:\n%s" % (path, b.line, got.rstrip()))
            failures += 1
            break
        ran += 1
        if b.expected is not None and update:
            updates[b.expected_line] = "\n".join(normalise(got))
        if b.expected is not None:
            want, have = normalise(b.expected), normalise(got)
            if want != have:
                failures += 1
                print("%s:%d: output differs from the text block at line %d:" %
                      (path, b.line, b.expected_line))
                for d in difflib.unified_diff(want, have, "doc", "psql", lineterm=""):
                    print("    " + d)
        elif b.kind == "sql" and re.search(r"^(ERROR|FATAL|PANIC):", got, re.M):
            failures += 1
            print("%s:%d: the block printed an error:\n%s" % (path, b.line, got.rstrip()))
    if updates:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for line in sorted(updates, reverse=True):
            end = line              # index of the closing fence
            while not lines[end].startswith("```"):
                end += 1
            lines[line:end] = updates[line].split("\n") if updates[line] else []
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print("%s: %d text blocks rewritten" % (path, len(updates)))
    if not seen:
        print("%s: psql did not run the examples:\n%s" % (path, proc.stdout.rstrip()))
        return 1
    shown = sum(1 for b in blocks if b.expected is not None)
    frags = sum(1 for b in blocks if b.kind == "fragment")
    print("%s: %d of %d blocks ran (%d with their output compared, %d fragments parsed), %d failed"
          % (path, ran, len(blocks), shown, frags, failures))
    return 1 if failures or ran != len(blocks) else 0


if __name__ == "__main__":
    sys.exit(main())
