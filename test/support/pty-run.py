"""Runs a command on a pseudo-terminal (as a user's terminal would), optionally sends it a signal once its output
contains a marker, and prints JSON: the exit code (or 128 + signal) and everything it wrote, escape sequences included.
Usage: pty-run.py MARKER SIGNAL -- command args...   (MARKER '' and SIGNAL none: just run)."""
import json, os, pty, select, signal, sys, time

marker, signame = sys.argv[1].encode(), sys.argv[2]
command = sys.argv[sys.argv.index("--") + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
output, sent, deadline = b"", False, time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    if not sent and signame != "none" and marker and marker in output:
        time.sleep(0.3)
        os.kill(pid, getattr(signal, signame))
        sent = True
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"exitCode": code if code >= 0 else 128 - code, "signalSent": sent, "output": output.decode("utf-8", "replace")}))
