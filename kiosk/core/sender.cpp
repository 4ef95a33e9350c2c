// Sender thread: POST /requests.json with an Idempotency-Key, classify the answer, update the outbox.
#include "kiosk/core/sender.h"

#include <algorithm>
#include <limits>

#include "kiosk/core/log.h"

namespace anjungan {
namespace {

// Upper bound of any single sleep, so changes made by another process (kioskctl outbox retry) are noticed.
constexpr auto kLongestSleep = std::chrono::seconds(60);
// A database error is retried after this pause instead of spinning on it.
constexpr auto kDatabaseRetryPause = std::chrono::seconds(1);
// How many unresolved tokens are tracked at once; the oldest go first, the rest wait their turn.
constexpr int kTokenBatch = 50;
constexpr long kLongestRetryAfterS = 3600;

// Rounds up, so the stored time is never earlier than the real one (a Retry-After stays honoured).
std::int64_t unix_seconds_rounded_up(TimePoint t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    return ms / 1000 + (ms % 1000 > 0 ? 1 : 0);
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

std::int64_t retry_delay_ms(int attempts, std::optional<long> retry_after_s, std::int64_t base_ms,
                            std::int64_t cap_ms, double jitter_0_to_1) {
    const int exponent = std::clamp(attempts - 1, 0, 30);
    const double grown = static_cast<double>(std::max<std::int64_t>(base_ms, 1)) * static_cast<double>(1LL << exponent);
    const double capped = std::min(static_cast<double>(std::max<std::int64_t>(cap_ms, 1)), grown);
    std::int64_t delay = std::max<std::int64_t>(1, static_cast<std::int64_t>(capped * (0.5 + 0.5 * jitter_0_to_1)));
    if (retry_after_s) delay = std::max<std::int64_t>(delay, std::clamp(*retry_after_s, 0L, kLongestRetryAfterS) * 1000);
    return delay;
}

long retry_delay_s(int attempts, std::optional<long> retry_after_s, int cap_s, double jitter_0_to_1) {
    const auto ms = retry_delay_ms(attempts, retry_after_s, 1000, std::int64_t{cap_s} * 1000, jitter_0_to_1);
    return std::max(1L, static_cast<long>(ms / 1000));
}

Sender::Sender(std::string outbox_path, SenderSettings settings, const Clock& clock, DeliverySink sink)
    : outbox_path_(std::move(outbox_path)), settings_(std::move(settings)), clock_(clock), sink_(std::move(sink)) {
    settings_.server_url = without_trailing_slash(settings_.server_url);
}

Sender::~Sender() { stop(); }

Status Sender::start() {
    if (settings_.server_url.empty()) return fail("no server URL configured");
    if (running_.exchange(true)) return fail("the sender is already running");
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
    http.set_cancel_check([this] { return !running_; });
    while (running_) run_once(**outbox, http);
}

// One step: deliver the head of the queue when it is due; otherwise, being idle, look up one token that is
// due; otherwise sleep until the earlier of the two (or a wake()).
void Sender::run_once(Outbox& outbox, HttpClient& http) {
    // Only the oldest queued row is ever sent: a request that fails holds back the younger ones, so the
    // queue drains in order when the server returns, and a down server sees one attempt per backoff step
    // rather than one per queued request.
    auto head = outbox.next_due(std::numeric_limits<std::int64_t>::max());
    if (!head) {
        log::error("sender: " + head.error().message);
        return sleep_until(clock_.now() + kDatabaseRetryPause);
    }
    const TimePoint now = clock_.now();
    if (*head && due_at(**head) <= now) return deliver(outbox, http, **head);
    TimePoint next = *head ? due_at(**head) : now + kLongestSleep;
    if (const auto token_due = refresh_token_lookups(outbox)) {
        if (*token_due <= now) {
            const auto due = std::find_if(token_lookups_.begin(), token_lookups_.end(),
                                          [&](const auto& entry) { return entry.second.due <= now; });
            return resolve_token(outbox, http, due->first);
        }
        next = std::min(next, *token_due);
    }
    sleep_until(next);
}

TimePoint Sender::due_at(const OutboxRow& row) const {
    const TimePoint stored = from_unix_seconds(row.next_attempt_at);
    // The stored time wins when it is earlier: a technician asked for an immediate retry.
    if (row.id == retry_gate_.row_id) return std::min(stored, retry_gate_.due);
    return stored;
}

void Sender::sleep_until(TimePoint due) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - clock_.now());
    wait = std::clamp<std::chrono::milliseconds>(wait, std::chrono::milliseconds(1), kLongestSleep);
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, wait, [this] { return woken_ || !running_; });
    woken_ = false;
}

