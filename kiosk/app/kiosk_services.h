// The work behind the screens: storage, delivery, devices, catalogue, retention and look-ups, off the UI thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "hal/printer/printer.h"
#include "hal/scanner/scanner.h"
#include "hal/speech/speech.h"
#include "kiosk/core/catalogue.h"
#include "kiosk/core/config.h"
#include "kiosk/core/data_protection.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/opening_hours.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/request_facts.h"
#include "kiosk/core/scan_payload.h"
#include "kiosk/core/sender.h"
#include "kiosk/core/session.h"
#include "kiosk/core/worker.h"
#include "kiosk/maintenance/action_runner.h"
#include "kiosk/maintenance/status.h"
#include "kiosk/maintenance/technician_access.h"
#include "kiosk/maintenance/update.h"
#include "kiosk/maintenance/update_state.h"

namespace anjungan::app {

// The session's settings from the configuration: idle times, ticket letters, and whether forms with personal
// data are refused on this disk.
SessionSettings session_settings(const Config& config, const DataProtection& protection);

// Why a print job failed, as a translation key: the printer's fault when it has one, never "ready".
std::string print_failure_key(hal::PrinterState state, const std::string& detail);

// The printer as its events last said, for the screens (the full status is status_snapshot()).
struct ServicesStatus {
    hal::PrinterState printer = hal::PrinterState::Unknown;
};

// A technician card was checked against the revoked list (and the entry audited).
struct TechnicianEntry {
    bool accepted = false;
    std::string who;     // the card's technician id
    std::string reason;  // when refused
};
struct StatusRefreshed {};  // status_snapshot() has a new snapshot
// A PIN typed on the pad was checked (and the attempt audited); no verdict when the check itself failed.
struct TechnicianPinChecked {
    std::optional<maintenance::PinVerdict> verdict;
    std::string error;
};
struct UpdateChanged {};    // update_state() moved: bundles listed, progress, an install ended, a reboot answered

// A technician action done off the UI thread and audited (who, what, outcome), as kioskctl's verbs are.
enum class TechnicianAction { TestPrint, Retry, Reprint, Setting, Logs, Reboot };
struct TechnicianActionDone {
    TechnicianAction action = TechnicianAction::TestPrint;
    bool ok = false;
    ErrorCode error = ErrorCode::Unspecified;
    std::string detail;                         // the backend's text or why it failed, as audited (English)
    std::map<std::string, std::string> values;  // what the screen's message names: {count}, {number}, {key}, ...
    std::vector<std::string> lines;             // Logs: the recent log lines, newest first
};

// What the services report to the UI thread: events for the session, scans for the application to act on,
// technician entries, PIN answers, new status snapshots, the update page's changes and technician actions done.
using ServiceEvent = std::variant<Event, scan::ScanOutcome, TechnicianEntry, TechnicianPinChecked, StatusRefreshed,
                                  UpdateChanged, TechnicianActionDone>;

class KioskServices {
public:
    // `wake` is called from any thread when an event is waiting: the UI loop then calls drain().
    KioskServices(const Config& config, std::string asset_dir, std::function<void()> wake);
    ~KioskServices();  // finishes durable writes and gives due requests a short chance to leave
    KioskServices(const KioskServices&) = delete;
    KioskServices& operator=(const KioskServices&) = delete;

    // Opens the catalogue, translations and outbox (recovering it).
    Status open();
    // Starts the devices and delivery, whose events then call `wake`.
    void start();

    // Work the session asked for. Returns at once; the outcome comes back through drain().
    void execute(const Command& command);
    // On the UI thread, once per frame: what happened since the last call.
    std::vector<ServiceEvent> drain();
    // Hourly upkeep (retention) when due; returns when it next wants to be called.
    std::chrono::steady_clock::time_point upkeep(std::chrono::steady_clock::time_point now);
    // A catalogue fetched from the server replaces the current one only when nobody is using it (the session
    // and screens point into it): call when no visit is open. Returns whether it changed.
    bool adopt_fetched_catalogue();
    void say(const std::string& text, const std::string& language, int volume);
    // Automation: a scan through the simulated scanner; false when another scanner is configured.
    bool inject_scan(const std::string& payload);
    // A card whose signature and expiry are checked: refused when revoked; audited. Answers with TechnicianEntry.
    void verify_technician_card(const std::string& technician_id);
    // Checks a PIN typed on the pad (Argon2id, rate limit, lockout; audited). Answers with TechnicianPinChecked.
    void check_technician_pin(std::string pin);
    // Gathers the device status off the UI thread (one gather at a time); answers with StatusRefreshed.
    void refresh_status();
    const std::optional<maintenance::StatusSnapshot>& status_snapshot() const { return snapshot_; }

    // The update page (technician.update_dir, the USB stick): opened afresh, then listed off the UI thread
    // whenever the folder changes; installs run RAUC on the update worker. Answers with UpdateChanged.
    void open_update_page();
    void list_update_bundles();
    // Installs the bundle update_state() lists at `index` when it is installable; audited with `who`. Ignored
    // while one runs.
    void install_update(std::size_t index, const std::string& who);
    // After an install: reboots (devices.reboot) into the slot just written; audited.
    void restart_after_update(const std::string& who);
    const maintenance::UpdateState& update_state() const { return update_state_; }

