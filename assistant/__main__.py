"""`python -m assistant`: the same as the `assistant` command."""

import sys

from assistant.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
