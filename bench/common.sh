# shellcheck shell=bash disable=SC2034
# (the variables are for the scripts that source this file)
# Sourced by bench/compare.sh and bench/instructions.sh, from the repository's
# root: the binary to measure (CVPDF, else a release build), the peer
# ferrocv when there is one (on PATH or FERROCV), the inputs, a scratch
# directory removed at exit, and a fixed SOURCE_DATE_EPOCH.
if [ -n "${CVPDF:-}" ]; then
	bin=$CVPDF
else
	cargo build --release --locked --quiet
	bin=${CARGO_TARGET_DIR:-target}/release/cvpdf
fi
ferrocv=${FERROCV:-$(command -v ferrocv || true)}
[ -n "$ferrocv" ] && [ -x "$ferrocv" ] || ferrocv=
sample=tests/fixtures/jsonresume/sample.resume.json
seed=data/cv.yaml

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000
