// kioskctl slot / update against a fake rauc (a shell script standing in for RAUC 1.8): table, progress, failures.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/fake_rauc.h"
#include "tests/support/kioskctl_fixture.h"
#include "tests/support/process.h"

using namespace anjungan;

namespace {

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

struct FakeRauc : test::FakeRauc {
    test::KioskctlRun kioskctl(const std::vector<std::string>& args, std::map<std::string, std::string> extra = {}) const {
        const auto fake = env();
        extra.insert(fake.begin(), fake.end());  // keeps a caller's ANJUNGAN_RAUC
        return test::run_kioskctl(dir.path(), args, extra);
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
