// Private cupsd for tests: builds a throwaway CUPS tree under /tmp, runs /usr/sbin/cupsd -f on it, talks IPP to it.
#include "tests/support/cupsd_fixture.h"

#include <cups/cups.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "hal/printer/cups_ipp.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace anjungan::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kCupsdProgram = "/usr/sbin/cupsd";
constexpr const char* kSystemServerBin = "/usr/lib/cups";
constexpr const char* kBackendScheme = "anjtest";
constexpr auto kStartTimeout = 15s;
constexpr auto kStopGrace = 5s;

using anjungan::hal::cupsipp::HttpPtr;
using anjungan::hal::cupsipp::IppPtr;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("cupsd fixture: " + what); }

void check_errno(bool ok, const std::string& what) {
    if (!ok) fail(what + ": " + std::strerror(errno));
}

// cupsd runs backends as lp; the backend must be able to traverse to its mode file and output directory.
struct LpAccount {
    uid_t uid;
    gid_t gid;
};

LpAccount lp_account() {
    const passwd* lp = getpwnam("lp");
    if (!lp) fail("no user 'lp' (cupsd runs backends as lp)");
    return {lp->pw_uid, lp->pw_gid};
}

// Explicit modes: the test's umask must not decide what cupsd and user lp may do.
void make_dir(const fs::path& path, mode_t mode, uid_t owner, gid_t group) {
    check_errno(mkdir(path.c_str(), mode) == 0 || errno == EEXIST, "mkdir " + path.string());
    check_errno(chown(path.c_str(), owner, group) == 0, "chown " + path.string());
    check_errno(chmod(path.c_str(), mode) == 0, "chmod " + path.string());
}

// Written to a temporary name and renamed, because the backend may read the file at the same moment.
void write_file(const fs::path& path, const std::string& text, mode_t mode) {
    fs::path temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc | std::ios::binary);
        out << text;
        if (!out.flush()) fail("cannot write " + temporary.string());
    }
    check_errno(chmod(temporary.c_str(), mode) == 0, "chmod " + temporary.string());
    fs::rename(temporary, path);
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string last_lines(const std::string& text, std::size_t count) {
    std::deque<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
        if (lines.size() > count) lines.pop_front();
    }
    std::string tail;
    for (const auto& line : lines) tail += line + "\n";
    return tail;
}

HttpPtr connect_to(const std::string& socket_path) {
    return HttpPtr(httpConnect2(socket_path.c_str(), 0, nullptr, AF_LOCAL, HTTP_ENCRYPTION_NEVER, 1, 1000, nullptr));
}

ipp_t* new_printer_request(ipp_op_t operation, const std::string& queue) {
    char uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", nullptr, "localhost", 0, "/printers/%s",
                     queue.c_str());
    ipp_t* request = ippNewRequest(operation);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, uri);
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, cupsUser());
    return request;
}


bool answers_ipp(const std::string& socket_path) {
    HttpPtr http = connect_to(socket_path);
    if (!http) return false;
    IppPtr response(cupsDoRequest(http.get(), ippNewRequest(IPP_OP_CUPS_GET_PRINTERS), "/"));
    return response != nullptr;
}

std::optional<int> reap(pid_t pid, std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) return status;
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(20ms);
    }
}

long job_number(const std::string& file_name) {
    return std::strtol(file_name.c_str() + std::strlen("job-"), nullptr, 10);
}

}  // namespace

Cupsd::Cupsd() {
    if (geteuid() != 0) fail("must run as root: cupsd only switches to user lp for backends when started as root");
    if (access(kCupsdProgram, X_OK) != 0) fail(std::string(kCupsdProgram) + " missing: install cups-daemon");
    const char* old = std::getenv("CUPS_SERVER");
    had_cups_server_ = old != nullptr;
    old_cups_server_ = old ? old : "";
    try {
        create_tree();
        write_config();
        install_backend();
        set_backend_mode("ok");
        setenv("CUPS_SERVER", socket_path().c_str(), 1);
        cupsSetServer(nullptr);  // libcups caches the server per thread: make this thread read CUPS_SERVER again
        start();
    } catch (...) {
        clean_up();
        throw;
    }
}

Cupsd::~Cupsd() { clean_up(); }

void Cupsd::clean_up() noexcept {
    try {
        stop();
    } catch (...) {
    }
    if (had_cups_server_)
        setenv("CUPS_SERVER", old_cups_server_.c_str(), 1);
    else
        unsetenv("CUPS_SERVER");
    cupsSetServer(nullptr);
    if (dir_.empty()) return;
    // A backend cupsd left behind may still be finishing a file; a second pass catches it.
    std::error_code ignored;
    for (int attempt = 0; attempt < 3 && fs::exists(dir_, ignored); ++attempt) {
        fs::remove_all(dir_, ignored);
        if (fs::exists(dir_, ignored)) std::this_thread::sleep_for(100ms);
    }
}

