# The java that grokmeter's scripts run, and its options (sourced by ./grokmeter, bin/startup-cache.sh,
# bench/lib.sh and .ci scripts).
#
# gm_find_java ROOT prints the path of a java of release >= GM_JAVA_RELEASE (25), the first of:
#   1. $JAVA_HOME, when it is set and new enough;
#   2. the JDK the build ran on: Maven's toolchain discovery selects it (pom.xml, select-jdk-toolchain)
#      and the build records its java.home in ROOT/target/jdk.txt;
#   3. the PATH's java.
# Otherwise it prints one line naming what it tried on stderr and fails. The release is read from the
# JDK's `release` file, so finding java starts no JVM.
GM_JAVA_RELEASE=25

# The options every grokmeter JVM starts with; the start-up cache (bin/startup-cache.sh) is made with
# the same ones, or the JVM would not map it.
#   --add-modules jdk.incubator.vector: the Panama kernels (a jar manifest cannot add a module);
#   -XX:ObjectAlignmentInBytes=64: cache-line aligned rows for the MLP's vector loads (see MlpParams);
#     it also keeps the JDK's own class-data archive from mapping, which the start-up cache restores.
GM_JVM_OPTS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:ObjectAlignmentInBytes=64
  -Djava.awt.headless=true)

# The feature release (25 of 25.0.3) of the JDK at home $1, or nothing.
gm_jdk_release() {
  local v
  if [[ -f "$1/release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  elif [[ -x "$1/bin/java" ]]; then
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
  fi
  echo "${v:-}"
}

gm_java_ok() {
  local r
  r="$(gm_jdk_release "$1")"
  [[ -n "$r" && -x "$1/bin/java" ]] && ((r >= GM_JAVA_RELEASE))
}

gm_find_java() {
  local root="$1" home tried=()
  if [[ -n "${JAVA_HOME:-}" ]]; then
    gm_java_ok "$JAVA_HOME" && { echo "$JAVA_HOME/bin/java"; return 0; }
    tried+=("JAVA_HOME=$JAVA_HOME (Java $(gm_jdk_release "$JAVA_HOME"))")
  fi
  if [[ -f "$root/target/jdk.txt" ]]; then
    home="$(sed -n 's/^ *java.home = //p' "$root/target/jdk.txt")"
    if [[ -n "$home" ]] && gm_java_ok "$home"; then echo "$home/bin/java"; return 0; fi
    tried+=("the build's JDK ${home:-?}")
  fi
  if command -v java >/dev/null 2>&1; then
    home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    gm_java_ok "$home" && { echo "$home/bin/java"; return 0; }
    tried+=("the PATH's java (Java $(gm_jdk_release "$home"))")
  fi
  local IFS=';'
  echo "grokmeter: needs a JDK $GM_JAVA_RELEASE or newer; found none (tried: ${tried[*]:-nothing}); install one or set JAVA_HOME" >&2
  return 1
}
