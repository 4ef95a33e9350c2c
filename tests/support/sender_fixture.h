// Sender test rigs: settings aimed at the Open311 test peer and a fresh outbox in a temporary directory.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "kiosk/core/outbox.h"
#include "kiosk/core/sender.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

namespace anjungan::test {

// The numbering the rigs queue requests under.
inline const NumberingRules kKioskRules{"KTM-MPP-01", ""};

// Delivery to `peer` as kiosk KTM-MPP-01 with the production timeouts and backoff.
SenderSettings sender_settings(const Open311Peer& peer);
// As sender_settings, with short timeouts and millisecond backoff so a fault costs a fraction of a second.
SenderSettings fast_sender_settings(const Open311Peer& peer);

// The system's wall clock, which a test can step (as time sync corrects a wrong RTC). Thread-safe.
class SteppableClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now() + std::chrono::seconds(offset_s_.load()); }
    void step(std::chrono::seconds by) { offset_s_ += by.count(); }

private:
    std::atomic<std::int64_t> offset_s_{0};
};

// A fresh outbox in a temporary directory, with shortcuts for queueing and reading rows.
struct OutboxRig {
    TempDir dir;
    SteppableClock clock;
    std::string path = dir.path() + "/outbox.sqlite";
    std::unique_ptr<Outbox> outbox = open();

    // One request for `desk`; REQUIREs that it is queued.
    OutboxRow queue(const std::string& desk);
    OutboxRow row(const OutboxRow& queued);
    bool is(const OutboxRow& queued, DeliveryState state) { return row(queued).state == state; }

private:
    std::unique_ptr<Outbox> open();  // REQUIREs that the outbox opens
};

}  // namespace anjungan::test
