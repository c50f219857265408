# Multi-stage build: a static binary (CGO off, pure-Go SQLite), run as a
# non-root user with the data folder on a volume.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/thidua ./cmd/thidua

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /data thidua \
    && mkdir -p /data && chown thidua /data
COPY --from=build /out/thidua /usr/local/bin/thidua
USER thidua
VOLUME ["/data"]
ENV THIDUA_DATA=/data THIDUA_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["thidua"]
CMD ["serve"]
