# One image for the watcher and the workers.
FROM node:20-bookworm-slim
# nodejieba builds from source against Node's headers.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The project .npmrc points node-gyp at /usr (Debian's node); the official image keeps Node in /usr/local.
RUN sed -i 's#^nodedir=.*#nodedir=/usr/local#' .npmrc && npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY pipelines ./pipelines
ENV NODE_ENV=production VETREPORT_STORE=/data/output
ENTRYPOINT ["node", "bin/vetreport.mjs"]
