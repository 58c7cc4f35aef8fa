#!/usr/bin/env python3
"""Bounded, deterministic SQL fuzz pass of the sanitizer run (test/asan/run.sh).

Mutates valid vin spellings and valid resale_summary text and binary forms
(taken from resale_agg over generated events), feeds them to the server in
batches through fz.check (test/asan/fuzz.sql), then checks merge symmetry and
associativity and the transition function on the valid summaries found.
Bad input must be rejected cleanly; a crash is narrowed down to the input
that caused it and printed as a reproducer.

Connection from the environment (PGHOST, PGPORT, PGUSER); stdlib only.
Exit status 0 when nothing failed.
"""
import argparse
import random
import re
import struct
import subprocess
import sys
import time

VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
KINDS = ("vin_text", "vin_bin", "rs_text", "rs_bin")
# Plates (display forms, clean and dirty) among the text seeds: the text
# kind also runs the cn_plate_* functions (fz.plate_text_functions).
PLATES = ["\u4eacA\u00b712345", "\u7ca4BD12345", "\u7ca4\uff22 D12345", "\u6caaA-1O34I",
          "\u4f7f224009", "\u4eacX2345\u5e94\u6025", "\u9655a 12345", "\u4eacAF1234\u5b66"]

TEXT_TOKENS = [
    "null", "-infinity", "infinity", "0", "-0", "1", "00", "+1", "-1",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "-9223372036854775809", "-210866803200000001", "1e999", "1e-400",
    "1e308", "2.2250738585072014e-308", "nan", "inf", ".5", "1.", "0x10",
    '"', "\\", '\\"', "[", "]", "*", "/", ";", "=", ",", " ", "\t", "\n",
    "listing", "registration", "transfer", "export", "insurance",
    "before=[", "]", "*0", "*-1", "*9223372036854775807", "known=", "first=",
    "after=", "registrations=", "registered_at=", "insured_at=",
    ";registered_by=", ";registered_by=\"", "\u4eac", "\u7ca4", "\u00b7", "\uff21",
    "9" * 400, "1" + "0" * 30, "\u00e9", "\u20ac", "\U0001F697",
    "I", "O", "Q", "i", "o", "q", "-", " ", "\u00a0", "\u3000",
]
INT_BOUNDS = [0, 1, -1, 2, 17, 112, 255, 256, 0x7F, 0x80, 0x7FFF, 0x8000,
              0x7FFFFFFF, -0x80000000, 0xFFFFFFFF, 13421772, 13421773]
INT8_BOUNDS = [0, 1, -1, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000,
               -211813488000000000, 9223371331200000000, 9223371331199999999]
FLOAT8_BOUNDS = [float("nan"), float("inf"), -float("inf"), -0.0, 5e-324,
                 1.7976931348623157e308, -1.0]


# Inputs grow up to this many characters or bytes (error messages must stay
# short however long the input).
MAX_LEN = 100000


def mutations(rnd):
    # mostly one mutation, so that many inputs stay close to valid
    return 1 if rnd.random() < 0.5 else rnd.randint(2, 4)


def mutate_text(rnd, s, seeds):
    for _ in range(mutations(rnd)):
        op = rnd.randrange(10)
        n = len(s)
        i = rnd.randint(0, n)
        j = rnd.randint(i, min(n, i + rnd.choice((1, 2, 4, 16, 64))))
        if op == 0 and n:
            s = s[:i] + chr(rnd.randint(1, 0x7F)) + s[i + 1:]
        elif op == 1:
            s = s[:i] + s[j:]
        elif op == 2:
            s = s[:i] + rnd.choice(TEXT_TOKENS) + s[i:]
        elif op == 3:
            s = s[:i] + rnd.choice(TEXT_TOKENS) + s[j:]
        elif op == 4:
            nums = list(re.finditer(r"-?[0-9][0-9.e+-]*", s))
            if nums:
                m = rnd.choice(nums)
                s = s[:m.start()] + rnd.choice(TEXT_TOKENS[:22]) + s[m.end():]
        elif op == 5:
            s = s[:i] + s[i:j] * rnd.choice((2, 3, 50)) + s[j:]
        elif op == 6:
            s = s[:i]
        elif op == 7:
            other = rnd.choice(seeds)
            s = s[:i] + other[rnd.randint(0, len(other)):]
        elif op == 8:
            s = s.swapcase() if rnd.random() < 0.5 else " \t" + s + "\n "
        else:
            # a long input: error messages must stay short
            s = s * rnd.choice((10, 200, 2000)) if s else "x" * 20000
        s = s[:MAX_LEN]
    return s


