#!/usr/bin/env bash
# ./build dist: a release for a jump host that has neither Maven nor a JDK, in target/dist/:
#   steady-VERSION-linux-x64.tar.gz   steady-VERSION/{bin/steady, lib/app/steady.jar, lib/runtime/, share/}
#   steady_VERSION_amd64.deb          /usr/lib/steady/ (the same tree), /usr/bin/steady, man page, completions
# lib/runtime is a jlink image of the modules steady needs: those jdeps finds in the jar plus the ones
# loaded by name (see EXTRA_MODULES). bin/steady is packaging/bin/steady. The man page
# (cli/target/man/*.1) and shell completions (`steady completion bash|zsh`, run from the packaged
# tree) are included when this build has them, and skipped with a note otherwise.
# The .deb needs jpackage (in the JDK), fakeroot and dpkg-deb (Debian: fakeroot, dpkg-dev); without
# them only the tarball is made, with a note (STEADY_DIST_DEB=required makes that an error).
# Run by ./build with JAVA_HOME set to a JDK >= 21; the runtime is cut from that JDK.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jdk="${JAVA_HOME:?run through ./build dist}"
out="$here/target/dist"
work="$out/work"
started=$SECONDS
say() { printf 'dist: [%3d s] %s\n' "$((SECONDS - started))" "$*"; }

# Modules that no static reference shows: jdk.net (extended socket options of the SSH transport's
# sockets), jdk.crypto.ec (empty since 22, the SunEC provider before), jdk.charsets (a terminal in a
# legacy charset), jdk.zipfs and jdk.unsupported (probed by libraries). The rest comes from jdeps.
EXTRA_MODULES=(jdk.net jdk.crypto.ec jdk.charsets jdk.zipfs jdk.unsupported)
# java.desktop is needed for java.beans only: leave out its native libraries, which would pull X11,
# ALSA and fonts into a server's package dependencies.
DESKTOP_NATIVE=(libawt_xawt libjsound libsplashscreen libfontmanager libfreetype libjawt liblcms libmlib_image libjavajpeg)

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)"
[ -n "$version" ] || { echo "dist: cannot read the version from pom.xml" >&2; exit 1; }
java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")"
name="steady-$version"
tarball="$out/$name-linux-x64.tar.gz"

# --- the jar, rebuilt when sources or poms are newer -------------------------------------------
jar="$here/cli/target/steady.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here" -path "$out" -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  say "building $jar"
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package
fi

rm -rf "$out"
mkdir -p "$work"
tree="$work/$name"
mkdir -p "$tree/bin" "$tree/lib/app"

# --- the runtime -------------------------------------------------------------------------------
modules="$("$jdk/bin/jdeps" --multi-release "$java_major" --ignore-missing-deps --print-module-deps "$jar")"
available="$("$jdk/bin/java" --list-modules | sed 's/@.*//')"
for m in "${EXTRA_MODULES[@]}"; do
  if grep -qx "$m" <<<"$available"; then modules="$modules,$m"; fi
done
say "runtime: Java $java_major from $jdk with $modules"
exclude=""
for lib in "${DESKTOP_NATIVE[@]}"; do exclude="$exclude,**/$lib.so"; done
"$jdk/bin/jlink" --add-modules "$modules" --output "$tree/lib/runtime" \
  --strip-debug --no-man-pages --no-header-files \
  --exclude-files="${exclude#,}" --generate-cds-archive >"$work/jlink.log" 2>&1 \
  || { cat "$work/jlink.log" >&2; exit 1; }
# Uncompressed modules (jlink's default): the tarball and .deb compress them better than jlink does
# (-8 MB), and classes load without inflating. The archive for heaps over 32 GB is as large as the
# default one; such a run simply starts without it.
rm -f "$tree/lib/runtime/lib/server/classes_nocoops.jsa"

# --- the release tree --------------------------------------------------------------------------
cp "$jar" "$tree/lib/app/steady.jar"
install -m 755 packaging/bin/steady "$tree/bin/steady"
probe_home="$work/home"
mkdir -p "$probe_home"
packaged() { env -i PATH=/usr/bin:/bin HOME="$probe_home" STEADY_CDS=0 "$tree/bin/steady" "$@"; }
packaged_version="$(packaged --version)" || { echo "dist: the packaged steady does not start" >&2; exit 1; }
grep -qxE "steady $version \(commit [^)]+\)" <<<"$packaged_version" \
  || { echo "dist: the packaged steady says '$packaged_version', expected 'steady $version (commit …)'" >&2; exit 1; }

notes=()
if ls cli/target/man/*.1 >/dev/null 2>&1; then
  mkdir -p "$tree/share/man/man1"
  cp cli/target/man/*.1 "$tree/share/man/man1/"
else
  notes+=("no man page: cli/target/man/*.1 does not exist in this build")
fi
# A build without the command answers 'Unmatched argument' with exit 2.
completion() { # $1 shell, $2 file
  packaged completion "$1" >"$work/completion" 2>"$work/completion.err" && [ -s "$work/completion" ] \
    && install -D -m 644 "$work/completion" "$2"
}
if ! completion bash "$tree/share/bash-completion/completions/steady"; then
  notes+=("no bash completion: 'steady completion bash' failed: $(head -n 1 "$work/completion.err")")
fi
if ! completion zsh "$tree/share/zsh/site-functions/_steady"; then
  notes+=("no zsh completion: 'steady completion zsh' failed: $(head -n 1 "$work/completion.err")")
fi

tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"
say "$(basename "$tarball"): $(du -h "$tarball" | cut -f1) ($(du -sh "$tree" | cut -f1) unpacked)"

# --- the .deb ----------------------------------------------------------------------------------
if [ ! -x "$jdk/bin/jpackage" ] || ! command -v fakeroot >/dev/null || ! command -v dpkg-deb >/dev/null; then
  notes+=("no .deb: it needs jpackage (in the JDK), fakeroot and dpkg-deb (apt-get install fakeroot dpkg-dev)")
  [ "${STEADY_DIST_DEB:-}" = required ] && { printf 'dist: %s\n' "${notes[@]}" >&2; exit 1; }
else
  say "building the .deb with jpackage"
  "$here/scripts/dist-deb.sh" "$jdk" "$tree" "$version" "$out"
fi

for note in ${notes[@]+"${notes[@]}"}; do say "note: $note"; done
say "done in $((SECONDS - started)) s: $(cd "$out" && ls -1 ./*.tar.gz ./*.deb 2>/dev/null | sed 's:^\./::' | tr '\n' ' ')"
