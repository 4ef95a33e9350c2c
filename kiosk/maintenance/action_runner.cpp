// The technician action worker.
#include "kiosk/maintenance/action_runner.h"

#include "kiosk/core/log.h"

namespace anjungan::maintenance {

Result<std::unique_ptr<ActionRunner>> ActionRunner::open(const std::string& data_dir, const Clock& clock,
                                                         ActionSink sink) {
    auto audit = AuditLog::open(data_dir, clock);
    if (!audit) return audit.error();
    return std::unique_ptr<ActionRunner>(new ActionRunner(std::move(*audit), std::move(sink)));
}

void ActionRunner::run(const std::string& who, const std::string& what, Action action, ActionSink done_sink) {
    worker_.post([this, who, what, action = std::move(action), done_sink = std::move(done_sink)] {
        const auto done = action();
        ActionOutcome outcome{what, done.ok(), done ? *done : done.error().message,
                              done ? ErrorCode::Unspecified : done.error().code};
        if (auto s = audit_.record(who, what, outcome.ok ? "ok" : "failed: " + outcome.message); !s)
            log::warn("technician action not in the audit log: " + s.error().message);
        (done_sink ? done_sink : sink_)(outcome);
    });
}

}  // namespace anjungan::maintenance
