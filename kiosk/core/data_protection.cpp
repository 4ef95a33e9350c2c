// The data folder's encryption, read from sysfs, and what the kiosk does on a clear disk.
#include "kiosk/core/data_protection.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>

namespace anjungan {
namespace {

namespace fs = std::filesystem;

std::string first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string device_name(const fs::path& device) {
    std::ifstream in(device / "uevent");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("DEVNAME=", 0) == 0) return "/dev/" + line.substr(8);
    return device.filename().string();
}

// A dm-crypt mapping's uuid starts "CRYPT-<type>-" (e.g. CRYPT-LUKS2-…); an LVM volume or a partition on one is
// encrypted when a device under it is (its slaves/, followed down a few levels).
std::string crypt_type(const fs::path& device, int depth) {
    const std::string uuid = first_line(device / "dm" / "uuid");
    if (uuid.rfind("CRYPT-", 0) == 0) {
        const auto dash = uuid.find('-', 6);
        return uuid.substr(6, dash == std::string::npos ? std::string::npos : dash - 6);
    }
    std::error_code ec;
    if (depth > 4 || !fs::is_directory(device / "slaves", ec)) return "";
    for (const auto& slave : fs::directory_iterator(device / "slaves", ec))
        if (auto type = crypt_type(fs::canonical(slave.path(), ec), depth + 1); !type.empty()) return type;
    return "";
}

}  // namespace

DataProtection detect_data_protection(const std::string& spec, const std::string& data_dir,
                                      const std::string& sys_dev_block) {
    if (spec == "sim:encrypted") return {true, "simulated: encrypted"};
    if (spec == "sim:clear") return {false, "simulated: not encrypted"};
    struct stat st {};
    if (::stat(data_dir.c_str(), &st) != 0) return {false, data_dir + " cannot be read, so not known to be encrypted"};
    if (major(st.st_dev) == 0) return {false, data_dir + " is not on a disk (tmpfs or overlay), so not encrypted"};
    return block_device_protection(major(st.st_dev), minor(st.st_dev), sys_dev_block);
}

DataProtection block_device_protection(unsigned major, unsigned minor, const std::string& sys_dev_block) {
    std::error_code ec;
    const fs::path link = fs::path(sys_dev_block) / (std::to_string(major) + ":" + std::to_string(minor));
    fs::path device = fs::canonical(link, ec);
    if (ec) return {false, "disk " + link.filename().string() + " is not known to sysfs, so not known to be encrypted"};
    // A partition's own folder has no slaves/ or dm/; the whole device (its parent) may be a dm-crypt mapping.
    std::string type = crypt_type(device, 0);
    if (type.empty() && fs::exists(device / "partition")) type = crypt_type(device.parent_path(), 0);
    if (type.empty()) return {false, device_name(device) + " is not encrypted"};
    return {true, type + " (dm-crypt, " + device_name(device) + ")"};
}

bool refuses_personal_data(const DataProtection& protection, const std::string& policy) {
    return !protection.encrypted && policy != "allow";
}

std::string describe_data_protection(const DataProtection& protection, const std::string& policy) {
    if (protection.encrypted) return "encrypted: " + protection.detail;
    return "NOT ENCRYPTED: " + protection.detail +
           (refuses_personal_data(protection, policy)
                ? "; forms with personal data are refused (kiosk.unencrypted_personal_data = refuse)"
                : "; personal data stored anyway (kiosk.unencrypted_personal_data = allow, the office's choice)");
}

}  // namespace anjungan
