#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end test of the three command-line samples (run by ctest):
# the demo's story, then each failure path with its exit status and message.
# usage: run.sh BIN_DIR SOURCE_DIR WORK_DIR [RUNNER...]
# RUNNER (CMake's cross-compiling emulator, e.g. qemu-aarch64-static -L ROOT)
# is put before every program.
set -uo pipefail
bin=$1 src=$2 work=$3
runner=("${@:4}")
iss=("${runner[@]}" "$bin/eid-issuer")
walbin=("${runner[@]}" "$bin/eid-wallet")
# The wallets keep their keystore here, never in $HOME (the default location
# is tested with a HOME of its own below).
wal=("${walbin[@]}" --keystore "$work/keystore")
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
expect 0 "wallet created in wallet .*keystore key in $work/keystore" wallet create
check "the keystore is not in the wallet folder" test ! -e wallet/keystore
check "the keystore folder is mode 0700" test "$(stat -c %a keystore)" = 700
check "the keystore holds a key" bash -c "ls keystore/*.key"
challenge=$(issuer challenge issuer)
expect 0 "activation request written" wallet activation-request --challenge "$challenge" --out act.req
expect 0 "revocation index [0-9]+" issuer issue issuer --type identity --holder-request act.req \
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

# Batches of single-use credentials: two presentations share no value.
wallet present identity --claims full_name,age_over_18 --text record-1.txt >/dev/null
expect 0 "credential of record" wallet present identity --claims full_name,age_over_18 --text record-2.txt
expect 1 "^shared: holder key, issuer signature, Merkle root, revocation index, salt, proof node$" \
  python3 "$here/presentation_fields.py" record-1.txt record-2.txt
challenge=$(issuer challenge issuer)
expect 0 "refill request for 16 single-use identity credentials written" \
  wallet refill-request identity --challenge "$challenge" --out refill.req
expect 0 "issued 16 single-use identity credentials valid [0-9-]+ to [0-9-]+ -> identity.batch" \
  issuer issue-batch issuer --holder-request refill.req --out identity.batch
expect 1 "answers no open challenge" issuer issue-batch issuer --holder-request refill.req --out x.batch
expect 0 "identity.batch imported: 16 single-use credentials" wallet import-batch --status "${lists[@]}" identity.batch
expect 1 "no refill request of this wallet is waiting" wallet import-batch --status "${lists[@]}" identity.batch
expect 0 "identity +valid .*\(16 single-use\)" wallet list
expect 0 "single-use credential, now deleted: 15 left" \
  wallet present identity --claims full_name,age_over_18 --text single-1.txt
expect 0 "single-use credential, now deleted: 14 left" \
  wallet present identity --claims full_name,age_over_18 --text single-2.txt
expect 0 "^nothing shared: holder key, holder signature, issuer signature, Merkle root, revocation index, salt, proof node, nonce" \
  python3 "$here/presentation_fields.py" single-1.txt single-2.txt
expect 0 "^VALID: identity" verifier verify --text-file single-1.txt
expect 0 "^VALID: identity" verifier verify --text-file single-2.txt
# A fleet's replay store (docs/FLEET.md): with --replay, what one run (one
# scanner) accepted is refused by the next run and by another scanner with a
# state file of its own; without it, each run remembers nothing. EID_REDIS_URL
# names the test run's private redis-server (tests/fleet/redis.sh).
if [ -n "${EID_REDIS_URL:-}" ]; then
  wallet present identity --claims age_over_18 --text fleet.txt >/dev/null
  expect 0 "^VALID: identity" verifier --replay "$EID_REDIS_URL" verify --text-file fleet.txt
  expect 1 "^NOT VALID: .*\(EID_ERR_REPLAYED\)" verifier --replay "$EID_REDIS_URL" verify --text-file fleet.txt
  expect 1 "^NOT VALID: .*\(EID_ERR_REPLAYED\)" \
    verifier --state other-scanner.state --replay "$EID_REDIS_URL" verify --text-file fleet.txt
  expect 0 "^VALID: identity" verifier verify --text-file fleet.txt
  expect 1 "replay store: .*\(EID_ERR_UNAVAILABLE\): nothing can be verified" \
    verifier --replay redis://127.0.0.1:1 verify --text-file fleet.txt
  expect 2 "^eid-verifier: --replay takes" verifier --replay http://x verify --text-file fleet.txt
