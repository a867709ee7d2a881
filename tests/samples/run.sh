#!/usr/bin/env bash
# End-to-end test of the three command-line samples (run by ctest):
# the demo's story, then each failure path with its exit status and message.
# usage: run.sh BIN_DIR SOURCE_DIR WORK_DIR [RUNNER...]
# RUNNER (CMake's cross-compiling emulator, e.g. qemu-aarch64-static -L ROOT)
# is put before every program.
set -uo pipefail
bin=$1 src=$2 work=$3
runner=("${@:4}")
iss=("${runner[@]}" "$bin/eid-issuer")
wal=("${runner[@]}" "$bin/eid-wallet")
ver=("${runner[@]}" "$bin/eid-verifier")
data=$src/samples/data
here=$src/tests/samples
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 2
export EID_PASSCODE=280419
unset EID_NEW_PASSCODE

passed=0
failed=0
out=$work/last.out

# expect STATUS PATTERN COMMAND... : runs COMMAND, checks its exit status, that
# its output (stdout and stderr) matches the extended regex PATTERN, and that
# an exit status 2 comes with exactly one line on stderr.
expect() {
  local want=$1 pattern=$2
  shift 2
  local rc=0 lines=1
  "$@" >"$out.stdout" 2>"$out.stderr" || rc=$?
  cat "$out.stdout" "$out.stderr" >"$out"
  # a usage or input error is one line on stderr
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
# check DESCRIPTION COMMAND... : a plain assertion.
check() {
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}

not() { ! "$@"; }
issuer() { "${iss[@]}" "$@"; }
wallet() { "${wal[@]}" --vault wallet "$@"; }
lists=(issuer/status/identity.list issuer/status/driving_licence.list
       issuer/status/health_insurance.list issuer/status/criminal_record.list)
verifier() { "${ver[@]}" --trust issuer/trust.list --roots issuer/roots --status "${lists[@]}" "$@"; }

# ---- the demo's story -------------------------------------------------------
expect 0 "issuer ready" issuer init issuer
check "key seeds are mode 0600" test "$(stat -c %a issuer/keys/root.seed)" = 600
check "the register is mode 0600" test "$(stat -c %a issuer/register.json)" = 600
expect 0 "wallet created" wallet create
challenge=$(issuer challenge issuer)
expect 0 "activation request written" wallet activation-request --challenge "$challenge" --out act.req
expect 0 "status index [0-9]+" issuer issue issuer --type identity --holder-request act.req \
  --claims "$data/identity.json" --out identity.cred
expect 0 "level 2" wallet activate --trust issuer/trust.list --status "${lists[@]}" identity.cred
check "activation pins the trust list" cmp issuer/trust.list wallet/trust.list
for doc in driving_licence health_insurance criminal_record; do
  challenge=$(issuer challenge issuer)
  expect 0 "issuance request written" wallet issuance-request --challenge "$challenge" --out "$doc.req"
  expect 0 "issued $doc" issuer issue issuer --type "$doc" --holder-request "$doc.req" \
    --claims "$data/$doc.json" --out "$doc.cred"
  expect 0 "imported" wallet import --status "${lists[@]}" "$doc.cred"
done
expect 0 '"level":2,"documents":\[\{"id":"identity".*"id":"criminal_record"' wallet list --json
check "list --json is one JSON object" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$out"
expect 0 "health_insurance +valid +2026-[0-9-]+ \.\. 2026-12-31" wallet list
expect 0 "Class B: 12/09/2018 – 12/09/2028" wallet show driving_licence --lang en
expect 0 "Hạng B" wallet show driving_licence --lang vi
expect 0 "Nơi thường trú: ••••••" wallet show identity
expect 0 "Nơi thường trú: Số 45" wallet show identity --reveal
for doc in identity driving_licence health_insurance criminal_record; do
  for lang in vi en; do
    expect 0 "written to cards-$doc-$lang.svg" wallet show "$doc" --lang "$lang" --svg "cards-$doc-$lang.svg"
    check "$doc-$lang.svg is well-formed XML" xmllint --noout "cards-$doc-$lang.svg"
  done
done
check "the English identity card names its title" grep -q "IDENTITY CARD" cards-identity-en.svg
expect 0 "QR version [0-9]+, offline" wallet present driving_licence --claims full_name,driving_privileges \
  --png licence.png --svg licence.svg --text licence.txt
check "the QR PNG is a PNG" python3 -c "import sys; sys.exit(open(sys.argv[1],'rb').read(8)!=b'\x89PNG\r\n\x1a\n')" licence.png
check "the QR text starts EID1:" grep -q "^EID1:" licence.txt
check "the QR SVG is well-formed XML" xmllint --noout licence.svg
expect 0 "^VALID: driving_licence.*Cục Cảnh sát giao thông" verifier verify --image licence.png
expect 0 '^\{"valid":true,"status":"EID_OK","doc_type":"driving_licence","issuer":"vn.csgt",.*"claims":\{"full_name":"Lê Thị Thu Trang","driving_privileges":"Class A1: 20/06/2011 – No expiry; Class B' \
  verifier --json verify --text-file licence.txt
check "verify --json is one JSON object" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$out"
expect 0 "█" wallet present identity --claims full_name,age_over_18
wallet present identity --claims age_over_18 --text age.txt >/dev/null
expect 0 "VALID: identity" verifier verify "$(cat age.txt)"
check "the state file keeps the sequences seen" grep -q '"vn.csgt/driving_licence/1":' issuer/eid-verifier.state

# Challenge mode, and a request answered twice.
expect 0 "^EIDR1:" verifier request --rp-key issuer/keys/rp.key --claims identity:full_name,birth_date \
  --out request.json --png request.png
request=$(grep '^EIDR1:' "$out")
expect 0 "answering the request" wallet present identity --claims full_name,birth_date --request "$request" --text answer.txt
grep -q "request from Điểm kiểm tra (demo) (vn.demo.checkpoint) for identity:full_name,birth_date" "$out" &&
  passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the wallet names who asks"; }
expect 0 '"valid":true.*"challenged":true' verifier --json verify --request request.json --text-file answer.txt
expect 1 "already answered" verifier verify --request request.json --text-file answer.txt
expect 2 "request|format" wallet present identity --claims full_name --request "EIDR1:NOT A REQUEST"

# Audit log: who saw what, never values.
expect 0 "vn.demo.checkpoint +full_name,birth_date" wallet audit
expect 0 '"entries":\[\{"time":"[0-9-]+ [0-9:]+","time_unix":[0-9]+,"doc_type":"driving_licence","claims":\["full_name","driving_privileges"\]' \
  wallet audit --json
check "the audit log holds no value" bash -c "! grep -q 'Trang' '$out'"

# Claims as a person writes them: a portrait file, labels for codes, a conviction list.
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9' >portrait.jpg
python3 - "$data" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1] + "/identity.json")); d["portrait"] = "portrait.jpg"; d["sex"] = "female"
json.dump(d, open("identity-portrait.json", "w"), ensure_ascii=False)
c = json.load(open(sys.argv[1] + "/criminal_record.json")); c["record_status"] = "Has convictions"
c["convictions"] = [{"offence": "Điều 260 Bộ luật Hình sự, phạt tù 1 năm cho hưởng án treo",
                     "judgement_date": "2015-03-02", "end_date": "2016-03-02"}]