def mutate_bytes(rnd, b, seeds):
    b = bytearray(b)
    for _ in range(mutations(rnd)):
        op = rnd.randrange(10)
        n = len(b)
        i = rnd.randint(0, n)
        j = rnd.randint(i, min(n, i + rnd.choice((1, 2, 4, 8, 40))))
        if op == 0 and n:
            b[min(i, n - 1)] ^= 1 << rnd.randrange(8)
        elif op == 1 and n:
            b[min(i, n - 1)] = rnd.choice((0, 1, 2, 0x7F, 0x80, 0xFF, rnd.randrange(256)))
        elif op == 2:
            del b[i:j]
        elif op == 3:
            b[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.choice((1, 4, 8, 40))))
        elif op == 4:
            b[i:i + 4] = struct.pack(">i", ((rnd.choice(INT_BOUNDS) + 2**31) % 2**32) - 2**31)
        elif op == 5:
            b[i:i + 8] = struct.pack(">q", rnd.choice(INT8_BOUNDS))
        elif op == 6:
            b[i:i + 8] = struct.pack(">d", rnd.choice(FLOAT8_BOUNDS))
        elif op == 7:
            del b[i:]
        elif op == 8:
            other = rnd.choice(seeds)
            b = b[:i] + other[rnd.randint(0, len(other)):]
        else:
            b[i:i] = bytes(b[i:j]) * rnd.choice((2, 3, 100))
        del b[MAX_LEN:]
    return bytes(b)


def text_payload(s):
    # cstring input: valid UTF-8 without NUL
    return s.replace("\0", "").encode("utf-8", "replace")


def random_vin(rnd):
    return "".join(rnd.choice(VIN_ALPHABET) for _ in range(17))


class Server:
    def __init__(self, db):
        self.db = db

    def psql(self, sql, check=True):
        p = subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.db, "-f", "-"],
            input=sql.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if check and p.returncode != 0:
            raise RuntimeError(p.stderr.decode(errors="replace"))
        return p

    def wait_ready(self):
        for _ in range(120):
            if subprocess.run(["pg_isready", "-q", "-d", self.db]).returncode == 0 and \
                    self.psql("SELECT 1", check=False).returncode == 0:
                return
            time.sleep(0.5)
        raise RuntimeError("server did not come back after a crash")


def sql_bytea(b):
    return "'\\x" + b.hex() + "'::bytea"


def copy_cases(cases):
    rows = "".join("%d\t%s\t\\\\x%s\n" % (i, k, p.hex()) for i, k, p in cases)
    return "TRUNCATE fz.cases;\nCOPY fz.cases FROM stdin;\n" + rows + "\\.\n"