fi
check "the register names each single-use credential's index" \
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(sum(1 for c in r['credentials'] if c.get('single_use')) != 16)" issuer/register.json
# A batch runs out: no silent fallback to the linkable credential of record.
challenge=$(issuer challenge issuer)
expect 0 "for 2 single-use health_insurance" wallet refill-request health_insurance --size 2 --challenge "$challenge" \
  --out hi-refill.req
expect 0 "issued 2 single-use health_insurance" issuer issue-batch issuer --holder-request hi-refill.req \
  --valid-days 7 --out hi.batch
expect 0 "2 single-use" wallet import-batch --status "${lists[@]}" hi.batch
expect 0 "1 left" wallet present health_insurance --claims benefit_level --text hi-1.txt
expect 0 "0 left \(refill due" wallet present health_insurance --claims benefit_level --text hi-2.txt
expect 1 "no unused single-use health_insurance credential is left" wallet present health_insurance --claims benefit_level
expect 2 "--size takes 1..64" wallet refill-request identity --size 65 --challenge "$challenge" --out x.req

# QR text: exactly the prefix and base45; a text file may end with one line break, nothing else.
text=$(head -c -1 single-1.txt)
printf '%s\r\n' "$text" >crlf.txt
printf '%s' "$text" >bare.txt
printf '%s \n' "$text" >space.txt
printf '%s\t\n' "$text" >tab.txt
printf '%s\n\n' "$text" >two-lines.txt
expect 0 "^VALID: identity" verifier verify --text-file crlf.txt
expect 0 "^VALID: identity" verifier verify --text-file bare.txt
expect 1 "NOT VALID.*EID_ERR_FORMAT.*|begins or ends with a space" verifier verify --text-file space.txt
check "a trailing space is named" grep -q "the text begins or ends with a space: QR text is the prefix and base45" "$out"
expect 1 "tab or a line break" verifier verify --text-file tab.txt
check "a trailing tab is refused as malformed" grep -q "NOT VALID.*EID_ERR_FORMAT" "$out"
expect 1 "tab or a line break" verifier verify --text-file two-lines.txt
check "a second line break is refused as malformed" grep -q "NOT VALID.*EID_ERR_FORMAT" "$out"
expect 1 "begins or ends with a space" verifier verify "$text "
expect 1 "NOT VALID.*EID_ERR_FORMAT" verifier verify " $text"
printf 'EID1:\0AB\n' >nul.txt
expect 2 "nul.txt holds a NUL byte" verifier verify --text-file nul.txt

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
expect 0 "phones? use the platform keystore|on a phone the" "${walbin[@]}" --help
expect 0 "XDG_DATA_HOME/libeid/keystore, or ~/.local/share/libeid/keystore" "${walbin[@]}" --help
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
# The keystore lives apart from the wallet folder: --keystore, $XDG_DATA_HOME or $HOME, made mode 0700.
ks_home=home/.local/share/libeid/keystore
mkdir home
expect 0 "keystore key in $work/$ks_home$" env -u XDG_DATA_HOME HOME="$work/home" "${walbin[@]}" --vault home-wallet create
check "the default keystore folder is mode 0700" test "$(stat -c %a $ks_home)" = 700
check "the default keystore is outside the wallet folder" bash -c "ls $ks_home/*.key && test ! -e home-wallet/keystore"
expect 0 "level 0" env -u XDG_DATA_HOME HOME="$work/home" "${walbin[@]}" --vault home-wallet list
expect 0 "keystore key in $work/xdg/libeid/keystore$" env -u HOME XDG_DATA_HOME="$work/xdg" "${walbin[@]}" \
  --vault xdg-wallet create
