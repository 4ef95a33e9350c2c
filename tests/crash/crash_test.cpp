// Crash test: SIGKILLs the outbox driver at random moments; no request may be lost, renumbered or duplicated.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "kiosk/core/numbering.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/sender.h"
#include "kiosk/core/sqlite.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace std::chrono_literals;

namespace {

const char* const kDriver = TEST_BINARY_DIR "/tests/crash/outbox_driver";
const std::string kKioskId = "KTM-CRASH-01";  // the driver's kiosk id
constexpr int kDefaultKills = 200;
constexpr int kKillsPerPeerRestart = 50;
constexpr auto kShortestLife = 3ms;
constexpr auto kLongestLife = 150ms;
constexpr auto kDrainLimit = 600s;  // the long mode leaves thousands queued; ctest allows 900 s in all

using Steady = std::chrono::steady_clock;

unsigned long env_number(const char* name, unsigned long fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoul(text, nullptr, 10) : fallback;
}

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

// ---------------------------------------------------------------- the kill phase

struct KillPhase {
    int kills = 0;
    int faults_set = 0;
    int peer_restarts = 0;
    double seconds = 0;
};

// Now and then the next POST is spoiled; mostly the answer is lost after the server recorded the request,
// which is exactly the case the Idempotency-Key exists for. A new fault waits until the last one was hit:
// a failed head of the queue holds the others back until its retry time (kept in whole seconds across a
// restart), so faults set back to back would leave the sender idle for most of the lives.
void maybe_inject_fault(test::Open311Peer& peer, std::mt19937& random, KillPhase& phase) {
    if (std::uniform_int_distribution<int>(0, 5)(random) != 0) return;
    if (peer.ledger()["fault"]["mode"] != "none") return;
    const int pick = std::uniform_int_distribution<int>(0, 19)(random);
    peer.set_fault(pick < 12 ? "drop_after_record" : pick < 17 ? "reset" : "status_503", 1);
    ++phase.faults_set;
}

// One life of the driver: start it, let it work for a random moment, SIGKILL it, reap it. Its output goes to
// `log_stem`.stdout/.stderr, overwritten by each life.
void run_driver_until_killed(const std::vector<std::string>& argv, const std::string& log_stem,
                             std::mt19937& random) {
    const auto life = std::chrono::milliseconds(
        std::uniform_int_distribution<long>(kShortestLife.count(), kLongestLife.count())(random));
    const std::string stderr_file = log_stem + ".stderr";
    test::Process driver({.argv = argv, .stdout_file = log_stem + ".stdout", .stderr_file = stderr_file});
    // Waiting for an exit doubles as the sleep: a driver that dies on its own is a failure to report.
    if (auto early = driver.wait(life)) FAIL("the driver exited by itself (status " << *early << "):\n"
                                             << test::read_text_file(stderr_file));
    driver.signal(SIGKILL);
    const auto status = driver.wait(5000ms);
    REQUIRE(status);
    REQUIRE(WIFSIGNALED(*status));
    REQUIRE(WTERMSIG(*status) == SIGKILL);
}

KillPhase kill_repeatedly(test::Open311Peer& peer, const std::vector<std::string>& driver_argv,
                          const std::string& log_stem, int kills, std::mt19937& random) {
    KillPhase phase;
    const auto start = Steady::now();
    for (; phase.kills < kills; ++phase.kills) {
        if (phase.kills > 0 && phase.kills % kKillsPerPeerRestart == 0) {
            // The peer's ledger must outlive it, or a retry after its restart would create a second request.
            peer.stop();
            peer.start();
            ++phase.peer_restarts;
        }
        maybe_inject_fault(peer, random, phase);
        run_driver_until_killed(driver_argv, log_stem, random);
    }
    phase.seconds = seconds_since(start);
    return phase;
}

// ---------------------------------------------------------------- the final drain

// Hundreds of kills leave rows with long backoffs (attempts count every interrupted send); running the last
// sender an hour ahead makes them due now, so the drain tests delivery rather than waiting.
class HourAheadClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now() + std::chrono::hours(1); }
};

