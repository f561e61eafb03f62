# Sourced by ./steady and ./build: sets STEADY_JAVA_HOME to a JDK of version 21 or newer.
# Looks at $STEADY_JAVA_HOME, $JAVA_HOME, `java` on PATH, then /usr/lib/jvm/* and ~/.sdkman.

steady_java_major() { # $1 = a java home; prints its feature version or nothing
  [ -x "$1/bin/java" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

steady_find_jdk() {
  local candidates=() c major
  [ -n "${STEADY_JAVA_HOME:-}" ] && candidates+=("$STEADY_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* /opt/java/* /opt/jdk*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    major=$(steady_java_major "$c")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ -x "$c/bin/javac" ]; then
      STEADY_JAVA_HOME="$c"; export STEADY_JAVA_HOME; return 0
    fi
  done
  echo "steady: no JDK 21 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk', or set STEADY_JAVA_HOME" >&2
  return 1
}