check "the XDG keystore folder is mode 0700" test "$(stat -c %a xdg/libeid/keystore)" = 700
expect 2 "no keystore folder: set HOME or XDG_DATA_HOME, or pass --keystore DIR" \
  env -u HOME -u XDG_DATA_HOME "${walbin[@]}" --vault homeless-wallet create
# A copy of the wallet folder alone does not open.
cp -r home-wallet copied-wallet
mkdir -m 700 empty-keystore
expect 1 "EID_ERR_(KEY_INVALIDATED|KEYSTORE|CORRUPT)" "${walbin[@]}" --keystore empty-keystore --vault copied-wallet list
mkdir -p old-layout/keystore
expect 2 "old-layout/keystore holds a keystore inside the wallet folder" "${walbin[@]}" --vault old-layout list
mkdir -m 755 open-keystore
expect 2 "keystore folder open-keystore is open to other users \(mode 755\)" "${walbin[@]}" --keystore open-keystore \
  --vault wallet list
# Another person's document: a second wallet, another citizen.
"${wal[@]}" --vault other create >/dev/null
challenge=$(issuer challenge issuer)
"${wal[@]}" --vault other activation-request --challenge "$challenge" --out other-act.req >/dev/null
expect 0 "revocation index" issuer issue issuer --type identity --holder-request other-act.req \
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
# --credential matches the full fingerprint: a file with one byte changed revokes nothing.
python3 - criminal_record.cred <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
# CredentialBundle field 1 is the serialized Credential, which ends with the issuer signature.
assert data[0] == 0x0A
length, i, shift = 0, 1, 0
while True:
    length |= (data[i] & 0x7F) << shift
    shift += 7
    i += 1
    if data[i - 1] < 0x80:
        break
def write(name, b):
    open(name, "wb").write(bytes(b))
sig = bytearray(data); sig[i + length - 1] ^= 1; write("flipped-signature.cred", sig)
decoy = bytearray(data); decoy[-1] ^= 1; write("flipped-decoy.cred", decoy)
write("truncated.cred", data[:-1])
EOF
expect 1 "^eid-issuer: no such credential in the register$" issuer revoke issuer --credential flipped-signature.cred
expect 1 "flipped-decoy.cred is not an intact credential: .*EID_ERR_PROOF" \
  issuer revoke issuer --credential flipped-decoy.cred
expect 2 "truncated.cred is not an intact credential: .*EID_ERR_FORMAT" issuer revoke issuer --credential truncated.cred
check "a changed credential file revokes nothing" cmp issuer/status/criminal_record.list old-criminal_record.list
check "the register names credentials by BLAKE2b-256" grep -Eq '"fingerprint":[[:space:]]*"[0-9a-f]{64}"' issuer/register.json
expect 0 "revoked criminal_record, revocation index [0-9]+" issuer revoke issuer --type criminal_record \
  --credential criminal_record.cred
expect 1 "failed check revocation: the credential is revoked \(EID_ERR_REVOKED\)" verifier verify --text-file record.txt
expect 1 '"status":"EID_ERR_REVOKED".*"failures":\[\{"check":"revocation","status":"EID_ERR_REVOKED"' \
  verifier --json verify --text-file record.txt
expect 1 "rollback|LIST_ROLLBACK" "${ver[@]}" --trust issuer/trust.list --roots issuer/roots \
  --status issuer/status/identity.list old-criminal_record.list verify --text-file record.txt
