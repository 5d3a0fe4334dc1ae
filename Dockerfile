# A small image for the scheduled sync: roster and git (history and the
# managed set read the members file's git history), as a non-root user.
#
#   docker build -t roster .
#   docker run --rm -v "$PWD:/repo" -w /repo roster validate
#
# .github/workflows/image.yml builds it for linux/amd64 and linux/arm64 and
# pushes ghcr.io/roster-dev/roster:vX.Y.Z with build provenance. Both base
# images are pinned by the digest of their multi-platform index; the tag
# beside each is for people (refresh both together).

# golang:1.26.4-alpine3.22. Compiles on the build machine's platform and
# cross-compiles for the target: no emulation for the Go build.
FROM --platform=$BUILDPLATFORM golang:1.26.4-alpine3.22@sha256:727cfc3c40be55cd1bc9a4a059406b28a059857e3be752aa9d09531e12c20c56 AS build
# git lets the Go toolchain stamp the tag and commit into the binary
# (roster --version), from the .git of the build context.
RUN apk add --no-cache git
WORKDIR /src
COPY go.mod go.sum ./
# The toolchain above, never one a go.mod line would download.
ENV GOTOOLCHAIN=local CGO_ENABLED=0
RUN go mod download && go mod verify
COPY . .
ARG TARGETOS
ARG TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -buildvcs=auto -ldflags="-s -w" -o /out/roster ./cmd/roster

# alpine:3.22.5 (supported until 2027-05).
FROM alpine:3.22.5@sha256:14358309a308569c32bdc37e2e0e9694be33a9d99e68afb0f5ff33cc1f695dce
# safe.directory names only the mount point the README uses (/repo), never
# '*': anywhere else git refuses a repository owned by another user. roster
# itself pins, with -c on every git command, each setting a repository's
# .git/config could use to run a program (core.fsmonitor, hooks, pagers,
# gpg, textconv, protocols). A pod that runs git-sync and roster as one
# user needs no exception at all.
RUN apk add --no-cache git ca-certificates \
    && adduser -D -u 65532 -h /home/roster roster \
    && git config --system safe.directory /repo
COPY --from=build /out/roster /usr/local/bin/roster
USER 65532:65532
# git never asks for credentials on a terminal it does not have.
ENV HOME=/home/roster GIT_TERMINAL_PROMPT=0
WORKDIR /home/roster
ENTRYPOINT ["roster"]
CMD ["--help"]