// The sender logs a line per delivery; thousands of them would bury the test's report, so they go to a file.
class StderrToFile {
public:
    explicit StderrToFile(const std::string& path) : saved_(::dup(STDERR_FILENO)) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) ::dup2(fd, STDERR_FILENO);
        if (fd >= 0) ::close(fd);
    }
    ~StderrToFile() {
        ::dup2(saved_, STDERR_FILENO);
        ::close(saved_);
    }
    StderrToFile(const StderrToFile&) = delete;
    StderrToFile& operator=(const StderrToFile&) = delete;

private:
    int saved_;
};

double drain(Outbox& outbox, const std::string& outbox_path, const test::Open311Peer& peer,
             const std::string& log_file) {
    const auto start = Steady::now();
    StderrToFile quiet(log_file);
    HourAheadClock ahead;
    SenderSettings settings;
    settings.server_url = peer.base_url();
    settings.open311 = {kKioskId, "MPP Habaring Hurung, Sampit (crash test)", ""};
    Sender sender(outbox_path, settings, ahead, nullptr);
    REQUIRE(sender.start());
    for (;;) {
        const auto counts = outbox.counts();
        REQUIRE(counts);
        if (counts->queued == 0 && counts->sending == 0) break;
        INFO(counts->queued << " still queued after " << seconds_since(start) << " s");
        REQUIRE(Steady::now() - start < kDrainLimit);
        std::this_thread::sleep_for(20ms);
    }
    sender.stop();
    return seconds_since(start);
}

// ---------------------------------------------------------------- what the visitors were shown

struct Shown {
    std::string number;
    std::string reference;
};

struct IssuedLog {
    std::vector<Shown> shown;
    int torn_lines = 0;  // fragments of a write cut by the kill: never shown, so never counted
};

IssuedLog read_issued_log(const std::string& path) {
    IssuedLog log;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        Shown entry;
        std::string extra;
        const bool whole = static_cast<bool>(words >> entry.number >> entry.reference) && !(words >> extra) &&
                           entry.reference.size() > entry.number.size() &&
                           entry.reference.ends_with("-" + entry.number) && entry.reference.starts_with(kKioskId);
        if (whole) log.shown.push_back(entry);
        else if (!line.empty()) ++log.torn_lines;
    }
    return log;
}

// ---------------------------------------------------------------- the checks

std::map<std::string, OutboxRow> rows_by_reference(Outbox& outbox) {
    auto rows = outbox.list(100'000'000);
    REQUIRE(rows);
    std::map<std::string, OutboxRow> by_reference;
    for (auto& row : *rows) {
        const auto reference = row.reference;
        CHECK(by_reference.emplace(reference, std::move(row)).second);
    }
    return by_reference;
}

// Every shown number has its own row with that reference, and no number was shown twice in a day.
void check_shown_numbers_have_rows(const IssuedLog& log, const std::map<std::string, OutboxRow>& rows) {
    std::set<std::string> shown_references;
    std::set<std::pair<std::string, std::string>> shown_per_day;
    for (const auto& entry : log.shown) {
        INFO("shown " << entry.number << " " << entry.reference);
        CHECK(shown_references.insert(entry.reference).second);
        const auto row = rows.find(entry.reference);
        REQUIRE(row != rows.end());
        CHECK(row->second.number == entry.number);
        CHECK(shown_per_day.insert({row->second.local_date, entry.number}).second);
    }
}

std::string letter_of(const std::string& number) { return number.substr(0, number.find('-')); }

