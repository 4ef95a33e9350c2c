// kioskctl slot / update against a fake rauc (a shell script standing in for RAUC 1.8): table, progress, failures.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "tests/support/kioskctl_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

// Recorded shape of RAUC 1.8 `rauc status --output-format=json` on a kiosk booted from slot A.
const char* kStatusJson =
    R"({"compatible":"anjungan-kiosk-x86_64","variant":"","booted":"A","boot_primary":"rootfs.0",)"
    R"("slots":[{"rootfs.0":{"class":"rootfs","device":"/dev/disk/by-partlabel/anj-root-a","type":"ext4",)"
    R"("bootname":"A","state":"booted","parent":null,"mountpoint":"/","boot_status":"good"}},)"
    R"({"rootfs.1":{"class":"rootfs","device":"/dev/disk/by-partlabel/anj-root-b","type":"ext4",)"
    R"("bootname":"B","state":"inactive","parent":null,"mountpoint":null,"boot_status":"bad"}}]})";

// The fake rauc logs its arguments, prints the recorded status, and "installs" any bundle whose name does not
// contain "broken" with RAUC-like progress lines; a "broken" one fails the way a bad signature does.
const char* kFakeRauc = R"(#!/bin/sh
echo "$*" >> "$FAKE_RAUC_DIR/calls"
case "$1" in
status)
  if [ -n "$FAKE_RAUC_GARBAGE" ]; then echo "not json"; else cat "$FAKE_RAUC_DIR/status.json"; fi ;;
install)
  echo "installing"
  echo "  0% Installing"
  echo " 20% Checking bundle"
  case "$2" in
  *broken*)
    echo " 40% Verifying signature failed."
    echo "rauc-Message: signature verification failed: Verify error:unable to get local issuer certificate" >&2
    echo "installing \`$2\`: failed"
    exit 1 ;;
  esac
  echo " 40% Verifying signature done."
  echo " 80% Copying image to rootfs.1 done."
  echo "100% Installing done."
  echo "installing \`$2\`: succeeded" ;;
*) echo "fake rauc: unexpected $*" >&2; exit 2 ;;
esac
)";

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

struct FakeRauc {
    test::TempDir dir;
    std::string script = dir.path() + "/rauc";
    FakeRauc() {
        write_file(script, kFakeRauc);
        chmod(script.c_str(), 0755);
        write_file(dir.path() + "/status.json", kStatusJson);
    }
    std::string calls() const { return test::read_text_file(dir.path() + "/calls"); }

    test::KioskctlRun kioskctl(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) const {
        env.insert({{"ANJUNGAN_RAUC", script}, {"FAKE_RAUC_DIR", dir.path()}});  // keeps a caller's ANJUNGAN_RAUC
        return test::run_kioskctl(dir.path(), args, env);
    }
};

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("kioskctl slot shows the booted slot and each slot's state from rauc status", "[e2e][kioskctl]") {
    FakeRauc rauc;
    const auto r = rauc.kioskctl({"slot"});
    INFO(r.all());
    CHECK(r.exit_code == 0);
    CHECK(has(rauc.calls(), "status --output-format=json"));
    CHECK(has(r.all(), "compatible:  anjungan-kiosk-x86_64"));
    CHECK(has(r.all(), "booted:      A (rootfs.0)"));
    CHECK(has(r.all(), "next boot:   rootfs.0"));
    CHECK(has(r.all(), "SLOT       BOOTNAME  STATE      BOOT STATUS  DEVICE"));
    CHECK(has(r.all(), "rootfs.0   A         booted     good         /dev/disk/by-partlabel/anj-root-a"));
    CHECK(has(r.all(), "rootfs.1   B         inactive   bad          /dev/disk/by-partlabel/anj-root-b"));
}

TEST_CASE("kioskctl slot fails clearly when rauc is missing or prints no JSON", "[e2e][kioskctl]") {
    FakeRauc rauc;
    const auto missing = rauc.kioskctl({"slot"}, {{"ANJUNGAN_RAUC", rauc.dir.path() + "/no-such-rauc"}});
    INFO(missing.all());
    CHECK(missing.exit_code == 1);
    CHECK(has(missing.all(), "cannot run " + rauc.dir.path() + "/no-such-rauc: No such file or directory"));
    const auto garbage = rauc.kioskctl({"slot"}, {{"FAKE_RAUC_GARBAGE", "1"}});
    INFO(garbage.all());
    CHECK(garbage.exit_code == 1);
    CHECK(has(garbage.all(), "not JSON"));
}

TEST_CASE("kioskctl update installs a bundle with rauc and streams its progress", "[e2e][kioskctl]") {
    FakeRauc rauc;
    const std::string bundle = rauc.dir.path() + "/kiosk-1.2.3.raucb";
    write_file(bundle, "bundle");
    const auto r = rauc.kioskctl({"update", bundle});
    INFO(r.all());
    CHECK(r.exit_code == 0);
    CHECK(rauc.calls() == "install " + bundle + "\n");
    CHECK(has(r.all(), " 20% Checking bundle\n 40% Verifying signature done.\n"));
    CHECK(has(r.all(), "100% Installing done."));
    CHECK(has(r.all(), "reboot to start it"));
}

TEST_CASE("kioskctl update exits non-zero with a clear message when rauc refuses the bundle", "[e2e][kioskctl]") {
    FakeRauc rauc;
    const std::string bundle = rauc.dir.path() + "/broken.raucb";
    write_file(bundle, "bundle");
    const auto r = rauc.kioskctl({"update", bundle});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(has(r.all(), "signature verification failed"));
    CHECK(has(r.all(), "kioskctl: update FAILED (exit status 1)"));
    CHECK_FALSE(has(r.all(), "reboot to start it"));
}

TEST_CASE("kioskctl update refuses a missing bundle without calling rauc", "[e2e][kioskctl]") {
    FakeRauc rauc;
    const auto r = rauc.kioskctl({"update", rauc.dir.path() + "/nope.raucb"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(has(r.all(), "kioskctl: no update bundle at " + rauc.dir.path() + "/nope.raucb"));
    CHECK(rauc.calls().empty());
    const auto usage = rauc.kioskctl({"update"});
    CHECK(usage.exit_code == 2);
}