void Cupsd::create_tree() {
    // Not TMPDIR: it may sit under a home directory user lp cannot enter.
    char pattern[] = "/tmp/anjungan-cupsd-XXXXXX";
    check_errno(mkdtemp(pattern) != nullptr, "mkdtemp");
    dir_ = pattern;
    LpAccount lp = lp_account();
    // cupsd insists that its directories and programs are root's and not writable by others.
    make_dir(dir_, 0755, 0, 0);
    make_dir(dir_ + "/etc", 0755, 0, lp.gid);
    make_dir(dir_ + "/bin", 0755, 0, 0);
    make_dir(dir_ + "/bin/backend", 0755, 0, 0);
    make_dir(dir_ + "/spool", 0710, 0, lp.gid);
    make_dir(dir_ + "/spool/tmp", 01770, 0, lp.gid);
    make_dir(dir_ + "/cache", 0770, 0, lp.gid);
    make_dir(dir_ + "/state", 0755, 0, lp.gid);
    make_dir(dir_ + "/log", 0755, 0, lp.gid);
    make_dir(output_dir(), 0755, lp.uid, lp.gid);
    // Filters, cups-deviced and friends come from the system; only the backends are ours.
    for (const auto& entry : fs::directory_iterator(kSystemServerBin)) {
        std::string name = entry.path().filename().string();
        if (name != "backend") fs::create_directory_symlink(entry.path(), dir_ + "/bin/" + name);
    }
}

void Cupsd::write_config() const {
    const std::string& d = dir_;
    write_file(d + "/cups-files.conf",
               "# Everything under the fixture directory; backends and filters run as lp.\n"
               "ServerRoot " + d + "/etc\n"
               "ServerBin " + d + "/bin\n"
               "RequestRoot " + d + "/spool\n"
               "TempDir " + d + "/spool/tmp\n"
               "CacheDir " + d + "/cache\n"
               "StateDir " + d + "/state\n"
               "ErrorLog " + d + "/log/error_log\n"
               "AccessLog " + d + "/log/access_log\n"
               "PageLog " + d + "/log/page_log\n"
               "Printcap " + d + "/printcap\n"
               "User lp\n"
               "Group lp\n"
               "SystemGroup root\n"
               "CreateSelfSignedCerts no\n"
               "SetEnv ANJTEST_DIR " + d + "\n",
               0644);
    write_file(d + "/cupsd.conf",
               "# Only the domain socket; no TCP, no browsing, no web interface.\n"
               "LogLevel info\n"
               "MaxLogSize 0\n"
               "Listen " + socket_path() + "\n"
               "Browsing No\n"
               "BrowseLocalProtocols none\n"
               "WebInterface No\n"
               "DefaultAuthType None\n"
               "DefaultEncryption Never\n"
               "# DirtyCleanInterval stays at its default: 0 makes every job write job.cache synchronously (tens of\n"
               "# ms per request). cupsd saves printers.conf on SIGTERM, so queues survive stop()/start().\n"
               "# A cancelled job's backend is killed promptly.\n"
               "JobKillDelay 2\n"
               "# As Debian's shipped cupsd.conf: a failed job is held for a retry, the queue keeps running.\n"
               "ErrorPolicy retry-job\n"
               "PreserveJobHistory Yes\n"
               "PreserveJobFiles No\n"
               "# A throwaway scheduler for tests: no authentication anywhere.\n"
               "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
               "<Policy default>\n"
               "  JobPrivateAccess all\n  JobPrivateValues none\n"
               "  SubscriptionPrivateAccess all\n  SubscriptionPrivateValues none\n"
               "  <Limit All>\n    Order allow,deny\n    Allow all\n  </Limit>\n"
               "</Policy>\n",
               0644);
}

// A copy, not a symlink: cupsd checks the program and its directory, which must both be root's.
void Cupsd::install_backend() const {
    fs::path target = dir_ + "/bin/backend/" + kBackendScheme;
    fs::copy_file(fs::path(TEST_PEERS_SOURCE_DIR) / "cups-test-backend", target, fs::copy_options::overwrite_existing);
    check_errno(chown(target.c_str(), 0, 0) == 0, "chown backend");
    // 0755, not 0700: cupsd runs world-executable backends as lp, 0700 ones as root.
    check_errno(chmod(target.c_str(), 0755) == 0, "chmod backend");
}

void Cupsd::install_system_backend(const std::string& scheme) const {
    const fs::path source = fs::canonical(fs::path(kSystemServerBin) / "backend" / scheme);
    const fs::path target = dir_ + "/bin/backend/" + scheme;
    fs::copy_file(source, target, fs::copy_options::overwrite_existing);
    check_errno(chown(target.c_str(), 0, 0) == 0, "chown backend " + scheme);
    check_errno(chmod(target.c_str(), 0755) == 0, "chmod backend " + scheme);
}

void Cupsd::start() {
    if (running()) return;
    spawn();
    wait_until_answering();
}