std::chrono::milliseconds Sender::backoff(int attempts, std::optional<long> retry_after_s) {
    const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    return std::chrono::milliseconds(retry_delay_ms(attempts, retry_after_s, settings_.backoff_base_ms,
                                                    std::int64_t{settings_.max_backoff_s} * 1000, jitter));
}

void Sender::notify(const DeliveryEvent& event) {
    if (sink_) sink_(event);
}

void Sender::deliver(Outbox& outbox, HttpClient& http, const OutboxRow& row) {
    if (auto s = outbox.mark_sending(row.id); !s) {
        log::error("sender: " + s.error().message);
        return sleep_until(clock_.now() + kDatabaseRetryPause);
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
            log::info("delivered " + row.reference + (outcome.service_request_id.empty()
                                                          ? " with token " + outcome.token
                                                          : " as " + outcome.service_request_id));
            break;
        case PostOutcome::Kind::Rejected:
            stored = outbox.mark_rejected(row.id, outcome.error);
            event.state = DeliveryState::Rejected;
            log::warn("server rejected " + row.reference + ": " + outcome.error);
            break;
        case PostOutcome::Kind::Retry:
            stored = schedule_retry(outbox, row, outcome);
            break;
    }
    if (!stored) log::error("sender: cannot record the outcome of " + row.reference + ": " + stored.error().message);
    notify(event);
}

Status Sender::schedule_retry(Outbox& outbox, const OutboxRow& row, const PostOutcome& outcome) {
    const auto delay = backoff(row.attempts + 1, outcome.retry_after_s);
    retry_gate_ = {row.id, clock_.now() + delay};
    // An attempt cut short by stop() says nothing about the server: keep the error the technician already sees.
    std::string error = outcome.error;
    if (error == kHttpCancelled) error = row.last_error.empty() ? "interrupted by shutdown" : row.last_error;
    log::warn("delivery of " + row.reference + " failed (" + outcome.error + "); retry in " +
              std::to_string(delay.count()) + " ms");
    return outbox.mark_retry(row.id, error, unix_seconds_rounded_up(retry_gate_.due));
}

// Syncs the lookup schedule with the outbox and returns the earliest due lookup, if any. A token seen for the
// first time waits one backoff step: the server has just said the id is not assigned yet.
std::optional<TimePoint> Sender::refresh_token_lookups(Outbox& outbox) {
    auto rows = outbox.rows_with_unresolved_token(kTokenBatch);
    if (!rows) {
        log::error("sender: " + rows.error().message);
        return std::nullopt;
    }
    std::map<std::int64_t, TokenLookup> current;
    for (const auto& row : *rows) {
        const auto known = token_lookups_.find(row.id);
        current[row.id] = known != token_lookups_.end()
                              ? known->second
                              : TokenLookup{row.reference, row.token, 0, clock_.now() + backoff(1, std::nullopt)};
    }
    token_lookups_ = std::move(current);
    std::optional<TimePoint> earliest;
    for (const auto& [id, lookup] : token_lookups_)
        if (!earliest || lookup.due < *earliest) earliest = lookup.due;
    return earliest;
}

void Sender::resolve_token(Outbox& outbox, HttpClient& http, std::int64_t row_id) {
    TokenLookup& lookup = token_lookups_.at(row_id);
    const TokenOutcome outcome =
        classify_token_response(http.get(open311_token_url(settings_.server_url, lookup.token)));
    if (outcome.service_request_id.empty()) {
        ++lookup.failed_lookups;
        lookup.due = clock_.now() + backoff(lookup.failed_lookups + 1, std::nullopt);
        log::info("token of " + lookup.reference + " not resolved (" + outcome.error + "); asking again later");
        return;
    }
    if (auto s = outbox.mark_resolved(row_id, outcome.service_request_id); !s) {
        log::error("sender: cannot store the id of " + lookup.reference + ": " + s.error().message);
        lookup.due = clock_.now() + kDatabaseRetryPause;
        return;
    }
    log::info("token of " + lookup.reference + " resolved to " + outcome.service_request_id);
    notify({lookup.reference, DeliveryState::Delivered, outcome.service_request_id, ""});
    token_lookups_.erase(row_id);
}

}  // namespace anjungan
