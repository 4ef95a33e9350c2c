// A private cupsd for tests: the real scheduler, entirely under a temporary directory, reachable by a domain socket.
#pragma once

#include <cups/ipp.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace anjungan::test {

// Starts /usr/sbin/cupsd (as root; it runs backends as user lp) with its own ServerRoot, ServerBin, spool,
// cache, state and logs under a fresh directory in /tmp, listening only on <dir>/cups.sock. While it lives,
// CUPS_SERVER points at that socket, so libcups in the test process (and its children) talks to it.
// Queues print to the "anjtest" backend (tests/peers/cups-test-backend), which stores each job as
// <output_dir>/job-<cups job id>.bin or simulates a fault, as set by set_backend_mode().
// Throws std::runtime_error (with the tail of cupsd's error log) when cupsd cannot be set up or started.
class Cupsd {
public:
    Cupsd();   // creates the tree and starts cupsd
    ~Cupsd();  // stops cupsd, restores CUPS_SERVER, removes the tree
    Cupsd(const Cupsd&) = delete;
    Cupsd& operator=(const Cupsd&) = delete;

    // Stops cupsd (SIGTERM, then SIGKILL) to simulate the print server going down; queues persist on disk.
    void stop();
    // Starts cupsd again and waits until it answers IPP requests.
    void start();
    bool running() const { return pid_ > 0; }
    // SIGSTOP / SIGCONT: cupsd still accepts connections (the kernel queues them) but never answers.
    void pause();
    void resume();

    // Copies the system's CUPS backend for `scheme` (e.g. "ipp") next to anjtest, so queues may use its URIs.
    void install_system_backend(const std::string& scheme) const;
    // A raw queue NAME with device URI anjtest:/NAME, enabled and accepting jobs. Sets the backend mode,
    // which all queues of this cupsd share.
    void add_queue(const std::string& name, const std::string& backend_mode = "ok");
    // "ok", "paper_out" (stops the queue with media-empty-error), "offline" (reports offline-report and holds
    // the job until the mode changes), "slow <seconds>", "fail" (backend error, stops the queue).
    // Read by the backend when a job starts (offline: also while it waits).
    void set_backend_mode(const std::string& mode);
    // Resume-Printer + CUPS-Accept-Jobs, as cupsenable/cupsaccept: the technician cleared the fault.
    void enable_queue(const std::string& name);

    // Every job cupsd knows on the queue, finished or not: CUPS job id -> job-state (ipp_jstate_t, e.g. 7 canceled).
    std::map<int, int> job_states(const std::string& queue) const;

    const std::string& dir() const { return dir_; }
    std::string socket_path() const { return dir_ + "/cups.sock"; }
    std::string output_dir() const { return dir_ + "/out"; }
    // The finished job files, sorted by CUPS job id.
    std::vector<std::string> output_files() const;
    // Waits until at least `count` job files exist. Returns false on timeout.
    bool wait_for_output_files(std::size_t count, std::chrono::milliseconds timeout) const;
    static std::vector<unsigned char> read_file(const std::string& path);
    // The last lines of cupsd's error_log, for failure messages.
    std::string error_log_tail(std::size_t lines = 30) const;

private:
    void create_tree();
    void write_config() const;
    void install_backend() const;
    void spawn();
    void wait_until_answering();
    void clean_up() noexcept;
    void admin_request(ipp_t* request, const std::string& what) const;  // takes ownership

    std::string dir_;
    pid_t pid_ = -1;
    bool had_cups_server_ = false;
    std::string old_cups_server_;
};

}  // namespace anjungan::test
