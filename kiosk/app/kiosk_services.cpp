// The work behind the screens: storage, delivery, printing, scanning, look-ups, catalogue and retention.
#include "kiosk/app/kiosk_services.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "kiosk/core/consent.h"
#include "kiosk/core/log.h"
#include "kiosk/core/secrets.h"
#include "kiosk/core/server_queries.h"
#include "kiosk/core/services.h"
#include "kiosk/core/space_reserve.h"
#include "kiosk/core/ticket_content.h"
#include "kiosk/maintenance/device_actions.h"

namespace anjungan::app {
namespace {

std::map<std::string, std::string> parse_letters(const Config& config) {
    std::map<std::string, std::string> letters;
    for (const std::string& code : services::all_codes()) letters[code] = config.letter_for(code);
    return letters;
}

// For a queue number: how many of the same desk service were issued before it today; nothing for other services.
std::optional<int> issued_before(Outbox& outbox, const OutboxRow& row) {
    if (row.service_code != services::kAntrian) return std::nullopt;
    auto count = outbox.count_issued_before(row, "desk_service");
    if (!count) log::warn("cannot count earlier queue numbers: " + count.error().message);
    return count ? std::optional<int>(*count) : std::nullopt;
}

HttpOptions server_http_options(const Config& config) {
    HttpOptions http;
    http.ca_file = config.ca_file;
    http.public_key_pin = config.public_key_pin;
    return http;
}

}  // namespace

std::string print_failure_key(hal::PrinterState state, const std::string& detail) {
    using S = hal::PrinterState;
    if (state == S::PaperOut || detail.find("media-empty") != std::string::npos ||
        detail.find("media-needed") != std::string::npos)
        return "printer.paper_out";
    if (state == S::Offline || detail.find("offline") != std::string::npos) return "printer.offline";
    if (state == S::Error) return "printer.error";
    return "printer.failed";
}

namespace {

// What the audit log names for an install: "update anjungan-0.3.0.raucb 0.3.0".
std::string audit_subject(const maintenance::BundleChoice& b) {
    return "update " + std::filesystem::path(b.info.path).filename().string() + " " + b.info.version;
}

}  // namespace

SessionSettings session_settings(const Config& config, const DataProtection& protection) {
    SessionSettings settings;
    settings.refuse_personal_data = refuses_personal_data(protection, config.unencrypted_personal_data);
    settings.idle_timeout = std::chrono::seconds(config.idle_timeout_s);
    settings.idle_countdown = std::chrono::seconds(config.idle_countdown_s);
    settings.letters = parse_letters(config);
    settings.volume = config.volume;
    return settings;
}

KioskServices::KioskServices(const Config& config, std::string asset_dir, std::function<void()> wake)
    : config_(config), asset_dir_(std::move(asset_dir)), wake_(std::move(wake)) {}

KioskServices::~KioskServices() {
    updates_.reset();  // waits for an install running
    actions_.reset();  // a technician action may use the sender or the outbox
    network_.reset();
    storage_.reset();  // finish durable writes first
    drain_outbox(std::chrono::seconds(3));
    sender_.reset();
    printer_.reset();
}

void KioskServices::start() {
    start_devices();
    start_delivery();
    updates_ = std::make_unique<maintenance::UpdateService>(maintenance::make_rauc(config_.rauc),
                                                            [this](const maintenance::UpdateEvent& e) { post(e); });
    start_technician_actions();
}

Status KioskServices::open() {
    // The last good catalogue fetched from the server wins over the shipped one, but not over an explicit file.
    const std::string saved_catalogue = config_.data_dir + "/catalogue.json";
    auto catalogue = config_.catalogue.empty() ? load_catalogue(saved_catalogue) : load_catalogue(config_.catalogue);
    if (!catalogue && config_.catalogue.empty()) {
        if (std::filesystem::exists(saved_catalogue))
            log::warn("the saved server catalogue is unusable, using the shipped one: " + catalogue.error().message);
        catalogue = load_catalogue(asset_dir_ + "/services.json");
    }
    if (!catalogue) return catalogue.error();
    catalogue_ = std::move(*catalogue);
    auto translations = Translations::load(asset_dir_ + "/i18n", {"id", "en"});
    if (!translations) return translations.error();
    translations_ = std::move(*translations);

    auto hours = parse_opening_hours(config_.hours);
    auto holidays = parse_holidays(config_.holidays);
    if (!hours) return fail("office.hours: " + hours.error().message);
    if (!holidays) return fail("office.holidays: " + holidays.error().message);
    hours_ = *hours;
    holidays_ = std::move(*holidays);
    if (auto s = init_commit_facts(); !s) return s;

    // The outbox holds visitors' personal data: a folder the kiosk creates is for the kiosk user alone.
    std::error_code ec;
    if (std::filesystem::create_directories(config_.data_dir, ec))
        std::filesystem::permissions(config_.data_dir, std::filesystem::perms::owner_all, ec);
    if (ec) return fail("cannot create the data directory " + config_.data_dir + ": " + ec.message());
    data_protection_ = detect_data_protection(config_.data_encryption, config_.data_dir);
    if (!data_protection_.encrypted)
        log::warn("data folder: " + describe_data_protection(data_protection_, config_.unencrypted_personal_data));
    const std::string outbox_path = config_.data_dir + "/outbox.sqlite";
    auto outbox = Outbox::open(outbox_path, clock_);
    if (!outbox && release_space_reserve(config_.data_dir)) {  // a full partition: start, and say it is full
        log::warn("data partition full? gave up the space reserve to open the outbox (" + outbox.error().message + ")");
        outbox = Outbox::open(outbox_path, clock_);
    }
    if (!outbox) return outbox.error();
    if (auto kept = keep_space_reserve(config_.data_dir); !kept) log::warn("space reserve: " + kept.error().message);
    outbox_ = std::move(*outbox);
    storage_ = std::make_unique<SerialWorker>();
    network_ = std::make_unique<SerialWorker>();
    return Ok{};
}

Status KioskServices::init_commit_facts() {
    auto time_sync = make_time_sync(config_.clock_sync);
    if (!time_sync) return time_sync.error();
    time_sync_ = std::move(*time_sync);
    commit_facts_ = {holidays_, time_sync_.get(), {}};
    auto consent_versions = load_consent_versions(asset_dir_, *translations_, config_);
    // Still serve visitors; the office learns from the missing attribute[consent_version] and the log.
    if (!consent_versions) log::error(consent_versions.error().message);
    else commit_facts_.consent_versions = std::move(*consent_versions);
    return Ok{};
}

void KioskServices::start_devices() {
    render::TicketLayout layout;
    layout.paper_width_mm = config_.paper_width_mm;
    layout.logo_png = config_.logo;
    auto printer = hal::make_printer(config_.printer, layout, config_.printer_format,
                                     [this](const hal::PrinterEvent& e) { post(e); });
    if (printer) printer_ = std::move(*printer);
    else log::error(printer.error().message);
    auto scanner = hal::make_scanner(config_.scanner, [this](const hal::ScanEvent& e) { post(e); });
    if (scanner) scanner_ = std::move(*scanner);
    else log::error(scanner.error().message);
    std::optional<scan::TechnicianKey> card_key;
    if (!config_.card_public_key.empty()) {
        if (auto key = scan::TechnicianKey::from_base64(config_.card_public_key)) card_key = *key;
    }
    scans_ = std::make_unique<scan::ScanInterpreter>(config_.tracking_base, card_key, clock_);
    auto speech = hal::make_speech(config_.speech);
    if (speech) speech_ = std::move(*speech);
    else log::error("speech: " + speech.error().message);
}

void KioskServices::start_delivery() {
    if (config_.server_url.empty()) {
        log::info("no server configured: requests stay queued in the outbox");
        return;
    }
    SenderSettings settings;
    settings.server_url = config_.server_url;
    settings.open311 = {config_.kiosk_id, config_.location, ""};
    settings.http = server_http_options(config_);
    if (!config_.api_key_file.empty()) {
        auto key = read_secret_file(config_.api_key_file);
        if (!key) {
            log::error(key.error().message + "; requests stay queued until this is fixed");
            return;
        }
        settings.open311.api_key = *key;
    }
    if (config_.plain_http())
        log::warn("server.allow_insecure: requests go to " + config_.server_url +
                  " over plain HTTP, personal data and the api_key unencrypted");
    sender_ = std::make_unique<Sender>(outbox_->path(), settings, clock_, [this](const DeliveryEvent& e) { post(e); });
    if (auto s = sender_->start(); !s) log::error("sender: " + s.error().message);
    refresh_catalogue(settings.http);
}

void KioskServices::post(Report report) {
    reports_.push(std::move(report));
    wake_();
}

std::vector<ServiceEvent> KioskServices::drain() {
    std::vector<ServiceEvent> out;
    for (auto& report : reports_.drain()) {
        if (auto* e = std::get_if<Event>(&report)) {
            out.emplace_back(std::move(*e));
        } else if (auto* p = std::get_if<hal::PrinterEvent>(&report)) {
            on_printer_event(*p, out);
        } else if (auto* d = std::get_if<DeliveryEvent>(&report)) {
            out.emplace_back(Event{TicketDelivery{d->reference, d->state, d->server_id}});
        } else if (auto* c = std::get_if<CatalogueFetched>(&report)) {
            fetched_catalogue_ = std::move(c->catalogue);
        } else if (auto* s = std::get_if<hal::ScanEvent>(&report)) {
            if (!s->is_payload()) continue;  // the status snapshot looks at the device itself
            last_scan_at_ = unix_seconds(clock_.now());
            // The core checks and classifies every payload (and logs it without its content): a barcode never types.
            if (auto outcome = scans_->interpret(s->payload)) out.emplace_back(std::move(*outcome));
        } else if (auto* t = std::get_if<TechnicianEntry>(&report)) {
            out.emplace_back(std::move(*t));
        } else if (auto* pin = std::get_if<TechnicianPinChecked>(&report)) {
            out.emplace_back(std::move(*pin));
        } else if (auto* g = std::get_if<StatusGathered>(&report)) {
            snapshot_ = std::move(g->snapshot);
            out.emplace_back(StatusRefreshed{});
        } else if (auto* u = std::get_if<maintenance::UpdateEvent>(&report)) {
            on_update_event(*u);
            out.emplace_back(UpdateChanged{});
        } else if (auto* r = std::get_if<RebootAnswered>(&report)) {
            update_state_.reboot_requested(r->simulated, r->error);
            out.emplace_back(UpdateChanged{});
        } else if (auto* done = std::get_if<TechnicianActionDone>(&report)) {
            out.emplace_back(std::move(*done));
        } else if (auto* print = std::get_if<TechnicianPrint>(&report)) {
            print_for_technician(std::move(*print));
        }
    }
    return out;
}

bool KioskServices::adopt_fetched_catalogue() {
    if (!fetched_catalogue_) return false;
    catalogue_ = std::move(*fetched_catalogue_);
    fetched_catalogue_.reset();
    log::info("catalogue updated from the server");
    return true;
}

std::chrono::steady_clock::time_point KioskServices::upkeep(std::chrono::steady_clock::time_point now) {
    if (now >= next_retention_run_) {
        erase_old_personal_data();
        next_retention_run_ = now + std::chrono::hours(1);
    }
    return next_retention_run_;
}

void KioskServices::say(const std::string& text, const std::string& language, int volume) {
    if (!speech_) return;
    speech_->set_volume(volume);
    speech_->say(text, language);
}

bool KioskServices::inject_scan(const std::string& payload) {
    auto* sim = dynamic_cast<hal::SimScanner*>(scanner_.get());
    if (!sim) return false;
    sim->inject(payload);
    return true;
}

Result<maintenance::TechnicianAccess*> KioskServices::technician_access() {
    if (!technician_access_) {
        auto access = maintenance::TechnicianAccess::open(config_, clock_);
        if (!access) {
            log::error("technician mode: " + access.error().message);
            return access.error();
        }
        technician_access_.emplace(std::move(*access));
    }
    return &*technician_access_;
}

void KioskServices::verify_technician_card(const std::string& technician_id) {
    storage_->post([this, technician_id] {
        auto access = technician_access();
        if (!access) {
            post(TechnicianEntry{false, technician_id, access.error().message});
            return;
        }
        const auto verdict = (*access)->enter_with_card(technician_id);
        post(TechnicianEntry{verdict.accepted, technician_id, verdict.reason});
    });
}

void KioskServices::check_technician_pin(std::string pin) {
    storage_->post([this, pin = std::move(pin)] {
        TechnicianPinChecked checked;
        if (auto access = technician_access()) {
            auto verdict = (*access)->enter_with_pin(pin);
            if (verdict) checked.verdict = std::move(*verdict);
            else checked.error = verdict.error().message;
        } else {
            checked.error = access.error().message;
        }
        post(std::move(checked));
    });
}

void KioskServices::audit(const std::string& who, const std::string& what, const std::string& outcome) {
    storage_->post([this, who, what, outcome] {
        auto access = technician_access();
        if (!access) return;
        if (auto s = (*access)->record(who, what, outcome); !s) log::error("audit: " + s.error().message);
    });
}

void KioskServices::open_update_page() {
    update_state_.open_page(config_.update_dir);
    update_listed_since_open_ = false;  // the technician session asks for the listing
}

void KioskServices::list_update_bundles() {
    if (!updates_ || update_state_.installing()) return;
    // Once whole after the page opens, then only when the stick's bundles changed: RAUC checks each signature.
    if (!update_listed_since_open_) updates_->list(config_.update_dir);
    else updates_->list_if_changed(config_.update_dir);
    update_listed_since_open_ = true;
}

void KioskServices::install_update(std::size_t index, const std::string& who) {
    const auto& bundles = update_state_.bundles;
    if (!updates_ || update_state_.installing() || index >= bundles.size() || !bundles[index].installable()) return;
    const maintenance::BundleChoice choice = bundles[index];
    if (!updates_->install(choice.info.path)) return;
    update_state_.start_install(choice);
    update_who_ = who;
    log::info("installing the update " + audit_subject(choice));
    audit(who, audit_subject(choice), "started");
}

void KioskServices::on_update_event(const maintenance::UpdateEvent& e) {
    const bool was_installing = update_state_.installing();
    update_state_.apply(e);
    if (!was_installing || update_state_.installing()) return;
    using K = maintenance::UpdateEvent::Kind;
    const std::string what = audit_subject(update_state_.bundle);
    std::string outcome = "ok: installed into slot " + update_state_.target_slot;
    if (e.kind == K::Refused) outcome = "refused: " + e.message;
    if (e.kind == K::Failed) outcome = "failed: " + e.message + "; running slot " + update_state_.running_slot + " untouched";
    log::info(what + ": " + outcome);
    audit(update_who_, what, outcome);
}

void KioskServices::restart_after_update(const std::string& who) {
    if (update_state_.phase != maintenance::UpdateState::Phase::Installed) return;
    update_state_.phase = maintenance::UpdateState::Phase::Restarting;
    const std::string what = "restart into slot " + update_state_.target_slot;
    storage_->post([this, who, what] {
        // The entry is stored before the reboot is asked for: the machine may go down at once.
        if (auto access = technician_access()) (void)(*access)->record(who, what, "requested");
        bool simulated = false;
        const auto rebooted = maintenance::reboot_as_configured(config_, simulated);
        if (!rebooted) {
            log::error(rebooted.error().message);
            if (auto access = technician_access()) (void)(*access)->record(who, what, "failed: " + rebooted.error().message);
        }
        post(RebootAnswered{simulated, rebooted ? "" : rebooted.error().message});
    });
}

void KioskServices::refresh_status() {
    if (gathering_.exchange(true)) return;  // the last gather is still running
    // The printer and scanner as this kiosk has them now; the other facts are read on the worker.
    maintenance::StatusSources sources = maintenance::real_status_sources(config_, clock_);
    const maintenance::PrinterFact printer{config_.printer, hal::to_string(status_.printer), ""};
    sources.printer = [printer] { return printer; };
    // The storage worker's word that a write found the partition full (atomic flags: safe to read off storage_).
    sources.disk = [this, read = std::move(sources.disk)] {
        maintenance::DiskFact disk = read();
        disk.outbox_full = no_room_to_start_ || (outbox_ && outbox_->storage_full());
        return disk;
    };
    sources.scanner = [this, last_read = last_scan_at_] {  // the device node is looked at on the worker
        maintenance::ScannerFact scanner = maintenance::read_scanner(config_);
        scanner.last_read = last_read;
        return scanner;
    };
    network_->post([this, sources = std::move(sources)] {
        auto snapshot = maintenance::gather_status(sources, clock_);
        gathering_ = false;
        post(StatusGathered{std::move(snapshot)});
    });
}

void KioskServices::execute(const Command& command) {
    if (const auto* submit_command = std::get_if<SubmitCommand>(&command)) submit(*submit_command);
    else if (const auto* lookup = std::get_if<LookupCommand>(&command)) look_up_ticket(lookup->reference);
    else if (const auto* print_command = std::get_if<PrintCommand>(&command)) print(*print_command);
}

void KioskServices::submit(const SubmitCommand& command) {
    const NumberingRules rules{config_.kiosk_id, config_.number_prefix};
    storage_->post([this, request = command.request, rules, dir = config_.data_dir] {
        const Status room = keep_room_to_start(dir);  // the last of the space is for starting, not for requests
        Result<OutboxRow> row = !room ? Result<OutboxRow>(room.error())
                                      : outbox_->enqueue(request, rules, [this](const NewRequest& r, TimePoint at) {
                                            return commit_attributes(r, at, commit_facts_);
                                        });
        no_room_to_start_ = !row && row.error().code == ErrorCode::StorageFull;
        if (!row) {
            log::error("submit failed: " + row.error().message);
            post(Event{SubmitFailed{row.error().message, row.error().code}});
            return;
        }
        log::info("queued " + row->reference + " (" + row->service_code + ")");
        post(Event{TicketIssued{*row, issued_before(*outbox_, *row)}});
        if (sender_) sender_->wake();
    });
}

void KioskServices::print(const PrintCommand& command) {
    if (!printer_) {
        post(Event{PrintUpdate{PrintProgress::Failed, "no printer", "printer.failed"}});
        return;
    }
    current_print_job_ = printer_->submit(
        build_ticket_content(command.row, config_, *translations_, command.language, command.issued_before));
}

void KioskServices::on_printer_event(const hal::PrinterEvent& e, std::vector<ServiceEvent>& out) {
    if (e.kind == hal::PrinterEvent::Kind::State) {
        status_.printer = e.state;
        return;
    }
    if (technician_job_ended(e)) return;
    if (e.job_id != current_print_job_) return;
    if (e.outcome == hal::JobOutcome::Completed) out.emplace_back(Event{PrintUpdate{PrintProgress::Printed}});
    if (e.outcome == hal::JobOutcome::Failed) {
        status_.printer = e.state;
        log::warn("print job failed: " + e.detail);
        out.emplace_back(Event{PrintUpdate{PrintProgress::Failed, e.detail, print_failure_key(e.state, e.detail)}});
    }
}

void KioskServices::look_up_ticket(const std::string& reference) {
    HttpOptions http = server_http_options(config_);
    http.total_timeout_ms = 5000;  // a visitor is waiting
    network_->post([this, reference, http] {
        TicketLookup result{reference};
        auto outbox = Outbox::open_read_only(outbox_->path(), clock_);  // this thread's own, reads only
        if (outbox) {
            HttpClient client(http);
            auto status = lookup_ticket_status(**outbox, &client, config_.server_url, reference);
            if (status) {
                result.row = status->local;
                result.server_status = status->server_status.value_or("");
                result.server_notes = status->server_notes;
                // "Taken today before yours" is true only of today's numbers.
                if (status->local.local_date == yyyymmdd(to_local(clock_.now())))
                    result.issued_before = issued_before(**outbox, status->local);
            }
        }
        post(Event{result});
    });
}

void KioskServices::refresh_catalogue(const HttpOptions& http_options) {
    if (!config_.catalogue.empty()) return;  // a technician pinned the catalogue to a file
    const std::string shipped_path = asset_dir_ + "/services.json";
    const std::string saved_path = config_.data_dir + "/catalogue.json";
    network_->post([this, http_options, shipped_path, saved_path] {
        std::ifstream shipped(shipped_path);
        const std::string hints((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
        HttpClient http(http_options);
        auto fetched = fetch_catalogue(http, config_.server_url, hints);
        if (!fetched) {
            log::warn("catalogue not refreshed, keeping the last good one: " + fetched.error().message);
            return;
        }
        if (auto s = save_last_good_catalogue(saved_path, fetched->json_text); !s) log::warn(s.error().message);
        post(CatalogueFetched{std::move(fetched->catalogue)});
    });
}

void KioskServices::erase_old_personal_data() {
    std::set<std::string> personal;
    for (const auto& service : catalogue_.services)
        for (const auto& a : service.attributes)
            if (a.personal) personal.insert(a.code);
    const auto cutoff = unix_seconds(clock_.now()) - std::int64_t{config_.personal_data_days} * 86400;
    storage_->post([this, personal, cutoff] {
        auto erased = outbox_->erase_personal_fields(cutoff, personal);
        if (!erased) log::error("retention: " + erased.error().message);
        else if (*erased > 0) log::info("retention: erased personal data of " + std::to_string(*erased) + " requests");
    });
}

void KioskServices::drain_outbox(std::chrono::milliseconds limit) {
    // On a clean stop, give requests that are due or being posted right now a short chance to reach the server;
    // whatever is left stays queued and goes out after the next start.
    if (!sender_ || !outbox_) return;
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        // A request being posted right now counts too: stopping the sender would cancel it mid-flight.
        auto due = outbox_->next_due(unix_seconds(clock_.now()));
        auto counts = outbox_->counts();
        if (!due || !counts || (!*due && counts->sending == 0)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace anjungan::app
