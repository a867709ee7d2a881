# SPDX-License-Identifier: Apache-2.0
"""Types the passcode at eid-wallet's terminal prompt through a pseudo-terminal
and checks that the command ran and the passcode was not echoed.
usage: tty_passcode.py PASSCODE EXPECTED_OUTPUT COMMAND..."""
import os
import pty
import signal
import sys

passcode, expected, command = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
os.environ.pop("EID_PASSCODE", None)
signal.alarm(60)
pid, fd = pty.fork()
if pid == 0:
    os.execv(command[0], command)
out = b""
while b"Passcode: " not in out:
    out += os.read(fd, 1024)
os.write(fd, passcode + b"\n")
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
text = out.decode("utf-8", "replace")
if os.WEXITSTATUS(status) != 0 or expected not in out or passcode in out:
    print("terminal session:\n" + text)
    sys.exit(1)
