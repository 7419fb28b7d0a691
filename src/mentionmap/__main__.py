"""``python -m mentionmap`` runs the command-line interface."""

from mentionmap.cli import main

raise SystemExit(main())
