import sys

from halo_forge.cli import main

sys.exit(main())
