#!/usr/bin/env bash
# Times cvpdf against stock `typst compile` on the same documents, as whole
# processes, with hyperfine, and prints medians and ratios.
#
# Needs hyperfine (Debian: `apt-get install hyperfine`) and typst-cli at the
# typst version cvpdf embeds, which this script looks for on PATH, then in
# ~/.cache/cvpdf/typst-cli. To install it there:
#   cargo install typst-cli --version 0.15.1 --locked --root ~/.cache/cvpdf/typst-cli
# Usage: bench/compare.sh            (RUNS=30 bench/compare.sh for more runs)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(grep -A1 '^name = "typst"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
typst=${TYPST:-$(command -v typst || echo "$HOME/.cache/cvpdf/typst-cli/bin/typst")}
if [ ! -x "$typst" ]; then
	echo "no typst binary; install typst-cli $version with:" >&2
	echo "  cargo install typst-cli --version $version --locked --root ~/.cache/cvpdf/typst-cli" >&2
	exit 1
fi
if ! "$typst" --version | grep -q "$version"; then
	echo "warning: $("$typst" --version) is not typst $version" >&2
fi
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install hyperfine" >&2; exit 1; }

cargo build --release --locked --quiet
bin=target/release/cvpdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
layouts="classic onepage ovni"
for layout in $layouts; do
	"$bin" eject "$work/$layout" --layout "$layout" --quiet
done

# Both tools check the same standards (cvpdf's default) and write to a file.
commands=()
for layout in $layouts; do
	commands+=(-n "cvpdf $layout" "$bin --layout $layout --output $work/$layout.pdf")
	commands+=(-n "typst $layout" "$typst compile --ignore-system-fonts --font-path $work/$layout/fonts --pdf-standard a-2a,ua-1 $work/$layout/main.typ $work/typst-$layout.pdf")
done
commands+=(-n "cvpdf all" "$bin --layout all --output $work/all")
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --style none --export-csv "$work/times.csv" "${commands[@]}" >/dev/null

median() { awk -F, -v name="$1" '$1 == name { printf "%.1f", $4 * 1000 }' "$work/times.csv"; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(nproc) cores, $(awk '/model name/ { sub(/^[^:]*: /, ""); print; exit }' /proc/cpuinfo)"
echo "cvpdf $("$bin" --version | cut -d' ' -f2), $("$typst" --version | head -1)"
echo
printf '| %-16s | %10s |\n' "command" "median ms"
printf '|%s|%s|\n' "------------------" "------------"
for name in "cvpdf classic" "typst classic" "cvpdf onepage" "typst onepage" "cvpdf ovni" "typst ovni" "cvpdf all"; do
	printf '| %-16s | %10s |\n' "$name" "$(median "$name")"
done
echo
printf '| %-34s | %6s | %6s |\n' "ratio" "value" "target"
printf '|%s|%s|%s|\n' "------------------------------------" "--------" "--------"
for layout in $layouts; do
	printf '| %-34s | %6s | %6s |\n' "cvpdf / typst, $layout" "$(ratio "cvpdf $layout" "typst $layout")" "≤ 1.0"
done
printf '| %-34s | %6s | %6s |\n' "--layout all / classic" "$(ratio "cvpdf all" "cvpdf classic")" "≤ 1.5"
printf '| %-34s | %6s | %6s |\n' "--layout all / onepage (slowest)" "$(ratio "cvpdf all" "cvpdf onepage")" "≤ 1.5"
printf '| %-34s | %6s | %6s |\n' "onepage / classic" "$(ratio "cvpdf onepage" "cvpdf classic")" "≤ 2.0"
echo
peak=$( { /usr/bin/time -f %M "$bin" --layout classic --output "$work/m.pdf" >/dev/null; } 2>&1 | tail -1)
echo "peak memory, classic: $((peak / 1024)) MiB"
