// RAUC, the A/B updater: slot status, bundle inspection and installation with progress, real or simulated.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace anjungan::maintenance {

struct SlotInfo {
    std::string name;         // "rootfs.0"
    std::string bootname;     // "A"
    std::string state;        // "booted", "inactive", ...
    std::string boot_status;  // "good", "bad", "-"
    std::string device;
    std::string version;      // the bundle version installed into it ("-" unknown)
};

struct SlotStatus {
    std::string compatible;    // this device's compatible string
    std::string booted;        // bootname of the running slot, e.g. "A"
    std::string boot_primary;  // the slot the next boot starts
    std::vector<SlotInfo> slots;
    // The running slot and the other root slot (nullptr when RAUC does not list them).
    const SlotInfo* booted_slot() const;
    const SlotInfo* other_slot() const;
    const SlotInfo* primary_slot() const;  // the slot the next boot starts (boot_primary), or nullptr
};

// Parses `rauc status --output-format=json [--detailed]` (RAUC 1.8). An error when it is not that JSON.
Result<SlotStatus> parse_slot_status(const std::string& json);

struct BundleInfo {
    std::string path;
    std::string compatible;
    std::string version;
};

// One line of an installation as RAUC reports it: "%3d%% message" lines carry a percentage.
struct InstallProgress {
    int percent = -1;     // -1: a line without a percentage
    std::string message;  // "Checking bundle"
    std::string line;     // the whole line as RAUC printed it
};
using ProgressSink = std::function<void(const InstallProgress&)>;

// Parses one line of `rauc install` output (" 40% Verifying signature done.").
InstallProgress parse_progress_line(const std::string& line);

// Why an installation failed: RAUC's reason in plain words and how the installer ended.
struct InstallFailure {
    std::string reason;  // "signature verification failed: ..."
    std::string exit;    // "exit status 1"; empty when the installer never ran
};

class Rauc {
public:
    virtual ~Rauc() = default;
    virtual Result<SlotStatus> status() = 0;
    // Reads a bundle's manifest after verifying its signature against the device's keyring. The error says
    // plainly why a bundle cannot be used (bad signature, not a bundle); nothing is written.
    virtual Result<BundleInfo> inspect(const std::string& bundle) = 0;
    // Installs into the other slot, reporting each progress step. Blocks until done; nullopt when installed.
    // A failure leaves the running slot and the next boot as they were (RAUC marks the target slot only after
    // it is written).
    virtual std::optional<InstallFailure> install(const std::string& bundle, const ProgressSink& progress) = 0;
};

// The rauc program: $ANJUNGAN_RAUC when set (tests), else "rauc" in PATH. `rauc install` is RAUC's D-Bus
// client: the percentages it prints are the service's `Progress` property as it changes.
std::string rauc_program();
std::unique_ptr<Rauc> make_command_rauc();

// From devices.rauc: "rauc" (the program) or "sim" (a SimulatedRauc booted from slot A, steps 300 ms apart).
std::shared_ptr<Rauc> make_rauc(const std::string& spec);

// A RAUC for tests and the simulator: a fixed status, bundles described by the test, and installs that walk
// through `steps` (percent, message), `step_delay` apart, and fail at `fail_at_percent` when that is set.
// A bundle it was not told about is read as a JSON description, so a simulator's "stick" is a folder of files:
// {"compatible": "anjungan-kiosk-x86_64", "version": "0.3.0"} with optional "bad_signature": "why",
// "fail_at_percent": 80 and "step_ms": 1000 (the pace of its steps). An install fails when its bundle file goes
// away half way (the stick pulled); one that succeeds makes the other slot the next boot's, with its version.
class SimulatedRauc final : public Rauc {
public:
    static constexpr const char* kCompatible = "anjungan-kiosk-x86_64";  // as image/rootfs/etc/rauc/system.conf
    SimulatedRauc();
    struct Step {
        int percent;
        std::string message;
    };
    SlotStatus slot_status;  // set it before installs run on another thread
    std::vector<BundleInfo> bundles;                        // inspect() finds them by path
    std::vector<std::pair<std::string, std::string>> bad;   // path → why the signature is refused
    std::vector<Step> steps = {{0, "Installing"},  {20, "Checking bundle"}, {40, "Verifying signature"},
                               {80, "Copying image to rootfs.1"}, {100, "Installing done."}};
    int fail_at_percent = -1;
    std::string failure = "Failed writing the image: No space left on device";
    std::chrono::milliseconds step_delay{0};

    Result<SlotStatus> status() override;
    Result<BundleInfo> inspect(const std::string& bundle) override;
    std::optional<InstallFailure> install(const std::string& bundle, const ProgressSink& progress) override;
    std::vector<std::string> installed() const;  // bundles installed so far

private:
    struct Pace {
        int fail_at = -1;
        std::chrono::milliseconds step_delay{0};
    };
    Result<BundleInfo> described_in_file(const std::string& bundle, Pace& pace) const;
    mutable std::mutex mutex_;
    std::vector<std::string> installed_;
};

}  // namespace anjungan::maintenance
