"""Duplicates: exact ones (the same 8-byte line key) and near ones (one-permutation MinHash of word 3-shingles,
LSH banding). Imports only numpy (lazily); the chunk engine computes the signatures, the report pairs them."""

from __future__ import annotations

from typing import Any

NEAR_DUP_BINS = 32          # one-permutation MinHash: 32 bins of one hash of word 3-shingles
NEAR_DUP_BANDS = 8          # LSH: 8 bands of 4 bins
NEAR_DUP_THRESHOLD = 0.8    # estimated Jaccard similarity that makes a near duplicate
NEAR_DUP_MIN_SHINGLES = 8


def signatures(tok: Any, counts: Any, owners: tuple[Any, Any], n_examples: int) -> tuple[bytes, bytes]:
    """One-permutation MinHash of each example's word 3-shingles: NEAR_DUP_BINS one-byte bins per example.

    `tok` is the concatenated word hashes (tokens.WordCounter) of a chunk's distinct texts, `counts` their
    lengths in words, `owners` (text index, example index) rows mapping texts to examples (an example's
    signature is the bin-wise minimum of its texts' signatures). For speed, in texts of 48 words or more only
    the shingles whose first word hash is a multiple of 4 are kept (content-defined: the same shingle is kept
    or dropped in every text), all shingles in shorter texts.
    Returns (signatures, ok flags: enough shingles to compare)."""
    import numpy as np

    nb = NEAR_DUP_BINS
    n_texts = len(counts)
    ends = np.cumsum(counts)
    if len(tok) >= 3:
        u32 = np.uint32
        t = tok.astype(u32, copy=False)
        # content-defined sample: shingles whose first word hash is a multiple of 4 (all of them in short texts)
        keep = (t[:-2] & u32(3)) == 0
        keep |= np.repeat(counts < 48, counts)[:-2]
        pos = np.flatnonzero(keep)
        t_of = np.searchsorted(ends, pos, side="right")
        inside = (pos + 2) < ends[np.minimum(t_of, n_texts - 1)]
        pos, t_of = pos[inside], t_of[inside]
        hv = t[pos] * u32(0x9E3779B1) + t[pos + 1] * u32(0x85EBCA77) + t[pos + 2] * u32(0xC2B2AE3D)
        hv ^= hv >> u32(15)
        hv *= u32(0x2C1B3C6D)
        hv ^= hv >> u32(12)
        hv *= u32(0x297A2D39)
        hv ^= hv >> u32(16)
    else:
        hv = np.empty(0, dtype=np.uint32)
        t_of = np.empty(0, dtype=np.int64)
    ut = np.uint32
    maxv = np.iinfo(ut).max
    text_idx, ex_idx = owners
    # each text goes to its first example directly; texts shared by several examples (a repeated question)
    # also go to the others through their own small signatures
    first_owner = np.full(n_texts, -1, dtype=np.int64)
    first_owner[text_idx[::-1]] = ex_idx[::-1]
    e_of = first_owner[t_of]
    bins = (hv & ut(nb - 1)).astype(np.int64)
    vals = hv >> ut(5)
    sig_flat = np.full(n_examples * nb, maxv, dtype=ut)
    np.minimum.at(sig_flat, e_of * nb + bins, vals)
    sig_e = sig_flat.reshape(n_examples, nb)
    sh_e = np.bincount(e_of, minlength=n_examples).astype(np.float64)
    extra = np.flatnonzero(ex_idx != first_owner[text_idx])
    if len(extra):
        shared, local = np.unique(text_idx[extra], return_inverse=True)
        sel = np.flatnonzero(np.isin(t_of, shared))
        row = np.searchsorted(shared, t_of[sel])
        sig_s = np.full(len(shared) * nb, maxv, dtype=ut)
        np.minimum.at(sig_s, row * nb + bins[sel], vals[sel])
        np.minimum.at(sig_e, ex_idx[extra], sig_s.reshape(len(shared), nb)[local])
        n_sh = np.bincount(row, minlength=len(shared))
        sh_e += np.bincount(ex_idx[extra], weights=n_sh[local], minlength=n_examples)
    small = (sig_e & ut(0xFE)).astype(np.uint8)  # one byte per bin; 0xFF marks an empty bin
    small[sig_e == maxv] = 0xFF
    ok = (sh_e >= NEAR_DUP_MIN_SHINGLES).astype(np.uint8)
    return small.tobytes(), ok.tobytes()


