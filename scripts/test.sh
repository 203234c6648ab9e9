#!/usr/bin/env bash
# Sets up everything, then runs every check: type check, lint, API reports,
# all package tests, the app build, and smoke tests of the real backend on
# SQLite (with the portal opened in chromium) and on PostgreSQL.
# Ends with one line: `N passed, N failed`.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" || { echo "0 passed, 1 failed"; exit 1; }
cd "$ACK_ONE_ROOT"

passed=0
failed=0
failures=()
record() { # record <name> <exit code>
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}

echo "=== setup"
bash scripts/setup.sh --test-tools
rc=$?
record "setup" $rc
if [ $rc -ne 0 ]; then
  echo "setup failed; nothing else can run"
  echo "$passed passed, $failed failed"
  exit 1
fi

echo "=== type check (tsc)"
yarn tsc
record "type check" $?

echo "=== lint"
yarn backstage-cli repo lint
record "lint" $?

echo "=== api reports (public API of every plugin package against its report.api.md)"
yarn check:api-reports
record "api reports" $?

echo "=== package tests (jest)"
report="$(mktemp -d)/jest.json"
CI=true yarn backstage-cli repo test --json --outputFile="$report"
rc=$?
if [ -s "$report" ]; then
  read -r jp jf < <(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$report")
  passed=$((passed + jp))
  failed=$((failed + jf))
  echo "jest: $jp passed, $jf failed"
  [ "$rc" -ne 0 ] && [ "$jf" -eq 0 ] && record "jest run" "$rc"
else
  record "jest run" 1
fi

echo "=== app build (backstage-cli)"
yarn workspace app build >/dev/null
record "app build" $?

echo "=== backend smoke tests"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start 2>/dev/null || true
fi
for db in sqlite postgres; do
  # On SQLite the smoke test also opens the portal in chromium.
  extra=""
  [ "$db" = sqlite ] && extra="--browser"
  out="$(node scripts/smoke-backend.mjs "$db" $extra 2>&1)"
  echo "$out"
  ok=$(grep -c '^ok - ' <<<"$out")
  bad=$(grep -c '^not ok - ' <<<"$out")
  passed=$((passed + ok))
  failed=$((failed + bad))
  [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ] && record "smoke $db" 1
done

echo
if [ ${#failures[@]} -gt 0 ]; then echo "failed steps: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
