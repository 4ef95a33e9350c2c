// The events a printer delivers, with waits for its states and job outcomes and a summary for failure messages.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "hal/printer/printer.h"
#include "tests/support/event_log.h"

namespace anjungan::test {

class PrinterEvents : public EventLog<hal::PrinterEvent> {
public:
    using Event = hal::PrinterEvent;

    std::optional<Event> wait_for_state(hal::PrinterState state, std::chrono::milliseconds timeout,
                                        std::size_t from = 0) {
        return wait_for([&](const Event& e) { return e.kind == Event::Kind::State && e.state == state; }, timeout,
                        from);
    }

    std::optional<Event> wait_for_job(std::uint64_t id, hal::JobOutcome outcome, std::chrono::milliseconds timeout) {
        return wait_for([&](const Event& e) { return is_job(e, id) && e.outcome == outcome; }, timeout);
    }

    // The job's final event: Completed or Failed.
    std::optional<Event> wait_for_job_end(std::uint64_t id, std::chrono::milliseconds timeout) {
        return wait_for([&](const Event& e) { return is_job(e, id) && e.outcome != hal::JobOutcome::Accepted; },
                        timeout);
    }

    std::size_t count_job_events(std::uint64_t id) const {
        const auto events = all();
        return std::count_if(events.begin(), events.end(), [&](const Event& e) { return is_job(e, id); });
    }

    std::string summary() const {
        std::string text = "printer events:\n";
        for (const auto& e : all()) text += "  " + describe(e) + "\n";
        return text;
    }

private:
    static bool is_job(const Event& e, std::uint64_t id) { return e.kind == Event::Kind::Job && e.job_id == id; }

    static std::string describe(const Event& e) {
        if (e.kind == Event::Kind::State)
            return std::string("state ") + hal::to_string(e.state) + " [" + e.detail + "]";
        const char* outcomes[] = {"accepted", "completed", "failed"};
        return "job " + std::to_string(e.job_id) + " " + outcomes[static_cast<int>(e.outcome)] + " [" + e.detail + "]";
    }
};

}  // namespace anjungan::test
