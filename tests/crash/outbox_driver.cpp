// Crash-test driver: takes ANTRIAN tickets continuously on the kiosk's own Outbox and Sender until killed.
//
// Usage: outbox_driver --data-dir DIR --server URL --issued-log FILE [--rate N]
//                      [--backoff-ms N] [--max-backoff-s N]
//
// Each ticket is enqueued exactly as the kiosk does on submit (number and request in one transaction), then
// its "<number> <reference>" line is appended to the issued log with write()+fsync. That line stands for the
// number shown to the visitor: like the kiosk, the driver shows a number only after the commit returned.
// --rate is tickets per second (0: as fast as the outbox allows; default 100). The Sender delivers in the
// background; --backoff-ms and --max-backoff-s shrink its retry delays (production: 1000 ms and 300 s) so a
// test's short lives still see retries. The driver never exits on its own unless something is wrong
// (exit status 2: usage, 3: outbox).
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/sender.h"

namespace {

using namespace anjungan;

constexpr int kExitUsage = 2;
constexpr int kExitOutbox = 3;
const NumberingRules kRules{"KTM-CRASH-01", ""};
const char* const kDeskServices[] = {"LAPOR", "PPID", "KONSULTASI", "PENGADUAN"};

struct Options {
    std::string data_dir;
    std::string server_url;
    std::string issued_log;
    double rate = 100;
    long backoff_ms = 1000;
    int max_backoff_s = 300;
};

[[noreturn]] void usage() {
    std::cerr << "usage: outbox_driver --data-dir DIR --server URL --issued-log FILE [--rate N] [--backoff-ms N] "
                 "[--max-backoff-s N]\n";
    std::exit(kExitUsage);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (flag == "--data-dir") options.data_dir = value;
        else if (flag == "--server") options.server_url = value;
        else if (flag == "--issued-log") options.issued_log = value;
        else if (flag == "--rate") options.rate = std::atof(value.c_str());
        else if (flag == "--backoff-ms") options.backoff_ms = std::atol(value.c_str());
        else if (flag == "--max-backoff-s") options.max_backoff_s = std::atoi(value.c_str());
        else usage();
    }
    if (options.data_dir.empty() || options.server_url.empty() || options.issued_log.empty() || options.rate < 0 ||
        options.backoff_ms < 1 || options.max_backoff_s < 1)
        usage();
    return options;
}

// _Exit, not exit: the sender thread may be running, and static destructors must not race it.
[[noreturn]] void die(const std::string& message) {
    std::cerr << "outbox_driver: " << message << std::endl;
    std::_Exit(kExitOutbox);
}

// The visitor-facing record of issued numbers. Appends are whole lines, each made durable before the
// number counts as shown.
class IssuedLog {
public:
    explicit IssuedLog(const std::string& path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd_ < 0) die("cannot open " + path + ": " + std::strerror(errno));
        end_torn_line(path);
    }
    ~IssuedLog() { ::close(fd_); }
    IssuedLog(const IssuedLog&) = delete;
    IssuedLog& operator=(const IssuedLog&) = delete;

    void append(const std::string& line) {
        write_all(line + "\n");
        if (::fsync(fd_) != 0) die(std::string("fsync of the issued log failed: ") + std::strerror(errno));
    }

private:
    // A kill inside write() can leave half a line (that number was never shown); a newline keeps the
    // next line from being glued onto it, so the checker can tell the fragment apart.
    void end_torn_line(const std::string& path) {
        const int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (reader < 0) return;
        char last = '\n';
        struct stat info{};
        if (::fstat(reader, &info) == 0 && info.st_size > 0) {
            if (::pread(reader, &last, 1, info.st_size - 1) != 1) last = '\n';
        }
        ::close(reader);
        if (last != '\n') write_all("\n");
    }

    void write_all(const std::string& text) {
        size_t done = 0;
        while (done < text.size()) {
            const ssize_t wrote = ::write(fd_, text.data() + done, text.size() - done);
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote <= 0) die(std::string("cannot write the issued log: ") + std::strerror(errno));
            done += static_cast<size_t>(wrote);
        }
    }

    int fd_ = -1;
};

SenderSettings sender_settings(const Options& options) {
    SenderSettings settings;
    settings.server_url = options.server_url;
    settings.open311 = {kRules.kiosk_id, "MPP Habaring Hurung, Sampit (crash test)", ""};
    settings.backoff_base_ms = options.backoff_ms;
    settings.max_backoff_s = options.max_backoff_s;
    return settings;
}

NewRequest antrian_request(unsigned long index) {
    const char* desk = kDeskServices[index % std::size(kDeskServices)];
    return {"ANTRIAN", "A", {{"desk_service", desk}}};
}

// Keeps a steady ticket rate without drifting when one enqueue is slow.
class Pacer {
public:
    explicit Pacer(double rate) : interval_(rate > 0 ? std::chrono::duration<double>(1.0 / rate) : Interval{}) {}
    void wait_for_next() {
        if (interval_.count() == 0) return;
        next_ += std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval_);
        std::this_thread::sleep_until(next_);
    }

private:
    using Interval = std::chrono::duration<double>;
    Interval interval_;
    std::chrono::steady_clock::time_point next_ = std::chrono::steady_clock::now();
};

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    set_process_timezone("Asia/Jakarta");  // the kiosk does this from its configuration before any thread starts
    SystemClock clock;
    const std::string outbox_path = options.data_dir + "/outbox.sqlite";

    // Opened before the Sender, as in the kiosk, so crash recovery (sending → queued) happens once, first.
    auto outbox = Outbox::open(outbox_path, clock);
    if (!outbox) die(outbox.error().message);
    IssuedLog issued(options.issued_log);
    Sender sender(outbox_path, sender_settings(options), clock, nullptr);
    if (auto started = sender.start(); !started) die(started.error().message);

    Pacer pacer(options.rate);
    for (unsigned long index = 0;; ++index) {
        auto row = (*outbox)->enqueue(antrian_request(index), kRules);
        if (!row) die("enqueue failed: " + row.error().message);
        issued.append(row->number + " " + row->reference);
        sender.wake();
        pacer.wait_for_next();
    }
}
