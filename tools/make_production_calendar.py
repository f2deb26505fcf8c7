"""Write the federal production calendar of the years the tool is used in, from ``holidays``.

    python tools/make_production_calendar.py          # rewrite the shipped table
    python tools/make_production_calendar.py --check  # exit 1 if it differs from holidays

``check`` and ``status`` must know whether a due date is a working day (a deadline on a day
off moves to the next working day), but importing ``holidays`` costs about 200 ms at start-up.
The table holds, for each year, the public holidays and the days whose working status differs
from «Monday to Friday» (holidays on weekdays, transfers, working Saturdays); outside its
years ``core.workcal`` asks ``holidays`` itself.  tests/test_calendar.py compares the table
with ``holidays`` for every day, so an update of the package that knows new transfers fails
the test until the table is written again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

import holidays

from elzhur_rollout.core.workcal import PRODUCTION, PRODUCTION_YEARS


def table() -> dict[str, object]:
    ru = holidays.country_holidays("RU", years=range(PRODUCTION_YEARS[0], PRODUCTION_YEARS[1] + 1))
    years: dict[str, dict[str, list[str]]] = {}
    for year in range(PRODUCTION_YEARS[0], PRODUCTION_YEARS[1] + 1):
        day, holiday, changed = dt.date(year, 1, 1), [], []
        while day.year == year:
            if day in ru:
                holiday.append(day.strftime("%m%d"))
            if bool(ru.is_working_day(day)) != (day.weekday() < 5):
                changed.append(day.strftime("%m%d"))
            day += dt.timedelta(days=1)
        years[str(year)] = {"holidays": holiday, "changed": changed}
    return {
        "about": "Производственный календарь РФ по пакету holidays: праздники (holidays) и дни, "
        "рабочие или нерабочие не так, как обычно "
        "(changed: праздник или перенос в будний день, рабочая суббота), по годам; ММДД.",
        "years": years,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    data = table()
    years = data["years"]
    assert isinstance(years, dict)
    lines = [f'  "{y}": {json.dumps(v, separators=(", ", ": "))}' for y, v in years.items()]
    text = '{\n "about": ' + json.dumps(data["about"], ensure_ascii=False) + ',\n "years": {\n' + ",\n".join(lines) + "\n }\n}\n"
    if args.check:
        same = PRODUCTION.read_text(encoding="utf-8") == text
        print("up to date" if same else "stale: run python tools/make_production_calendar.py")
        return 0 if same else 1
    PRODUCTION.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
