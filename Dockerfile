# syntax=docker/dockerfile:1
# The API as a small production image: compiled JavaScript, production dependencies only,
# running as the unprivileged `node` user. Build: docker build -t invoice-api .
# Node 24 LTS, pinned to a release (bump it with the version .ci/run tests on: NODE24_VERSION).
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

# 1. Install every dependency, compile the TypeScript (type-checked) to dist/, then drop the
#    development dependencies (tsx, typescript, vitest…): the runtime stage copies what is left.
#    argon2's install script (the one allowScripts permits) builds its native binding here when
#    its bundled prebuild does not fit, so this stage has the compiler and Python node-gyp needs;
#    the runtime stage has none of them.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY base ./base
COPY src ./src
COPY plugins ./plugins
COPY routes ./routes
COPY schemas ./schemas
COPY db ./db
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# 2. Runtime: node, the pruned node_modules (argon2's binding as built above) and dist/.
FROM ${NODE_IMAGE} AS runtime
# V8's young generation at 2 × 8 MiB semi-spaces (by default the start grows it to 2 × 16 MiB and
# it stays committed while the server idles) and the old space capped at 128 MiB, over 3× the live
# heap (≈ 38 MiB), so V8 collects instead of keeping a burst's garbage reserved; the PDF worker
# threads get the same cap. Measured in bench/memory.md.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=8"
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# DATA_DIR holds the embedded database when DATABASE_URL is unset.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 receives SIGTERM directly and shuts down gracefully (SHUTDOWN_GRACE_MS).
CMD ["node", "dist/src/server.js"]
