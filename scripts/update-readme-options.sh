#!/usr/bin/env bash
# Regenerates README.md's option table (between <!-- options:begin --> and <!-- options:end -->) from the catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
table=$(dotnet run --project src/Lanyard -v q -- config options)
python3 - "$table" <<'PY'
import sys
table = sys.argv[1]
path = "README.md"
text = open(path, encoding="utf-8").read()
begin, end = "<!-- options:begin -->", "<!-- options:end -->"
start, stop = text.index(begin) + len(begin), text.index(end)
open(path, "w", encoding="utf-8").write(text[:start] + "\n" + table.strip() + "\n" + text[stop:])
PY
