// The technician-mode flag file and the control map for VM tests.
#include "kiosk/app/outside_signals.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "kiosk/core/log.h"

namespace anjungan::app {
namespace {

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

long whole(float v) { return std::lround(v); }

}  // namespace

TechnicianFlag::TechnicianFlag() : path_(environment("ANJUNGAN_TECHNICIAN_FLAG")) {}

void TechnicianFlag::sync(bool open) {
    if (path_.empty() || written_ == open) return;
    written_ = open;
    if (open) {
        std::ofstream file(path_, std::ios::trunc);
        if (!file) log::warn(path_ + ": cannot create the technician-mode flag: " + std::strerror(errno));
    } else if (std::remove(path_.c_str()) != 0 && errno != ENOENT) {
        log::warn(path_ + ": cannot remove the technician-mode flag: " + std::strerror(errno));
    }
}

std::string control_lines(const ui::FrameRecord& record) {
    std::string lines;
    for (const auto& target : record.targets) {
        if (target.id.empty() || target.id.find_first_of(" \t\n") != std::string::npos) continue;
        lines += target.id + " " + std::to_string(whole(target.min.x)) + " " + std::to_string(whole(target.min.y)) +
                 " " + std::to_string(whole(target.max.x - target.min.x)) + " " +
                 std::to_string(whole(target.max.y - target.min.y)) + "\n";
    }
    return lines;
}

ControlMap::ControlMap() : path_(environment("ANJUNGAN_CONTROL_MAP")) {}

void ControlMap::after_frame(const ui::FrameRecord& record) {
    if (path_.empty()) return;
    std::string lines = control_lines(record);
    if (written_ == lines) return;
    written_ = lines;  // a failed write is logged once, not every frame
    // A reader never sees half a map: the new one replaces the old in one rename.
    const std::string temp = path_ + ".tmp";
    std::ofstream file(temp, std::ios::trunc);
    file << lines;
    file.close();
    if (!file) log::warn(temp + ": cannot write the control map: " + std::strerror(errno));
    else if (std::rename(temp.c_str(), path_.c_str()) != 0)
        log::warn(path_ + ": cannot replace the control map: " + std::strerror(errno));
}

}  // namespace anjungan::app