def duplicate_groups(keys: bytes, n: int) -> list[list[int]]:
    """Groups (earliest first) of examples with the same 8-byte key; zero keys (unusable lines) are ignored."""
    import numpy as np

    if not n:
        return []
    k = np.frombuffer(keys, dtype=np.uint64)
    idx = np.flatnonzero(k != 0)
    if not len(idx):
        return []
    _u, first, inv, cnt = np.unique(k[idx], return_index=True, return_inverse=True, return_counts=True)
    dup = np.flatnonzero(cnt[inv] > 1)
    out: dict[int, list[int]] = {}
    for j in dup.tolist():
        out.setdefault(int(idx[first[inv[j]]]), []).append(int(idx[j]))
    return sorted(sorted(g) for g in out.values())


def near_pairs(sigs: bytes, sig_ok: bytes, n: int, skip: set[int]) -> list[tuple[int, int, int]]:
    """LSH over the MinHash signatures (never all pairs): examples sharing a band are candidates (each is
    compared with the earliest and the previous member of its bucket), kept when the estimated similarity is at
    least NEAR_DUP_THRESHOLD. Each example is reported once, against the earliest similar example."""
    import numpy as np

    nb, bands = NEAR_DUP_BINS, NEAR_DUP_BANDS
    sig = np.frombuffer(sigs, dtype=np.uint8).reshape(n, nb)
    ok = np.frombuffer(sig_ok, dtype=np.uint8).astype(bool)
    if skip:
        ok = ok.copy()
        ok[list(skip)] = False
    idx = np.flatnonzero(ok)
    if len(idx) < 2:
        return []
    keys = np.ascontiguousarray(sig[idx]).view(np.uint32).reshape(len(idx), bands)  # 4 bins per band
    empty = np.uint32(0xFFFFFFFF)
    pa, pb = [], []
    for band in range(bands):
        kb = keys[:, band]
        order = np.argsort(kb, kind="stable")
        ks = kb[order]
        same_prev = np.zeros(len(ks), dtype=bool)
        same_prev[1:] = ks[1:] == ks[:-1]
        same_prev &= ks != empty
        if not same_prev.any():
            continue
        start = np.flatnonzero(~same_prev)
        group_first = start[np.searchsorted(start, np.arange(len(ks)), side="right") - 1]
        members = np.flatnonzero(same_prev)
        for other in (order[group_first[members]], order[members - 1]):
            pa.append(idx[other])
            pb.append(idx[order[members]])
    if not pa:
        return []
    a = np.concatenate(pa)
    b = np.concatenate(pb)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    sa, sb = sig[pairs[:, 0]], sig[pairs[:, 1]]
    eq = sa == sb
    both_empty = (eq & (sa == 0xFF)).sum(axis=1)
    same = eq.sum(axis=1) - both_empty
    denom = nb - both_empty
    sim = np.where(denom > 0, same / np.maximum(denom, 1), 0.0)
    keep = sim >= NEAR_DUP_THRESHOLD
    best: dict[int, tuple[int, int]] = {}
    for x, y, s_ in zip(pairs[keep, 0].tolist(), pairs[keep, 1].tolist(), sim[keep].tolist(), strict=True):
        if y not in best or x < best[y][0]:
            best[y] = (x, round(100 * s_))
    return sorted((x, y, s_) for y, (x, s_) in best.items())
