"""``python -m training``: the training CLI."""

import sys

from .cli import main

sys.exit(main())
