# Sourced by the real-code scripts: unpacks a Debian package's Python modules into a folder.
#   debian_python_sources PACKAGE WORK   prints the package's dist-packages folder under WORK, or fails with why
debian_python_sources() {
    local pkg=$1 work=$2 deb
    (cd "$work" && apt-get download -qq "$pkg" >/dev/null 2>&1) || { echo "skipped $pkg: apt-get download failed" >&2; return 1; }
    deb=$(ls "$work"/"${pkg}"_*.deb | head -1)
    mkdir -p "$work/unpacked/$pkg"
    dpkg -x "$deb" "$work/unpacked/$pkg"
    [ -d "$work/unpacked/$pkg/usr/lib/python3/dist-packages" ] || { echo "skipped $pkg: no Python modules in the package" >&2; return 1; }
    echo "$work/unpacked/$pkg/usr/lib/python3/dist-packages"
}
