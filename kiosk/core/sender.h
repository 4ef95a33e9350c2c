// The background sender: delivers outbox rows to the Open311 server in order, with backoff; resolves tokens.
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
    // Opens its own connection to the outbox at `outbox_path`; events go to `sink` from the sender thread.
    Sender(std::string outbox_path, SenderSettings settings, const Clock& clock, DeliverySink sink);
    ~Sender();  // stops and joins the thread; an in-flight request is abandoned within about a second
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

    Status start();
    void stop();
    void wake();  // a request was queued: deliver it now rather than at the next timed wake-up

private:
    // The precise due time of the row at the head of the queue after a failed attempt; the outbox keeps it
    // rounded up to whole seconds, which is what survives a restart.
    struct RetryGate {
        std::int64_t row_id = 0;
        TimePoint due{};
    };
    // A delivered request known only by its token, waiting for GET /tokens/{token}.json.
    struct TokenLookup {
        std::string reference;
        std::string token;
        int failed_lookups = 0;
        TimePoint due{};
    };

    void run();
    void run_once(Outbox& outbox, HttpClient& http);
    TimePoint due_at(const OutboxRow& row) const;
    void deliver(Outbox& outbox, HttpClient& http, const OutboxRow& row);
    Status schedule_retry(Outbox& outbox, const OutboxRow& row, const PostOutcome& outcome);
    std::optional<TimePoint> refresh_token_lookups(Outbox& outbox);
    void resolve_token(Outbox& outbox, HttpClient& http, std::int64_t row_id);
    std::chrono::milliseconds backoff(int attempts, std::optional<long> retry_after_s);
    void sleep_until(TimePoint due);
    void notify(const DeliveryEvent& event);

    std::string outbox_path_;
    SenderSettings settings_;
    const Clock& clock_;
    DeliverySink sink_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = false;
    std::atomic<bool> running_{false};
    // Only the sender thread touches these.
    RetryGate retry_gate_;
    std::map<std::int64_t, TokenLookup> token_lookups_;  // by outbox row id
    std::mt19937 random_{std::random_device{}()};
};

}  // namespace anjungan
