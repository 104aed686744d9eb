#!/usr/bin/env python3
"""Run the EXAMPLES of the man pages as a user would paste them.

  man_examples.py [-v] PAGE...

Each page is rendered with mandoc (as `man -l` shows it) and the literal
blocks of its EXAMPLES section are read: a line that starts with "$ " is
a command, continued on the lines after it for as long as the shell says
the command is not complete; the lines that follow, up to the next
command or the end of the block, are the output the page promises.  The
commands of one page run in order, in one scratch directory that holds a
copy of the repository's examples/ and pipelines/, with the build tree's
programs first on PATH, so that a file one example writes can be read by
the next.  A command passes when it exits 0 and, when the page shows an
output, prints that output (white space aside: the page wraps long lines).
Prints one line per command and a summary "N examples, N failed"; exits
1 when any failed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def render(page):
    out = subprocess.run(["mandoc", "-Tutf8", "-Owidth=78", page],
                         check=True, capture_output=True).stdout
    text = out.decode("utf-8", "replace")
    # Overstrike (bold, underline) as mandoc writes it for a terminal.
    return re.sub(r".\x08", "", text)


def examples_section(text):
    lines, keep = [], False
    for line in text.split("\n"):
        if re.match(r"^[A-Z][A-Z ]*$", line):
            keep = line == "EXAMPLES"
            continue
        if keep:
            lines.append(line)
    return lines


def blocks(lines):
    """Literal blocks: runs of lines indented deeper than the prose."""
    prose = min((len(l) - len(l.lstrip()) for l in lines if l.strip()),
                default=0)
    out, cur = [], []
    for line in lines:
        ind = len(line) - len(line.lstrip())
        if line.strip() and ind > prose:
            cur.append(line)
            continue
        if not line.strip() and cur:
            cur.append("")
            continue
        if cur:
            out.append(cur)
        cur = []
    if cur:
        out.append(cur)
    return out


def complete(cmd):
    """Is cmd a whole shell command (nothing left open)?"""
    if cmd.rstrip().endswith(("\\", "|", "&&", "||")):
        return False
    # A here-document runs to the line that holds only its word.
    for m in re.finditer(r"<<-?\s*(['\"]?)(\w+)\1", cmd):
        rest = cmd[m.end():].split("\n")[1:]
        if m.group(2) not in [l.strip() for l in rest]:
            return False
    r = subprocess.run(["bash", "-n", "-c", cmd], capture_output=True)
    return r.returncode == 0 or b"unexpected end of file" not in r.stderr


def commands(block):
    """(command, expected output or None) pairs of one literal block."""
    ind = min(len(l) - len(l.lstrip()) for l in block if l.strip())
    rows = [l[ind:] if l.strip() else "" for l in block]
    out, i = [], 0
    while i < len(rows):
        if not rows[i].startswith("$ "):
            i += 1
            continue
        cmd = rows[i][2:]
        i += 1
        while not complete(cmd) and i < len(rows) and \
                not rows[i].startswith("$ "):
            cmd += "\n" + rows[i]
            i += 1
        want = []
        while i < len(rows) and not rows[i].startswith("$ "):
            want.append(rows[i])
            i += 1
        want = "\n".join(want).strip()
        out.append((cmd, want if want else None))
    return out


def squeeze(s):
    return re.sub(r"\s+", "", s)


def run_page(page, verbose):
    work = tempfile.mkdtemp(prefix="manex.")
    for d in ("examples", "pipelines"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(work, d))
    env = dict(os.environ, LC_ALL="C",
               PATH=os.path.join(ROOT, "tools") + os.pathsep +
               os.environ.get("PATH", ""))
    env.pop("NTOOLS_DATA", None)
    n = failed = 0
    name = os.path.basename(page)
    for block in blocks(examples_section(render(page))):
        for cmd, want in commands(block):
            n += 1
            try:
                r = subprocess.run(["bash", "-o", "pipefail", "-c", cmd],
                                   cwd=work, env=env, capture_output=True,
                                   timeout=120)
                got, rc, err = r.stdout.decode("utf-8", "replace"), \
                    r.returncode, r.stderr.decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                got, rc, err = "", -1, "timed out"
            bad = rc != 0 or (want is not None and
                              squeeze(got) != squeeze(want))
            first = cmd.split("\n")[0]
            if bad:
                failed += 1
                print("not ok %s: %s" % (name, first))
                print("#   exit %d%s" % (rc, ": " + err.strip().split(
                    "\n")[-1] if err.strip() else ""))
                if want is not None and squeeze(got) != squeeze(want):
                    print("#   expected: %s" % want.replace("\n", "\n#     "))
                    lines = got.strip().split("\n")
                    more = len(lines) - 12
                    print("#   got:      %s%s" % ("\n#     ".join(lines[:12]),
                          "\n#     (%d more lines)" % more if more > 0 else ""))
            elif verbose:
                print("ok %s: %s" % (name, first))
    shutil.rmtree(work, ignore_errors=True)
    return n, failed


def main(argv):
    verbose = "-v" in argv
    pages = [a for a in argv if a != "-v"]
    total = bad = 0
    for p in pages:
        n, f = run_page(p, verbose)
        total += n
        bad += f
    print("%d examples, %d failed" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
