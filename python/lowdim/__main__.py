"""``python -m lowdim``: the same as the ``lowdim`` command."""

import sys

from lowdim.cli import main

if __name__ == "__main__":
    sys.exit(main())
