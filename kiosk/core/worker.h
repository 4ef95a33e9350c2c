// A single background thread running queued jobs in order: blocking work stays off the UI thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace anjungan {

class SerialWorker {
public:
    SerialWorker() : thread_([this] { run(); }) {}
    ~SerialWorker() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        cv_.notify_all();
        thread_.join();  // finishes the queued jobs first: they may be durable writes a visitor waits on
    }
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    void post(std::function<void()> job) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }

private:
    void run() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(mutex_);
                cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
                if (jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after the members it uses exist
};

// A thread-safe queue that workers push to and the UI thread drains once per frame.
template <class T>
class EventQueue {
public:
    void push(T item) {
        std::lock_guard lock(mutex_);
        items_.push_back(std::move(item));
    }
    std::deque<T> drain() {
        std::lock_guard lock(mutex_);
        std::deque<T> out;
        out.swap(items_);
        return out;
    }

private:
    std::mutex mutex_;
    std::deque<T> items_;
};

}  // namespace anjungan