json.dump(c, open("record-convictions.json", "w"), ensure_ascii=False)
EOF
"${wal[@]}" --vault second create >/dev/null
challenge=$(issuer challenge issuer)
"${wal[@]}" --vault second activation-request --challenge "$challenge" --out second.req >/dev/null
expect 0 "issued identity" issuer issue issuer --type identity --holder-request second.req \
  --claims identity-portrait.json --out second-id.cred
expect 0 "level 2" "${wal[@]}" --vault second activate --trust issuer/trust.list --status "${lists[@]}" second-id.cred
expect 0 "written to portrait.svg" "${wal[@]}" --vault second show identity --svg portrait.svg
check "the card embeds the portrait" grep -q "data:image/jpeg;base64,/9j/" portrait.svg
expect 0 "Giới tính: Nữ" "${wal[@]}" --vault second show identity
challenge=$(issuer challenge issuer)
"${wal[@]}" --vault second issuance-request --challenge "$challenge" --out second-cr.req >/dev/null
expect 0 "issued criminal_record" issuer issue issuer --type criminal_record --holder-request second-cr.req \
  --claims record-convictions.json --out second-cr.cred
expect 0 "imported" "${wal[@]}" --vault second import --status "${lists[@]}" second-cr.cred
"${wal[@]}" --vault second present criminal_record --claims record_status,convictions --text convictions.txt >/dev/null
expect 0 '"claims":\{"record_status":"Has convictions","convictions":"Conviction 1: Điều 260 Bộ luật Hình sự, phạt tù 1 năm cho hưởng án treo \(02/03/2015 – 02/03/2016\)"\}' \
  verifier --json verify --text-file convictions.txt