    // Technician actions (kiosk/app/technician_actions.cpp); `who` is the card id or "PIN". Each returns at once
    // and answers with TechnicianActionDone once done and audited.
    void technician_test_print(const std::string& who);          // on the kiosk's own printer
    void technician_retry(const std::string& who);               // every waiting request due now
    void technician_reprint(const std::string& who, const std::string& reference);
    void technician_setting(const std::string& who, const std::string& key, const std::string& value);
    void technician_logs(const std::string& who);
    void technician_reboot(const std::string& who);

    const Catalogue& catalogue() const { return catalogue_; }
    const Translations& translations() const { return *translations_; }
    const OpeningHours& hours() const { return hours_; }
    const std::set<Date>& holidays() const { return holidays_; }
    const anjungan::Clock& clock() const { return clock_; }
    const DataProtection& data_protection() const { return data_protection_; }  // known after open()
    const ServicesStatus& status() const { return status_; }

private:
    struct CatalogueFetched { Catalogue catalogue; };
    struct StatusGathered { maintenance::StatusSnapshot snapshot; };
    struct RebootAnswered {
        bool simulated = false;
        std::string error;
    };
    // Everything that workers and devices report, queued for the UI thread.
    // A technician's ticket, read from the outbox on storage_, to be printed from the UI thread.
    struct TechnicianPrint {
        std::string who, what;
        TicketContent ticket;
        TechnicianActionDone done;  // what it reports once printed
    };
    using Report = std::variant<Event, hal::PrinterEvent, DeliveryEvent, hal::ScanEvent, CatalogueFetched,
                                TechnicianEntry, TechnicianPinChecked, StatusGathered, maintenance::UpdateEvent,
                                RebootAnswered, TechnicianActionDone, TechnicianPrint>;

    Status init_commit_facts();  // what every request records at its commit besides the visitor's answers
    void start_devices();
    void start_delivery();
    void post(Report report);
    void on_printer_event(const hal::PrinterEvent& e, std::vector<ServiceEvent>& out);
    void submit(const SubmitCommand& command);
    void print(const PrintCommand& command);
    void look_up_ticket(const std::string& reference);
    void refresh_catalogue(const HttpOptions& http_options);
    void erase_old_personal_data();
    void drain_outbox(std::chrono::milliseconds limit);
    Result<maintenance::TechnicianAccess*> technician_access();  // on storage_ only; opened on first use
    // Stores an audit entry on the storage worker (technician mode's actions).
    void audit(const std::string& who, const std::string& what, const std::string& outcome);
    void on_update_event(const maintenance::UpdateEvent& e);
    void start_technician_actions();
    // Runs `action` on the action worker, audits it, then reports `done` with its outcome (and the `lines` the
    // action filled in, when given).
    void run_technician_action(const std::string& who, const std::string& what, TechnicianActionDone done,
                               maintenance::Action action, std::shared_ptr<std::vector<std::string>> lines = nullptr);
    void print_for_technician(TechnicianPrint print);
    bool technician_job_ended(const hal::PrinterEvent& e);

    const Config& config_;
    std::string asset_dir_;
    std::function<void()> wake_;
    SystemClock clock_;
    Catalogue catalogue_;
    std::optional<Catalogue> fetched_catalogue_;
    std::optional<Translations> translations_;
    OpeningHours hours_;  // parsed once at start-up from the validated configuration
    std::set<Date> holidays_;
    DataProtection data_protection_;
    std::unique_ptr<TimeSync> time_sync_;
    CommitFacts commit_facts_;  // read by storage_ at each commit; fixed after start-up
    std::unique_ptr<Outbox> outbox_;  // used only on storage_
    std::atomic<bool> no_room_to_start_{false};  // the last request was refused to keep the room the kiosk starts in
    std::unique_ptr<Sender> sender_;
    std::unique_ptr<hal::Printer> printer_;
    std::unique_ptr<hal::Scanner> scanner_;
    std::unique_ptr<hal::Speech> speech_;
    std::unique_ptr<scan::ScanInterpreter> scans_;
    std::uint64_t current_print_job_ = 0;
    ServicesStatus status_;
    EventQueue<Report> reports_;
    std::unique_ptr<SerialWorker> storage_;
    std::unique_ptr<SerialWorker> network_;  // server queries that may take seconds
    std::chrono::steady_clock::time_point next_retention_run_{};
    std::optional<std::int64_t> last_scan_at_;  // unix seconds of the last payload read
    std::optional<maintenance::StatusSnapshot> snapshot_;
    std::atomic<bool> gathering_{false};
    std::optional<maintenance::TechnicianAccess> technician_access_;  // used only on storage_
    maintenance::UpdateState update_state_;  // the UI thread's
    std::string update_who_;                 // who started the install being run
    bool update_listed_since_open_ = false;
    std::unique_ptr<maintenance::UpdateService> updates_;  // made in start(); stops before the workers above
    std::map<std::uint64_t, TechnicianPrint> technician_jobs_;         // printing now, by job id
    std::unique_ptr<maintenance::ActionRunner> actions_;  // last: its worker stops first, while what it uses exists
};

}  // namespace anjungan::app
