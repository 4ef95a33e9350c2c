// Sender thread: POST /requests.json with an Idempotency-Key, classify the answer, update the outbox.
#include "kiosk/core/sender.h"

#include <algorithm>
#include <random>

#include "kiosk/core/log.h"

namespace anjungan {

long retry_delay_s(int attempts, std::optional<long> retry_after_s, int cap_s, double jitter_0_to_1) {
    const int exponent = std::clamp(attempts - 1, 0, 20);
    const double base = std::min<double>(cap_s, static_cast<double>(1L << exponent));
    long delay = std::max(1L, static_cast<long>(base * (0.5 + 0.5 * jitter_0_to_1)));
    if (retry_after_s) delay = std::max(delay, std::min(*retry_after_s, 3600L));
    return delay;
}

Sender::Sender(std::string outbox_path, SenderSettings settings, const Clock& clock, DeliverySink sink)
    : outbox_path_(std::move(outbox_path)), settings_(std::move(settings)), clock_(clock), sink_(std::move(sink)) {}

Sender::~Sender() { stop(); }

Status Sender::start() {
    if (settings_.server_url.empty()) return fail("no server URL configured");
    running_ = true;
    thread_ = std::thread([this] { run(); });
    return Ok{};
}

void Sender::stop() {
    if (!running_.exchange(false)) return;
    wake();
    if (thread_.joinable()) thread_.join();
}

void Sender::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    cv_.notify_all();
}

void Sender::run() {
    auto outbox = Outbox::open(outbox_path_, clock_);
    if (!outbox) {
        log::error("sender: " + outbox.error().message);
        return;
    }
    HttpClient http(settings_.http);
    while (running_) {
        auto due = (*outbox)->next_due(unix_seconds(clock_.now()));
        if (due && *due) {
            deliver(**outbox, http, **due);
            continue;
        }
        if (!due) log::error("sender: " + due.error().message);
        sleep_until_due(**outbox);
    }
}

void Sender::sleep_until_due(Outbox& outbox) {
    auto wakeup = outbox.next_wakeup();
    auto wait = std::chrono::seconds(60);
    if (wakeup && *wakeup) {
        const auto now = unix_seconds(clock_.now());
        wait = std::chrono::seconds(std::clamp<std::int64_t>(**wakeup - now, 0, 60));
        if (**wakeup > now && wait.count() == 0) wait = std::chrono::seconds(1);
    }
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, wait, [this] { return woken_ || !running_; });
    woken_ = false;
}

void Sender::deliver(Outbox& outbox, HttpClient& http, const OutboxRow& row) {
    if (auto s = outbox.mark_sending(row.id); !s) {
        log::error("sender: " + s.error().message);
        return;
    }
    const auto response = http.post_form(settings_.server_url + "/requests.json",
                                         open311_post_body(row, settings_.open311),
                                         {"Idempotency-Key: " + row.reference});
    const PostOutcome outcome = classify_post_response(response);
    DeliveryEvent event{row.reference, DeliveryState::Queued, outcome.service_request_id, outcome.error};
    Status stored = Ok{};
    switch (outcome.kind) {
        case PostOutcome::Kind::Delivered:
            stored = outbox.mark_delivered(row.id, outcome.service_request_id, outcome.token);
            event.state = DeliveryState::Delivered;
            log::info("delivered " + row.reference + " as " + outcome.service_request_id + outcome.token);
            break;
        case PostOutcome::Kind::Rejected:
            stored = outbox.mark_rejected(row.id, outcome.error);
            event.state = DeliveryState::Rejected;
            log::warn("server rejected " + row.reference + ": " + outcome.error);
            break;
        case PostOutcome::Kind::Retry: {
            static thread_local std::mt19937 random(std::random_device{}());
            const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random);
            const long delay = retry_delay_s(row.attempts + 1, outcome.retry_after_s, settings_.max_backoff_s, jitter);
            stored = outbox.mark_retry(row.id, outcome.error, unix_seconds(clock_.now()) + delay);
            log::warn("delivery of " + row.reference + " failed (" + outcome.error + "); retry in " +
                      std::to_string(delay) + " s");
            break;
        }
    }
    if (!stored) log::error("sender: cannot record the outcome of " + row.reference + ": " + stored.error().message);
    if (sink_) sink_(event);
}

}  // namespace anjungan
