#!/usr/bin/python3
"""validate_json.py - check migctl's --json output against its JSON Schemas.

For every golden case (tests/cli/cases/*.case, format in golden.c) with a
`schema: NAME` line: run its `setup:` lines and its `run:` line the way
golden.c does (a fresh empty MIGCTL_STATE_DIR, the case's `env:` and `pid:`
lines),
then validate stdout against docs/schemas/NAME.schema.json.  Also checks
that every docs/schemas/*.schema.json is itself a valid draft-07 schema.

Usage: validate_json.py MIGCTL SCHEMA_DIR CASE...
Prints one line per failure and "N passed, N failed"; exits 1 on failure.
Needs the jsonschema module (Debian: python3-jsonschema, in /usr/bin/python3).
"""
import ctypes
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    sys.stderr.write("validate_json.py: needs the python3 jsonschema module "
                     "(Debian: apt-get install python3-jsonschema)\n")
    sys.exit(2)


def split_args(line):
    """golden.c's split(): blanks separate words; '...' quotes (no escapes)."""
    args, cur, inword, i = [], [], False, 0
    while i < len(line):
        c = line[i]
        if c in " \t" and not inword:
            i += 1
            continue
        if c in " \t":
            args.append("".join(cur))
            cur, inword = [], False
            i += 1
            continue
        inword = True
        if c == "'":
            j = line.find("'", i + 1)
            if j < 0:
                raise ValueError("unbalanced quote in: " + line)
            cur.append(line[i + 1:j])
            i = j + 1
        else:
            cur.append(c)
            i += 1
    if inword:
        args.append("".join(cur))
    return args


SYS_CLONE3 = 435  # the same number on x86_64 and aarch64


def spawn_at(pid):
    """golden.c's spawn_at: a process with exactly this pid that sleeps until
    killed (clone3 with set_tid; needs CAP_SYS_ADMIN).  Its pid, or None."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    want = ctypes.c_int(pid)
    # struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal,
    # stack, stack_size, tls, set_tid, set_tid_size
    args = (ctypes.c_uint64 * 10)(0, 0, 0, 0, int(signal.SIGCHLD), 0, 0, 0,
                                  ctypes.addressof(want), 1)
    r = libc.syscall(ctypes.c_long(SYS_CLONE3), ctypes.byref(args),
                     ctypes.c_size_t(ctypes.sizeof(args)))
    if r == 0:
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        while True:
            libc.pause()
    return r if r > 0 else None


def parse_case(path):
    """The case's setup lines, run line, env, pids and schema; stops at '--- stdout'."""
    case = {"setup": [], "run": None, "env": {}, "schema": None, "pids": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "--- stdout":
                break
            if line.startswith("setup: "):
                case["setup"].append(line[7:])
            elif line.startswith("run: "):
                case["run"] = line[5:]
            elif line.startswith("env: "):
                name, _, value = line[5:].partition("=")
                case["env"][name.strip()] = value
            elif line.startswith("pid: "):
                case["pids"].append(int(line[5:]))
            elif line.startswith("schema: "):
                case["schema"] = line[8:].strip()
    return case


def run(migctl, args, env):
    return subprocess.run([migctl] + split_args(args), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120, check=False)


class Skip(Exception):
    pass


def check_case(migctl, schemas, path):
    """None when the case passes (or has no schema), else the reason; Skip
    when a `pid:` process cannot be made (as golden.c skips)."""
    case = parse_case(path)
    if not case["schema"]:
        return None
    if case["schema"] not in schemas:
        return "no schema docs/schemas/%s.schema.json" % case["schema"]
    if not case["run"]:
        return "no 'run:' line"
    node = tempfile.mkdtemp(prefix="validate-node.")
    pids = []
    try:
        for want in case["pids"]:
            got = spawn_at(want)
            if got is None:
                raise Skip("cannot run a process as pid %d: %s"
                           % (want, os.strerror(ctypes.get_errno())))
            pids.append(got)
        env = dict(os.environ)
        env.update(case["env"])
        env["MIGCTL_STATE_DIR"] = node
        for setup in case["setup"]:
            r = run(migctl, setup, env)
            if r.returncode != 0:
                return "setup '%s' exited %d: %s" % (setup, r.returncode,
                                                       r.stderr.decode(errors="replace"))
        r = run(migctl, case["run"], env)
        try:
            doc = json.loads(r.stdout.decode())
        except ValueError as e:
            return "stdout is not one JSON document: %s" % e
        errors = sorted(jsonschema.Draft7Validator(schemas[case["schema"]]).iter_errors(doc),
                        key=lambda e: list(e.absolute_path))
        if errors:
            return "; ".join("%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)",
                                         e.message) for e in errors[:5])
        if doc.get("schema") != "migctl.%s/1" % case["schema"]:
            return "\"schema\" is %r, not migctl.%s/1" % (doc.get("schema"), case["schema"])
        return None
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        shutil.rmtree(node, ignore_errors=True)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: validate_json.py MIGCTL SCHEMA_DIR CASE...\n")
        return 2
    migctl, schema_dir, cases = argv[1], argv[2], argv[3:]
    passed = failed = skipped = 0
    schemas = {}
    for path in sorted(glob.glob(os.path.join(schema_dir, "*.schema.json"))):
        name = os.path.basename(path)[:-len(".schema.json")]
        try:
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            jsonschema.Draft7Validator.check_schema(schema)
            if schema.get("$schema") != "http://json-schema.org/draft-07/schema#":
                raise ValueError("$schema is not draft-07")
            schemas[name] = schema
            passed += 1
        except (ValueError, jsonschema.SchemaError) as e:
            print("FAIL %s: not a valid draft-07 schema: %s" % (path, e))
            failed += 1
    for path in sorted(cases):
        try:
            why = check_case(migctl, schemas, path)
        except Skip as e:
            print("SKIP %s: %s" % (path, e))
            skipped += 1
            continue
        if why is None:
            if parse_case(path)["schema"]:
                passed += 1
        else:
            print("FAIL %s: %s" % (path, why))
            failed += 1
    if skipped:
        print("%d skipped" % skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
