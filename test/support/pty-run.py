"""Runs a command on a pseudo-terminal (as a user's terminal would); optionally sends it a signal once its output
contains a marker, and optionally answers its prompts: each time the output shows PROMPT once more, it waits for
ANSWER_FILE (written by the test, e.g. with the passcode an SMS carried), types its first line and deletes it.
Prints JSON: the exit code (or 128 + signal), whether the signal was sent, how many prompts were answered, and
everything the command wrote, escape sequences included.
Usage: pty-run.py MARKER SIGNAL [PROMPT ANSWER_FILE] -- command args...   (MARKER '' and SIGNAL none: just run)."""
import json, os, pty, select, signal, sys, time

separator = sys.argv.index("--")
marker, signame = sys.argv[1].encode(), sys.argv[2]
prompt, answer_file = (sys.argv[3].encode(), sys.argv[4]) if separator == 5 else (None, None)
command = sys.argv[separator + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
output, sent, answered, deadline = b"", False, 0, time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
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
    if prompt and output.count(prompt) > answered and os.path.exists(answer_file):
        with open(answer_file) as file:
            line = file.readline().rstrip("\n")
        os.remove(answer_file)
        os.write(fd, (line + "\r").encode())
        answered += 1
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"exitCode": code if code >= 0 else 128 - code, "signalSent": sent, "answered": answered, "output": output.decode("utf-8", "replace")}))
