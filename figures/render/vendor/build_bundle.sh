#!/usr/bin/env bash
# Rebuild plotly-mlp.min.js.gz: plotly.js with exactly the trace types this site draws, made the
# way plotly.js documents custom bundles (CUSTOM_BUNDLE.md: its esbuild config, an entry file that
# registers the traces). Needs node >= 20 and npm; writes only this folder. Deterministic: the same
# plotly.js and esbuild versions give the same bytes.
set -euo pipefail
PLOTLY=4.1.1          # must equal plotly.offline.get_plotlyjs_version() (tests/test_render.py)
TRACES="scatter3d surface mesh3d contour heatmap bar"   # scatter is always in
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack -q "plotly.js@$PLOTLY" >/dev/null
tar xzf "plotly.js-$PLOTLY.tgz"
cd package
npm install -q --omit=dev --ignore-scripts --no-audit --no-fund
npm install -q --no-save --ignore-scripts --no-audit --no-fund esbuild@0.28.1 esbuild-plugin-environment@0.5.0 \
  esbuild-plugin-glsl@1.4.2 esbuild-plugin-inline-css@0.0.1
{
  echo "'use strict';"
  echo "var Plotly = require('./core');"
  echo "Plotly.register(["
  for t in $TRACES; do echo "  require('./$t'),"; done
  echo "]);"
  echo "module.exports = Plotly;"
} > lib/index-mlp.js
cat > build-mlp.js <<JS
// plotly.js $PLOTLY's esbuild-config.js (esbuildConfig), minified, with a licence banner.
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
require('esbuild').build({
  entryPoints: ['./lib/index-mlp.js'], outfile: './plotly-mlp.min.js', format: 'iife', globalName: 'Plotly',
  bundle: true, minify: true, sourcemap: false,
  plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
  alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' }, target: 'es2016', logLevel: 'warning',
  banner: { js: '/** plotly.js (custom: scatter $TRACES - minified) v$PLOTLY, Copyright 2012-2026 Plotly, Inc., MIT license */' },
}).catch(() => process.exit(1));
JS
node build-mlp.js
gzip -9 -n -c plotly-mlp.min.js > "$here/plotly-mlp.min.js.gz"
echo "wrote $here/plotly-mlp.min.js.gz ($(wc -c < plotly-mlp.min.js) bytes unpacked)"
