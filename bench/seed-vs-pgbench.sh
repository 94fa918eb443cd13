#!/bin/sh
# Seeding speed: the harness's default fixture against `pgbench -i` to the same on-disk size, on this machine.
# Usage: bench/seed-vs-pgbench.sh [SIZE (default 1GB)] [PGBENCH (default /usr/lib/postgresql/15/bin/pgbench)]
# Prints both throughputs in bytes/s and their ratio; exits 1 when the harness is slower than pgbench -i.
set -eu
cd "$(dirname "$0")/.."
mvn -q -pl harness -am test-compile
CPFILE="$(mktemp)"
mvn -q -pl harness dependency:build-classpath -Dmdep.outputFile="$CPFILE"
CP="$(cat "$CPFILE")"; rm -f "$CPFILE"
exec java -cp "harness/target/classes:$CP" org.cnpgrehearsal.bench.SeedBenchmark "${1:-1GB}" "${2:-/usr/lib/postgresql/15/bin/pgbench}"