// Sequences per day and letter run 1..n with no hole, and the counter stands at n: no number was allocated
// without its row, so none was skipped silently.
void check_sequences_have_no_gaps(const std::map<std::string, OutboxRow>& rows, const std::string& outbox_path) {
    std::map<std::pair<std::string, std::string>, std::vector<int>> sequences;
    for (const auto& [reference, row] : rows) {
        CHECK(reference == make_reference(kKioskId, row.local_date, row.number));
        CHECK(row.number == format_ticket_number("", letter_of(row.number), row.sequence));
        sequences[{row.local_date, letter_of(row.number)}].push_back(row.sequence);
    }
    for (auto& [day_letter, numbers] : sequences) {
        std::sort(numbers.begin(), numbers.end());
        INFO("day " << day_letter.first << " letter " << day_letter.second);
        for (size_t i = 0; i < numbers.size(); ++i) REQUIRE(numbers[i] == static_cast<int>(i) + 1);
    }
    auto db = sql::Database::open(outbox_path);
    REQUIRE(db);
    auto counters = db->prepare("SELECT local_date, letter, last_sequence FROM counters");
    REQUIRE(counters);
    size_t counter_rows = 0;
    for (;; ++counter_rows) {
        const auto more = counters->step();
        REQUIRE(more);
        if (!*more) break;
        INFO("counter " << counters->text(0) << " " << counters->text(1));
        const auto numbers = sequences.find({counters->text(0), counters->text(1)});
        REQUIRE(numbers != sequences.end());
        CHECK(counters->integer(2) == static_cast<std::int64_t>(numbers->second.size()));
    }
    CHECK(counter_rows == sequences.size());
}

struct ServerView {
    std::map<std::string, std::set<std::string>> ids_by_key;  // server ids handed out per Idempotency-Key
    std::map<std::string, int> accepted_posts_by_key;         // POSTs the server accepted (first or duplicate)
    std::set<std::string> keys_with_lost_answer;              // accepted, then the answer was dropped
    std::map<std::string, int> faults_by_mode;
    int posts = 0;
};

ServerView read_server_view(const test::Open311Peer& peer) {
    ServerView view;
    for (const auto& record : peer.received()) {
        ++view.posts;
        if (record.contains("fault")) ++view.faults_by_mode[record["fault"].get<std::string>()];
        REQUIRE(record["idempotency_key"].is_string());
        const auto key = record["idempotency_key"].get<std::string>();
        CHECK(record["params"]["attribute[kiosk_reference]"] == key);
        if (!record["service_request_id"].is_string()) continue;  // refused before anything was created
        view.ids_by_key[key].insert(record["service_request_id"].get<std::string>());
        ++view.accepted_posts_by_key[key];
        if (record.value("fault", "") == "drop_after_record") view.keys_with_lost_answer.insert(key);
    }
    return view;
}

// The server holds each outbox reference as exactly one request, under the id the outbox stored.
void check_server_holds_each_reference_once(const ServerView& view, const std::map<std::string, OutboxRow>& rows,
                                            const nlohmann::json& ledger) {
    for (const auto& [reference, row] : rows) {
        INFO("reference " << reference);
        CHECK(row.state == DeliveryState::Delivered);
        const auto ids = view.ids_by_key.find(reference);
        REQUIRE(ids != view.ids_by_key.end());
        CHECK(ids->second.size() == 1);
        CHECK(row.server_id == *ids->second.begin());
    }
    CHECK(view.ids_by_key.size() == rows.size());
    CHECK(ledger["requests"].get<size_t>() == rows.size());
    // A lost answer leaves the kiosk without an id, so it must have asked again with the same key.
    for (const auto& key : view.keys_with_lost_answer) {
        INFO("answer lost for " << key);
        CHECK(view.accepted_posts_by_key.at(key) >= 2);
    }
}

void check_database_is_intact(Outbox& outbox, const std::string& data_dir) {
    CHECK_FALSE(outbox.recovered_from_corruption());
    const auto verdict = outbox.integrity_check();
    REQUIRE(verdict);
    CHECK(*verdict == "ok");
    // A moved-aside outbox would be every queued request lost at once.
    for (const auto& entry : std::filesystem::directory_iterator(data_dir))
        CHECK_THAT(entry.path().filename().string(), !Contains(".corrupt-"));
}

