#!/usr/bin/env python3
# The sorter's hands on the GPIO character device (/dev/gpiochipN), through libgpiod's own
# Python binding (Debian's python3-libgpiod, v2 API). Node cannot make the GPIO ioctls
# without a compiled addon, and Debian's gpioset is built without --interactive, so this
# small helper is the way that needs nothing compiled on the Pi (docs/gpio.md has the
# comparison). It holds every line it is asked for until it exits, and it exits when its
# stdin closes, so the kernel releases the lines even when the sorter is killed.
#
# Protocol, one JSON object per line:
#   in:  {"id": N, "op": "output", "pin": P, "level": 0|1, "safe": 0|1}
#                                    request P as an output at level; safe is where it goes if the sorter dies
#        {"id": N, "op": "input", "pin": P}                  request P with edge events (replies its level)
#        {"id": N, "op": "set", "pin": P, "level": 0|1}
#        {"id": N, "op": "get", "pin": P}
#        {"id": N, "op": "release", "pin": P}
#   out: {"ready": true, "chip": {...}} once, then {"id": N, "ok": true[, "level": L]}
#        or {"id": N, "error": "why", "code": "EBUSY"}; edges as {"edge": P, "level": L, "ns": T}
#        with T the kernel's CLOCK_MONOTONIC timestamp of the edge.
#   --list prints the chips as one JSON line and exits.
# A problem that stops it before "ready" is one line {"fatal": "why", "code": "..."}, exit 1.
import argparse
import errno
import json
import os
import re
import select
import signal
import sys


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def fatal(message, code):
    say({"fatal": message, "code": code})
    sys.exit(1)


def os_error(err):
    return {"error": err.strerror or str(err), "code": errno.errorcode.get(err.errno, "EIO")}


try:
    import gpiod
except ImportError:
    fatal("the python3-libgpiod package is not installed", "NO_MODULE")
if not hasattr(gpiod, "request_lines"):  # 1.x (Debian 12) is one C module with another API
    fatal("python3-libgpiod is version 1; the sorter needs version 2 (Debian 13 trixie or later)", "OLD_MODULE")
from gpiod.line import Direction, Edge, Value  # noqa: E402 (only once the version is known)


def natural(path):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def list_chips(dev_dir):
    chips = []
    names = sorted((n for n in os.listdir(dev_dir) if n.startswith("gpiochip")), key=natural)
    for name in names:
        path = os.path.join(dev_dir, name)
        if not gpiod.is_gpiochip_device(path):
            continue
        try:
            chip = gpiod.Chip(path)
            try:
                info = chip.get_info()
            finally:
                chip.close()
            chips.append({"path": path, "name": info.name, "label": info.label, "lines": info.num_lines})
        except OSError as err:
            chips.append({"path": path, **os_error(err)})
    return chips


