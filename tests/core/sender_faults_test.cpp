// The sender against every fault the Open311 peer can inject: each ends in the right outbox state, same key.
#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <memory>
#include <thread>

#include "kiosk/core/sender.h"
#include "tests/support/event_log.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/sender_fixture.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace std::chrono_literals;
using test::eventually;
using test::OutboxRig;

namespace {

// Base64 of 32 zero bytes: a well-formed pin that matches no real key.
const char* const kWrongPin = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

using EventLog = test::EventLog<DeliveryEvent>;

// The setup most cases share: a peer, one queued PPID request, and a sender whose events are recorded.
// The sender is the last member, so it stops before the outbox and the peer go.
struct OneRequest {
    test::Open311Peer peer;
    OutboxRig rig;
    OutboxRow queued = rig.queue("PPID");
    EventLog events;
    std::unique_ptr<Sender> sender;

    void start(const SenderSettings& settings) {
        sender = std::make_unique<Sender>(rig.path, settings, rig.clock, events.sink());
        REQUIRE(sender->start());
    }
    void start() { start(test::fast_sender_settings(peer)); }
    bool reaches(DeliveryState state) {
        return eventually([&] { return rig.is(queued, state); });
    }
    // The posts the peer saw: there must be `count`, each with the row's reference as its Idempotency-Key.
    std::vector<nlohmann::json> received_with_one_key(std::size_t count);
};

// The peer records times as ISO 8601 UTC with milliseconds; this gives milliseconds since the epoch.
std::int64_t unix_ms(const std::string& iso) {
    std::tm utc{};
    int millis = 0;
    std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour,
                &utc.tm_min, &utc.tm_sec, &millis);
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&utc)) * 1000 + millis;
}

// Checks that every POST the peer saw carried the row's reference as its Idempotency-Key.
void check_same_key_throughout(const std::vector<nlohmann::json>& received, const OutboxRow& row) {
    for (const auto& r : received) CHECK(r["idempotency_key"] == row.reference);
}

std::vector<nlohmann::json> OneRequest::received_with_one_key(std::size_t count) {
    auto received = peer.received();
    REQUIRE(received.size() == count);
    check_same_key_throughout(received, queued);
    return received;
}

// A fresh outbox's one request, sent with `settings` until it has been tried twice; the row once the sender stopped.
OutboxRow row_after_two_attempts(const SenderSettings& settings) {
    OutboxRig rig;
    const auto queued = rig.queue("PPID");
    {
        Sender sender(rig.path, settings, rig.clock, nullptr);
        REQUIRE(sender.start());
        REQUIRE(eventually([&] { return rig.row(queued).attempts >= 2; }));
    }
    return rig.row(queued);
}

// A fresh outbox's one request, sent with `settings` until delivered; the delivered row.
OutboxRow delivered_row(const SenderSettings& settings) {
    OutboxRig rig;
    const auto queued = rig.queue("PPID");
    Sender sender(rig.path, settings, rig.clock, nullptr);
    REQUIRE(sender.start());
    REQUIRE(eventually([&] { return rig.is(queued, DeliveryState::Delivered); }));
    return rig.row(queued);
}

// Checks how many distinct requests the peer recorded and how many repeats of one it recognised by key.
void check_ledger(const test::Open311Peer& peer, int requests, int duplicates) {
    const auto ledger = peer.ledger();
    CHECK(ledger["requests"] == requests);
    CHECK(ledger["duplicates"] == duplicates);
}

}  // namespace

TEST_CASE_METHOD(OneRequest, "Server errors 503, 500 and 408 are retried with the same Idempotency-Key until delivered",
                 "[core][sender]") {
    const std::string mode = GENERATE("status_503", "status_500", "status_408");
    INFO(mode);
    peer.set_fault(mode, 2);
    start();

    REQUIRE(reaches(DeliveryState::Delivered));
    const auto row = rig.row(queued);
    CHECK(row.attempts == 3);
    CHECK(row.server_id == "SR-1");
    CHECK(row.last_error.empty());
    const auto received = received_with_one_key(3);
    CHECK(received[0]["fault"] == mode);
    CHECK(received[1]["fault"] == mode);
    CHECK(peer.ledger()["requests"] == 1);
}

TEST_CASE_METHOD(OneRequest, "A 429 is retried no sooner than its Retry-After, then delivered", "[core][sender]") {
    peer.set_fault("status_429", 1, /*retry_after=*/1);
    start();

    REQUIRE(reaches(DeliveryState::Delivered));
    const auto row = rig.row(queued);
    CHECK(row.attempts == 2);
    const auto received = received_with_one_key(2);
    const auto first_ms = unix_ms(received[0]["time"]);
    // The stored next attempt honours Retry-After, and so did the real wait (backoff alone is ≤ 20 ms).
    CHECK(row.next_attempt_at * 1000 >= first_ms + 1000);
    CHECK(unix_ms(received[1]["time"]) - first_ms >= 1000);
    REQUIRE_FALSE(events.all().empty());
    CHECK(events.all()[0].error.find("HTTP 429") == 0);
}