# ---- refusals ------------------------------------------------------------------
# Usage: exit 2 and a one-line message naming the problem.
expect 2 "^eid-issuer: no command \(see eid-issuer --help\)$" issuer
expect 0 "^usage: eid-issuer COMMAND" issuer --help
expect 0 "phones? use the platform keystore|on a phone the" "${wal[@]}" --help
expect 0 "cannot see" "${ver[@]}" --help
expect 2 "unknown command 'frobnicate'" issuer frobnicate issuer
expect 2 "missing --vault" "${wal[@]}" list
expect 2 "missing --trust" "${ver[@]}" verify EID1:X
expect 2 "no command" "${ver[@]}" --trust issuer/trust.list
expect 2 "unexpected argument '--bogus'" wallet list --bogus
expect 2 "verify takes one of" verifier verify
expect 2 "cannot read nothing-here.txt" verifier verify --text-file nothing-here.txt
expect 2 "is not a PNG image" verifier verify --image licence.txt
expect 2 "missing --out" issuer issue issuer --type identity --holder-request act.req --claims "$data/identity.json"
# Unknown doc types and claims.
expect 2 "unknown doc type 'passport'" wallet show passport
expect 2 "unknown doc type 'passport'" issuer issue issuer --type passport --holder-request act.req \
  --claims "$data/identity.json" --out x.cred
expect 2 "unknown doc type 'passport'" verifier request --rp-key issuer/keys/rp.key --claims passport:full_name --out r.json
expect 2 "identity has no claim 'shoe_size'" wallet present identity --claims full_name,shoe_size
expect 2 "nothing is disclosed by default|--claims" wallet present identity --claims ""
# Claims files that break the schema name the claim.
printf '{"personal_id": "12345", "full_name": "A", "birth_date": "1990-01-01"}\n' >bad-claims.json
challenge=$(issuer challenge issuer)
wallet issuance-request --challenge "$challenge" --out again.req >/dev/null
expect 2 "bad-claims.json: claim 'personal_id'" issuer issue issuer --type driving_licence \
  --holder-request again.req --claims bad-claims.json --out x.cred
printf '{"personal_id": "001192012345", "birth_date": "14/03/1992"}\n' >bad-date.json
expect 2 "claim 'birth_date': dates are written YYYY-MM-DD" issuer issue issuer --type driving_licence \
  --holder-request again.req --claims bad-date.json --out x.cred
printf '{"personal_id": ' >broken.json
expect 2 "broken.json is not valid JSON" issuer issue issuer --type driving_licence \
  --holder-request again.req --claims broken.json --out x.cred
# The issuer binds documents to the person who asked, once per challenge.
expect 1 "another person" issuer issue issuer --type health_insurance --holder-request again.req \
  --claims "$here/other_health_insurance.json" --out x.cred
expect 1 "answers no open challenge" issuer issue issuer --type driving_licence \
  --holder-request driving_licence.req --claims "$data/driving_licence.json" --out x.cred
expect 1 "answers no open challenge" issuer issue issuer --type identity --holder-request act.req \
  --claims "$data/identity.json" --out x.cred
check "refused issues write no credential" test ! -e x.cred
# Passcodes.
EID_PASSCODE=135790 expect 1 "wrong passcode \(1 failed" wallet list
expect 0 "level 2" wallet list
EID_PASSCODE=123456 expect 2 "weak passcode" "${wal[@]}" --vault weak create
expect 2 "no passcode: set EID_PASSCODE" env -u EID_PASSCODE setsid -w "${wal[@]}" --vault wallet list
check "the passcode prompt on a terminal does not echo" \
  python3 "$here/tty_passcode.py" 280419 "level 2" "${wal[@]}" --vault wallet list
check "a wrong passcode typed at the terminal is refused" \
  not python3 "$here/tty_passcode.py" 135791 "level 2" "${wal[@]}" --vault wallet list
expect 2 "no wallet in nowhere" "${wal[@]}" --vault nowhere list
expect 2 "already holds a wallet" wallet create
# Another person's document: a second wallet, another citizen.
"${wal[@]}" --vault other create >/dev/null
challenge=$(issuer challenge issuer)
"${wal[@]}" --vault other activation-request --challenge "$challenge" --out other-act.req >/dev/null
expect 0 "status index" issuer issue issuer --type identity --holder-request other-act.req \
  --claims "$here/other_identity.json" --out other-identity.cred
expect 2 "EID_ERR_INVALID_ARG" wallet import --status "${lists[@]}" other-identity.cred
expect 1 "another holder key or another person" wallet activate --trust issuer/trust.list --status "${lists[@]}" \
  other-identity.cred
expect 0 "level 2" "${wal[@]}" --vault other activate --trust issuer/trust.list --status "${lists[@]}" \
  other-identity.cred
challenge=$(issuer challenge issuer)
"${wal[@]}" --vault other issuance-request --challenge "$challenge" --out other-hi.req >/dev/null
expect 0 "issued health_insurance" issuer issue issuer --type health_insurance --holder-request other-hi.req \
  --claims "$here/other_health_insurance.json" --out other-hi.cred
