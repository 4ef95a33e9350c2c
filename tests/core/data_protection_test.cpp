// The data folder's encryption as sysfs shows it (dm-crypt directly, or under LVM or a partition), and the refusal
// of personal data on a clear disk unless the office allows it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kiosk/core/data_protection.h"
#include "tests/support/process.h"

using namespace anjungan;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// A /sys/dev/block fixture: block devices under devices/, and the M:m links to them.
struct SysBlock {
    test::TempDir dir;
    std::string root() const { return dir.path() + "/dev/block"; }

    fs::path device(const std::string& name, const std::string& dm_uuid = "", const std::string& parent = "") {
        const fs::path path = fs::path(dir.path()) / "devices" / parent / name;
        fs::create_directories(path);
        std::ofstream(path / "uevent") << "MAJOR=8\nDEVNAME=" << name << "\n";
        if (!dm_uuid.empty()) {
            fs::create_directories(path / "dm");
            std::ofstream(path / "dm" / "uuid") << dm_uuid << "\n";
        }
        if (!parent.empty()) std::ofstream(path / "partition") << "4\n";
        return path;
    }
    void link(const std::string& numbers, const fs::path& device) {
        fs::create_directories(root());
        fs::create_directory_symlink(device, fs::path(root()) / numbers);
    }
};

}  // namespace

TEST_CASE("A data folder on a dm-crypt LUKS2 mapping is encrypted", "[core][data_protection]") {
    SysBlock sys;
    sys.link("254:0", sys.device("dm-0", "CRYPT-LUKS2-0f1e2d3c4b5a69788796a5b4c3d2e1f0-anj-data"));
    const auto p = block_device_protection(254, 0, sys.root());
    CHECK(p.encrypted);
    CHECK_THAT(p.detail, Contains("LUKS2") && Contains("/dev/dm-0"));
    CHECK_FALSE(refuses_personal_data(p, "refuse"));
}

TEST_CASE("A logical volume stacked on a dm-crypt mapping is encrypted", "[core][data_protection]") {
    SysBlock sys;
    const auto crypt = sys.device("dm-0", "CRYPT-LUKS2-abc-luks");
    const auto lv = sys.device("dm-1", "LVM-Xq2-data");
    fs::create_directories(lv / "slaves");
    fs::create_directory_symlink(crypt, lv / "slaves" / "dm-0");
    sys.link("254:1", lv);
    CHECK(block_device_protection(254, 1, sys.root()).encrypted);
}

TEST_CASE("A plain partition or an unknown disk is not encrypted, and personal data is then refused",
          "[core][data_protection]") {
    SysBlock sys;
    sys.device("sda");
    sys.link("8:4", sys.device("sda4", "", "sda"));
    const auto plain = block_device_protection(8, 4, sys.root());
    CHECK_FALSE(plain.encrypted);
    CHECK_THAT(plain.detail, Contains("/dev/sda4 is not encrypted"));
    CHECK(refuses_personal_data(plain, "refuse"));
    CHECK_FALSE(refuses_personal_data(plain, "allow"));
    CHECK_THAT(describe_data_protection(plain, "refuse"), Contains("NOT ENCRYPTED") && Contains("refused"));
    CHECK_THAT(describe_data_protection(plain, "allow"), Contains("the office's choice"));
    CHECK_FALSE(block_device_protection(8, 9, sys.root()).encrypted);  // not in sysfs: never assumed encrypted
}

TEST_CASE("A data folder on a tmpfs or that cannot be read is not encrypted, and the simulator says what it is told",
          "[core][data_protection]") {
    CHECK_FALSE(detect_data_protection("auto", "/dev/shm").encrypted);
    CHECK_FALSE(detect_data_protection("auto", "/nonexistent/anjungan").encrypted);
    CHECK(detect_data_protection("sim:encrypted", "/nonexistent").encrypted);
    CHECK_FALSE(detect_data_protection("sim:clear", "/nonexistent").encrypted);
}
