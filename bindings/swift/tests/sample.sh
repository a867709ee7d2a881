#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# eid-verify-swift against presentations the C wallet sample wrote: the C
# issuer and wallet make a world as tests/samples/run.sh does, then the Swift
# relying party and the C one (eid-verifier) verify the same texts and must
# print the same lines and exit alike; then the Swift one's own failure paths.
# usage: sample.sh C_BIN_DIR SOURCE_DIR SWIFT_BIN WORK_DIR
set -uo pipefail
bin=$1 src=$2 swift_bin=$3 work=$4
data=$src/samples/data
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 2
export EID_PASSCODE=280419
passed=0 failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
issuer() { "$bin/eid-issuer" "$@" >/dev/null || { echo "eid-issuer $* failed"; exit 2; }; }
wallet() { "$bin/eid-wallet" --keystore "$work/keystore" --vault wallet "$@" >/dev/null || { echo "eid-wallet $* failed"; exit 2; }; }
lists=(issuer/status/identity.list issuer/status/driving_licence.list
       issuer/status/health_insurance.list issuer/status/criminal_record.list)
c_verify() { "$bin/eid-verifier" --trust issuer/trust.list --roots issuer/roots --status "${lists[@]}" verify "$@"; }
s_verify() { "$swift_bin" --trust issuer/trust.list --roots issuer/roots --status "${lists[@]}" verify "$@"; }

# same NAME EXIT ARGS... : both verifiers exit EXIT and print the same lines.
same() {
  local name=$1 want=$2
  shift 2
  local crc=0 src_rc=0
  c_verify "$@" >"$name.c.out" 2>/dev/null || crc=$?
  s_verify "$@" >"$name.swift.out" 2>"$name.swift.err" || src_rc=$?
  if [ "$crc" -ne "$want" ] || [ "$src_rc" -ne "$want" ]; then
    bad "$name: exit C $crc, Swift $src_rc (expected $want)"; sed 's/^/    /' "$name.swift.out" "$name.swift.err"
  elif ! diff -u "$name.c.out" "$name.swift.out"; then
    bad "$name: the Swift output differs from eid-verifier's"
  else
    ok
  fi
}
# expect NAME EXIT PATTERN COMMAND... : exit status and a line matching PATTERN.
expect() {
  local name=$1 want=$2 pattern=$3
  shift 3
  local rc=0
  "$@" >"$name.out" 2>&1 || rc=$?
  if [ "$rc" -eq "$want" ] && grep -Eq -- "$pattern" "$name.out"; then ok; else
    bad "$name: exit $rc (expected $want), output:"; sed 's/^/    /' "$name.out"
  fi
}

# ---- the C samples make a holder with three documents -------------------------
issuer init issuer
"$bin/eid-wallet" --keystore "$work/keystore" --vault wallet create >/dev/null || exit 2
wallet activation-request --challenge "$("$bin/eid-issuer" challenge issuer)" --out act.req
issuer issue issuer --type identity --holder-request act.req --claims "$data/identity.json" --out identity.cred
wallet activate --trust issuer/trust.list --status "${lists[@]}" identity.cred
for doc in driving_licence health_insurance; do
  wallet issuance-request --challenge "$("$bin/eid-issuer" challenge issuer)" --out "$doc.req"
  issuer issue issuer --type "$doc" --holder-request "$doc.req" --claims "$data/$doc.json" --out "$doc.cred"
  wallet import --status "${lists[@]}" "$doc.cred"
done
wallet present identity --claims full_name,birth_date,age_over_18,sex --text identity.txt
wallet present driving_licence --claims full_name,driving_privileges,points --text licence.txt
wallet present health_insurance --claims full_name,insurance_number,benefit_level,valid_until --text insurance.txt

# ---- the Swift relying party verifies them as the C one does ------------------
same identity 0 --text-file identity.txt
same licence 0 --text-file licence.txt
same insurance 0 --text-file insurance.txt
grep -q "^VALID: driving_licence" licence.swift.out && grep -q "driving_privileges .*Class" licence.swift.out && ok ||
  bad "the licence's claims are not printed"
grep -q "^VALID: identity" identity.swift.out && grep -q "age_over_18 .*Yes" identity.swift.out && ok ||
  bad "the identity's claims are not printed"
printf '%s\r\n' "$(cat identity.txt)" >crlf.txt
same crlf 0 --text-file crlf.txt
same as-argument 0 "$(cat licence.txt)"
# a changed character: not valid, and why
sed 's/^\(EID1:.\{40\}\)./\1A/' identity.txt >tampered.txt
cmp -s identity.txt tampered.txt || sed 's/^\(EID1:.\{40\}\)./\1B/' identity.txt >tampered.txt
same tampered 1 --text-file tampered.txt
grep -q "^NOT VALID" tampered.swift.out && ok || bad "a tampered text is not reported NOT VALID"
printf 'EID1:%s \n' "$(cut -c6- identity.txt)" >space.txt
same space 1 --text-file space.txt

# ---- the Swift sample's own refusals --------------------------------------------
expect missing 2 "cannot read nothing-here.txt" s_verify --text-file nothing-here.txt
printf 'EID1:\0ABC' >nul.txt
expect nul 2 "holds a NUL byte" s_verify --text-file nul.txt
expect no-trust 2 "--trust is required" "$swift_bin" verify --text-file identity.txt
expect two-texts 2 "one of TEXT" s_verify --text-file identity.txt "EID1:ABC"
head -c 32 issuer/trust.list >wrong.roots
expect wrong-roots 1 "not signed by the pinned roots" \
  "$swift_bin" --trust issuer/trust.list --roots wrong.roots --status "${lists[@]}" --text-file identity.txt
expect roots-beside 0 "pinned roots read from .*issuer/roots" \
  "$swift_bin" --trust issuer/trust.list --status "${lists[@]}" --text-file identity.txt
expect help 0 "usage: eid-verify-swift" "$swift_bin" --help

echo "sample: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