void Cupsd::spawn() {
    std::string conf = dir_ + "/cupsd.conf";
    std::string files = dir_ + "/cups-files.conf";
    std::string log = dir_ + "/log/cupsd.out";
    const char* argv[] = {kCupsdProgram, "-f", "-c", conf.c_str(), "-s", files.c_str(), nullptr};
    int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    check_errno(log_fd >= 0, "open " + log);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        // Only async-signal-safe calls until exec: the test process has other threads.
        prctl(PR_SET_PDEATHSIG, SIGTERM);  // no stray cupsd if the test process dies
        if (getppid() != parent) _exit(127);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        int null_fd = open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(log_fd, 1);
        dup2(log_fd, 2);
        syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
        execv(kCupsdProgram, const_cast<char* const*>(argv));
        _exit(127);
    }
    int fork_errno = errno;
    close(log_fd);
    errno = fork_errno;
    check_errno(pid > 0, "fork");
    pid_ = pid;
}

void Cupsd::wait_until_answering() {
    auto deadline = Clock::now() + kStartTimeout;
    while (Clock::now() < deadline) {
        if (auto status = reap(pid_, 0ms)) {
            pid_ = -1;
            fail("cupsd exited at startup (status " + std::to_string(*status) + ")\n" + error_log_tail());
        }
        if (answers_ipp(socket_path())) return;
        std::this_thread::sleep_for(50ms);
    }
    fail("cupsd did not answer within " + std::to_string(kStartTimeout.count()) + " s\n" + error_log_tail());
}

void Cupsd::pause() {
    if (running()) kill(pid_, SIGSTOP);
}

void Cupsd::resume() {
    if (running()) kill(pid_, SIGCONT);
}

void Cupsd::stop() {
    if (!running()) return;
    kill(pid_, SIGCONT);  // a paused cupsd would not act on SIGTERM
    kill(pid_, SIGTERM);
    if (!reap(pid_, kStopGrace)) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
}

// Sends an administrative request (cupsDoRequest frees it) and throws unless cupsd says ok.
void Cupsd::admin_request(ipp_t* request, const std::string& what) const {
    HttpPtr http = connect_to(socket_path());
    if (!http) {
        ippDelete(request);
        fail(what + ": cannot connect to " + socket_path());
    }
    IppPtr response(cupsDoRequest(http.get(), request, "/admin/"));
    if (!response || ippGetStatusCode(response.get()) > IPP_STATUS_OK_EVENTS_COMPLETE)
        fail(what + ": " + cupsLastErrorString() + "\n" + error_log_tail());
}

void Cupsd::add_queue(const std::string& name, const std::string& backend_mode) {
    set_backend_mode(backend_mode);
    ipp_t* request = new_printer_request(IPP_OP_CUPS_ADD_MODIFY_PRINTER, name);
    // As lpadmin -m raw: no driver, the document's bytes go to the backend unchanged. (Operation attributes
    // must precede the printer group.)
    ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "ppd-name", nullptr, "raw");
    std::string device_uri = std::string(kBackendScheme) + ":/" + name;
    ippAddString(request, IPP_TAG_PRINTER, IPP_TAG_URI, "device-uri", nullptr, device_uri.c_str());
    // As lpadmin -E.
    ippAddBoolean(request, IPP_TAG_PRINTER, "printer-is-accepting-jobs", 1);
    ippAddInteger(request, IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state", IPP_PSTATE_IDLE);
    admin_request(request, "adding queue " + name);
}

void Cupsd::set_backend_mode(const std::string& mode) { write_file(dir_ + "/backend-mode", mode + "\n", 0644); }

void Cupsd::enable_queue(const std::string& name) {
    admin_request(new_printer_request(IPP_OP_RESUME_PRINTER, name), "resuming queue " + name);
    admin_request(new_printer_request(IPP_OP_CUPS_ACCEPT_JOBS, name), "accepting on queue " + name);
}

std::map<int, int> Cupsd::job_states(const std::string& queue) const {
    HttpPtr http = connect_to(socket_path());
    if (!http) fail("listing jobs: cannot connect to " + socket_path());
    cups_job_t* jobs = nullptr;
    int count = cupsGetJobs2(http.get(), &jobs, queue.c_str(), 0, CUPS_WHICHJOBS_ALL);
    std::map<int, int> states;
    for (int i = 0; i < count; ++i) states[jobs[i].id] = jobs[i].state;
    cupsFreeJobs(count, jobs);
    return states;
}

std::vector<std::string> Cupsd::output_files() const {
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(output_dir(), error)) {
        std::string name = entry.path().filename().string();
        if (name.starts_with("job-") && name.ends_with(".bin")) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
        return job_number(fs::path(a).filename().string()) < job_number(fs::path(b).filename().string());
    });
    return files;
}

bool Cupsd::wait_for_output_files(std::size_t count, std::chrono::milliseconds timeout) const {
    auto deadline = Clock::now() + timeout;
    while (output_files().size() < count) {
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

std::vector<unsigned char> Cupsd::read_file(const std::string& path) {
    std::string text = read_text(path);
    return {text.begin(), text.end()};
}

std::string Cupsd::error_log_tail(std::size_t lines) const {
    return "--- " + dir_ + "/log/cupsd.out:\n" + last_lines(read_text(dir_ + "/log/cupsd.out"), 10) + "--- " + dir_ +
           "/log/error_log:\n" + last_lines(read_text(dir_ + "/log/error_log"), lines);
}

}  // namespace anjungan::test
