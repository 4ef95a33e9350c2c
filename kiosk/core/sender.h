// The background sender: delivers queued outbox rows to the Open311 server, oldest first, with backoff.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
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

class Sender {
public:
    // Opens its own connection to the outbox at `outbox_path`; events go to `sink` from the sender thread.
    Sender(std::string outbox_path, SenderSettings settings, const Clock& clock, DeliverySink sink);
    ~Sender();  // stops and joins the thread; an in-flight POST ends within the HTTP timeouts
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

    Status start();
    void stop();
    void wake();  // a request was queued: deliver it now rather than at the next timed wake-up

private:
    void run();
    void deliver(Outbox& outbox, HttpClient& http, const OutboxRow& row);
    void sleep_until_due(Outbox& outbox);

    std::string outbox_path_;
    SenderSettings settings_;
    const Clock& clock_;
    DeliverySink sink_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool woken_ = false;
    std::atomic<bool> running_{false};
};

}  // namespace anjungan
