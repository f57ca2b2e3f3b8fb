"""The day the tests check on, so no result depends on the machine's clock.

Before the sample bank's waiver expires (org/waivers.yaml, 2027-05-31): the sample's
findings are the ones its README describes. A test about expiry picks its own dates.
"""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 6, 1)
TODAY_OPTION = ("--today", TODAY.isoformat())
