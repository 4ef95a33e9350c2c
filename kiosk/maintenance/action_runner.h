// Runs technician actions (test print, retry, reprint, settings, reboot, ...) one at a time on a worker thread,
// audits each with its outcome, and reports the outcome as an event: the technician screen never waits.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kiosk/core/worker.h"
#include "kiosk/maintenance/audit.h"

namespace anjungan::maintenance {

struct ActionOutcome {
    std::string what;     // as audited: "test print", "reprint KSK01-...", "settings ui.volume=80"
    bool ok = false;
    std::string message;  // the action's text when ok, else why it failed
    ErrorCode error = ErrorCode::Unspecified;  // what kind of failure, when not ok
};
using ActionSink = std::function<void(const ActionOutcome&)>;  // called on the worker thread; must not block
using Action = std::function<Result<std::string>()>;

class ActionRunner {
public:
    // Opens its own connection to the kiosk's database for the audit log, used only on its worker.
    static Result<std::unique_ptr<ActionRunner>> open(const std::string& data_dir, const Clock& clock, ActionSink sink);

    // Queues `action`; `who` is the technician's card id or "PIN". Returns at once. The outcome goes to `done`
    // when given (on the worker, after the audit), else to the runner's sink.
    void run(const std::string& who, const std::string& what, Action action, ActionSink done = {});

private:
    ActionRunner(AuditLog audit, ActionSink sink) : audit_(std::move(audit)), sink_(std::move(sink)) {}
    AuditLog audit_;
    ActionSink sink_;
    SerialWorker worker_;  // last: stops first, finishing queued actions while the members they use exist
};

}  // namespace anjungan::maintenance
