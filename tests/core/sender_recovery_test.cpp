// The fault matrix: for every class of answer, what the queue does meanwhile and its end state once the server recovers.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <thread>

#include "kiosk/core/sender.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/sender_fixture.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace std::chrono_literals;
using test::eventually;

namespace {

// Six queued requests and a sender aimed at the peer; the sender is the last member, so it stops first.
struct Queue {
    test::Open311Peer peer;
    test::OutboxRig rig;
    std::vector<OutboxRow> queued = queue_six();
    std::unique_ptr<Sender> sender;

    std::vector<OutboxRow> queue_six() {
        std::vector<OutboxRow> rows;
        for (const char* desk : {"LAPOR", "PPID", "KONSULTASI", "PERIZINAN", "LAPOR", "PPID"})
            rows.push_back(rig.queue(desk));
        return rows;
    }
    void start(SenderSettings settings) {
        sender = std::make_unique<Sender>(rig.path, settings, rig.clock, nullptr);
        REQUIRE(sender->start());
    }
    void start() { start(test::fast_sender_settings(peer)); }
    int count(DeliveryState state) {
        int n = 0;
        for (const auto& q : queued) n += rig.is(q, state) ? 1 : 0;
        return n;
    }
    bool all_delivered() {
        return eventually([&] { return count(DeliveryState::Delivered) == static_cast<int>(queued.size()); }, 20s);
    }
};

// Every queued request exists exactly once on the server, under its own reference, and the outbox knows its id.
void check_each_created_once(Queue& q) {
    const auto ledger = q.peer.ledger();
    CHECK(ledger["requests"] == q.queued.size());
    std::map<std::string, std::string> created;  // reference → service_request_id
    for (const auto& r : q.peer.received()) {
        if (r["service_request_id"].is_null() || r["duplicate"] == true) continue;
        const std::string key = r["idempotency_key"];
        CHECK(created.count(key) == 0);
        created[key] = r["service_request_id"];
    }
    REQUIRE(created.size() == q.queued.size());
    for (const auto& row : q.queued) {
        const auto now = q.rig.row(row);
        CHECK(now.state == DeliveryState::Delivered);
        CHECK(now.server_id == created[row.reference]);
        CHECK(now.last_error.empty());
    }
}

}  // namespace

TEST_CASE_METHOD(Queue, "Answers that say nothing about the request pause the queue, and once the server recovers every "
                        "request is created exactly once",
                 "[core][sender]") {
    const std::string mode = GENERATE("status_401", "status_403", "status_404", "status_429", "status_502",
                                      "status_503", "status_400_html", "reset", "drop_after_record");
    INFO(mode);
    peer.set_fault(mode, -1);
    start();

    REQUIRE(eventually([&] { return rig.row(queued[0]).attempts >= 3; }));
    // Nothing is given up, and only the oldest request probes the server while it keeps answering so.
    CHECK(count(DeliveryState::Rejected) == 0);
    for (std::size_t i = 1; i < queued.size(); ++i) CHECK(rig.row(queued[i]).attempts == 0);
    const auto error = rig.outbox->last_pending_error();
    REQUIRE(error);
    CHECK_FALSE(error->empty());  // what the technician's status shows

    peer.clear_faults();
    REQUIRE(all_delivered());
    check_each_created_once(*this);
}

TEST_CASE_METHOD(Queue, "A server that is away pauses the queue without giving up a request", "[core][sender]") {
    peer.stop();
    start();
    REQUIRE(eventually([&] { return rig.row(queued[0]).attempts >= 3; }));
    CHECK(count(DeliveryState::Rejected) == 0);
    CHECK(rig.row(queued[0]).last_error.find("transport:") == 0);

    peer.start();
    REQUIRE(all_delivered());
    check_each_created_once(*this);
}

