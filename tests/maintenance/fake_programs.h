// Shell scripts standing in for rauc, journalctl and systemctl in maintenance tests, and small file helpers.
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace anjungan::test {

inline void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

inline std::string write_script(const std::string& path, const std::string& text) {
    write_file(path, "#!/bin/sh\n" + text);
    chmod(path.c_str(), 0755);
    return path;
}

// Sets an environment variable for the lifetime of the object (the previous value comes back).
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() { had_ ? setenv(name_, old_.c_str(), 1) : unsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::string old_;
    bool had_ = false;
};

// Recorded shape of RAUC 1.8 `rauc status --output-format=json --detailed` on a kiosk booted from slot A,
// with 0.1.0 in A and 0.2.0 in B.
inline const char* kDetailedStatusJson =
    R"({"compatible":"anjungan-kiosk-x86_64","variant":"","booted":"A","boot_primary":"rootfs.0",)"
    R"("slots":[{"rootfs.0":{"class":"rootfs","device":"/dev/disk/by-partlabel/anj-root-a","type":"ext4",)"
    R"("bootname":"A","state":"booted","parent":null,"mountpoint":"/","boot_status":"good",)"
    R"("slot_status":{"bundle":{"compatible":"anjungan-kiosk-x86_64","version":"0.1.0"},"status":"ok"}}},)"
    R"({"rootfs.1":{"class":"rootfs","device":"/dev/disk/by-partlabel/anj-root-b","type":"ext4",)"
    R"("bootname":"B","state":"inactive","parent":null,"mountpoint":null,"boot_status":"bad",)"
    R"("slot_status":{"bundle":{"compatible":"anjungan-kiosk-x86_64","version":"0.2.0"},"status":"ok"}}}]})";

}  // namespace anjungan::test