TEST_CASE_METHOD(OneRequest, "A 400 is rejected at once and keeps the server's Open311 error text", "[core][sender]") {
    peer.set_fault("status_400", 1);
    start();

    REQUIRE(reaches(DeliveryState::Rejected));
    std::this_thread::sleep_for(200ms);  // long enough for several fast retries, were it retried
    const auto row = rig.row(queued);
    CHECK(row.state == DeliveryState::Rejected);
    CHECK(row.attempts == 1);
    CHECK(row.last_error == "HTTP 400: 400 injected fault status_400");
    CHECK(row.server_id.empty());
    CHECK(peer.received().size() == 1);
}

TEST_CASE_METHOD(OneRequest, "A hung server is cut off by the total timeout and the request retried", "[core][sender]") {
    peer.set_fault("hang", 1, 1, /*delay_ms=*/0);  // hangs until the peer shuts down
    auto settings = test::fast_sender_settings(peer);
    settings.http.total_timeout_ms = 800;
    const auto started = std::chrono::steady_clock::now();
    start(settings);

    REQUIRE(reaches(DeliveryState::Delivered));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 800ms);
    CHECK(took < 5s);
    CHECK(rig.row(queued).attempts == 2);
    REQUIRE_FALSE(events.all().empty());
    CHECK_THAT(events.all()[0].error, Contains("Timeout"));
    received_with_one_key(1);  // the hung attempt is never recorded
}

TEST_CASE_METHOD(OneRequest, "Stopping the sender abandons a hung request within about a second and leaves it queued",
                 "[core][sender]") {
    peer.set_fault("hang", 1, 1, /*delay_ms=*/0);
    auto settings = test::fast_sender_settings(peer);
    settings.http.total_timeout_ms = 15'000;  // the production bound, which stop() must not wait out
    start(settings);
    // The hang fault is used up once the POST has reached the server, which then holds it unanswered.
    REQUIRE(eventually([&] { return peer.ledger()["fault"]["remaining"] == 0; }));
    std::this_thread::sleep_for(200ms);

    const auto stopping = std::chrono::steady_clock::now();
    sender->stop();
    CHECK(std::chrono::steady_clock::now() - stopping < 3s);
    const auto row = rig.row(queued);
    CHECK(row.state == DeliveryState::Queued);
    CHECK(row.attempts == 1);
    CHECK(row.last_error == "interrupted by shutdown");
}

TEST_CASE_METHOD(OneRequest, "A connection reset is retried with the same key", "[core][sender]") {
    peer.set_fault("reset", 1);
    start();

    REQUIRE(reaches(DeliveryState::Delivered));
    CHECK(rig.row(queued).attempts == 2);
    REQUIRE_FALSE(events.all().empty());
    CHECK(events.all()[0].error.find("transport:") == 0);
    CHECK(received_with_one_key(2)[0]["fault"] == "reset");
    check_ledger(peer, 1, 0);
}

TEST_CASE_METHOD(OneRequest, "A response lost after the server recorded the request is retried and maps to one request",
                 "[core][sender]") {
    peer.set_fault("drop_after_record", 1);
    start();

    REQUIRE(reaches(DeliveryState::Delivered));
    const auto row = rig.row(queued);
    CHECK(row.attempts == 2);
    const auto received = received_with_one_key(2);
    CHECK(received[1]["duplicate"] == true);
    CHECK(received[0]["service_request_id"] == received[1]["service_request_id"]);
    CHECK(row.server_id == received[0]["service_request_id"]);
    check_ledger(peer, 1, 1);
    CHECK(peer.ledger()["keys"][queued.reference] == 2);
}

TEST_CASE_METHOD(OneRequest, "Truncated or malformed 2xx bodies are retried and never taken as delivered without an id",
                 "[core][sender]") {
    const std::string mode = GENERATE("truncated_json", "malformed_json");
    INFO(mode);
    peer.set_fault(mode, 1);
    start();

    REQUIRE(eventually([&] { return rig.is(queued, DeliveryState::Delivered) && events.all().size() >= 2; }));
    const auto row = rig.row(queued);
    CHECK(row.attempts == 2);
    CHECK(row.server_id == "SR-1");
    const auto all = events.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].state == DeliveryState::Queued);
    CHECK(all[0].error == "server answered without service_request_id or token");
    CHECK(all[1].state == DeliveryState::Delivered);
    CHECK(all[1].server_id == "SR-1");
    check_ledger(peer, 1, 1);
}

