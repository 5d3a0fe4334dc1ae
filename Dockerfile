# A small image for the scheduled sync: roster and git (history and the
# managed set read the members file's git history), as a non-root user.
#
#   docker build -t roster .
#   docker run --rm -v "$PWD:/repo" -w /repo roster validate
FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/roster ./cmd/roster

FROM alpine:3.20
RUN apk add --no-cache git ca-certificates \
    && adduser -D -u 65532 -h /home/roster roster \
    && git config --system --add safe.directory '*'
COPY --from=build /out/roster /usr/local/bin/roster
USER 65532:65532
WORKDIR /home/roster
ENTRYPOINT ["roster"]
CMD ["--help"]
