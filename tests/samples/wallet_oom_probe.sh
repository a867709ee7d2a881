#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Out of memory at the N-th allocation of the whole eid-wallet process (libeid,
# SQLCipher, OpenSSL, the C library: an LD_PRELOAD shim), for N = 1, 1+S,
# 1+2S, ... over one command run against a fresh copy of a level-2 wallet.
# Prints every run that crashed (exit > 128) or failed for another reason than
# out of memory (the vault called corrupt, ...), then the count of each exit
# status. A manual probe (docs/VAULT.md, "Out of
# memory"), not part of the test command: at stride 4 over `list` it makes
# about 2 400 runs, some ten minutes on two cores.
# usage: tests/samples/wallet_oom_probe.sh BUILD_DIR STRIDE [WALLET ARGS...]
#   e.g. tests/samples/wallet_oom_probe.sh build/dev 4 list
set -uo pipefail
build=$(cd "$1" && pwd) stride=$2
shift 2
[ $# -gt 0 ] || set -- list
bin=$build/samples
shim=$bin/libeid_fail_malloc.so
data=$(cd "$(dirname "$0")/../../samples/data" && pwd)
[ -x "$bin/eid-wallet" ] && [ -f "$shim" ] || { echo "build $build first (samples and the shim)" >&2; exit 2; }
work=$(mktemp -d)
trap '[ -n "${EID_PROBE_KEEP:-}" ] || rm -rf "$work"' EXIT
export EID_PASSCODE=280419
lists="issuer/status/identity.list issuer/status/driving_licence.list issuer/status/health_insurance.list
       issuer/status/criminal_record.list"
(
  cd "$work" && mkdir base && cd base || exit 2
  wal=("$bin/eid-wallet" --keystore keystore --vault wallet)
  iss=("$bin/eid-issuer")
  set -e
  "${iss[@]}" init issuer
  "${wal[@]}" create
  "${wal[@]}" activation-request --challenge "$("${iss[@]}" challenge issuer)" --out act.req
  "${iss[@]}" issue issuer --type identity --holder-request act.req --claims "$data/identity.json" --out id.cred
  # shellcheck disable=SC2086
  "${wal[@]}" activate --trust issuer/trust.list --status $lists id.cred
  for doc in driving_licence health_insurance criminal_record; do
    "${wal[@]}" issuance-request --challenge "$("${iss[@]}" challenge issuer)" --out "$doc.req"
    "${iss[@]}" issue issuer --type "$doc" --holder-request "$doc.req" --claims "$data/$doc.json" --out "$doc.cred"
    # shellcheck disable=SC2086
    "${wal[@]}" import --status $lists "$doc.cred"
  done
) >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; exit 2; }

run() { # run N ARGS...: one command in a fresh copy, the N-th allocation failing (0: none)
  local at=$1
  shift
  rm -rf "$work/run" && cp -a "$work/base" "$work/run" && cd "$work/run" || exit 2
  timeout 60 env EID_FAIL_MALLOC_AT="$at" EID_MALLOC_COUNT_FILE="$work/count" LD_PRELOAD="$shim" \
    "$bin/eid-wallet" --keystore keystore --vault wallet "$@" >"$work/out" 2>"$work/err"
}
run 0 "$@" || { echo "the command fails without a fault:" >&2; cat "$work/err" >&2; exit 2; }
total=$(cat "$work/count")
echo "eid-wallet $*: $total allocations, every ${stride}th failed in turn"
declare -A seen
for ((n = 1; n <= total; n += stride)); do
  run "$n" "$@" 2>/dev/null
  rc=$?
  seen[$rc]=$(( ${seen[$rc]:-0} + 1 ))
  if [ "$rc" -gt 128 ]; then
    echo "allocation $n: killed by signal $((rc - 128))"
  elif [ "$rc" -ne 0 ] && ! grep -q "EID_ERR_NO_MEMORY" "$work/err"; then
    echo "allocation $n: exit $rc: $(head -1 "$work/err")"
  fi
done
for rc in "${!seen[@]}"; do echo "exit $rc: ${seen[$rc]} runs"; done | sort
