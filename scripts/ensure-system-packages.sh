#!/usr/bin/env bash
# Installs the Debian packages `npm test` needs, only when something is missing. Run first by
# scripts/test.mjs, so a machine without them stops at once with the command to run.
#
#   chromium           headless browser: the ERD webview tests, `data-model erd`, and code-server's
#                      workbench in the VS Code suite (driven by playwright-core)
#   postgresql-client  psql, which loads the sample schemas into scratch databases
#   postgresql         initdb and pg_ctl, for the fault tests' private server (they stop it
#                      mid-work, never the server at $PGURL)
#   libkrb5-dev        headers for code-server's `kerberos` native module, compiled at install time
#   ripgrep            Debian's `rg`, handed to @vscode/ripgrep's postinstall instead of a download
#                      from GitHub (which these machines cannot reach)
#   python3 make g++   node-gyp's toolchain for code-server's native modules
#   python3-sqlalchemy python3-asyncpg python3-alembic
#                      Debian's SQLAlchemy 1.4, asyncpg and Alembic: the exported models are run
#                      (`create_all` through asyncpg) and Alembic revisions upgraded and downgraded
#                      by Debian's own /usr/bin/python3 (a pyenv python3 on PATH lacks them)
#
# Each is checked by what the tests use (a command or a file), not by package name, so a
# machine that has them from other packages (postgresql-client-16, a pyenv python3) passes.
#
# Usage: bash scripts/ensure-system-packages.sh
# Exit codes: 0 all present (or installed), 1 missing and not root / install failed.
set -euo pipefail

# Whether the thing package $1 provides is there.
present() {
  case "$1" in
    chromium) [[ -x /usr/bin/chromium ]] ;;
    postgresql-client) command -v psql >/dev/null 2>&1 ;;
    postgresql) compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && id -u postgres >/dev/null 2>&1 ;;
    libkrb5-dev) [[ -f /usr/include/krb5.h || -f /usr/include/krb5/krb5.h ]] ;;
    ripgrep) command -v rg >/dev/null 2>&1 ;;
    python3) command -v python3 >/dev/null 2>&1 ;;
    make) command -v make >/dev/null 2>&1 ;;
    g++) command -v g++ >/dev/null 2>&1 ;;
    python3-sqlalchemy) /usr/bin/python3 -c 'import sqlalchemy' >/dev/null 2>&1 ;;
    python3-asyncpg) /usr/bin/python3 -c 'import asyncpg' >/dev/null 2>&1 ;;
    python3-alembic) /usr/bin/python3 -c 'import alembic' >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

packages=(chromium postgresql-client postgresql libkrb5-dev ripgrep python3 make g++ python3-sqlalchemy python3-asyncpg python3-alembic)

missing=()
for pkg in "${packages[@]}"; do
  present "$pkg" || missing+=("$pkg")
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
# Bounded in time: a stuck mirror must fail the run, not hang it.
timeout 600 apt-get update -q
timeout 1200 apt-get install -y -q --no-install-recommends "${missing[@]}"

# Verify, so a partial install is a failure with a name rather than a later mystery.
still=()
for pkg in "${missing[@]}"; do
  present "$pkg" || still+=("$pkg")
done
if [[ ${#still[@]} -gt 0 ]]; then
  echo "ensure-system-packages: still missing after the install: ${still[*]}" >&2
  exit 1
fi
echo "ensure-system-packages: done"
