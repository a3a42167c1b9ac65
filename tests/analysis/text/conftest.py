import sys
from pathlib import Path

# Make the repo importable when pytest runs from anywhere.
REPO = Path(__file__).resolve().parents[3]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