def run_batch(srv, cases, report, failures_file):
    """Runs the cases; returns how many crashed the backend.

    After a crash the cases are replayed one by one up to the one that
    crashes, which is printed as a reproducer; the rest go on in a batch.
    """
    crashes = 0
    while cases:
        p = srv.psql(copy_cases(cases) + "SELECT id, kind, result FROM fz.run_cases();\n", check=False)
        if p.returncode == 0:
            for line in p.stdout.decode(errors="replace").splitlines():
                i, k, result = line.split("|", 2)
                report(k, result, cases[int(i) - cases[0][0]])
            return crashes
        err = p.stderr.decode(errors="replace").strip().splitlines()
        print("fuzz: batch %d..%d lost its connection: %s" % (cases[0][0], cases[-1][0], err[0] if err else ""))
        srv.wait_ready()
        for n, (i, k, payload) in enumerate(cases):
            q = "SELECT translate(fz.check('%s', %s), E'\\n\\r', '  ');" % (k, sql_bytea(payload))
            one = srv.psql(q, check=False)
            if one.returncode == 0:
                report(k, one.stdout.decode(errors="replace").strip(), cases[n])
                continue
            crashes += 1
            q = "SELECT fz.check('%s', %s);" % (k, sql_bytea(payload))
            print("fuzz: CRASH on input %d (%s, %d bytes); reproducer in a database with "
                  "test/asan/fuzz.sql loaded:\n  %s" % (i, k, len(payload), q[:1000]))
            with open(failures_file, "a") as f:
                f.write("-- crash\n%s\n" % q)
            srv.wait_ready()
            cases = cases[n + 1:]
            break
        else:
            print("fuzz: the crash did not reproduce input by input")
            return crashes + 1
    return crashes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="zeromile_fuzz")
    ap.add_argument("--seed", type=int, default=20240612)
    ap.add_argument("--cases", type=int, default=3000, help="inputs per kind")
    ap.add_argument("--merges", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--failures", default="fuzz-failures.sql", help="reproducers of every failure")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    srv = Server(args.db)
    failures = []
    counts = {}
    seen = {}
    open(args.failures, "w").close()

    def report(kind, result, case=None):
        key = (kind, "ok" if result == "ok" else result if result.startswith("err:") else "FAIL")
        counts[key] = counts.get(key, 0) + 1
        if "FAIL" not in result:
            return
        failures.append(result)
        # the first few of each sort of failure; every reproducer in the file
        sort = (kind, re.sub(r"[0-9]+-character", "N-character", result)[:60])
        seen[sort] = seen.get(sort, 0) + 1
        repro = "SELECT fz.check('%s', %s);" % (case[1], sql_bytea(case[2])) if case else ""
        if seen[sort] <= 3:
            print("fuzz: %s %s" % (kind, result[:300]))
            if case:
                print("  reproducer: " + (repro if len(case[2]) <= 200 else
                                          "(%d-byte input, in %s)" % (len(case[2]), args.failures)))
        with open(args.failures, "a") as f:
            f.write("-- %s %s\n%s\n" % (kind, result.replace("\n", " "), repro))

    # Seeds: summaries of generated event sets (checked on the way).
    out = srv.psql("SELECT setseed(%f);\nSELECT vehicle, result FROM fz.make_seeds(400);\n"
                   "SELECT s::text, encode(resale_summary_send(s), 'hex') FROM fz.seeds "
                   "UNION ALL SELECT no_seller::text, encode(resale_summary_send(no_seller), 'hex') "
                   "FROM fz.seeds ORDER BY 1;\n" % (rnd.random() * 2 - 1)).stdout.decode()
    rs_text, rs_bin = [], []
    for line in out.splitlines():
        if not line:
            continue
        f = line.split("|")
        if len(f) == 2 and f[0].lstrip("-").isdigit():
            report("seeds", f[1])
        elif len(f) == 2:
            rs_text.append(f[0])
            rs_bin.append(bytes.fromhex(f[1]))
    # Seed summaries go through the same checks and into the merge pool.
    seed_cases = [(i + 1, "rs_text", t.encode()) for i, t in enumerate(rs_text)]
    for k in range(0, len(seed_cases), args.batch):
        failures.extend(["crash"] * run_batch(
            srv, seed_cases[k:k + args.batch], lambda kind, r, c: report("rs_seed", r, c), args.failures))
    vins = [random_vin(rnd) for _ in range(200)] + ["1M8GDM9AXKP042788", "5N1NJ01CXST000001"]
    vin_bins = [v.encode() for v in vins]
    print("fuzz: %d seed summaries, %d seed VINs; %d inputs per kind, seed %d" % (
        len(rs_text), len(vins), args.cases, args.seed))

    cases = []
    for n in range(args.cases):
        cases.append(("vin_text", text_payload(mutate_text(rnd, rnd.choice(vins + PLATES), vins + PLATES))))
        cases.append(("vin_bin", mutate_bytes(rnd, rnd.choice(vin_bins), vin_bins)))
        cases.append(("rs_text", text_payload(mutate_text(rnd, rnd.choice(rs_text), rs_text))))
        cases.append(("rs_bin", mutate_bytes(rnd, rnd.choice(rs_bin), rs_bin)))
    base = len(seed_cases) + 1
    numbered = [(base + i, k, p) for i, (k, p) in enumerate(cases)]
    crashes = 0
    started = time.time()
    for k in range(0, len(numbered), args.batch):
        crashes += run_batch(srv, numbered[k:k + args.batch], report, args.failures)
        if crashes >= 5:
            print("fuzz: stopping after %d crashes" % crashes)
            break
    failures.extend(["crash"] * crashes)
    print("fuzz: %d inputs in %.0f s" % (len(numbered), time.time() - started))

    if crashes < 5:
        started = time.time()
        p = srv.psql("SELECT setseed(0.5);\n"
                     "SELECT count(*) FROM fz.pool;\n"
                     "SELECT 'merge', translate(result, E'\\n\\r', '  ') FROM fz.merge_pass(%d);\n"
                     "SELECT 'transfn', translate(result, E'\\n\\r', '  ') FROM fz.transfn_pass(%d);\n"
                     % (args.merges, args.merges), check=False)
        if p.returncode != 0:
            failures.append("crash in the merge pass")
            print("fuzz: merge pass failed: " + p.stderr.decode(errors="replace")[-500:])
        else:
            lines = p.stdout.decode(errors="replace").splitlines()
            print("fuzz: pool of %s valid summaries" % lines[1])
            for line in lines[2:]:
                kind, result = line.split("|", 1)
                report(kind, result)
        print("fuzz: merge and transition checks in %.0f s" % (time.time() - started))

    for kind in ("seeds", "rs_seed") + KINDS + ("merge", "transfn"):
        row = {r: c for (k, r), c in counts.items() if k == kind}
        if row:
            print("fuzz: %-8s %s" % (kind, ", ".join("%s %d" % (r, c) for r, c in sorted(row.items()))))
    if failures:
        print("fuzz: %d failures (reproducers in %s)" % (len(failures), args.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
