"""``python -m poolcalc`` runs the command line."""

import sys

from poolcalc.cli import main

sys.exit(main())
