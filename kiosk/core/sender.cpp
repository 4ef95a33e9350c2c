// Sender thread: POST /requests.json with an Idempotency-Key, classify the answer, update the outbox.
#include "kiosk/core/sender.h"

#include <algorithm>
#include <set>
#include <utility>

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

void Sender::retry_now() {
    {
        std::lock_guard lock(mutex_);
        retry_requested_ = woken_ = true;
    }
    cv_.notify_all();
}

bool Sender::take_retry_request() {
    std::lock_guard lock(mutex_);
    return std::exchange(retry_requested_, false);
}

void Sender::run() {
    auto outbox = Outbox::open_shared(outbox_path_, clock_);  // the kiosk's storage owns recovery
    if (!outbox) {
        log::error("sender: " + outbox.error().message);
        return;
    }
    // Before relying on the queue's index: a damaged one would hide requests (here, off the UI thread).
    if (auto repaired = (*outbox)->repair_indexes(); !repaired) log::error("sender: " + repaired.error().message);
    HttpClient http(settings_.http);
    http.set_cancel_check([this] { return !running_; });
    while (running_) run_once(**outbox, http);
}

// One step: unless the queue is paused, deliver the oldest queued row that is due; otherwise, being idle, look
// up one token that is due; otherwise sleep until the earliest of these (or a wake()).
void Sender::run_once(Outbox& outbox, HttpClient& http) {
    const auto now = Steady::now();
    if (!record_unrecorded(outbox)) return sleep_until(now + kDatabaseRetryPause);
    if (take_retry_request()) {
        paused_until_ = {};
        pause_failures_ = 0;
    }
    if (now < paused_until_) return sleep_until(paused_until_);
    // A row that keeps failing waits its own backoff; the rows behind it are still sent in the meantime.
    auto next = next_row(outbox);
    if (!next) {
        log::error("sender: " + next.error().message);
        return sleep_until(now + kDatabaseRetryPause);
    }
    if (next->due_id) {
        auto row = outbox.find_by_id(*next->due_id);
        if (row && *row) return deliver(outbox, http, **row);
        if (!row) log::error("sender: " + row.error().message);
        return sleep_until(now + kDatabaseRetryPause);
    }
    auto wake_at = std::min(next->next_due, now + kLongestSleep);
    if (const auto token_due = refresh_token_lookups(outbox)) {
        if (*token_due <= now) {
            const auto due = std::find_if(token_lookups_.begin(), token_lookups_.end(),
                                          [&](const auto& entry) { return entry.second.due <= now; });
            return resolve_token(outbox, http, due->first);
        }
        wake_at = std::min(wake_at, *token_due);
    }
    sleep_until(wake_at);
}

// Walks the queue oldest first and stops at the first due row; gates of rows no longer queued are dropped
// once the whole queue has been seen.
Result<Sender::NextRow> Sender::next_row(Outbox& outbox) {
    const auto now = Steady::now();
    NextRow next;
    std::set<std::int64_t> queued;
    auto walked = outbox.for_each_queued([&](std::int64_t id, std::int64_t next_attempt_at) {
        const auto due = due_at(id, next_attempt_at);
        if (due <= now) {
            next.due_id = id;
            return false;
        }
        queued.insert(id);
        next.next_due = std::min(next.next_due, due);
        return true;
    });
    if (!walked) return walked.error();
    if (!next.due_id) std::erase_if(gates_, [&](const auto& gate) { return queued.count(gate.first) == 0; });
    return next;
}

// A stored next attempt this sender did not schedule (an earlier run's, or a technician's) is converted once
// from wall-clock to monotonic time, its wait bounded by the longest backoff: a wall clock that was wrong when
// it was written (or is wrong now) delays a request by at most that much. Only a Retry-After longer than the
// backoff cap is shortened by a restart.
Sender::Steady::time_point Sender::due_at(std::int64_t id, std::int64_t stored_next_attempt_at) {
    const auto known = gates_.find(id);
    if (known != gates_.end() && known->second.stored == stored_next_attempt_at) return known->second.due;
    const std::int64_t longest_s = std::max(settings_.max_backoff_s, 1);
    const std::int64_t wait_s = std::clamp<std::int64_t>(stored_next_attempt_at - unix_seconds(clock_.now()), 0, longest_s);
    const auto due = Steady::now() + std::chrono::seconds(wait_s);
    gates_[id] = {stored_next_attempt_at, due};
    return due;
}

