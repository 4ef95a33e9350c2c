// Screen brightness: the sysfs backlight (/sys/class/backlight/NAME) where the screen has one, else simulated.
#pragma once

#include <memory>
#include <string>

#include "kiosk/core/result.h"

namespace anjungan::maintenance {

class Backlight {
public:
    virtual ~Backlight() = default;
    virtual Result<int> brightness() = 0;  // percent
    virtual Status set_brightness(int percent) = 0;
    virtual std::string describe() const = 0;
};

// brightness/max_brightness in `dir` (a /sys/class/backlight/NAME folder; writable by the kiosk user via udev).
class SysfsBacklight final : public Backlight {
public:
    explicit SysfsBacklight(std::string dir) : dir_(std::move(dir)) {}
    Result<int> brightness() override;
    Status set_brightness(int percent) override;
    std::string describe() const override { return dir_; }

private:
    Result<long> read_number(const char* name) const;
    std::string dir_;
};

// Remembers the level: for screens without a backlight control, the simulator and tests.
class SimBacklight final : public Backlight {
public:
    Result<int> brightness() override { return percent_; }
    Status set_brightness(int percent) override {
        percent_ = percent;
        return Ok{};
    }
    std::string describe() const override { return "sim (no backlight control)"; }

private:
    int percent_ = 100;
};

// From devices.backlight: "auto" takes the first device in `class_dir` (sim when there is none), "sim", or a
// device folder.
std::unique_ptr<Backlight> make_backlight(const std::string& spec,
                                          const std::string& class_dir = "/sys/class/backlight");

}  // namespace anjungan::maintenance
