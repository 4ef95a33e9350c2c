// A thread-safe record of the events a worker thread delivers, for the test thread to wait on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

namespace anjungan::test {

template <class Event>
class EventLog {
public:
    std::function<void(const Event&)> sink() {
        return [this](const Event& event) {
            {
                std::lock_guard lock(mutex_);
                events_.push_back(event);
            }
            changed_.notify_all();
        };
    }

    // Events recorded so far; pass it as `from` to wait only for later events.
    std::size_t mark() const {
        std::lock_guard lock(mutex_);
        return events_.size();
    }

    std::vector<Event> all() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

    // Waits until `done` holds for the whole record; false if the time ran out first.
    bool wait_until(const std::function<bool(const std::vector<Event>&)>& done, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return done(events_); });
    }

    // The first event at or after `from` that matches, once it has arrived.
    std::optional<Event> wait_for(const std::function<bool(const Event&)>& match, std::chrono::milliseconds timeout,
                                  std::size_t from = 0) {
        std::optional<Event> found;
        wait_until(
            [&](const std::vector<Event>& events) {
                for (std::size_t i = from; i < events.size() && !found; ++i)
                    if (match(events[i])) found = events[i];
                return found.has_value();
            },
            timeout);
        return found;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Event> events_;
};

}  // namespace anjungan::test
