#!/usr/bin/env bash
# Times `cvpdf --data DIR` on 50, 100 and 200 CVs (copies of the JSON Resume
# conformance files and of the default CV, each with its own name and
# wording) and prints CVs per second, to see that the time grows linearly.
# Then times each third of 60 CVs (`--shard K/3`) against the whole, to see
# that a part takes its share of the time: N runners of a job matrix finish
# in about 1/N of it.
# Needs hyperfine.
# Usage: bench/batch.sh                 (LAYOUT=onepage bench/batch.sh)
#   COUNTS="50 100 200"  the directory sizes timed whole ("" for none)
#   SHARD_CVS=60         the directory split into thirds (0 for none)
#   CVPDF=path           a binary to time instead of building the release one
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }
if [ -z "${CVPDF:-}" ]; then
	cargo build --release --locked --quiet
	bin=$PWD/target/release/cvpdf
else
	bin=$(realpath "$CVPDF")
fi
layout=${LAYOUT:-classic}
counts=${COUNTS-50 100 200}
shard_cvs=${SHARD_CVS:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sources=(tests/fixtures/jsonresume/*.json data/cv.yaml)

# make_cvs DIR COUNT: COUNT CVs in DIR.
make_cvs() {
	mkdir -p "$1"
	for ((i = 0; i < $2; i++)); do
		source=${sources[i % ${#sources[@]}]}
		# Each CV its own person, with its own wording in almost every
		# paragraph: Typst reuses the layout of a paragraph it has seen, so
		# copies that differed only in the name would mostly be cache hits.
		sed -e "0,/\"name\": \"/s//\"name\": \"No $i /; 0,/^  name: /s//  name: No $i /" \
			-e "s/ the / the$i /g; s/ and / and$i /g; s/ a / a$i /g; s/ de / de$i /g; s/ et / et$i /g; s/ la / la$i /g; s/ in / in$i /g; s/ of / of$i /g; s/ to / to$i /g; s/ for / for$i /g; s/ with / with$i /g" \
			"$source" >"$1/cv-$i.${source##*.}"
	done
}

echo "machine: $(nproc) cores; layout: $layout; binary: $bin"
if [ -n "$counts" ]; then
	printf '| %5s | %10s | %9s | %10s |\n' "CVs" "median s" "CVs / s" "peak MiB"
	printf '|%s|%s|%s|%s|\n' "-------" "------------" "-----------" "------------"
fi
for count in $counts; do
	dir="$work/cvs-$count"
	make_cvs "$dir" "$count"
	hyperfine -N --warmup 1 --runs "${RUNS:-3}" --style none \
		--export-csv "$work/$count.csv" \
		"$bin --quiet --data $dir --layout $layout --output $work/out-$count" >/dev/null
	median=$(awk -F, 'NR == 2 { print $4 }' "$work/$count.csv")
	peak=$( { /usr/bin/time -f %M "$bin" --quiet --data "$dir" --layout "$layout" --output "$work/out-$count"; } 2>&1 | tail -1)
	printf '| %5d | %10.2f | %9.1f | %10d |\n' "$count" "$median" "$(awk -v n="$count" -v t="$median" 'BEGIN { print n / t }')" "$((peak / 1024))"
done

if [ "$shard_cvs" -gt 0 ]; then
	dir="$work/shards"
	make_cvs "$dir" "$shard_cvs"
	runs=("$bin --quiet --data $dir --layout $layout --output $work/out-whole")
	for k in 1 2 3; do
		runs+=("$bin --quiet --data $dir --layout $layout --output $work/out-$k --shard $k/3")
	done
	hyperfine -N --warmup 1 --runs "${RUNS:-3}" --style none --export-csv "$work/shards.csv" "${runs[@]}" >/dev/null
	echo
	# CPU time (user + system) as well as wall time: on a busy machine the
	# wall time of each run depends on what else runs, its CPU time does not.
	printf '| %-11s | %5s | %8s | %11s | %11s | %7s | %11s |\n' "run" "CVs" "median s" "CV share" "time share" "CPU s" "CPU share"
	printf '|%s|%s|%s|%s|%s|%s|%s|\n' "-------------" "-------" "----------" "-------------" "-------------" "---------" "-------------"
	whole=$(awk -F, 'NR == 2 { print $4 }' "$work/shards.csv")
	whole_cpu=$(awk -F, 'NR == 2 { print $5 + $6 }' "$work/shards.csv")
	total=0
	total_cpu=0
	for k in 0 1 2 3; do
		median=$(awk -F, -v row=$((k + 2)) 'NR == row { print $4 }' "$work/shards.csv")
		cpu=$(awk -F, -v row=$((k + 2)) 'NR == row { print $5 + $6 }' "$work/shards.csv")
		if [ "$k" = 0 ]; then
			name="whole"
			cvs=$shard_cvs
		else
			name="--shard $k/3"
			# The note says how many CVs the part holds: "shard 1/3: 21 of the 60 CVs".
			cvs=$("$bin" --data "$dir" --layout "$layout" --output "$work/out-$k" --shard "$k/3" 2>&1 >/dev/null |
				sed -n 's/^shard [0-9]*\/3: \([0-9]*\) of .*/\1/p')
			cvs=${cvs:-0}
			total=$(awk -v a="$total" -v b="$median" 'BEGIN { print a + b }')
			total_cpu=$(awk -v a="$total_cpu" -v b="$cpu" 'BEGIN { print a + b }')
		fi
		printf '| %-11s | %5d | %8.2f | %9.1f %% | %9.1f %% | %7.2f | %9.1f %% |\n' "$name" "$cvs" "$median" \
			"$(awk -v n="$cvs" -v t="$shard_cvs" 'BEGIN { print 100 * n / t }')" \
			"$(awk -v m="$median" -v w="$whole" 'BEGIN { print 100 * m / w }')" "$cpu" \
			"$(awk -v c="$cpu" -v w="$whole_cpu" 'BEGIN { print 100 * c / w }')"
	done
	printf 'the three parts one after another: %.2f s, %.2f times the whole; CPU %.2f s, %.2f times the whole\n' \
		"$total" "$(awk -v a="$total" -v w="$whole" 'BEGIN { print a / w }')" \
		"$total_cpu" "$(awk -v a="$total_cpu" -v w="$whole_cpu" 'BEGIN { print a / w }')"
fi
