// Benchmark: outbox allocate+queue latency on a real SQLite file, and the Sender's drain rate against the local peer.
//
// Usage: outbox_bench [--enqueues N] [--drain N] [--dir DIR] [--server URL]
// DIR (default: a fresh directory under $TMPDIR or /tmp) picks the file system measured; fsync cost dominates.
// URL drains into another Open311 server (it must honour Idempotency-Key); default: the test peer on loopback.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <unistd.h>
#include <vector>

#include "kiosk/core/outbox.h"
#include "kiosk/core/sender.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

namespace {

using namespace anjungan;
using Steady = std::chrono::steady_clock;

const NumberingRules kRules{"KTM-BENCH-01", ""};

struct Options {
    int enqueues = 2000;
    int drain = 1000;
    std::string dir;
    std::string server_url;
};

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--enqueues") options.enqueues = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--drain") options.drain = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--dir") options.dir = value;
        else if (flag == "--server") options.server_url = value;
        else {
            std::cerr << "usage: outbox_bench [--enqueues N] [--drain N] [--dir DIR] [--server URL]\n";
            std::exit(2);
        }
    }
    return options;
}

// On stdout: stderr is the sender's log file while measuring. The scratch directory is kept for a look.
[[noreturn]] void die(const std::string& message) {
    std::cout << "outbox_bench: " << message << std::endl;
    std::_Exit(1);
}

NewRequest lapor_request(int index) {
    // A realistic complaint size: a title and a few sentences of chronology.
    return {"LAPOR", "L",
            {{"kind", "pengaduan"},
             {"title", "Jalan rusak di Jl. Tjilik Riwut km " + std::to_string(index)},
             {"chronology", std::string(600, 'x')},
             {"full_name", "Siti Rahmawati"},
             {"phone", "081234567890"}}};
}

std::unique_ptr<Outbox> open_outbox(const std::string& path, const Clock& clock) {
    auto outbox = Outbox::open(path, clock);
    if (!outbox) die(outbox.error().message);
    return std::move(*outbox);
}

double percentile(std::vector<double> sorted_ms, double fraction) {
    const auto rank = static_cast<size_t>(fraction * static_cast<double>(sorted_ms.size() - 1) + 0.5);
    return sorted_ms[std::min(rank, sorted_ms.size() - 1)];
}

struct Latencies {
    double p50 = 0, p99 = 0, max = 0, mean = 0;
};

Latencies measure_enqueues(const std::string& path, int count, const Clock& clock) {
    auto outbox = open_outbox(path, clock);
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const auto start = Steady::now();
        if (auto row = outbox->enqueue(lapor_request(i), kRules); !row) die(row.error().message);
        ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    double total = 0;
    for (double m : ms) total += m;
    return {percentile(ms, 0.50), percentile(ms, 0.99), ms.back(), total / static_cast<double>(ms.size())};
}

// Counts delivery events from the sender thread so the clock stops at the last one, not at a poll.
class DeliveryCounter {
public:
    void delivered() {
        std::lock_guard lock(mutex_);
        ++count_;
        changed_.notify_all();
    }
    bool wait_for(int target, std::chrono::seconds limit) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return count_ >= target; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int count_ = 0;
};

double measure_drain_rate(const std::string& path, int count, const std::string& server_url, const Clock& clock) {
    {
        auto outbox = open_outbox(path, clock);
        for (int i = 0; i < count; ++i)
            if (auto row = outbox->enqueue(lapor_request(i), kRules); !row) die(row.error().message);
    }
    std::unique_ptr<test::Open311Peer> peer;
    if (server_url.empty()) peer = std::make_unique<test::Open311Peer>();
    SenderSettings settings;
    settings.server_url = peer ? peer->base_url() : server_url;
    settings.open311 = {kRules.kiosk_id, "MPP Habaring Hurung, Sampit", ""};
    DeliveryCounter counter;
    Sender sender(path, settings, clock, [&](const DeliveryEvent& event) {
        if (event.state == DeliveryState::Delivered) counter.delivered();
    });
    const auto start = Steady::now();
    if (auto started = sender.start(); !started) die(started.error().message);
    if (!counter.wait_for(count, std::chrono::seconds(300))) die("the drain did not finish within 300 s");
    const double seconds = std::chrono::duration<double>(Steady::now() - start).count();
    sender.stop();
    return count / seconds;
}

// The sender logs one line per delivery; into a file they stay out of the table and cost what they cost.
void send_log_lines_to(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ::dup2(fd, STDERR_FILENO) < 0) die("cannot redirect the log to " + path);
    ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    set_process_timezone("Asia/Jakarta");
    test::TempDir scratch;
    const std::string dir = options.dir.empty() ? scratch.path() : options.dir;
    const std::string log_path = dir + "/outbox_bench.log";
    SystemClock clock;

    const int saved_stderr = ::dup(STDERR_FILENO);
    send_log_lines_to(log_path);
    const Latencies enqueue = measure_enqueues(dir + "/enqueue.sqlite", options.enqueues, clock);
    const double drain_rate = measure_drain_rate(dir + "/drain.sqlite", options.drain, options.server_url, clock);
    ::dup2(saved_stderr, STDERR_FILENO);

    std::printf("outbox benchmark (SQLite WAL, synchronous=FULL, in %s)\n", dir.c_str());
    std::printf("  %-38s %10s\n", "measure", "value");
    std::printf("  %-38s %7.2f ms\n", ("allocate+queue p50 (" + std::to_string(options.enqueues) + ")").c_str(),
                enqueue.p50);
    std::printf("  %-38s %7.2f ms\n", "allocate+queue p99", enqueue.p99);
    std::printf("  %-38s %7.2f ms\n", "allocate+queue max", enqueue.max);
    std::printf("  %-38s %7.2f ms\n", "allocate+queue mean", enqueue.mean);
    std::printf("  %-38s %7.0f /s\n", ("drain rate (" + std::to_string(options.drain) + " requests)").c_str(),
                drain_rate);
    const std::string server = options.server_url.empty() ? "the local Open311 test peer" : options.server_url;
    std::printf("  drained into %s\n", server.c_str());
    std::printf("  budgets (SPEC 10): commit p99 < 20 ms: %s; drain >= 200/s: %s\n",
                enqueue.p99 < 20 ? "met" : "MISSED", drain_rate >= 200 ? "met" : "MISSED");
    return 0;
}
