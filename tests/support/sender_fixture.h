// Sender test rigs: settings aimed at the Open311 test peer and a fresh outbox in a temporary directory.
#pragma once

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

// A fresh outbox in a temporary directory, with shortcuts for queueing and reading rows.
struct OutboxRig {
    TempDir dir;
    SystemClock clock;
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
