// Updates from a USB stick: bundles found in a folder, checked before anything is written, installed in a
// worker with progress events, so the technician screen never waits on RAUC.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/worker.h"
#include "kiosk/maintenance/rauc.h"

namespace anjungan::maintenance {

struct BundleChoice {
    enum class Refusal { None, OtherDevice, NotSigned };  // NotSigned: RAUC cannot verify it (or it is no bundle)
    BundleInfo info;      // path always; compatible and version when RAUC could read them
    std::string refusal;  // empty: installable; else why not, in plain words
    Refusal kind = Refusal::None;
    bool installable() const { return refusal.empty(); }
};

// Verifies `path` with RAUC and compares its compatible with this device's (`device_compatible`).
BundleChoice check_bundle(Rauc& rauc, const std::string& path, const std::string& device_compatible);

// Every *.raucb directly in `folder` (the mounted stick; a folder in the simulator), sorted by name, each
// checked. An error when the folder cannot be read or RAUC cannot tell this device's compatible.
Result<std::vector<BundleChoice>> list_bundles(Rauc& rauc, const std::string& folder);

struct UpdateEvent {
    enum class Kind {
        BundlesListed,  // `bundles` (or `message`: why the folder could not be read)
        Refused,        // the bundle was not installed: `message` says why; nothing was written
        Progress,       // `percent` 0-100 and RAUC's step in `message`
        Installed,      // into the other slot; the next boot starts it
        Failed,         // `message`: RAUC's reason; the running slot is untouched
    };
    Kind kind = Kind::Progress;
    int percent = 0;
    std::string message;
    std::vector<BundleChoice> bundles;
    // From RAUC's status, when it could tell: this device's compatible (BundlesListed), the running slot and the
    // other one (every kind but Progress), and the slot the next boot starts, read again after an install ended.
    std::string compatible, running_slot, target_slot, next_boot;
    bool bundle_gone = false;  // Failed: the bundle file was no longer there (the stick was pulled)
};
const char* to_string(UpdateEvent::Kind kind);
using UpdateSink = std::function<void(const UpdateEvent&)>;  // called on the worker thread; must not block

// Runs listings and installations one at a time on its own thread. Destruction waits for a running install.
class UpdateService {
public:
    UpdateService(std::shared_ptr<Rauc> rauc, UpdateSink sink) : rauc_(std::move(rauc)), sink_(std::move(sink)) {}
    void list(const std::string& folder);
    // Lists again only when the bundles in `folder` (names, sizes, times) changed since the last listing: a
    // stick inserted or pulled. Cheap enough to call every few seconds while the update page is open.
    void list_if_changed(const std::string& folder);
    // Checks the bundle again (the stick may have changed), then installs it. Ignored (false) while one runs.
    bool install(const std::string& bundle);
    bool installing() const { return installing_.load(); }

private:
    void run_list(const std::string& folder);
    void run_install(const std::string& bundle);
    std::shared_ptr<Rauc> rauc_;
    UpdateSink sink_;
    std::atomic<bool> installing_{false};
    std::string listed_folder_state_;  // used only on the worker
    SerialWorker worker_;  // last: stops first, while the members its jobs use still exist
};

}  // namespace anjungan::maintenance
