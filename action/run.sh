#!/usr/bin/env bash
# The logic of the cvpdf GitHub Action (../action.yml), one phase per step:
#   resolve  the cvpdf version, this runner's release target, the install directory
#   install  the release's binary, checked against its SHA256SUMS, else
#            `cargo install --locked` when the release has none for this runner
#   render   the CV (and the job applications) into the output directory
#   release  on a v* tag, attach the rendered files to the tag's release
# It reads what action.yml passes (INPUT_*, CVPDF_*), what GitHub sets
# (GITHUB_*, RUNNER_*), and CVPDF_RELEASE_URL: where releases are downloaded
# from, https://github.com/<repository>/releases/download by default (tests
# point it at a local directory, file:///…).
set -euo pipefail

ACTION_DIR="$(cd "$(dirname "$0")/.." && pwd)"
SCRATCH="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"

die() {
	echo "::error title=cvpdf::$*" >&2
	exit 1
}

note() {
	echo "cvpdf: $*" >&2
}

# Writes name=value to this step's outputs.
output() {
	case "$2" in *$'\n'*) die "$1 holds a line break: $2" ;; esac
	printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
}

# Prints a command, then runs it.
run() {
	echo "+ $*" >&2
	"$@"
}

# The version in this action's own Cargo.toml: the release it belongs to.
action_version() {
	sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_DIR/Cargo.toml" | head -n 1
}

# The release target that runs on this runner: GitHub's RUNNER_OS and
# RUNNER_ARCH, else uname. A platform releases do not cover gets a name that
# no release lists, so that install builds from source.
runner_target() {
	local os arch
	os="${RUNNER_OS:-$(uname -s)}"
	arch="${RUNNER_ARCH:-$(uname -m)}"
	case "$os" in
	Linux) os=linux ;;
	macOS | Darwin) os=macos ;;
	Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
	esac
	case "$arch" in
	X64 | x86_64 | amd64 | AMD64) arch=x86_64 ;;
	ARM64 | arm64 | aarch64) arch=aarch64 ;;
	ARM | armv7l) arch=armv7 ;;
	X86 | i686 | i386) arch=i686 ;;
	esac
	case "$os-$arch" in
	linux-x86_64) echo x86_64-unknown-linux-musl ;;
	linux-aarch64) echo aarch64-unknown-linux-musl ;;
	macos-aarch64) echo aarch64-apple-darwin ;;
	macos-x86_64) echo x86_64-apple-darwin ;;
	# Windows on Arm runs x86_64 programs.
	windows-x86_64 | windows-aarch64) echo x86_64-pc-windows-msvc ;;
	*) echo "$arch-unknown-$os" | tr '[:upper:]' '[:lower:]' ;;
	esac
}

exe_suffix() {
	case "$1" in *-windows-*) echo .exe ;; esac
}

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum -- "$1" | cut -d ' ' -f 1
	else
		shasum -a 256 -- "$1" | cut -d ' ' -f 1
	fi
}

# Downloads $1 into $2: https, or file:// for tests.
fetch() {
	curl --fail --silent --show-error --location --retry 3 --proto '=https,file' \
		--output "$2" -- "$1"
}

phase_resolve() {
	local version target
	version="${INPUT_VERSION:-}"
	version="${version#v}"
	if [ -z "$version" ]; then
		version="$(action_version)"
	fi
	if ! printf '%s' "$version" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$'; then
		die "version '$version' is not a release version such as 0.1.0"
	fi
	target="$(runner_target)"
	output version "$version"
	output target "$target"
	output install-dir "$SCRATCH/cvpdf/$version/$target"
}

# Builds cvpdf $version into $dir/bin with cargo: from this action's own
# sources when they are that version, else from crates.io.
install_from_source() {
	local version="$1" dir="$2"
	if ! command -v cargo >/dev/null 2>&1; then
		die "no cvpdf binary for $CVPDF_TARGET in release v$version, and no cargo to build one: add a Rust toolchain (dtolnay/rust-toolchain) before this action"
	fi
	if [ "$version" = "$(action_version)" ]; then
		run cargo install --locked --root "$dir" --path "$ACTION_DIR"
	else
		run cargo install --locked --root "$dir" --version "=$version" cvpdf
	fi
}

