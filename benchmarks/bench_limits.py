"""What refusing a zip bomb costs, beside reading a normal workbook, measured in the same run.

    python benchmarks/bench_limits.py [--inflated-mib 1100]

Builds, in a temporary directory, a 1.1 MB .xlsx whose one cell inflates to 1.1 GB (the file of
issue 9, which took 2.4 GB and 51 s before its error), and the 2023 seed table as an .xlsx. Each
is read with `importers.cells.read_rows` in a fresh process, so the peak memory (ru_maxrss) is
its own: the bomb is refused from the archive's directory; the seed is read whole (the baseline).
It prints the time and peak memory of each and their ratio.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">'
SHEET_END = "</row></sheetData></worksheet>"
HEADER_ROWS = 4  # the seed table's blank line, title line, blank line and header


def package_parts() -> dict[str, str]:
    """The parts of a one-sheet workbook with shared strings, as a spreadsheet program writes them."""
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
            f'<Override PartName="/{SHEET}" ContentType="{SPREADSHEET}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        SHEET: f'{SHEET_START}<c r="A1" t="s"><v>0</v></c>{SHEET_END}',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>序号</t></si></sst>',
    }


def write_package(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def write_bomb(path: Path, inflated_bytes: int) -> Path:
    """A real workbook whose one cell holds `inflated_bytes` of one repeated text, streamed
    into the archive a megabyte at a time so that building it stays light."""
    parts = package_parts()
    del parts[SHEET]
    write_package(path, parts)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(SHEET, "w", force_zip64=True) as sheet,
    ):
        sheet.write(f'{SHEET_START}<c r="A1" t="inlineStr"><is><t>'.encode())
        for start in range(0, inflated_bytes, MIB):
            sheet.write(b"heze" * (min(MIB, inflated_bytes - start) // 4))
        sheet.write(f"</t></is></c>{SHEET_END}".encode())
    return path


def write_seed_xlsx(path: Path, copies: int = 1) -> Path:
    """The 2023 seed progress table (213 reports) as an .xlsx sheet, cell for cell; with
    `copies`, its rows below the title and header that many times."""
    import openpyxl

    from importers.cells import read_rows

    rows = [list(row.cells) for row in read_rows(ROOT / "fixtures" / "progress-report-2023-H1.txt")]
    workbook = openpyxl.Workbook()
    for cells in rows[:HEADER_ROWS] + rows[HEADER_ROWS:] * copies:
        workbook.active.append(cells)
    workbook.save(path)
    return path


def child(path: Path) -> None:
    """Read `path` as the importer does and print the time, the rows or the refusal, and the peak."""
    from importers.cells import read_rows
    from importers.errors import SourceError

    start, rows, refusal = time.perf_counter(), 0, None
    try:
        for _ in read_rows(path):
            rows += 1
    except SourceError as error:
        refusal = str(error)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": rows, "refusal": refusal, "peak_mib": peak_mib}))


def measure(path: Path) -> dict:
    """`child` in a fresh process, so that the peak memory is that of this read alone."""
    output = subprocess.run(
        [sys.executable, __file__, "--read", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inflated-mib", type=int, default=1100, help="what the bomb's cell inflates to")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.read:
        child(args.read)
        return
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp:
        start = time.perf_counter()
        bomb = write_bomb(Path(tmp) / "bomb.xlsx", args.inflated_mib * MIB)
        built = time.perf_counter() - start
        seed = write_seed_xlsx(Path(tmp) / "seed.xlsx")
        sizes = bomb.stat().st_size / MIB, seed.stat().st_size / MIB
        refused, baseline = measure(bomb), measure(seed)
    print(f"bomb: {sizes[0]:.2f} MiB on disk, one cell of {args.inflated_mib:,} MiB (built in {built:.1f} s)")
    print(f"refusing the bomb: {refused['seconds'] * 1000:.1f} ms, peak RSS {refused['peak_mib']:.0f} MiB")
    print(f"  {refused['refusal']}")
    print(
        f"baseline, reading the 2023 seed as an .xlsx ({sizes[1] * 1024:.0f} KiB, {baseline['rows']} rows): "
        f"{baseline['seconds'] * 1000:.1f} ms, peak RSS {baseline['peak_mib']:.0f} MiB"
    )
    print(
        f"ratio bomb/baseline: time {refused['seconds'] / baseline['seconds']:.3f}, "
        f"peak memory {refused['peak_mib'] / baseline['peak_mib']:.2f}"
    )


if __name__ == "__main__":
    main()
