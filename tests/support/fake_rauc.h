// A shell script standing in for RAUC 1.8's command-line client in e2e tests: status, info and install with
// RAUC-like progress lines, for kioskctl and for the kiosk itself (ANJUNGAN_RAUC).
#pragma once

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <string>

#include "tests/support/process.h"

namespace anjungan::test {

// Recorded shape of RAUC 1.8 `rauc status --output-format=json` on a kiosk booted from slot A.
inline const char* kFakeRaucStatusJson =
    R"({"compatible":"anjungan-kiosk-x86_64","variant":"","booted":"A","boot_primary":"rootfs.0",)"
    R"("slots":[{"rootfs.0":{"class":"rootfs","device":"/dev/disk/by-partlabel/anj-root-a","type":"ext4",)"
    R"("bootname":"A","state":"booted","parent":null,"mountpoint":"/","boot_status":"good"}},)"
    R"({"rootfs.1":{"class":"rootfs","device":"/dev/disk/by-partlabel/anj-root-b","type":"ext4",)"
    R"("bootname":"B","state":"inactive","parent":null,"mountpoint":null,"boot_status":"bad"}}]})";

// The fake rauc logs its arguments, prints the recorded status, describes a bundle (`info`: one whose name holds
// "acme" is for another device, one holding "broken" fails its signature check), and "installs" any bundle whose
// name does not contain "broken" with RAUC-like progress lines (FAKE_RAUC_STEP_S seconds apart); a "broken" one
// fails the way a bad signature does.
inline const char* kFakeRaucScript = R"(#!/bin/sh
echo "$*" >> "$FAKE_RAUC_DIR/calls"
step() { echo "$1"; [ -n "$FAKE_RAUC_STEP_S" ] && sleep "$FAKE_RAUC_STEP_S"; true; }
case "$1" in
status)
  if [ -n "$FAKE_RAUC_GARBAGE" ]; then echo "not json"; else cat "$FAKE_RAUC_DIR/status.json"; fi ;;
info)
  case "$3" in
  *broken*) echo "rauc-Message: signature verification failed: Verify error:unable to get local issuer certificate" >&2; exit 1 ;;
  *acme*) echo '{"compatible":"acme-signage-arm64","version":"7.0","hooks":[],"images":[]}' ;;
  *) echo '{"compatible":"anjungan-kiosk-x86_64","version":"1.2.3","hooks":[],"images":[]}' ;;
  esac ;;
install)
  echo "installing"
  step "  0% Installing"
  step " 20% Checking bundle"
  case "$2" in
  *broken*)
    echo " 40% Verifying signature failed."
    echo "rauc-Message: signature verification failed: Verify error:unable to get local issuer certificate" >&2
    echo "installing \`$2\`: failed"
    exit 1 ;;
  esac
  step " 40% Verifying signature done."
  step " 80% Copying image to rootfs.1 done."
  echo "100% Installing done."
  echo "installing \`$2\`: succeeded" ;;
*) echo "fake rauc: unexpected $*" >&2; exit 2 ;;
esac
)";

struct FakeRauc {
    TempDir dir;
    std::string script = dir.path() + "/rauc";
    FakeRauc() {
        std::ofstream(script) << kFakeRaucScript;
        chmod(script.c_str(), 0755);
        std::ofstream(dir.path() + "/status.json") << kFakeRaucStatusJson;
    }
    std::string calls() const { return read_text_file(dir.path() + "/calls"); }
    // ANJUNGAN_RAUC and FAKE_RAUC_DIR for a program that should use it.
    std::map<std::string, std::string> env() const { return {{"ANJUNGAN_RAUC", script}, {"FAKE_RAUC_DIR", dir.path()}}; }
};

}  // namespace anjungan::test
