#!/usr/bin/env bash
# Part of ./build dist (scripts/dist.sh): the .deb, made from the release tree.
#   usage: dist-deb.sh JDK TREE VERSION OUT
# jpackage makes the package: the control file (packaging/deb/control, with Depends computed from the
# runtime's shared libraries: libc6 only), its maintainer scripts and copyright, the tree under
# /usr/lib/steady. Then two changes jpackage cannot make:
#  - /usr/lib/steady/bin/steady becomes the release's launcher script instead of jpackage's native
#    launcher, which runs every command with one fixed set of JVM options (the script gives cleanup,
#    apply, serve and demo the optimizing compiler and records AppCDS); the unused native launcher
#    library, its configuration and icon are left out;
#  - the files outside /usr/lib/steady: /usr/bin/steady (a link to the launcher), the man page
#    (/usr/share/man/man1/steady.1.gz) and completions (/usr/share/bash-completion/completions/steady,
#    /usr/share/zsh/vendor-completions/_steady), when the build has them.
# jpackage's own archive is left uncompressed (DPKG_DEB_COMPRESSOR_TYPE=none), so only the final
# package is compressed: with gzip by default (about 8 s, every dpkg reads it), or
# STEADY_DEB_COMPRESSION=xz for a package 11 MB smaller that takes a minute or two more to build.
set -euo pipefail
jdk="$1" tree="$2" version="$3" out="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$out/work/deb"
debversion="${version//-/\~}" # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT, which Debian orders before 0.1.0
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
mkdir -p "$work/input"
cp "$tree/lib/app/steady.jar" "$work/input/"

DPKG_DEB_COMPRESSOR_TYPE=none "$jdk/bin/jpackage" --type deb --name steady --app-version "$debversion" \
  --input "$work/input" --main-jar steady.jar --runtime-image "$tree/lib/runtime" --install-dir /usr/lib \
  --resource-dir "$here/packaging/deb" --dest "$work/jpackage" \
  --description "guard rail for manual intervention on production hosts" --vendor "steady developers" \
  --linux-deb-maintainer "${STEADY_DEB_MAINTAINER:-steady@localhost}" --linux-app-category admin \
  >"$work/jpackage.log" 2>&1 || { cat "$work/jpackage.log" >&2; exit 1; }

root="$work/root"
dpkg-deb -R "$work/jpackage/steady_${debversion}_${arch}.deb" "$root"
app="$root/usr/lib/steady"
[ -x "$app/bin/steady" ] && [ -f "$app/lib/app/steady.jar" ] && [ -x "$app/lib/runtime/bin/java" ] \
  || { echo "dist: jpackage laid out /usr/lib/steady differently than expected" >&2; find "$app" -maxdepth 3 >&2; exit 1; }
install -m 755 "$tree/bin/steady" "$app/bin/steady"
rm -f "$app/lib/libapplauncher.so" "$app/lib/steady.png" "$app/lib/app/steady.cfg"

mkdir -p "$root/usr/bin"
ln -s ../lib/steady/bin/steady "$root/usr/bin/steady"
if [ -d "$tree/share/man/man1" ]; then
  mkdir -p "$root/usr/share/man/man1"
  for page in "$tree"/share/man/man1/*.1; do gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"; done
fi
if [ -f "$tree/share/bash-completion/completions/steady" ]; then
  install -D -m 644 "$tree/share/bash-completion/completions/steady" "$root/usr/share/bash-completion/completions/steady"
fi
if [ -f "$tree/share/zsh/site-functions/_steady" ]; then
  install -D -m 644 "$tree/share/zsh/site-functions/_steady" "$root/usr/share/zsh/vendor-completions/_steady"
fi

sed -i "s/^Installed-Size: .*/Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)/" "$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
deb="$out/steady_${debversion}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${STEADY_DEB_COMPRESSION:-gzip}" -b "$root" "$deb" >/dev/null
printf 'dist: %s: %s (Depends: %s; Recommends: %s)\n' "$(basename "$deb")" "$(du -h "$deb" | cut -f1)" \
  "$(dpkg-deb -f "$deb" Depends)" "$(dpkg-deb -f "$deb" Recommends)"