TEST_CASE_METHOD(OneRequest, "A body over the 1 MiB cap is aborted and the request retried", "[core][sender]") {
    peer.set_fault("oversized_json", 1);
    start();

    REQUIRE(reaches(DeliveryState::Delivered));
    CHECK(rig.row(queued).attempts == 2);
    CHECK(rig.row(queued).server_id == "SR-1");
    REQUIRE_FALSE(events.all().empty());
    CHECK(events.all()[0].error == "response body larger than 1048576 bytes");
    CHECK(peer.ledger()["requests"] == 1);
}

TEST_CASE_METHOD(OneRequest, "A slow-drip body is aborted by the low-speed limit or the total timeout and retried",
                 "[core][sender]") {
    struct Case {
        const char* name;
        long low_speed_bytes_per_s;
        long total_timeout_ms;
        const char* error_mentions;
    };
    // curl averages the speed over several seconds and counts the uploaded form too, so the limit sits well
    // above the drip's 40 bytes/s for the check to trip within a second or two.
    const Case c = GENERATE(Case{"low-speed limit", 1000, 5000, "too slow"},
                            Case{"total timeout", 0, 800, "timed out after"});
    INFO(c.name);
    peer.set_fault("slow_drip", 1, 1, /*delay_ms=*/100);  // 40 bytes/s: the ~120-byte answer takes 3 s
    auto settings = test::fast_sender_settings(peer);
    settings.http.low_speed_bytes_per_s = c.low_speed_bytes_per_s;
    settings.http.total_timeout_ms = c.total_timeout_ms;
    start(settings);

    REQUIRE(reaches(DeliveryState::Delivered));
    CHECK(rig.row(queued).attempts == 2);  // a drip allowed to finish would have delivered on the first
    REQUIRE_FALSE(events.all().empty());
    CHECK_THAT(events.all()[0].error, Contains(c.error_mentions));
    CHECK(peer.ledger()["requests"] == 1);
}

TEST_CASE("HTTPS delivers only to a server whose certificate the configured CA signed", "[core][sender]") {
    test::Open311Peer peer(test::Open311Peer::Options{.tls = true});
    auto wrong_ca = test::fast_sender_settings(peer);
    wrong_ca.http.ca_file = peer.pki().wrong_ca_cert;
    const auto row = row_after_two_attempts(wrong_ca);
    CHECK(row.state == DeliveryState::Queued);
    CHECK(row.server_id.empty());
    CHECK_THAT(row.last_error, Contains("certificate"));
    CHECK(peer.received().empty());

    CHECK(delivered_row(test::fast_sender_settings(peer)).attempts == 1);
    CHECK(peer.received().size() == 1);
}

TEST_CASE("A sha256 public-key pin admits the matching server and refuses any other key", "[core][sender]") {
    test::Open311Peer peer(test::Open311Peer::Options{.tls = true});
    auto wrong_pin = test::fast_sender_settings(peer);
    wrong_pin.http.public_key_pin = kWrongPin;
    const auto row = row_after_two_attempts(wrong_pin);
    CHECK(row.state == DeliveryState::Queued);
    CHECK_THAT(row.last_error, Contains("pinned public key"));
    CHECK(peer.received().empty());

    auto right_pin = test::fast_sender_settings(peer);
    right_pin.http.public_key_pin = peer.pki().server_pin;
    delivered_row(right_pin);
    CHECK(peer.received().size() == 1);
}

TEST_CASE("Requests queued while the server is down drain in order once it returns, each exactly once",
          "[core][sender]") {
    test::Open311Peer peer;
    peer.stop();
    OutboxRig rig;
    std::vector<OutboxRow> queued;
    for (const char* desk : {"LAPOR", "PPID", "KONSULTASI", "PERIZINAN"}) queued.push_back(rig.queue(desk));
    Sender sender(rig.path, test::fast_sender_settings(peer), rig.clock, nullptr);
    REQUIRE(sender.start());

    REQUIRE(eventually([&] { return rig.row(queued[0]).attempts >= 3; }));
    const auto head = rig.row(queued[0]);
    CHECK(head.state != DeliveryState::Delivered);  // queued, or sending its next attempt right now
    CHECK(head.last_error.find("transport:") == 0);
    // Only the head of the queue is tried while the server is away; the others wait their turn.
    for (std::size_t i = 1; i < queued.size(); ++i) CHECK(rig.row(queued[i]).attempts == 0);

    peer.start();
    REQUIRE(eventually([&] { return rig.outbox->counts()->delivered == 4; }));
    const auto received = peer.received();
    REQUIRE(received.size() == queued.size());
    for (std::size_t i = 0; i < queued.size(); ++i) {
        CHECK(received[i]["idempotency_key"] == queued[i].reference);
        if (i == 0) CHECK(rig.row(queued[i]).attempts > head.attempts);
        if (i > 0) CHECK(rig.row(queued[i]).attempts == 1);
    }
    check_ledger(peer, 4, 0);
}

