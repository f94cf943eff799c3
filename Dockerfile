# The API image: shared + server built with the workspace's lockfile; the H5 mini-program is built
# into it as well so one image serves the whole product.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY miniapp/package.json miniapp/package-lock.json miniapp/
# NutUI's optional usage-stats package is not on npm; the lockfile points it at this local stub.
COPY miniapp/stubs miniapp/stubs
COPY scripts scripts
# No dependency's install script runs, as under npm 11 on the development and CI machines, where
# everything builds without them (docs/operations.md): this image's npm 10 would run them, and
# @tarojs/cli's postinstall fetches an unpinned plugin from a vendor registry that taro build then loads.
# The root's own postinstall (the mini-program's install) is run by hand, with the same setting.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm_config_ignore_scripts=true node scripts/install-miniapp.js
COPY shared shared
COPY server server
COPY miniapp miniapp
RUN npm run build && npm run build:h5

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund -w shared -w server
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/miniapp/dist/h5 miniapp/dist/h5
# The uploads volume is mounted here; a named volume takes this directory's owner.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "server/dist/main.js"]
