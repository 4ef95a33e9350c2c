# image/lib.sh: helpers shared by image/check, image/test and image/powercut (sourced, never run).
# shellcheck shell=bash

# missing_packages CMD:PKG...: the Debian packages (sorted, once each) of the commands that are not
# installed; a CMD starting with / is a file that must exist.
missing_packages() {
  local t
  for t in "$@"; do
    case "${t%%:*}" in
      /*) [ -e "${t%%:*}" ] || echo "${t#*:}" ;;
      *) command -v "${t%%:*}" >/dev/null 2>&1 || echo "${t#*:}" ;;
    esac
  done | sort -u
}

# apt_install LOG PKG...: installs the packages, with one `apt-get update` and a retry when the
# package lists are stale; apt's output goes to LOG.
apt_install() {
  local log=$1; shift
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$@")
  "${apt[@]}" >"$log" 2>&1 && return 0
  apt-get update -q >>"$log" 2>&1
  "${apt[@]}" >>"$log" 2>&1
}

# ---------------------------------------------------------------- verdicts of the VM tests
# step, ok and bad for image/test and image/powercut (START: when the test began, in date +%s); PASS and FAIL
# count the verdicts. A test script defines die for itself.
PASS=0; FAIL=0
step() { echo "== [$(( $(date +%s) - START ))s] $*"; }
ok() { PASS=$((PASS + 1)); echo "  ok    $*"; }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL  $*"; }

# install_missing CMD:PKG...: installs the packages of the commands (or files) that are missing, or dies.
install_missing() {
  local need
  mapfile -t need < <(missing_packages "$@")
  [ ${#need[@]} -eq 0 ] && return 0
  step "installing ${need[*]}"
  apt_install /dev/null "${need[@]}" || die "could not install ${need[*]}"
}

# ---------------------------------------------------------------- throwaway test PKI
# The same shape as production: a CA (the device's keyring) and a code-signing key it issued.
# Keys live in temporary directories only and are valid for 3 days.

# pki_config FILE: the openssl configuration with the CA and code-signing extensions.
pki_config() {
  cat >"$1" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = anjungan image test
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_sign]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
CNF
}

# mkca CNF DIR NAME: a self-signed test CA in DIR/ca.key, DIR/ca.pem. NAME goes into the subject: no "/".
mkca() {
  mkdir -p "$2" &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3 \
    -config "$1" -extensions v3_ca -subj "/O=Anjungan test/CN=$3 test CA" \
    -keyout "$2/ca.key" -out "$2/ca.pem" 2>&1
}

# mksign CNF CADIR OUTDIR NAME: a signing key OUTDIR/sign.key with a codeSigning certificate
# OUTDIR/sign.pem issued by the CA in CADIR, checked against that CA.
mksign() {
  mkdir -p "$3" &&
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -config "$1" \
    -subj "/O=Anjungan test/CN=$4 test signing" -keyout "$3/sign.key" -out "$3/sign.csr" 2>&1 &&
  openssl x509 -req -in "$3/sign.csr" -CA "$2/ca.pem" -CAkey "$2/ca.key" -CAcreateserial -CAserial "$3/ca.srl" \
    -days 3 -extfile "$1" -extensions v3_sign -out "$3/sign.pem" 2>&1 &&
  openssl verify -purpose any -CAfile "$2/ca.pem" "$3/sign.pem"
}

# ---------------------------------------------------------------- disk images (no mounts)

# part_sectors DISK N: "FIRST COUNT" of partition N in 512-byte sectors.
part_sectors() {
  local info first last
  info=$(sgdisk -i "$2" "$1")
  first=$(sed -n 's/^First sector: \([0-9]*\).*/\1/p' <<<"$info")
  last=$(sed -n 's/^Last sector: \([0-9]*\).*/\1/p' <<<"$info")
  echo "$first $(( last - first + 1 ))"
}
# part_extract DISK N FILE: copies partition N of a raw disk into FILE (sparse).
part_extract() {
  local s; read -ra s <<<"$(part_sectors "$1" "$2")"
  dd if="$1" of="$3" bs=512 skip="${s[0]}" count="${s[1]}" conv=sparse status=none
}
# part_write DISK N FILE [sparse]: writes FILE over partition N. "sparse" skips FILE's zero blocks, which
# is right only where the disk holds zeros or the same data there (a slot over a fresh copy of itself).
part_write() {
  local s conv=notrunc; read -ra s <<<"$(part_sectors "$1" "$2")"
  [ "${4:-}" = sparse ] && conv=notrunc,sparse
  dd if="$3" of="$1" bs=512 seek="${s[0]}" conv="$conv" status=none
}

