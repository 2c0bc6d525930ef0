# Sourced by bin/* and scripts/*: finds a JDK 25 and sets JAVA.
find_java() {
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/jdk-25*; do
    # the JDK's release file names its version; `java -version` would start a whole JVM
    # (tens of ms on every berth command)
    if [ -n "$j" ] && [ -x "$j/bin/java" ] && { grep -qs '^JAVA_VERSION="25' "$j/release" ||
        { [ ! -f "$j/release" ] && "$j/bin/java" -version 2>&1 | grep -q 'version "25'; }; }; then
      export JAVA_HOME="$j"; JAVA="$j/bin/java"; return 0
    fi
  done
  echo "berth needs a JDK 25. Install Temurin 25 (apt package temurin-25-jdk from the Adoptium repository)" >&2
  echo "or openjdk-25-jdk, or set JAVA_HOME to a JDK 25." >&2
  return 1
}
