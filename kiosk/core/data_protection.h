// Whether the data folder, which holds visitors' names, NIKs and phone numbers, is on an encrypted device, and
// whether the kiosk may then take forms with personal data (UU PDP 27/2022).
#pragma once

#include <string>

namespace anjungan {

struct DataProtection {
    bool encrypted = false;
    std::string detail;  // "LUKS2 (dm-crypt on /dev/sda4)", "/dev/sda4 is not encrypted", ...
};

// From devices.data_encryption: "auto" looks at the block device under `data_dir` (sysfs: a dm-crypt device, or
// one stacked on it, is encrypted); "sim:encrypted" and "sim:clear" are for the simulator and tests.
// `sys_dev_block` is /sys/dev/block, a fixture in tests.
DataProtection detect_data_protection(const std::string& spec, const std::string& data_dir,
                                      const std::string& sys_dev_block = "/sys/dev/block");

// The same for the block device major:minor (what stat() of the data folder says), through `sys_dev_block`.
DataProtection block_device_protection(unsigned major, unsigned minor, const std::string& sys_dev_block);

// kiosk.unencrypted_personal_data: "refuse" (forms with personal data are not offered on a clear disk) or
// "allow" (the office's documented choice).
bool refuses_personal_data(const DataProtection& protection, const std::string& policy);

// The status line: what protects the data, and what the kiosk does about it.
std::string describe_data_protection(const DataProtection& protection, const std::string& policy);

}  // namespace anjungan
