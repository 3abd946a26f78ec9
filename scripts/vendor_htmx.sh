#!/usr/bin/env bash
# Re-vendor htmx from the npm registry tarball, with its version in the file name.
# Usage: scripts/vendor_htmx.sh [VERSION]   (default: the version we ship)
#
# We ship htmx 2.0.x, not 4.x: 4.0 is a two-month-old rewrite whose defaults
# (swapping 4xx/5xx bodies, an injected <style> that a strict CSP blocks,
# renamed headers and events) would all need working around, while 2.0.x is the
# maintained line with a known CSP recipe (allowEval=false,
# includeIndicatorStyles=false).  The ~3 KB it costs is off the critical path:
# htmx is deferred and cached for a year.
set -euo pipefail
version="${1:-2.0.11}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@${version}" >/dev/null)
tar -xzf "$work/htmx.org-${version}.tgz" -C "$work" package/dist/htmx.min.js package/LICENSE
rm -f "$here"/static/vendor/htmx-*.min.js
cp "$work/package/dist/htmx.min.js" "$here/static/vendor/htmx-${version}.min.js"
cp "$work/package/LICENSE" "$here/static/vendor/htmx-LICENSE.txt"
echo "vendored htmx ${version} -> static/vendor/htmx-${version}.min.js"
