# syntax=docker/dockerfile:1
# A minimal image of cvpdf: one static (musl) binary on an empty base, with
# its fonts and layouts inside it. No shell, no other file.
#
#   docker build -t cvpdf .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" cvpdf --layout all
#
# Each release also publishes it: ghcr.io/cvpdf/cvpdf:<version>, for
# linux/amd64 and linux/arm64.
#
# The CV is read from, and the PDFs written to, the mounted /work. For CI
# systems that run a shell script in the job's image (GitLab CI), see
# docs/gitlab-ci.yml. PROFILE=dev builds faster, unoptimised (tests use it).

FROM rust:1.95-alpine AS build
ARG PROFILE=release
# mimalloc is C: musl-dev gives it musl's headers, at the version of the
# image's Alpine release. Alpine's Rust targets musl and links statically.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --profile "$PROFILE" \
    && dir="$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")" \
    && install -D "target/$dir/cvpdf" /out/cvpdf

# The release's image (release.yml): the static binaries it has already built
# and run, put in dist/image/cvpdf-amd64 and dist/image/cvpdf-arm64.
FROM scratch AS release
ARG TARGETARCH
COPY dist/image/cvpdf-${TARGETARCH} /cvpdf
WORKDIR /work
ENTRYPOINT ["/cvpdf"]

# The default: the binary built above from these sources.
FROM scratch
COPY --from=build /out/cvpdf /cvpdf
WORKDIR /work
ENTRYPOINT ["/cvpdf"]
