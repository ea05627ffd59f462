"""The one argument parser base every command uses."""

from __future__ import annotations

import argparse


class Parser(argparse.ArgumentParser):
    """argparse that reports a wrong argument as one sentence (no usage dump)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sentence = message[0].upper() + message[1:]
        if not sentence.endswith((".", "?", "!")):
            sentence += "."
        self.exit(2, f"assistant: {sentence}\n")
