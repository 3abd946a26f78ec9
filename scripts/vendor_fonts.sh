#!/usr/bin/env bash
# Re-vendor Be Vietnam Pro (OFL) from the npm registry's @fontsource package:
# latin and vietnamese subsets, regular and bold.  It is the font we offer
# because it contains every Vietnamese letter (Atkinson Hyperlegible does not),
# and it is loaded only for readers who choose it (static/css/fonts.css).
set -euo pipefail
version="${1:-5.3.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@fontsource/be-vietnam-pro@${version}" >/dev/null)
tar -xzf "$work"/fontsource-be-vietnam-pro-*.tgz -C "$work"
rm -f "$here"/static/fonts/be-vietnam-pro-*.woff2
for subset in latin vietnamese; do
  for weight in 400 700; do
    cp "$work/package/files/be-vietnam-pro-${subset}-${weight}-normal.woff2" "$here/static/fonts/"
  done
done
cp "$work/package/LICENSE" "$here/static/fonts/be-vietnam-pro-LICENSE.txt"
echo "vendored @fontsource/be-vietnam-pro ${version}"
