#!/usr/bin/env bash
# Installs the Debian packages that the in-VS Code tests need, only when some are missing.
#
#   chromium     headless browser that shows code-server's workbench (driven by playwright-core)
#   libkrb5-dev  headers for code-server's `kerberos` native module, compiled at install time
#   ripgrep      Debian's `rg`, handed to @vscode/ripgrep's postinstall instead of a download
#                from GitHub (which these machines cannot reach)
#   python3 make g++  node-gyp's toolchain for code-server's native modules (already on the
#                image of this kind; listed so a slimmer machine says what it lacks)
#
# Usage: bash scripts/ensure-system-packages.sh
# Exit codes: 0 all present (or installed), 1 missing and not root / install failed.
set -euo pipefail

packages=(chromium libkrb5-dev ripgrep python3 make g++)

missing=()
for pkg in "${packages[@]}"; do
  # dpkg-query prints "install ok installed" only for a fully installed package.
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    # python3 may come from elsewhere (pyenv): accept any python3 on PATH.
    if [[ "$pkg" == python3 ]] && command -v python3 >/dev/null 2>&1; then
      continue
    fi
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ensure-system-packages: all present (${packages[*]})"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "ensure-system-packages: missing Debian packages: ${missing[*]}" >&2
  echo "  not running as root, so they cannot be installed here. Install them with:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "ensure-system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Bounded in time: a stuck mirror must fail the run, not hang CI.
timeout 600 apt-get update -q
timeout 1200 apt-get install -y -q --no-install-recommends "${missing[@]}"

# Verify, so a partial install is a failure with a name rather than a later mystery.
for bin in /usr/bin/chromium /usr/bin/rg; do
  if [[ ! -x "$bin" ]]; then
    echo "ensure-system-packages: $bin is still missing after the install" >&2
    exit 1
  fi
done
echo "ensure-system-packages: done"
