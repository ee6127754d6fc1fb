"""Country codes kb accepts as a jurisdiction: ISO 3166-1 alpha-2, and EU for the European Union.

The list is ISO 3166-1's officially assigned alpha-2 codes as the `pycountry` package (26.2.16) gives
them, written out here so that reading and validating never import it; tests/test_countries.py checks
that the two agree. Codes people write for a country that ISO assigns another code are refused with
the right one suggested (UK is GB; EL, the EU's code for Greece, is GR).
"""

from __future__ import annotations

import difflib
from typing import Optional

ISO_3166_1_ALPHA_2 = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
EXTRA = frozenset({"EU"})  # the European Union: its courts, agencies and acts
CODES = ISO_3166_1_ALPHA_2 | EXTRA
# Codes in use for a country whose ISO 3166-1 code is another (ISO reserves them, never assigns them).
MEANT = {"UK": "GB", "EL": "GR"}


def country_error(code: str) -> Optional[str]:
    """Why `code` is not a jurisdiction kb accepts, with the code meant where kb can tell; None when it is."""
    if code in CODES:
        return None
    if code.upper() in CODES:
        return f"'{code}' must be written in capitals: '{code.upper()}'"
    meant = MEANT.get(code.upper())
    if meant:
        return f"'{code}' is not an ISO 3166-1 alpha-2 code; did you mean '{meant}'?"
    close = difflib.get_close_matches(code.upper(), sorted(CODES), n=3, cutoff=0.5) if len(code) == 2 else []
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else " (ISO 3166-1 alpha-2, or EU)"
    return f"'{code}' is not an ISO 3166-1 alpha-2 country code{hint}"
