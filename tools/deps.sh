#!/bin/sh
# Install what building and testing verdeel needs, on Debian or Ubuntu.
# Idempotent: does nothing when everything is already there.
#   sh tools/deps.sh                 the build's and the tests' packages
#   sh tools/deps.sh --install P...  these packages (for other make targets)
set -e

install() {
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "installing:$*"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

if [ "${1:-}" = "--install" ]; then
    shift
    [ $# -gt 0 ] && install "$@"
    exit 0
fi

need=""
command -v cc    >/dev/null 2>&1 || need="$need gcc"
command -v make  >/dev/null 2>&1 || need="$need make"
command -v flex  >/dev/null 2>&1 || need="$need flex"
command -v bison >/dev/null 2>&1 || need="$need bison"
[ -f /usr/include/ffi.h ] || [ -n "$(find /usr/include -name ffi.h 2>/dev/null | head -n 1)" ] || need="$need libffi-dev"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
if [ -n "$need" ]; then
    # shellcheck disable=SC2086
    install $need
else
    echo "all build dependencies are installed"
fi