# install_test_agent SLOT.ext4 AGENTDIR LOG [AGENT]: writes a test-only agent (AGENTDIR/AGENT, default
# anj-test-agent, with its unit AGENT.service) and the emergency-mode journal dump into a copy of a slot
# image with debugfs and enables them.
install_test_agent() {
  local img=$1 dir=$2 log=$3 agent=${4:-anj-test-agent}
  debugfs -w -f - "$img" >>"$log" 2>&1 <<CMDS
write $dir/$agent /usr/local/sbin/$agent
set_inode_field /usr/local/sbin/$agent mode 0100755
write $dir/$agent.service /etc/systemd/system/$agent.service
symlink /etc/systemd/system/multi-user.target.wants/$agent.service /etc/systemd/system/$agent.service
write $dir/anj-test-emergency.service /etc/systemd/system/anj-test-emergency.service
mkdir /etc/systemd/system/emergency.target.wants
mkdir /etc/systemd/system/rescue.target.wants
symlink /etc/systemd/system/emergency.target.wants/anj-test-emergency.service /etc/systemd/system/anj-test-emergency.service
symlink /etc/systemd/system/rescue.target.wants/anj-test-emergency.service /etc/systemd/system/anj-test-emergency.service
CMDS
  debugfs -R "stat /usr/local/sbin/$agent" "$img" 2>/dev/null | grep -q 'Mode:  *0755'
}

# data_file_write DATA.ext4 PATH NEWFILE LOG [UID GID MODE]: writes NEWFILE as PATH into a data partition
# image; a file already there is replaced and keeps its owner and mode (the kiosk user reads kiosk.conf).
data_file_write() {
  local img=$1 path=$2 new=$3 log=$4 uid=${5:-} gid=${6:-} mode=${7:-} stat
  stat=$(debugfs -R "stat $path" "$img" 2>/dev/null)
  if [ -n "$stat" ]; then
    uid=$(sed -n 's/.*User: *\([0-9]*\).*/\1/p' <<<"$stat")
    gid=$(sed -n 's/.*Group: *\([0-9]*\).*/\1/p' <<<"$stat")
    mode=$(sed -n 's/.*Mode: *0*\([0-7]\{3\}\) .*/\1/p' <<<"$stat")
  fi
  [ -n "$uid" ] && [ -n "$gid" ] && [ -n "$mode" ] || { echo "data_file_write: owner and mode of $path unknown" >>"$log"; return 1; }
  debugfs -w -f - "$img" >>"$log" 2>&1 <<CMDS
rm $path
write $new $path
set_inode_field $path uid $uid
set_inode_field $path gid $gid
set_inode_field $path mode 0100$mode
CMDS
}

# serial_val LOG KEY: the value of the last "ANJTEST KEY=value" line of a serial log.
serial_val() {
  tr -d '\r' <"$1" | sed -n "s/^ANJTEST $2=//p" | tail -1
}

# ---------------------------------------------------------------- QMP (QEMU's machine protocol)
# qmp_open SOCKET: a QMP session on a running VM's socket (in the coprocess QMP), in command mode.
qmp_open() {
  local line i
  for i in $(seq 50); do [ -S "$1" ] && break; sleep 0.2; done
  coproc QMP { socat - UNIX-CONNECT:"$1" 2>/dev/null; }
  read -r -t 10 line <&"${QMP[0]}" || return 1  # the greeting
  qmp '{"execute":"qmp_capabilities"}' >/dev/null
}
# qmp JSON: sends one command and prints its answer (events in between are skipped); fails on an error.
qmp() {
  local line
  printf '%s\n' "$1" >&"${QMP[1]}"
  while read -r -t 30 line <&"${QMP[0]}"; do
    case "$line" in
      *'"return"'*) printf '%s\n' "$line"; return 0 ;;
      *'"error"'*) printf '%s\n' "$line"; return 1 ;;
    esac
  done
  return 1
}
# qmp_keys HOLD_S QCODE...: presses the keys in order, holds them, releases them in reverse order (QEMU
# key names: ctrl, alt, f1, delete, sysrq, meta_l, esc, power, sleep, ...). QEMU hands key events to the
# keyboard plugged in last (a usb-kbd activates itself when it is added).
qmp_keys() {
  local hold=$1 k down="" up=""; shift
  for k in "$@"; do
    down+="${down:+,}{\"type\":\"key\",\"data\":{\"down\":true,\"key\":{\"type\":\"qcode\",\"data\":\"$k\"}}}"
    up="{\"type\":\"key\",\"data\":{\"down\":false,\"key\":{\"type\":\"qcode\",\"data\":\"$k\"}}}${up:+,}$up"
  done
  qmp "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[$down]}}" >/dev/null &&
  sleep "$hold" &&
  qmp "{\"execute\":\"input-send-event\",\"arguments\":{\"events\":[$up]}}" >/dev/null
}