class Helper:
    def __init__(self, chip_path, consumer):
        self.chip_path = chip_path
        self.consumer = consumer
        self.requests = {}  # pin -> LineRequest, one request per line so each can be released alone
        self.inputs = {}  # fd -> (pin, LineRequest)
        self.safe = {}  # output pin -> the level it is left at if the sorter dies

    def request(self, pin, settings):
        if pin in self.requests:
            raise OSError(errno.EBUSY, "line %d is already requested by this sorter" % pin)
        req = gpiod.request_lines(self.chip_path, consumer=self.consumer, config={pin: settings})
        self.requests[pin] = req
        return req

    def handle(self, msg):
        op, pin = msg.get("op"), msg.get("pin")
        if op == "output":
            value = Value.ACTIVE if msg["level"] else Value.INACTIVE
            self.request(pin, gpiod.LineSettings(direction=Direction.OUTPUT, output_value=value))
            self.safe[pin] = msg.get("safe", msg["level"])
            return {}
        if op == "input":
            req = self.request(pin, gpiod.LineSettings(direction=Direction.INPUT, edge_detection=Edge.BOTH))
            self.inputs[req.fd] = (pin, req)
            return {"level": int(req.get_value(pin) == Value.ACTIVE)}
        req = self.requests.get(pin)
        if req is None:
            raise OSError(errno.ENOENT, "line %s is not requested" % pin)
        if op == "set":
            req.set_value(pin, Value.ACTIVE if msg["level"] else Value.INACTIVE)
            return {}
        if op == "get":
            return {"level": int(req.get_value(pin) == Value.ACTIVE)}
        if op == "release":
            self.inputs.pop(req.fd, None)
            self.safe.pop(pin, None)
            del self.requests[pin]
            req.release()
            return {}
        raise OSError(errno.EINVAL, "unknown op %r" % op)

    def answer(self, line):
        try:
            msg = json.loads(line)
        except ValueError:
            say({"error": "not JSON: %r" % line[:80], "code": "EINVAL"})
            return
        try:
            say({"id": msg.get("id"), "ok": True, **self.handle(msg)})
        except OSError as err:
            say({"id": msg.get("id"), **os_error(err)})
        except (KeyError, TypeError, ValueError) as err:
            say({"id": msg.get("id"), "error": "bad request: %s" % err, "code": "EINVAL"})

    def edges(self, fd):
        pin, req = self.inputs[fd]
        for event in req.read_edge_events():
            rising = event.event_type == gpiod.EdgeEvent.Type.RISING_EDGE
            say({"edge": event.line_offset, "level": int(rising), "ns": event.timestamp_ns})

    def run(self):
        pending = b""
        stdin = sys.stdin.fileno()
        while True:
            readable, _, _ = select.select([stdin, *self.inputs.keys()], [], [])
            for fd in readable:
                if fd != stdin:
                    if fd in self.inputs:
                        self.edges(fd)
                    continue
                chunk = os.read(stdin, 65536)
                if not chunk:
                    return  # the sorter is gone: exiting releases every line
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    if line.strip():
                        self.answer(line.decode("utf-8", "replace"))

    def release_all(self):
        # Lines still held here were not released by the sorter: it died. A released output
        # keeps its last level on a Pi, so each goes to its safe level first (a relay off).
        for pin, req in self.requests.items():
            try:
                if pin in self.safe:
                    req.set_value(pin, Value.ACTIVE if self.safe[pin] else Value.INACTIVE)
                req.release()
            except OSError:
                pass


def main():
    parser = argparse.ArgumentParser(description="GPIO character device helper for laundry-sorter")
    parser.add_argument("--list", action="store_true", help="print the GPIO chips as JSON and exit")
    parser.add_argument("--dev", default="/dev", help="where the gpiochip devices are")
    parser.add_argument("--chip", help="the chip to serve (a path)")
    parser.add_argument("--consumer", default="laundry-sorter", help="the name `gpioinfo` shows on our lines")
    args = parser.parse_args()
    if args.list:
        try:
            say({"chips": list_chips(args.dev), "version": getattr(gpiod, "__version__", "?")})
        except OSError as err:
            fatal("cannot list %s: %s" % (args.dev, err.strerror), errno.errorcode.get(err.errno, "EIO"))
        return
    if not args.chip:
        fatal("no --chip given", "EINVAL")
    try:
        chip = gpiod.Chip(args.chip)
        try:
            info = chip.get_info()
        finally:
            chip.close()
    except OSError as err:
        fatal("cannot open %s: %s" % (args.chip, err.strerror), errno.errorcode.get(err.errno, "EIO"))
    # systemd's stop signal reaches the whole service at once; the sorter still needs its lines
    # to put the bins at their safe levels, so the helper leaves only when its stdin closes.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    helper = Helper(args.chip, args.consumer)
    say({"ready": True, "chip": {"path": args.chip, "name": info.name, "label": info.label, "lines": info.num_lines}})
    try:
        helper.run()
    finally:
        helper.release_all()


if __name__ == "__main__":
    main()