std::string describe_faults(const std::map<std::string, int>& faults_by_mode) {
    std::string text;
    for (const auto& [mode, count] : faults_by_mode) text += " " + mode + "=" + std::to_string(count);
    return text.empty() ? " none" : text;
}

struct Figures {
    KillPhase phase;
    unsigned long seed = 0;
    int left_for_drain = 0;
    double drain_seconds = 0;
    double total_seconds = 0;
};

// The figures CI logs should show on every run, passing or not.
void report(const Figures& figures, const IssuedLog& log, size_t rows, const ServerView& view,
            const nlohmann::json& ledger) {
    const long unshown = static_cast<long>(rows) - static_cast<long>(log.shown.size());
    WARN("crash test: " << figures.phase.kills << " kills in " << figures.phase.seconds << " s (seed " << figures.seed
         << "); " << log.shown.size() << " tickets shown, " << rows << " rows (" << unshown
         << " committed but killed before shown, " << log.torn_lines << " torn log lines); " << view.posts
         << " POSTs, " << ledger["requests"] << " server requests, " << ledger["duplicates"]
         << " duplicates absorbed by Idempotency-Key; faults hit:" << describe_faults(view.faults_by_mode) << " ("
         << figures.phase.faults_set << " set, " << figures.phase.peer_restarts << " peer restarts); drain of "
         << figures.left_for_drain << " still queued: " << figures.drain_seconds << " s; total "
         << figures.total_seconds << " s");
}

}  // namespace

TEST_CASE("Requests survive SIGKILL at random moments: none lost, none numbered twice, none duplicated on the server",
          "[crash]") {
    const auto start = Steady::now();
    const int kills = static_cast<int>(env_number("ANJUNGAN_CRASH_KILLS", kDefaultKills));
    Figures figures;
    figures.seed = env_number("ANJUNGAN_CRASH_SEED", std::random_device{}());
    INFO("kills " << kills << ", seed " << figures.seed
                  << " (ANJUNGAN_CRASH_SEED repeats the schedule, not the timing)");
    std::mt19937 random(static_cast<std::mt19937::result_type>(figures.seed));

    test::TempDir dir;
    const std::string data_dir = dir.path() + "/data";
    std::filesystem::create_directory(data_dir);
    const std::string outbox_path = data_dir + "/outbox.sqlite";
    const std::string issued_log = dir.path() + "/issued.log";
    test::Open311Peer peer;
    const std::vector<std::string> driver_argv = {kDriver, "--data-dir", data_dir, "--server", peer.base_url(),
                                                  "--issued-log", issued_log, "--rate", "50",
                                                  "--backoff-ms", "20", "--max-backoff-s", "1"};

    figures.phase = kill_repeatedly(peer, driver_argv, dir.path() + "/driver", kills, random);
    peer.clear_faults();

    SystemClock clock;
    auto outbox = Outbox::open(outbox_path, clock);
    REQUIRE(outbox);
    figures.left_for_drain = (*outbox)->counts()->queued;
    figures.drain_seconds = drain(**outbox, outbox_path, peer, dir.path() + "/drain.stderr");
    figures.total_seconds = seconds_since(start);

    const IssuedLog log = read_issued_log(issued_log);
    const auto rows = rows_by_reference(**outbox);
    const ServerView view = read_server_view(peer);
    const auto ledger = peer.ledger();
    report(figures, log, rows.size(), view, ledger);

    REQUIRE_FALSE(log.shown.empty());
    check_database_is_intact(**outbox, data_dir);
    check_shown_numbers_have_rows(log, rows);
    check_sequences_have_no_gaps(rows, outbox_path);
    check_server_holds_each_reference_once(view, rows, ledger);
}

