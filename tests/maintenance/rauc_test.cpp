// RAUC status and progress parsing, the command-line RAUC against a script standing in for rauc 1.8, and the
// simulated RAUC.
#include <catch2/catch.hpp>

#include "kiosk/maintenance/rauc.h"
#include "tests/maintenance/fake_programs.h"
#include "tests/support/process.h"

using namespace anjungan;
using namespace anjungan::maintenance;
using Catch::Matchers::Contains;

TEST_CASE("rauc status JSON gives the booted slot, the other slot and its installed version", "[maintenance][rauc]") {
    const auto status = parse_slot_status(test::kDetailedStatusJson);
    REQUIRE(status);
    CHECK(status->compatible == "anjungan-kiosk-x86_64");
    REQUIRE(status->booted_slot());
    CHECK(status->booted_slot()->name == "rootfs.0");
    REQUIRE(status->other_slot());
    CHECK(status->other_slot()->bootname == "B");
    CHECK(status->other_slot()->state == "inactive");
    CHECK(status->other_slot()->boot_status == "bad");
    CHECK(status->other_slot()->version == "0.2.0");
    CHECK_FALSE(parse_slot_status("not json"));
}

TEST_CASE("rauc's progress lines give a percentage and the step, and other lines none", "[maintenance][rauc]") {
    const auto p = parse_progress_line(" 40% Verifying signature done.");
    CHECK(p.percent == 40);
    CHECK(p.message == "Verifying signature done.");
    CHECK(parse_progress_line("100% Installing done.").percent == 100);
    CHECK(parse_progress_line("installing `x.raucb`: succeeded").percent == -1);
}

TEST_CASE("The command-line RAUC reads bundle info, and a bad signature gives RAUC's plain reason",
          "[maintenance][rauc]") {
    test::TempDir dir;
    const std::string rauc = test::write_script(dir.path() + "/rauc", R"(
case "$*" in
*bad.raucb*) echo "rauc-Message: 10:00:01.123: signature verification failed: Verify error:self signed certificate" >&2; exit 1 ;;
info*) echo '{"compatible":"anjungan-kiosk-x86_64","version":"0.3.0","hooks":[]}' ;;
esac
)");
    test::ScopedEnv env("ANJUNGAN_RAUC", rauc);
    auto real = make_command_rauc();
    const auto good = real->inspect(dir.path() + "/good.raucb");
    REQUIRE(good);
    CHECK(good->version == "0.3.0");
    CHECK(good->compatible == "anjungan-kiosk-x86_64");
    const auto bad = real->inspect(dir.path() + "/bad.raucb");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "not a valid signed bundle for this kiosk: signature verification failed: Verify error:self signed certificate");
}

TEST_CASE("The command-line RAUC reports each progress step of an install and why one failed", "[maintenance][rauc]") {
    test::TempDir dir;
    const std::string rauc = test::write_script(dir.path() + "/rauc", R"(
echo "  0% Installing"
echo " 50% Copying image to rootfs.1"
case "$2" in *full*) echo "rauc-Message: Failed writing image: No space left on device" >&2; exit 1 ;; esac
echo "100% Installing done."
)");
    test::ScopedEnv env("ANJUNGAN_RAUC", rauc);
    std::vector<int> percents;
    const auto ok = make_command_rauc()->install("/b/ok.raucb", [&](const InstallProgress& p) { percents.push_back(p.percent); });
    CHECK_FALSE(ok);
    CHECK(percents == std::vector<int>{0, 50, 100});
    const auto full = make_command_rauc()->install("/b/full.raucb", [](const InstallProgress&) {});
    REQUIRE(full);
    CHECK(full->reason == "Failed writing image: No space left on device");
    CHECK(full->exit == "exit status 1");
}

TEST_CASE("A failed install through the RAUC service gives the service's LastError as the reason",
          "[maintenance][rauc]") {
    test::TempDir dir;
    // As RAUC 1.8's client prints a failure the service reports: progress, LastError, then a generic line.
    const std::string rauc = test::write_script(dir.path() + "/rauc", R"(
echo "  0% Installing"
echo " 20% Checking bundle"
echo "LastError: Compatible mismatch: Expected 'anjungan-kiosk-x86_64' but bundle manifest has 'acme'"
echo "Installing \`$2\` failed" >&2
exit 1
)");
    test::ScopedEnv env("ANJUNGAN_RAUC", rauc);
    const auto failure = make_command_rauc()->install("/b/acme.raucb", [](const InstallProgress&) {});
    REQUIRE(failure);
    CHECK(failure->reason == "Compatible mismatch: Expected 'anjungan-kiosk-x86_64' but bundle manifest has 'acme'");
}

TEST_CASE("The simulated RAUC walks through its steps and fails where told", "[maintenance][rauc]") {
    SimulatedRauc rauc;
    rauc.bundles = {{"/usb/a.raucb", "anjungan-kiosk-x86_64", "0.3.0"}};
    std::vector<int> percents;
    CHECK_FALSE(rauc.install("/usb/a.raucb", [&](const InstallProgress& p) { percents.push_back(p.percent); }));
    CHECK(percents == std::vector<int>{0, 20, 40, 80, 100});
    CHECK(rauc.installed() == std::vector<std::string>{"/usb/a.raucb"});
    rauc.fail_at_percent = 80;
    percents.clear();
    const auto failure = rauc.install("/usb/a.raucb", [&](const InstallProgress& p) { percents.push_back(p.percent); });
    REQUIRE(failure);
    CHECK_THAT(failure->reason, Contains("No space left"));
    CHECK(percents == std::vector<int>{0, 20, 40});
    CHECK(rauc.installed().size() == 1);
}

TEST_CASE("The simulator's RAUC reads bundles described in files: version, a bad signature, a failing install",
          "[maintenance][rauc]") {
    test::TempDir dir;
    test::write_file(dir.path() + "/good.raucb", R"({"compatible": "anjungan-kiosk-x86_64", "version": "0.3.0"})");
    test::write_file(dir.path() + "/bad.raucb", R"({"compatible": "anjungan-kiosk-x86_64", "bad_signature": "signature verification failed"})");
    test::write_file(dir.path() + "/full.raucb", R"({"compatible": "anjungan-kiosk-x86_64", "version": "0.4.0", "fail_at_percent": 80})");
    test::write_file(dir.path() + "/junk.raucb", "\x7f" "ELF");
    auto rauc = make_rauc("sim");
    CHECK(rauc->status()->booted == "A");
    CHECK(rauc->inspect(dir.path() + "/good.raucb")->version == "0.3.0");
    CHECK_THAT(rauc->inspect(dir.path() + "/bad.raucb").error().message, Contains("signature verification failed"));
    CHECK_THAT(rauc->inspect(dir.path() + "/junk.raucb").error().message, Contains("is not a RAUC bundle"));
    auto fast = SimulatedRauc();
    int last = -1;
    const auto failure = fast.install(dir.path() + "/full.raucb", [&](const InstallProgress& p) { last = p.percent; });
    REQUIRE(failure);
    CHECK(last == 40);
    CHECK_FALSE(fast.install(dir.path() + "/good.raucb", [&](const InstallProgress& p) { last = p.percent; }));
    CHECK(last == 100);
}
