#!/usr/bin/env bash
# Starts the whole system on a laptop: the web console (8080, the address to open; printed first), embedded Kafka
# (9092), the MongoDB-compatible store (27017, data kept in .local-data/), SMTP (3025), the identity provider (9000),
# intake-service (8081), case-service (8082) and notification-service (8083). Tokens for the demo users:
# ./token.sh <user> (see the README).
#   ./run-local.sh           keep the data of the last run
#   ./run-local.sh --reset   wipe .local-data/ first
# Everything listens on 127.0.0.1 only (the demo users share the password "demo"). To let other machines reach the
# console, the identity provider and the services, say where they should listen:
#   TASKFORCE_BIND_ADDRESS=0.0.0.0 ./run-local.sh
# The store, the broker and SMTP, which ask for no password, stay on 127.0.0.1 whatever is asked.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

jar=local-stack/target/local-stack-0.1.0-SNAPSHOT-exec.jar
# Build only when a source or pom is newer than the jar, so a second start is quick.
if [ ! -f "$jar" ] || [ -n "$(find . -path ./.local-data -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  echo "Building (tests skipped; 'mvn -B verify' runs them)..."
  mvn -B -q -DskipTests -pl local-stack -am package
fi

exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
