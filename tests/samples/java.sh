#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The JVM scanner sample (samples/java/eid-verifier-java) reads the QR codes the
# C wallet sample writes as PNG, for every doc type and for an answer to a
# relying party's request, verifies them through org.libeid, and exits 0/1/2 as
# eid-verifier does (run by ctest in builds with the JNI binding).
# usage: java.sh BIN_DIR SOURCE_DIR WORK_DIR   (EID_JVM_JAR, EID_VERIFIER_JAVA_JAR, EID_ZXING_JAR set by ctest)
set -uo pipefail
bin=$1 src=$2 work=$3
iss=("$bin/eid-issuer")
wal=("$bin/eid-wallet" --keystore "$work/keystore" --vault "$work/wallet")
cver=("$bin/eid-verifier")
jver=("$src/samples/java/eid-verifier-java")
data=$src/samples/data
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 2
export EID_PASSCODE=280419
unset EID_NEW_PASSCODE

passed=0
failed=0
out=$work/last.out
# expect STATUS PATTERN COMMAND... (as tests/samples/run.sh): exit status, output pattern, and one
# line on stderr for an exit status 2.
expect() {
  local want=$1 pattern=$2
  shift 2
  local rc=0 lines=1
  "$@" >"$out.stdout" 2>"$out.stderr" || rc=$?
  cat "$out.stdout" "$out.stderr" >"$out"
  if [ "$want" -eq 2 ]; then lines=$(wc -l <"$out.stderr"); fi
  if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && grep -Eq -- "$pattern" "$out"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $* -> exit $rc (expected $want), output:"
    sed 's/^/    /' "$out" | head -20
    echo "    (expected output matching: $pattern)"
  fi
}
issuer() { "${iss[@]}" "$@"; }
wallet() { "${wal[@]}" "$@"; }
lists=(issuer/status/identity.list issuer/status/driving_licence.list
       issuer/status/health_insurance.list issuer/status/criminal_record.list)
jverifier() { "${jver[@]}" --trust issuer/trust.list --roots issuer/roots --status "${lists[@]}" "$@"; }

# The world of the C samples: an issuer, a level-2 wallet with every document.
issuer init issuer >/dev/null || exit 2
wallet create >/dev/null || exit 2
challenge=$(issuer challenge issuer)
wallet activation-request --challenge "$challenge" --out act.req >/dev/null
issuer issue issuer --type identity --holder-request act.req --claims "$data/identity.json" --out id.cred >/dev/null
wallet activate --trust issuer/trust.list --status "${lists[@]}" id.cred >/dev/null || exit 2
for doc in driving_licence health_insurance criminal_record; do
  challenge=$(issuer challenge issuer)
  wallet issuance-request --challenge "$challenge" --out "$doc.req" >/dev/null
  issuer issue issuer --type "$doc" --holder-request "$doc.req" --claims "$data/$doc.json" --out "$doc.cred" >/dev/null
  wallet import --status "${lists[@]}" "$doc.cred" >/dev/null || exit 2
done

# Every doc type as a PNG the C wallet wrote, read with ZXing and verified.
declare -A claims=([identity]=full_name,birth_date,age_over_18
                   [driving_licence]=full_name,driving_privileges
                   [health_insurance]=full_name,benefit_level,valid_until
                   [criminal_record]=full_name,record_status)
declare -A shows=([identity]="birth_date +1992-03-14" [driving_licence]="driving_privileges +code"
                  [health_insurance]="benefit_level +4" [criminal_record]="record_status +code")
for doc in identity driving_licence health_insurance criminal_record; do
  wallet present "$doc" --claims "${claims[$doc]}" --png "$doc.png" --text "$doc.txt" >/dev/null || exit 2
  expect 0 "^VALID: $doc .*offline presentation" jverifier verify --image "$doc.png"
  grep -Eq "full_name +Lê Thị Thu Trang" "$out" && grep -Eq "${shows[$doc]}" "$out" &&
    passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: $doc claims not printed"; }
done
# The same presentations as text and as JSON (each run is a fresh verifier: no replay across runs).
expect 0 '^\{"valid":true,"status":"EID_OK","doc_type":"driving_licence","issuer":"vn.csgt",.*"claims":\{"full_name":"Lê Thị Thu Trang","driving_privileges":' \
  jverifier --json verify --text-file driving_licence.txt
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$out.stdout" &&
  passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --json is not one JSON object"; }
expect 0 "^VALID: identity" jverifier verify "$(cat identity.txt)"

# A challenge answer: the C verifier makes the request, the C wallet answers as a PNG.
expect 0 "^EIDR1:" "${cver[@]}" --trust issuer/trust.list --roots issuer/roots --status "${lists[@]}" \
  request --rp-key issuer/keys/rp.key --claims identity:full_name,birth_date --out request.json
request=$(grep '^EIDR1:' "$out.stdout")
wallet present identity --claims full_name,birth_date --request "$request" --png answer.png >/dev/null || exit 2
expect 0 "^VALID: identity .*answering our request" jverifier verify --request request.json --image answer.png
expect 1 "already answered" jverifier verify --request request.json --image answer.png
# An answer shown to a verifier that did not ask is refused, as the C sample refuses it.
expect 1 "NOT VALID.*EID_ERR_" jverifier verify --image answer.png

# Failures: exit 1 for a presentation that is not valid, 2 for unusable input.
text=$(cat health_insurance.txt)
printf '%s' "${text%?}A" >tampered.txt
[ "${text: -1}" = A ] && printf '%s' "${text%?}B" >tampered.txt
expect 1 "^NOT VALID: .*\(EID_ERR_[A-Z_]+\)" jverifier verify --text-file tampered.txt
expect 1 "NOT VALID.*EID_ERR_FORMAT" jverifier verify "EID1:NOT BASE45"
printf 'not a png' >bad.png
expect 2 "bad.png is not a PNG image" jverifier verify --image bad.png
python3 -c "
import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
raw = b''.join(b'\x00' + b'\xff' * 64 for _ in range(64))
open('blank.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 64, 64, 8, 0, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))"
expect 2 "no QR code found in blank.png" jverifier verify --image blank.png
expect 2 "cannot read missing.png" jverifier verify --image missing.png
expect 2 "verify takes one of" jverifier verify
expect 2 "missing --trust" "${jver[@]}" verify --image identity.png
expect 0 "usage: eid-verifier-java" "${jver[@]}" --help
head -c 32 /dev/urandom >other.roots
expect 1 "not signed by the pinned roots" "${jver[@]}" --trust issuer/trust.list --roots other.roots \
  verify --image identity.png

echo "java sample: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
