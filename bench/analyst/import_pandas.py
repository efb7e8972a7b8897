"""The analyst's tool of the import benchmark: what someone with pandas does with a folder of
monthly workbooks: read every sheet of every workbook with `read_excel`, keep the data rows
below the column-number row (the row whose first cell is "A"), with the unit and period lines
as written, and append them to one table with `to_sql`. No checks at all: no identities, no
unit matching, no money units, text numbers stay text.

    python import_pandas.py --db sqlite:////tmp/x.db FOLDER
    python import_pandas.py --db postgresql+psycopg2://postgres@127.0.0.1:5432/x FOLDER

Prints one line: "pandas files=N rows=N seconds=S workbooks_per_s=R".
"""

import argparse
import pathlib
import sys
import time

import pandas as pd
from sqlalchemy import create_engine

COLUMNS = 18  # A and up to 17 numbered columns


def rows_of(path):
    """The data rows of every form sheet of one workbook, as lists of strings."""
    out = []
    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
    for name, frame in sheets.items():
        unit = period = ""
        start = None
        values = frame.values.tolist()
        for i, row in enumerate(values):
            first = "" if pd.isna(row[0]) else str(row[0]).strip()
            texts = [str(c) for c in row if isinstance(c, str)]
            for t in texts:
                if "Đơn vị báo cáo" in t:
                    unit = t
                elif "Kỳ báo cáo" in t or "Từ ngày" in t:
                    period = t
            if first == "A":
                start = i + 1
                break
        if start is None:
            continue
        for row in values[start:]:
            label = row[0]
            if pd.isna(label) or str(label).strip() == "":
                continue
            if not any(isinstance(c, (int, float)) or (isinstance(c, str) and c[:1].isdigit())
                       for c in row[1:]):
                break  # the footer
            cells = ["" if pd.isna(c) else str(c) for c in row[:COLUMNS]]
            cells += [""] * (COLUMNS - len(cells))
            out.append([str(path.name), str(name), unit, period] + cells)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("folder")
    args = parser.parse_args()
    files = sorted(pathlib.Path(args.folder).rglob("*.xlsx"))
    started = time.perf_counter()
    engine = create_engine(args.db)
    rows = []
    for f in files:
        rows.extend(rows_of(f))
    columns = ["file", "sheet", "unit", "period", "label"] + [f"c{i}" for i in range(1, COLUMNS)]
    frame = pd.DataFrame(rows, columns=columns)
    frame.to_sql("analyst_rows", engine, if_exists="append", index=False, chunksize=10_000)
    engine.dispose()
    secs = time.perf_counter() - started
    print(f"pandas files={len(files)} rows={len(frame)} seconds={secs:.3f} "
          f"workbooks_per_s={len(files) / secs:.1f}")
    return 0 if len(frame) else 1


if __name__ == "__main__":
    sys.exit(main())
