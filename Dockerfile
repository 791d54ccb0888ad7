# One image for the watcher and the workers.
FROM node:20-bookworm-slim AS build
# nodejieba builds from source against Node's headers.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
# patches/ before `npm ci`: its postinstall applies them (pdfjs-dist: pictures left undecoded for layout).
COPY patches ./patches
COPY scripts ./scripts
COPY bin ./bin
COPY src ./src
COPY pipelines ./pipelines
# `npm ci` compiles src/ to dist/ (the prepare script); the dev dependencies go once it has.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app ./
ENV NODE_ENV=production VETREPORT_STORE=/data/output
ENTRYPOINT ["node", "bin/vetreport.mjs"]
