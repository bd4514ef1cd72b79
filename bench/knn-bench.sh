#!/usr/bin/env bash
# Runs dev.pupil.bench.KnnBench as a plain JVM, arguments passed through (see its Javadoc).
# The dependency and exec plugins do not resolve offline on our machines, so the runtime classpath
# is taken from surefire's record of the bench module's own test run.
set -euo pipefail
cd "$(dirname "$0")/.."
OPT_OUT_TRACKING=true mvn -q -B -o -pl bench -am test -Dtest='BareDistancesTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
CP=$(sed -n 's/.*name="surefire.test.class.path" value="\([^"]*\)".*/\1/p' \
  bench/target/surefire-reports/TEST-dev.pupil.bench.BareDistancesTest.xml)
exec env OPT_OUT_TRACKING=true java -Dai.djl.offline=true -Djava.awt.headless=true -Xmx4g \
  -cp "bench/target/classes:$CP" dev.pupil.bench.KnnBench "$@"
