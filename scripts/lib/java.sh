# shellcheck shell=bash
# Sourced by Dayshift's scripts: finds a JDK >= 21 without anyone exporting anything.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm, then `java` on PATH.
# Sets JAVA_HOME and JAVA; returns 3 (the "machine lacks something" exit code) when none is found.

dayshift_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

dayshift_find_java() {
  local candidate major best="" best_major=0
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  local dir
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] && candidates+=("$dir")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] || continue
    # The JAVA_HOME the user set wins when it is new enough.
    major=$(dayshift_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then
      best="$candidate"; best_major=$major; break
    fi
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "dayshift: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and java on PATH)" >&2
    return 3
  fi
  export JAVA_HOME="$best"
  export JAVA="$best/bin/java"
}
