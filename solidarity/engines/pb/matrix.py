"""A prepared election's ballots as a sparse 0/1 matrix (numpy): one row per distinct ballot,
with its number of voters as weight, and the supporters of each project as row arrays."""

from __future__ import annotations

import numpy as np

from .satisfaction import Prepared


class BallotMatrix:
    def __init__(self, prep: Prepared, keep: list[bool] | None = None):
        """`keep[j]` False leaves project j out (no row supports it)."""
        m = len(prep.ids)
        self.m = m
        self.w, lens, cols = prep.entries
        self.n_rows = self.w.size
        rows = np.repeat(np.arange(self.n_rows, dtype=np.int64), lens)
        if keep is not None and not all(keep):
            kept = np.array(keep, dtype=bool)[cols]
            rows, cols = rows[kept], cols[kept]
        self.rows, self.cols = rows, cols
        # rows -> projects (CSR)
        self.row_ptr = np.searchsorted(rows, np.arange(self.n_rows + 1))
        # projects -> rows
        order = np.argsort(cols, kind="stable")
        by_col = rows[order]
        ptr = np.searchsorted(cols[order], np.arange(m + 1))
        self.sup = [by_col[ptr[j]:ptr[j + 1]] for j in range(m)]
        self.wsup = [self.w[s] for s in self.sup]
        self.W = [int(x.sum()) for x in self.wsup]

    def entries(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nonzeros of these rows: (row position in `rows`, project) for each."""
        starts = self.row_ptr[rows]
        lens = self.row_ptr[rows + 1] - starts
        nnz = int(lens.sum())
        where = np.repeat(np.arange(rows.size), lens)
        offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(nnz)
        return where, self.cols[offsets]
