#!/usr/bin/env bash
# Times `cvpdf --data DIR` on 50, 100 and 200 CVs (copies of the JSON Resume
# conformance files and of the default CV) and prints CVs per second, to see
# that the time grows linearly. Needs hyperfine.
# Usage: bench/batch.sh                 (LAYOUT=onepage bench/batch.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }
cargo build --release --locked --quiet
bin=$PWD/target/release/cvpdf
layout=${LAYOUT:-classic}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sources=(tests/fixtures/jsonresume/*.json data/cv.yaml)

echo "machine: $(nproc) cores; layout: $layout"
printf '| %5s | %10s | %9s |\n' "CVs" "median s" "CVs / s"
printf '|%s|%s|%s|\n' "-------" "------------" "-----------"
for count in 50 100 200; do
	dir="$work/cvs-$count"
	mkdir -p "$dir"
	for ((i = 0; i < count; i++)); do
		source=${sources[i % ${#sources[@]}]}
		cp "$source" "$dir/cv-$i.${source##*.}"
	done
	hyperfine -N --warmup 1 --runs "${RUNS:-3}" --style none \
		--export-csv "$work/$count.csv" \
		"$bin --quiet --data $dir --layout $layout --output $work/out-$count" >/dev/null
	median=$(awk -F, 'NR == 2 { print $5 }' "$work/$count.csv")
	printf '| %5d | %10.2f | %9.1f |\n' "$count" "$median" "$(awk -v n="$count" -v t="$median" 'BEGIN { print n / t }')"
done
