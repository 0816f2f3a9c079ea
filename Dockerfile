# kinetica-mock as a container: the Kinetica REST emulator on 0.0.0.0:9191.
#
#   docker build -t kinetica-mock .
#   docker run --rm -p 9191:9191 -v kinetica-backups:/data kinetica-mock
#
# Three stages: `build` compiles the TypeScript with every dependency; `production` installs the
# built package with production dependencies only (test/docker/image.test.ts does what these two
# stages do, on the machine); the final stage is a slim image that runs it as the non-root user
# `node`. Settings are KINETICA_MOCK_* variables (README, Configuration).

# ---- build: all dependencies, TypeScript -> dist/ (npm ci runs the prepare script, which builds)
FROM node:20-bookworm AS build
WORKDIR /build
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm ci --no-audit --no-fund

# ---- production: the built package and its production dependencies only. The prepare script
# finds no TypeScript and a built dist/, and leaves it. This image has the compilers that
# better-sqlite3 needs when no prebuilt binary fits.
FROM node:20-bookworm AS production
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prepare.mjs scripts/copy-assets.mjs ./scripts/
COPY fixtures ./fixtures
COPY --from=build /build/dist ./dist
RUN npm ci --omit=dev --no-audit --no-fund

# ---- runtime: slim, non-root, backups kept in the /data volume
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    KINETICA_MOCK_HOST=0.0.0.0 \
    KINETICA_MOCK_PORT=9191 \
    KINETICA_MOCK_DATA_DIR=/data
WORKDIR /app
COPY --from=production /app ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 9002: the ZeroMQ port table monitors publish on (Kinetica's; KINETICA_MOCK_MONITOR_PORT).
EXPOSE 9191 9002
# The image has no curl: node asks GET /_mock/health (port KINETICA_MOCK_PORT) and exits 0 on 200.
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=6 CMD ["node", "dist/control/healthcheck.js"]
CMD ["node", "dist/cli.js"]
