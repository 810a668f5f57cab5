#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the JSearch test
fixtures (tests/fixtures/jsearch/*.json) and the recorded real replies (../shared/data/jsearch-real,
see its SOURCES.md). Adds files, never deletes: grown inputs already in the corpus stay.

  parse_envelope: every whole reply body, byte for byte; a reply larger than --max-bytes (24 KiB)
                  is written instead with its data array cut to the first jobs that fit (libFuzzer
                  makes no input longer than the longest seed: big seeds mean a slow fuzzer and a
                  big corpus; the jobs themselves are all seeds of transform_job).
  transform_job:  every job object (an object with a non-blank string job_id, found anywhere, not
                  inside a found job nor inside "parameters"), one file per distinct object, plus
                  the non-job elements of data arrays (they exercise the error path).

usage: fuzz/seed_corpus.py [--real DIR] [--max-bytes N]
"""
import argparse
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load(path):
    raw = path.read_bytes()
    try:
        return raw, json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return raw, None


def job_objects(v, out):
    if isinstance(v, dict):
        jid = v.get("job_id")
        if isinstance(jid, str) and jid.strip():
            out.append(v)
            return
        for k, x in v.items():
            if k != "parameters":
                job_objects(x, out)
    elif isinstance(v, list):
        for x in v:
            job_objects(x, out)


def write(dirpath, name, data, seen):
    digest = hashlib.sha1(data).hexdigest()
    if digest in seen:
        return False
    seen.add(digest)
    (dirpath / name).write_bytes(data)
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", default=str(ROOT.parent / "shared/data/jsearch-real"))
    ap.add_argument("--max-bytes", type=int, default=24 * 1024)
    args = ap.parse_args()

    sources = sorted((ROOT / "tests/fixtures/jsearch").glob("*.json"))
    real = pathlib.Path(args.real)
    if real.is_dir():
        sources += sorted(real.glob("*.json")) + sorted(real.glob("*/*.json"))
    else:
        print(f"note: {real} not found, seeding from the test fixtures only", file=sys.stderr)

    env_dir = ROOT / "fuzz/corpus/parse_envelope"
    job_dir = ROOT / "fuzz/corpus/transform_job"
    env_dir.mkdir(parents=True, exist_ok=True)
    job_dir.mkdir(parents=True, exist_ok=True)
    env_seen = {hashlib.sha1(p.read_bytes()).hexdigest() for p in env_dir.iterdir()}
    job_seen = {hashlib.sha1(p.read_bytes()).hexdigest() for p in job_dir.iterdir()}
    n_env = n_job = 0

    for src in sources:
        stem = src.stem if src.parent.name in ("jsearch", real.name) else f"{src.parent.name}__{src.stem}"
        raw, doc = load(src)
        if len(raw) <= args.max_bytes:
            n_env += write(env_dir, f"seed__{stem}.json", raw, env_seen)
        elif isinstance(doc, dict) and isinstance(doc.get("data"), list) and doc["data"]:
            # The envelope with as many of its first jobs as fit (at least one).
            for k in range(len(doc["data"]), 0, -1):
                data = json.dumps(dict(doc, data=doc["data"][:k]), ensure_ascii=False, indent=1).encode("utf-8")
                if len(data) <= args.max_bytes or k == 1:
                    break
            n_env += write(env_dir, f"seed__{stem}__first{k}.json", data, env_seen)
        if doc is None:
            continue
        jobs = []
        job_objects(doc, jobs)
        if isinstance(doc, dict) and isinstance(doc.get("data"), list):
            jobs += [x for x in doc["data"] if not (isinstance(x, dict) and isinstance(x.get("job_id"), str)
                                                    and x["job_id"].strip())]
        for i, job in enumerate(jobs):
            data = json.dumps(job, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            n_job += write(job_dir, f"seed__{stem}__{i:03d}.json", data, job_seen)

    print(f"parse_envelope: {n_env} new seed files in {env_dir.relative_to(ROOT)}")
    print(f"transform_job: {n_job} new seed files in {job_dir.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