void Sender::sleep_until(Steady::time_point due) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Steady::now());
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
        return sleep_until(Steady::now() + kDatabaseRetryPause);
    }
    const auto response = http.post_form(settings_.server_url + "/requests.json",
                                         open311_post_body(row, settings_.open311),
                                         {"Idempotency-Key: " + row.reference});
    const PostOutcome outcome = classify_post_response(response);
    DeliveryEvent event{row.reference, DeliveryState::Queued, outcome.service_request_id, outcome.error};
    Record record;
    if (outcome.kind != PostOutcome::Kind::Retry || !outcome.pauses_queue) pause_failures_ = 0;  // it answered
    switch (outcome.kind) {
        case PostOutcome::Kind::Delivered:
            record = [id = row.id, outcome](Outbox& o) {
                return o.mark_delivered(id, outcome.service_request_id, outcome.token);
            };
            event.state = DeliveryState::Delivered;
            log::info("delivered " + row.reference + (outcome.service_request_id.empty()
                                                          ? " with token " + outcome.token
                                                          : " as " + outcome.service_request_id));
            break;
        case PostOutcome::Kind::Rejected:
            record = [id = row.id, error = outcome.error](Outbox& o) { return o.mark_rejected(id, error); };
            event.state = DeliveryState::Rejected;
            log::warn("server rejected " + row.reference + ": " + outcome.error);
            break;
        case PostOutcome::Kind::Retry:
            record = schedule_retry(row, outcome);
            break;
    }
    if (outcome.kind == PostOutcome::Kind::Delivered || outcome.kind == PostOutcome::Kind::Rejected) gates_.erase(row.id);
    if (auto stored = record(outbox); !stored) {
        // The row stays 'sending' until the outcome is stored (a full disk, a lock held too long): it is stored
        // before anything else is sent, so the request is neither posted again nor left behind.
        log::error("sender: cannot record the outcome of " + row.reference + " yet: " + stored.error().message);
        unrecorded_ = {row.reference, std::move(record)};
    }
    notify(event);
}

// An outcome the outbox could not store yet goes first; true when nothing is left unrecorded.
bool Sender::record_unrecorded(Outbox& outbox) {
    if (!unrecorded_.record) return true;
    if (auto s = unrecorded_.record(outbox); !s) {
        log::error("sender: still cannot record the outcome of " + unrecorded_.reference + ": " + s.error().message);
        return false;
    }
    log::info("sender: the outcome of " + unrecorded_.reference + " is recorded");
    unrecorded_ = {};
    return true;
}

// Retry: this row waits its own backoff. Pause: the whole queue waits, and this row is the first tried after.
Sender::Record Sender::schedule_retry(const OutboxRow& row, const PostOutcome& outcome) {
    const bool pause = outcome.pauses_queue;
    const auto delay = backoff(pause ? ++pause_failures_ : row.attempts + 1, outcome.retry_after_s);
    const auto due = Steady::now() + delay;
    if (pause) paused_until_ = due;
    // An attempt cut short by stop() says nothing about the server: keep the error the technician already sees.
    std::string error = outcome.error;
    if (error == kHttpCancelled) error = row.last_error.empty() ? "interrupted by shutdown" : row.last_error;
    log::warn("delivery of " + row.reference + " failed (" + outcome.error + "); " +
              (pause ? "the queue waits " : "retry in ") + std::to_string(delay.count()) + " ms");
    const std::int64_t stored = unix_seconds_rounded_up(clock_.now() + delay);
    gates_[row.id] = {stored, due};
    return [id = row.id, error, stored](Outbox& o) { return o.mark_retry(id, error, stored); };
}

// Syncs the lookup schedule with the outbox and returns the earliest due lookup, if any. A token seen for the
// first time waits one backoff step: the server has just said the id is not assigned yet.
std::optional<Sender::Steady::time_point> Sender::refresh_token_lookups(Outbox& outbox) {
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
                              : TokenLookup{row.reference, row.token, 0, Steady::now() + backoff(1, std::nullopt)};
    }
    token_lookups_ = std::move(current);
    std::optional<Steady::time_point> earliest;
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
        lookup.due = Steady::now() + backoff(lookup.failed_lookups + 1, std::nullopt);
        log::info("token of " + lookup.reference + " not resolved (" + outcome.error + "); asking again later");
        return;
    }
    if (auto s = outbox.mark_resolved(row_id, outcome.service_request_id); !s) {
        log::error("sender: cannot store the id of " + lookup.reference + ": " + s.error().message);
        lookup.due = Steady::now() + kDatabaseRetryPause;
        return;
    }
    log::info("token of " + lookup.reference + " resolved to " + outcome.service_request_id);
    notify({lookup.reference, DeliveryState::Delivered, outcome.service_request_id, ""});
    token_lookups_.erase(row_id);
}

}  // namespace anjungan
