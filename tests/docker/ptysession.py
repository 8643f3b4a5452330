#!/usr/bin/env python3
"""ptysession.py CMD... — runs CMD (an interactive `sh` in a container) on a new pty, like a person:
types commands, checks that the terminal echoes them and that their output comes back, checks
that the container sees a tty, then exits the shell with status 3 and expects CMD to exit 3.
Prints a normalised transcript summary; exits non-zero with a reason on any mismatch."""
import fcntl, os, pty, select, struct, sys, termios, time

def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    # A known window size: the container must see it (consoleSize / the shim's resize).
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 37, 101, 0, 0))
    buf = b""
    def read_until(pat, timeout=20):
        nonlocal buf
        end = time.time() + timeout
        while pat not in buf:
            left = end - time.time()
            if left <= 0:
                raise TimeoutError("waiting for %r; got %r" % (pat, buf[-300:]))
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    raise EOFError("pty closed waiting for %r; got %r" % (pat, buf[-300:]))
                if not data:
                    raise EOFError("EOF waiting for %r; got %r" % (pat, buf[-300:]))
                buf += data
        i = buf.index(pat) + len(pat)
        seen, buf = buf[:i], buf[i:]
        return seen
    res = []
    try:
        read_until(b"# ")                              # the prompt
        os.write(fd, b"echo $((6*7))-answer\r")
        read_until(b"echo $((6*7))-answer")            # the terminal echoes the keystrokes
        read_until(b"42-answer")                       # the command's output
        res.append("echo ok")
        os.write(fd, b"tty; echo TTY$((1+1))DONE\r")
        out = read_until(b"TTY2DONE")
        if b"/dev/pts/" not in out and b"/dev/console" not in out:
            raise AssertionError("no tty in the container: %r" % out)
        res.append("tty ok")
        os.write(fd, b"echo SZ$(stty size | tr ' ' x)Z$((2+3))\r")
        out = read_until(b"Z5\r\n")
        if b"SZ37x101Z5" not in out:
            raise AssertionError("window size: %r, want 37x101" % out[-60:])
        res.append("size ok")
        # A resize: the client gets SIGWINCH and asks the daemon; the shim resizes the console.
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 41, 123, 0, 0))
        for attempt in range(20):
            time.sleep(0.2)
            os.write(fd, b"echo RS$(stty size | tr ' ' x)Z$((3+4))\r")
            out = read_until(b"Z7\r\n")
            if b"RS41x123Z7" in out:
                break
        else:
            raise AssertionError("window size after resize: %r, want 41x123" % out[-60:])
        res.append("resize ok")
        os.write(fd, b"exit 3\r")
        rest = b""
        while True:
            try:
                r, _, _ = select.select([fd], [], [], 20)
                if not r:
                    raise TimeoutError("no exit after 'exit 3'")
                d = os.read(fd, 4096)
                if not d:
                    break
                rest += d
            except OSError:
                break
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 3:
            raise AssertionError("exit status %d, want 3" % code)
        res.append("exit 3 ok")
    except Exception as e:
        print("%s: %s" % (type(e).__name__, e))
        try:
            os.kill(pid, 9)
        except Exception:
            pass
        sys.exit(1)
    print(" | ".join(res))

main()