expect 0 "1 credential revoked" wallet refresh "${lists[@]}"
expect 0 "criminal_record +revoked" wallet list
expect 1 "EID_ERR_REVOKED" wallet present criminal_record --claims full_name
expect 0 "Đã thu hồi" wallet show criminal_record
# Revoking a document revokes its single-use credentials with it.
challenge=$(issuer challenge issuer)
wallet refill-request driving_licence --size 3 --challenge "$challenge" --out dl-refill.req >/dev/null
expect 0 "issued 3 single-use driving_licence" issuer issue-batch issuer --holder-request dl-refill.req --out dl.batch
expect 0 "3 single-use" wallet import-batch --status "${lists[@]}" dl.batch
expect 0 "single-use credential, now deleted" wallet present driving_licence --claims full_name --text dl-single.txt
expect 0 "revoked driving_licence \(single-use\), revocation index [0-9]+" issuer revoke issuer \
  --credential driving_licence.cred
check "the record and its three single-use credentials are revoked" test "$(grep -c '^revoked driving_licence' "$out")" = 4
expect 1 "failed check revocation: the credential is revoked \(EID_ERR_REVOKED\)" verifier verify --text-file dl-single.txt
expect 2 "takes one of --index" issuer revoke issuer --type identity
expect 2 "--index needs --type" issuer revoke issuer --index 5
expect 1 "no such credential in the register" issuer revoke issuer --personal-id 000000000000
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
# Out of memory at the N-th allocation of the relying-party sample (every
# allocation of a run up to a stride): a verdict is printed only by a run that
# exits 0 or 1, "VALID" only with 0, the revoked record is never VALID, the
# state file is never called malformed and keeps every list sequence it held
# (an older list would otherwise undo a revocation).
if [ -n "${EID_FAIL_MALLOC_SHIM:-}" ]; then
  cp issuer/eid-verifier.state state-before-oom
  oom_runs=0 oom_bad=0
  for txt in record.txt age.txt; do
    EID_MALLOC_COUNT_FILE=$work/malloc-count LD_PRELOAD=$EID_FAIL_MALLOC_SHIM \
      verifier verify --text-file "$txt" >/dev/null 2>&1
    total=$(cat "$work/malloc-count")
    stride=$(( total / 40 + 1 ))
    for ((n = 1; n <= total; n += stride)); do
      EID_FAIL_MALLOC_AT=$n LD_PRELOAD=$EID_FAIL_MALLOC_SHIM verifier verify --text-file "$txt" \
        >"$work/oom.out" 2>"$work/oom.err"
      rc=$?
      oom_runs=$((oom_runs + 1))
      verdict=$(grep -c '^VALID\|^NOT VALID' "$work/oom.out")
      if [ "$rc" -gt 2 ] || { [ "$rc" -eq 2 ] && [ "$verdict" -ne 0 ]; } ||
         grep -q 'is not valid JSON' "$work/oom.err" ||
         { grep -q '^VALID' "$work/oom.out" && { [ "$rc" -ne 0 ] || [ "$txt" = record.txt ]; }; } ||
         { [ "$txt" = age.txt ] && grep -q '^NOT VALID' "$work/oom.out"; } ||
         { [ "$txt" = record.txt ] && grep -q '^NOT VALID' "$work/oom.out" &&
           ! grep -q '^NOT VALID: .*EID_ERR_REVOKED' "$work/oom.out"; } ||
         ! python3 - state-before-oom issuer/eid-verifier.state <<'PY'
import json, sys
old, new = (json.load(open(p)) for p in sys.argv[1:3])
ok = new["trust_sequence"] >= old["trust_sequence"] and all(
    new["status_sequences"].get(k, -1) >= v for k, v in old["status_sequences"].items())
sys.exit(0 if ok else 1)
PY
      then
        oom_bad=$((oom_bad + 1))
        echo "out of memory at allocation $n of $total ($txt): exit $rc" >&2
        cat "$work/oom.out" "$work/oom.err" >&2
      fi
    done
  done
  check "out of memory at any of $oom_runs allocation points: no false verdict, no watermark lost" \
    test "$oom_bad" -eq 0
  expect 1 "failed check revocation: the credential is revoked" verifier verify --text-file record.txt
fi
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
