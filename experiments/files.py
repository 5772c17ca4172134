"""Atomic writers for result files: a reader never sees a half-written file.

Each file is written to a temporary file in the same folder, flushed to disk and renamed over
the target (``os.replace`` is atomic on POSIX and Windows).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["write_bytes_atomic", "write_daily_csv", "write_daily_parquet", "write_json"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a full or read-only disk: name the file, not the temporary one
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, obj: Any) -> None:
    """Write ``obj`` as indented JSON (NaN is refused: undefined values must be ``None``)."""
    text = json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return value


def write_daily_csv(path: Path, daily: dict[str, list]) -> None:
    """Write the daily table as CSV; undefined values are empty cells."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = list(daily)
    writer.writerow(names)
    for row in zip(*(daily[n] for n in names), strict=True):
        writer.writerow([_cell(v) for v in row])
    write_bytes_atomic(path, buf.getvalue().encode("utf-8"))


def write_daily_parquet(path: Path, daily: dict[str, list]) -> bool:
    """Write the daily table as Parquet if pyarrow is installed; return whether it did."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return False
    buf = io.BytesIO()
    pq.write_table(pa.table(daily), buf)
    write_bytes_atomic(path, buf.getvalue())
    return True
