#!/usr/bin/env bash
# Checks that two cvpdf binaries write byte-identical files for the seed CV and
# the JSON Resume conformance files, in every built-in layout: run it before and
# after a restructuring that must not change any output.
# Usage: bench/identical.sh OLD_BINARY NEW_BINARY
#   e.g. git worktree add /tmp/old main && (cd /tmp/old && cargo build --release)
#        bench/identical.sh /tmp/old/target/release/cvpdf target/release/cvpdf
# Prints one line per file and exits 1 if any differs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
old=$1 new=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000
layouts=$("$new" layouts 2>/dev/null | awk '{ print $1 }' || true)
[ -n "$layouts" ] || layouts="classic onepage ovni"
differ=0
for data in data/cv.yaml tests/fixtures/jsonresume/*.resume.json; do
	stem=$(basename "$data"); stem=${stem%%.*}
	for layout in $layouts; do
		for format in pdf txt; do
			out="$stem-$layout.$format"
			"$old" --data "$data" --layout "$layout" --format "$format" --output "$work/old-$out" --quiet
			"$new" --data "$data" --layout "$layout" --format "$format" --output "$work/new-$out" --quiet
			if cmp -s "$work/old-$out" "$work/new-$out"; then
				echo "identical  $out"
			else
				echo "DIFFERENT  $out"
				differ=1
			fi
		done
	done
done
exit "$differ"
