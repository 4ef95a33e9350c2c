// Sender test rigs: settings aimed at the Open311 test peer and a fresh outbox in a temporary directory.
#include "tests/support/sender_fixture.h"

#include <catch2/catch.hpp>

namespace anjungan::test {

SenderSettings sender_settings(const Open311Peer& peer) {
    SenderSettings s;
    s.server_url = peer.base_url();
    s.open311 = {"KTM-MPP-01", "MPP Habaring Hurung, Sampit", ""};
    s.http.ca_file = peer.ca_file();
    return s;
}

SenderSettings fast_sender_settings(const Open311Peer& peer) {
    SenderSettings s = sender_settings(peer);
    s.http.connect_timeout_ms = 1000;
    s.http.total_timeout_ms = 1500;
    s.http.low_speed_bytes_per_s = 100;
    s.http.low_speed_time_s = 1;
    s.backoff_base_ms = 20;
    s.max_backoff_s = 1;
    return s;
}

std::unique_ptr<Outbox> OutboxRig::open() {
    auto opened = Outbox::open(path, clock);
    REQUIRE(opened);
    return std::move(*opened);
}

OutboxRow OutboxRig::queue(const std::string& desk) {
    auto queued = outbox->enqueue({"ANTRIAN", "A", {{"desk_service", desk}}}, kKioskRules);
    REQUIRE(queued);
    return *queued;
}

OutboxRow OutboxRig::row(const OutboxRow& queued) { return **outbox->find(queued.reference); }

}  // namespace anjungan::test
