# Shared set-up for scripts/run and scripts/test: sourced, not run.
# Makes .venv with TwinDesk and its dependencies, and (as root on Debian/Ubuntu)
# installs the system packages named in $APT_PACKAGES that are missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"

install_system_packages() {
  local missing=()
  command -v dpkg >/dev/null 2>&1 || return 0
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these system packages: ${missing[*]}" >&2
    return 0
  fi
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
  local extras="$1" stamp="$VENV/.installed-$1"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  # Reinstall only when pyproject.toml changed since the last install.
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT$extras"
    touch "$stamp"
  fi
}

# Libraries Qt needs at run time, and a font with Chinese and Latin glyphs for the
# window and for PDF reports (fresh machines have none: Qt draws boxes); reports fall
# back glyph by glyph to DejaVu Sans (ʻ and other Latin letters) and Hanazono Mincho
# (rare characters such as 𠮷, CJK Extensions A-F), TrueType faces reportlab can embed.
QT_RUNTIME=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3 fonts-wqy-microhei
            fonts-dejavu-core fonts-hanazono)
QT_XCB=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
        libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0)
