#!/usr/bin/env bash
# Counts the instructions each command of bench/compare.sh's ratios executes,
# as a whole process, with callgrind: unlike wall times on a shared machine,
# the counts repeat from run to run (to a few tenths of a percent, rayon's
# threads aside), so the ratios can be compared from one commit to the next.
# Instructions are not time: a run that touches more fresh memory, as
# onepage's several compiles do, takes more time per instruction.
#
# Needs valgrind (Debian: `apt-get install valgrind`); ferrocv is optional,
# on PATH or FERROCV=/path/to/ferrocv (cargo install ferrocv --version 0.11.0 --locked).
# Usage: bench/instructions.sh    (CVPDF=path/to/cvpdf counts that binary
#                                  instead of building one)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }

# shellcheck source=bench/common.sh
. bench/common.sh

# count NAME COMMAND...: the instructions COMMAND executes, every thread.
declare -A counts
count() {
	local name=$1
	shift
	valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$work/callgrind.out" "$@" \
		>/dev/null 2>"$work/valgrind.log"
	counts[$name]=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/valgrind.log")
	printf '| %-22s | %8.1f M |\n' "$name" "$(awk -v n="${counts[$name]}" 'BEGIN { print n / 1e6 }')"
}

printf '| %-22s | %10s |\n' "command" "instructions"
printf '|%s|%s|\n' "------------------------" "-----------:"
count "cvpdf classic" "$bin" --data $seed --layout classic --output "$work/classic.pdf"
count "cvpdf onepage" "$bin" --data $seed --layout onepage --output "$work/onepage.pdf"
count "cvpdf txt" "$bin" --data $seed --format txt --output "$work/cv.txt"
count "cvpdf sample" "$bin" --data $sample --output "$work/sample.pdf"
[ -z "$ferrocv" ] || count "ferrocv sample" "$ferrocv" render $sample -o "$work/ferrocv.pdf"

ratio() { awk -v a="${counts[$1]}" -v b="${counts[$2]}" 'BEGIN { printf "%.3f", a / b }'; }
echo
printf '| %-26s | %6s | %6s |\n' "ratio" "value" "target"
printf '|%s|%s|%s|\n' "----------------------------" "-------:" "-------:"
printf '| %-26s | %6s | %6s |\n' "txt / classic" "$(ratio "cvpdf txt" "cvpdf classic")" "≤ 0.3"
printf '| %-26s | %6s | %6s |\n' "onepage / classic" "$(ratio "cvpdf onepage" "cvpdf classic")" "≤ 1.3"
if [ -n "$ferrocv" ]; then
	printf '| %-26s | %6s | %6s |\n' "cvpdf / ferrocv, sample" "$(ratio "cvpdf sample" "ferrocv sample")" "≤ 1.0"
else
	echo "(no ferrocv: cargo install ferrocv --version 0.11.0 --locked, or FERROCV=…)"
fi