phase_install() {
	local version="${CVPDF_VERSION:?}" target="${CVPDF_TARGET:?}" dir="${CVPDF_INSTALL_DIR:?}"
	local exe repository base asset bin sums expected actual reported
	exe="$(exe_suffix "$target")"
	repository="${CVPDF_ACTION_REPOSITORY:-${GITHUB_REPOSITORY:-cvpdf/cvpdf}}"
	base="${CVPDF_RELEASE_URL:-https://github.com/$repository/releases/download}/v$version"
	asset="cvpdf-$version-$target$exe"
	bin="$dir/bin/cvpdf$exe"
	mkdir -p "$dir/bin"
	sums="$(mktemp "$SCRATCH/SHA256SUMS.XXXXXX")"
	fetch "$base/SHA256SUMS" "$sums" || die "cannot download $base/SHA256SUMS: is v$version released?"
	# sha256sum writes "<hash>  <name>", or "<hash> *<name>" in binary mode.
	expected="$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$sums")"
	rm -f "$sums"
	if [ -z "$expected" ]; then
		if [ -x "$bin" ]; then
			note "cvpdf $version for $target: built from source before (cached)"
		else
			note "release v$version has no binary for $target: building it from source"
			install_from_source "$version" "$dir"
		fi
	else
		if [ -f "$bin" ]; then
			note "cvpdf $version for $target: cached"
		else
			fetch "$base/$asset" "$bin.part" || die "cannot download $base/$asset"
			mv -f "$bin.part" "$bin"
		fi
		actual="$(sha256 "$bin")"
		if [ "$actual" != "$expected" ]; then
			rm -f "$bin"
			die "$asset does not match SHA256SUMS (expected $expected, got $actual): not run"
		fi
		chmod +x "$bin"
		note "$asset matches SHA256SUMS ($expected)"
	fi
	reported="$("$bin" --version)" || die "$bin does not run"
	if [ "$reported" != "cvpdf $version" ]; then
		die "$bin says '$reported', not cvpdf $version"
	fi
	echo "$dir/bin" >>"${GITHUB_PATH:-/dev/null}"
	output path "$bin"
}

phase_render() {
	local cvpdf="${CVPDF:?}" out="${INPUT_OUTPUT:-cvpdf-out}"
	local data=() extra=() layouts formats layout format
	if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
		die "the output directory $out already holds files: name an empty or new one with 'output'"
	fi
	mkdir -p "$out"
	# The commit's time dates the PDFs: a rebuild of the commit gives the same bytes.
	if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
		if SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null)" && [ -n "$SOURCE_DATE_EPOCH" ]; then
			export SOURCE_DATE_EPOCH
		else
			unset SOURCE_DATE_EPOCH
			note "not in a git repository: the PDFs are dated by the CV's meta.lastModified"
		fi
	fi
	if [ -n "${INPUT_DATA:-}" ]; then
		data=(--data "$INPUT_DATA")
	fi
	# Split at spaces, never expanded as globs.
	set -f
	read -r -a extra <<<"${INPUT_ARGS:-}"
	layouts="$(printf '%s' "${INPUT_LAYOUTS:-all}" | tr ',' ' ')"
	formats="$(printf '%s' "${INPUT_FORMATS:-pdf}" | tr ',' ' ')"
	for format in $formats; do
		for layout in $layouts; do
			run "$cvpdf" ${data[@]+"${data[@]}"} --layout "$layout" --format "$format" \
				--output "$out/" ${extra[@]+"${extra[@]}"}
			# A text file does not depend on the layout.
			if [ "$format" = txt ]; then break; fi
		done
	done
	set +f
	if [ -n "${INPUT_APPLICATIONS:-}" ]; then
		if [ -e "$INPUT_APPLICATIONS" ]; then
			data=()
			if [ -f "${INPUT_DATA:-}" ]; then data=(--data "$INPUT_DATA"); fi
			run "$cvpdf" apply "$INPUT_APPLICATIONS" ${data[@]+"${data[@]}"} --output "$out/applications/"
		else
			note "no $INPUT_APPLICATIONS in this repository: no applications built"
		fi
	fi
	if [ -z "$(ls -A "$out")" ]; then
		die "nothing was rendered into $out"
	fi
	if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
		{
			echo "### cvpdf"
			(cd "$out" && find . -type f | sort | sed 's|^\./|- |')
		} >>"$GITHUB_STEP_SUMMARY"
	fi
	output directory "$out"
}

phase_release() {
	local ref="${GITHUB_REF:-}" out="${CVPDF_OUTPUT:?}" tag file name
	case "${INPUT_RELEASE:-auto}" in
	auto | true) ;;
	false)
		note "release: false, nothing attached to a release"
		return 0
		;;
	*) die "release must be auto or false, not '$INPUT_RELEASE'" ;;
	esac
	case "$ref" in
	refs/tags/v*) tag="${ref#refs/tags/}" ;;
	*)
		note "${ref:-no ref} is not a v* tag: nothing attached to a release"
		return 0
		;;
	esac
	# Release assets have no directories: applications/acme/X-CV.pdf is
	# attached as applications-acme-X-CV.pdf.
	STAGING="$(mktemp -d "$SCRATCH/cvpdf-release.XXXXXX")"
	trap 'rm -rf "$STAGING"' EXIT
	while IFS= read -r file; do
		name="${file#./}"
		name="${name//\//-}"
		if [ -e "$STAGING/$name" ]; then
			die "two files would be attached as $name"
		fi
		cp -- "$out/$file" "$STAGING/$name"
	done < <(cd "$out" && find . -type f | sort)
	if ! gh release view "$tag" >/dev/null 2>&1; then
		# Another job may create it meanwhile: then view finds it.
		gh release create "$tag" --verify-tag --title "$tag" \
			--notes "Rendered by cvpdf from $tag." ||
			gh release view "$tag" >/dev/null
	fi
	run gh release upload "$tag" --clobber "$STAGING"/*
}

case "${1:-}" in
resolve | install | render | release) "phase_$1" ;;
*) die "usage: run.sh resolve|install|render|release" ;;
esac
