#!/usr/bin/env bash
# Times cvpdf against itself and its peers as whole processes, in one
# hyperfine run, and prints medians and the ratios its issues set targets for:
#   - `--format txt` / classic PDF, on the default CV (text needs no compile);
#   - onepage / classic, on the default CV (the cost of the fit search);
#   - cvpdf classic / ferrocv 0.11, on JSON Resume's sample.resume.json (a
#     peer embedding the same compiler, both writing 2 tagged pages);
#   - cvpdf / typst compile on the ejected projects, when typst-cli is there.
#
# Needs hyperfine (Debian: `apt-get install hyperfine`). The peers are
# optional, each skipped with a note when absent:
#   ferrocv, on PATH or FERROCV=/path/to/ferrocv:
#     cargo install ferrocv --version 0.11.0 --locked
#   typst-cli at the version cvpdf embeds, on PATH, TYPST=…, or in
#   ~/.cache/cvpdf/typst-cli:
#     cargo install typst-cli --version 0.15.1 --locked --root ~/.cache/cvpdf/typst-cli
# Usage: bench/compare.sh            (RUNS=30 for more runs; CVPDF=path/to/cvpdf
#                                     times that binary instead of building one)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }

# shellcheck source=bench/common.sh
. bench/common.sh
version=$(grep -A1 '^name = "typst"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
typst=${TYPST:-$(command -v typst || echo "$HOME/.cache/cvpdf/typst-cli/bin/typst")}
[ -x "$typst" ] || typst=
layouts="classic onepage ovni"

commands=()
add() { commands+=(-n "$1" "$2"); }
for layout in $layouts; do
	add "cvpdf $layout" "$bin --data $seed --layout $layout --output $work/$layout.pdf"
done
add "cvpdf txt" "$bin --data $seed --format txt --output $work/cv.txt"
add "cvpdf all" "$bin --data $seed --layout all --output $work/all"
add "cvpdf sample" "$bin --data $sample --output $work/sample.pdf"
add "cvpdf sample no-std" "$bin --data $sample --pdf-standard none --output $work/sample-none.pdf"
if [ -n "$ferrocv" ]; then
	add "ferrocv sample" "$ferrocv render $sample -o $work/ferrocv.pdf"
fi
if [ -n "$typst" ]; then
	"$typst" --version | grep -q "$version" || echo "warning: $("$typst" --version) is not typst $version" >&2
	# Both tools check the same standards (cvpdf's default) and write to a file.
	for layout in $layouts; do
		"$bin" eject "$work/$layout" --data "$seed" --layout "$layout" --quiet
		add "typst $layout" "$typst compile --ignore-system-fonts --font-path $work/$layout/fonts --pdf-standard a-2a,ua-1 $work/$layout/main.typ $work/typst-$layout.pdf"
	done
fi
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --style none --export-csv "$work/times.csv" "${commands[@]}" >/dev/null

median() { awk -F, -v name="$1" '$1 == name { printf "%.1f", $4 * 1000 }' "$work/times.csv"; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(nproc) cores, $(awk '/model name/ { sub(/^[^:]*: /, ""); print; exit }' /proc/cpuinfo), load $(cut -d' ' -f1 /proc/loadavg)"
echo "cvpdf $("$bin" --version | cut -d' ' -f2)${ferrocv:+, $("$ferrocv" --version | head -1)}${typst:+, $("$typst" --version | head -1)}"
echo
printf '| %-26s | %10s |\n' "command" "median ms"
printf "|%s|%s|\n" "----------------------------" "-----------:"
while IFS=, read -r name _; do
	[ "$name" = command ] || printf '| %-26s | %10s |\n' "$name" "$(median "$name")"
done <"$work/times.csv"
echo
row() { printf '| %-34s | %6s | %6s |\n' "$1" "$2" "$3"; }
row "ratio" "value" "target"
printf '|%s|%s|%s|\n' "------------------------------------" "-------:" "-------:"
row "txt / classic" "$(ratio "cvpdf txt" "cvpdf classic")" "≤ 0.3"
row "onepage / classic" "$(ratio "cvpdf onepage" "cvpdf classic")" "≤ 1.3"
if [ -n "$ferrocv" ]; then
	row "cvpdf / ferrocv, sample" "$(ratio "cvpdf sample" "ferrocv sample")" "≤ 1.0"
	row "cvpdf / ferrocv, sample, no std." "$(ratio "cvpdf sample no-std" "ferrocv sample")" "≤ 1.0"
fi
row "--layout all / onepage (slowest)" "$(ratio "cvpdf all" "cvpdf onepage")" "≤ 1.5"
if [ -n "$typst" ]; then
	for layout in $layouts; do
		row "cvpdf / typst, $layout" "$(ratio "cvpdf $layout" "typst $layout")" "≤ 1.0"
	done
fi
[ -n "$ferrocv" ] || echo "(no ferrocv: cargo install ferrocv --version 0.11.0 --locked, or FERROCV=…)"
[ -n "$typst" ] || echo "(no typst-cli $version: cargo install typst-cli --version $version --locked --root ~/.cache/cvpdf/typst-cli, or TYPST=…)"
echo
peak=$( { /usr/bin/time -f %M "$bin" --data $seed --layout classic --output "$work/m.pdf" >/dev/null; } 2>&1 | tail -1)
echo "peak memory, classic: $((peak / 1024)) MiB"
