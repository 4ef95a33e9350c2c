// The background sender: delivers outbox rows to the Open311 server, oldest first, each with its own backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/http_client.h"
#include "kiosk/core/open311.h"
#include "kiosk/core/outbox.h"

namespace anjungan {

struct SenderSettings {
    std::string server_url;  // Open311 base URL, e.g. https://lapor.example.go.id/open311/v2
    Open311Settings open311;
    HttpOptions http;
    int max_backoff_s = 300;
    // The first retry's delay before jitter; each further failure doubles it, up to max_backoff_s. Production
    // keeps 1 s; tests shrink it so a retry costs milliseconds. A server's Retry-After is honoured regardless.
    long backoff_base_ms = 1000;
};

struct DeliveryEvent {
    std::string reference;
    DeliveryState state = DeliveryState::Queued;
    std::string server_id;
    std::string error;  // no personal data
};

using DeliverySink = std::function<void(const DeliveryEvent&)>;

// The delay before retry number `attempts` (1-based): 2^(attempts-1) s with jitter in [50 %, 100 %], capped;
// a longer Retry-After from the server wins.
long retry_delay_s(int attempts, std::optional<long> retry_after_s, int cap_s, double jitter_0_to_1);

// The same in milliseconds from a base delay: base·2^(attempts-1) capped at cap_ms, times a jitter factor in
// [50 %, 100 %]; a longer Retry-After (at most an hour) wins.
std::int64_t retry_delay_ms(int attempts, std::optional<long> retry_after_s, std::int64_t base_ms,
                            std::int64_t cap_ms, double jitter_0_to_1);

class Sender {
public:
    // Opens its own connection to the outbox at `outbox_path` (Outbox::open_shared: its owner has opened it
    // already); events go to `sink` from the sender thread.
    Sender(std::string outbox_path, SenderSettings settings, const Clock& clock, DeliverySink sink);
    ~Sender();  // stops and joins the thread; an in-flight request is abandoned within about a second
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

    Status start();
    void stop();
    void wake();  // a request was queued: deliver it now rather than at the next timed wake-up
    // A technician's "retry now" (after Outbox::retry_now made the rows due): the queue's pause for an unreachable
    // or busy server ends too, so the waiting requests are tried at once.
    void retry_now();

private:
    // Retry timing runs on the monotonic clock, so a wall clock stepped by time sync changes nothing about when
    // requests are sent. The outbox keeps a wall-clock copy (next_attempt_at) for the technician and restarts.
    using Steady = std::chrono::steady_clock;
    // When a queued row is due, and the stored next_attempt_at it was derived from: a different stored value
    // (a technician's retry, another process) is read afresh.
    struct Gate {
        std::int64_t stored = 0;
        Steady::time_point due{};
    };
    // A delivered request known only by its token, waiting for GET /tokens/{token}.json.
    struct TokenLookup {
        std::string reference;
        std::string token;
        int failed_lookups = 0;
        Steady::time_point due{};
    };
    // The next queued row to send, or when the earliest one falls due.
    struct NextRow {
        std::optional<std::int64_t> due_id;
        Steady::time_point next_due = Steady::time_point::max();
    };

    // Stores one attempt's outcome in the outbox.
    using Record = std::function<Status(Outbox&)>;
    struct Unrecorded {
        std::string reference;
        Record record;  // empty: nothing waits
    };

    void run();
    void run_once(Outbox& outbox, HttpClient& http);
    bool take_retry_request();
    Result<NextRow> next_row(Outbox& outbox);
    Steady::time_point due_at(std::int64_t id, std::int64_t stored_next_attempt_at);
    void deliver(Outbox& outbox, HttpClient& http, const OutboxRow& row);
    Record schedule_retry(const OutboxRow& row, const PostOutcome& outcome);
    bool record_unrecorded(Outbox& outbox);
    std::optional<Steady::time_point> refresh_token_lookups(Outbox& outbox);
    void resolve_token(Outbox& outbox, HttpClient& http, std::int64_t row_id);
    std::chrono::milliseconds backoff(int attempts, std::optional<long> retry_after_s);
    void sleep_until(Steady::time_point due);
    void notify(const DeliveryEvent& event);

    std::string outbox_path_;
    SenderSettings settings_;
    const Clock& clock_;
    DeliverySink sink_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = false;
    bool retry_requested_ = false;  // guarded by mutex_
    std::atomic<bool> running_{false};
    // Only the sender thread touches these.
    std::map<std::int64_t, Gate> gates_;  // by outbox row id
    Steady::time_point paused_until_{};   // the queue waits for the server (see PostOutcome::pauses_queue)
    int pause_failures_ = 0;              // consecutive pausing answers, for the pause's backoff
    std::map<std::int64_t, TokenLookup> token_lookups_;  // by outbox row id
    Unrecorded unrecorded_;  // an outcome the outbox could not store yet
    std::mt19937 random_{std::random_device{}()};
};

}  // namespace anjungan