expect 1 "another holder key or another person" wallet import --status "${lists[@]}" other-hi.cred
expect 1 "EID_ERR_EXISTS" wallet import --status "${lists[@]}" health_insurance.cred
# Untrusted trust lists and roots: another issuer's roots.
"${iss[@]}" init rogue >/dev/null
expect 1 "not signed by the pinned roots" "${ver[@]}" --trust issuer/trust.list --roots rogue/roots \
  --status "${lists[@]}" verify --text-file licence.txt
expect 1 "not signed by the pinned roots" "${ver[@]}" --trust rogue/trust.list --roots issuer/roots \
  verify --text-file licence.txt
expect 1 "EID_ERR_UNTRUSTED_LIST" wallet import --trust rogue/trust.list --roots issuer/roots \
  --status "${lists[@]}" driving_licence.cred
expect 1 "EID_ERR_UNTRUSTED_ISSUER|another holder" wallet import --status rogue/status/health_insurance.list \
  "${lists[@]}" other-hi.cred
expect 1 "roots read from rogue/roots, beside the trust list" "${ver[@]}" --trust rogue/trust.list \
  --state rogue.state verify --text-file licence.txt
# A tampered QR.
wallet present identity --claims full_name,age_over_18 --text id.txt >/dev/null
python3 - id.txt tampered.txt <<'EOF'
import sys
text = open(sys.argv[1]).read().strip()
i = len(text) // 2
open(sys.argv[2], "w").write(text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1:] + "\n")
EOF
expect 1 "^NOT VALID" verifier verify --text-file tampered.txt
expect 1 '"valid":false.*"failures":\[\{"check":"' verifier --json verify --text-file tampered.txt
expect 1 "NOT VALID.*EID_ERR_FORMAT" verifier verify "EID1:THIS IS NOT BASE45 ~"
# Revocation: by credential file; then the lists, the wallet, the person.
wallet present criminal_record --claims full_name,record_status --text record.txt >/dev/null
cp issuer/status/criminal_record.list old-criminal_record.list
cp issuer/trust.list old-trust.list
expect 0 "revoked criminal_record, status index [0-9]+" issuer revoke issuer --type criminal_record \
  --credential criminal_record.cred
expect 1 "failed check status: the credential is revoked \(EID_ERR_REVOKED\)" verifier verify --text-file record.txt
expect 1 '"status":"EID_ERR_REVOKED".*"failures":\[\{"check":"status","status":"EID_ERR_REVOKED"' \
  verifier --json verify --text-file record.txt
expect 1 "rollback|LIST_ROLLBACK" "${ver[@]}" --trust issuer/trust.list --roots issuer/roots \
  --status issuer/status/identity.list old-criminal_record.list verify --text-file record.txt
expect 0 "1 credential revoked" wallet refresh "${lists[@]}"
expect 0 "criminal_record +revoked" wallet list
expect 1 "EID_ERR_REVOKED" wallet present criminal_record --claims full_name
expect 0 "Đã thu hồi" wallet show criminal_record
expect 2 "takes one of --index" issuer revoke issuer --type identity
expect 2 "--index needs --type" issuer revoke issuer --index 5
expect 1 "no credential in the register matches" issuer revoke issuer --personal-id 000000000000
expect 0 "revoked health_insurance" issuer revoke issuer --personal-id 079095006789 --type health_insurance
expect 0 "written to identity-now.list" issuer status issuer --type identity --out identity-now.list
check "status --out writes the list" cmp identity-now.list issuer/status/identity.list
# A trust list older than one seen before.
expect 0 "written to trust-now.list" issuer trust issuer --out trust-now.list
wallet present identity --claims age_over_18 --text age.txt >/dev/null
expect 0 "VALID: identity" verifier verify "$(cat age.txt)"
mkdir -p old && cp old-trust.list old/trust.list
expect 1 "refused as a rollback" "${ver[@]}" --trust old/trust.list --roots issuer/roots \
  --state issuer/eid-verifier.state --status "${lists[@]}" verify --text-file id.txt
# Passcode change, audit clear, wipe.
EID_NEW_PASSCODE=604817 expect 0 "passcode changed" wallet change-passcode
EID_NEW_PASSCODE=111111 EID_PASSCODE=604817 expect 2 "weak passcode" wallet change-passcode
expect 1 "wrong passcode" wallet list
EID_PASSCODE=604817 expect 0 "level 2" wallet list
EID_PASSCODE=604817 expect 0 "audit log cleared" wallet audit --clear
EID_PASSCODE=604817 expect 0 "^0 entries" wallet audit
EID_PASSCODE=604817 expect 1 "wrong passcode" env EID_PASSCODE=999111 "${wal[@]}" --vault wallet wipe
EID_PASSCODE=604817 expect 0 "wallet wiped" wallet wipe
EID_PASSCODE=604817 expect 2 "no wallet in wallet" wallet list

echo "samples end to end: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