TEST_CASE_METHOD(OneRequest, "A token answer is delivered at once and later resolved to the service request id",
                 "[core][sender]") {
    peer.set_fault("token", 1);
    start();

    // The event follows the stored id, so wait for both.
    REQUIRE(eventually([&] { return !rig.row(queued).server_id.empty() && events.all().size() >= 2; }));
    const auto row = rig.row(queued);
    CHECK(row.state == DeliveryState::Delivered);
    CHECK(row.attempts == 1);
    CHECK(row.token == "TK-1");
    CHECK(row.server_id == "SR-1");
    const auto all = events.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].state == DeliveryState::Delivered);
    CHECK(all[0].server_id.empty());
    CHECK(all[1].server_id == "SR-1");
    CHECK(peer.received().size() == 1);  // resolving never re-posts the request
    CHECK(rig.outbox->rows_with_unresolved_token(10)->empty());
}

TEST_CASE("A token lookup that fails is asked again with backoff until the server answers", "[core][sender]") {
    test::Open311Peer peer;
    peer.set_fault("token", 1);
    OutboxRig rig;
    const auto queued = rig.queue("PPID");
    {
        auto patient = test::fast_sender_settings(peer);
        patient.backoff_base_ms = 60'000;  // delivers, but would not look the token up for half a minute
        patient.max_backoff_s = 300;
        Sender sender(rig.path, patient, rig.clock, nullptr);
        REQUIRE(sender.start());
        REQUIRE(eventually([&] { return rig.is(queued, DeliveryState::Delivered); }));
    }
    REQUIRE(rig.row(queued).server_id.empty());

    peer.stop();
    Sender sender(rig.path, test::fast_sender_settings(peer), rig.clock, nullptr);
    REQUIRE(sender.start());
    std::this_thread::sleep_for(300ms);  // several lookups fail against nothing listening
    CHECK(rig.row(queued).server_id.empty());
    CHECK(rig.row(queued).state == DeliveryState::Delivered);

    peer.start();
    REQUIRE(eventually([&] { return !rig.row(queued).server_id.empty(); }));
    CHECK(rig.row(queued).server_id == "SR-1");
    CHECK(rig.row(queued).attempts == 1);
    CHECK(peer.received().size() == 1);
}

TEST_CASE("Millisecond retry delays grow from the base with jitter, are capped, and yield to Retry-After",
          "[core][sender]") {
    CHECK(retry_delay_ms(1, std::nullopt, 1000, 300'000, 1.0) == 1000);
    CHECK(retry_delay_ms(1, std::nullopt, 20, 1000, 1.0) == 20);
    CHECK(retry_delay_ms(3, std::nullopt, 20, 1000, 0.0) == 40);
    CHECK(retry_delay_ms(10, std::nullopt, 20, 1000, 1.0) == 1000);
    CHECK(retry_delay_ms(40, std::nullopt, 1000, 300'000, 0.0) == 150'000);
    CHECK(retry_delay_ms(1, 2L, 20, 1000, 1.0) == 2000);
    CHECK(retry_delay_ms(1, 86'400L, 20, 1000, 1.0) == 3'600'000);  // a day-long Retry-After is held to an hour
}

TEST_CASE("A token lookup resolves only on a 2xx that names a service request id", "[core][sender]") {
    auto answer = [](long status, std::string body) { return Result<HttpResponse>(HttpResponse{status, body, {}}); };
    CHECK(classify_token_response(answer(200, R"([{"service_request_id":"SR-4","token":"TK-4"}])")).service_request_id ==
          "SR-4");
    const auto pending = classify_token_response(answer(200, R"([{"token":"TK-4"}])"));
    CHECK(pending.service_request_id.empty());
    CHECK(pending.error == "token lookup: the server has not assigned an id yet");
    CHECK(classify_token_response(answer(404, R"([{"code":404,"description":"token not found"}])")).error ==
          "token lookup: HTTP 404: 404 token not found");
    CHECK(classify_token_response(answer(200, "[{\"service_request_id\"")).service_request_id.empty());
    CHECK(classify_token_response(Result<HttpResponse>(fail("transport: Couldn't connect"))).error ==
          "transport: Couldn't connect");
}

TEST_CASE("A token is escaped so it stays one path segment of the lookup URL", "[core][sender]") {
    CHECK(open311_token_url("https://x/v2", "TK-1") == "https://x/v2/tokens/TK-1.json");
    CHECK(open311_token_url("https://x/v2", "../a b?c") == "https://x/v2/tokens/..%2Fa%20b%3Fc.json");
}