TEST_CASE_METHOD(Queue, "A request the server fails with 500 forever holds back none of the requests behind it",
                 "[core][sender]") {
    const std::string mode = GENERATE("status_500", "status_408");
    INFO(mode);
    peer.set_fault_for_key(queued[1].reference, mode);
    start();

    REQUIRE(eventually([&] { return count(DeliveryState::Delivered) == 5; }));
    REQUIRE(eventually([&] { return rig.row(queued[1]).attempts >= 3; }));
    CHECK((rig.is(queued[1], DeliveryState::Queued) || rig.is(queued[1], DeliveryState::Sending)));
    CHECK(rig.row(queued[1]).last_error.find("HTTP ") == 0);

    peer.clear_faults();
    REQUIRE(all_delivered());
    check_each_created_once(*this);
}

TEST_CASE_METHOD(Queue, "A 400 or 422 about a request's fields rejects only it; it keeps its data and a technician's "
                        "retry delivers it once",
                 "[core][sender]") {
    const std::string mode = GENERATE("status_400", "status_422");
    INFO(mode);
    peer.set_fault_for_key(queued[2].reference, mode);
    start();

    REQUIRE(eventually([&] { return count(DeliveryState::Delivered) == 5 && rig.is(queued[2], DeliveryState::Rejected); }));
    const auto rejected = rig.row(queued[2]);
    CHECK(rejected.attempts == 1);
    CHECK(rejected.last_error == "HTTP " + mode.substr(7) + ": " + mode.substr(7) + " injected fault " + mode);
    // Retention erases personal data only after delivery: the rejected request is kept whole.
    CHECK(*rig.outbox->erase_personal_fields(unix_seconds(rig.clock.now()) + 86400, {"desk_service"}) == 5);
    CHECK(rig.row(queued[2]).fields == queued[2].fields);

    peer.clear_faults();
    REQUIRE(*rig.outbox->retry_now(queued[2].reference) == 1);
    sender->wake();
    REQUIRE(all_delivered());
    check_each_created_once(*this);
}

TEST_CASE("A wall clock stepped back a day changes nothing about when a retry is sent", "[core][sender]") {
    test::Open311Peer peer;
    test::OutboxRig rig;
    const auto queued = rig.queue("PPID");
    const bool restart = GENERATE(false, true);
    INFO((restart ? "the sender restarts after the step" : "the sender keeps running"));
    peer.set_fault("status_500", 1);
    auto settings = test::fast_sender_settings(peer);
    settings.backoff_base_ms = 1000;  // the retry is due a second after the failure
    settings.max_backoff_s = 2;
    auto sender = std::make_unique<Sender>(rig.path, settings, rig.clock, nullptr);
    REQUIRE(sender->start());
    REQUIRE(eventually([&] { return rig.row(queued).attempts == 1; }));

    rig.clock.step(-std::chrono::hours(24));
    if (restart) {
        sender.reset();
        sender = std::make_unique<Sender>(rig.path, settings, rig.clock, nullptr);
        REQUIRE(sender->start());
    }
    // At most the longest backoff (2 s) after the failure, not a day.
    REQUIRE(eventually([&] { return rig.is(queued, DeliveryState::Delivered); }, 5s));
    CHECK(rig.row(queued).attempts == 2);
    CHECK(peer.ledger()["requests"] == 1);
}

TEST_CASE("Delivery errors that are the kiosk's or the server's problem come with a hint for the technician",
          "[core][sender]") {
    CHECK_THAT(delivery_error_hint("HTTP 401: 401 api_key invalid"), Contains("server.api_key_file"));
    CHECK_THAT(delivery_error_hint("HTTP 403"), Contains("server.api_key_file"));
    CHECK_THAT(delivery_error_hint("HTTP 404: 404 not found"), Contains("server.url"));
    CHECK_THAT(delivery_error_hint("transport: Couldn't connect to server"), Contains("reached"));
    CHECK(delivery_error_hint("HTTP 400: 400 service_code missing").empty());
}
