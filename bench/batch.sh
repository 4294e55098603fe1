#!/usr/bin/env bash
# Times `cvpdf --data DIR` on 50, 100 and 200 CVs (copies of the JSON Resume
# conformance files and of the default CV, each with its own name and
# wording) and prints CVs per second, to see that the time grows linearly.
# Needs hyperfine.
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
printf '| %5s | %10s | %9s | %10s |\n' "CVs" "median s" "CVs / s" "peak MiB"
printf '|%s|%s|%s|%s|\n' "-------" "------------" "-----------" "------------"
for count in 50 100 200; do
	dir="$work/cvs-$count"
	mkdir -p "$dir"
	for ((i = 0; i < count; i++)); do
		source=${sources[i % ${#sources[@]}]}
		# Each CV its own person, with its own wording in almost every
		# paragraph: Typst reuses the layout of a paragraph it has seen, so
		# copies that differed only in the name would mostly be cache hits.
		sed -e "0,/\"name\": \"/s//\"name\": \"No $i /; 0,/^  name: /s//  name: No $i /" \
			-e "s/ the / the$i /g; s/ and / and$i /g; s/ a / a$i /g; s/ de / de$i /g; s/ et / et$i /g; s/ la / la$i /g; s/ in / in$i /g; s/ of / of$i /g; s/ to / to$i /g; s/ for / for$i /g; s/ with / with$i /g" \
			"$source" >"$dir/cv-$i.${source##*.}"
	done
	hyperfine -N --warmup 1 --runs "${RUNS:-3}" --style none \
		--export-csv "$work/$count.csv" \
		"$bin --quiet --data $dir --layout $layout --output $work/out-$count" >/dev/null
	median=$(awk -F, 'NR == 2 { print $4 }' "$work/$count.csv")
	peak=$( { /usr/bin/time -f %M "$bin" --quiet --data "$dir" --layout "$layout" --output "$work/out-$count"; } 2>&1 | tail -1)
	printf '| %5d | %10.2f | %9.1f | %10d |\n' "$count" "$median" "$(awk -v n="$count" -v t="$median" 'BEGIN { print n / t }')" "$((peak / 1024))"
done
