// Technician mode's actions behind the screens: each done off the UI thread, audited, and reported when done.
#include <memory>
#include <string>

#include "kiosk/app/kiosk_services.h"
#include "kiosk/core/log.h"
#include "kiosk/maintenance/device_actions.h"
#include "kiosk/maintenance/printer_actions.h"

namespace anjungan::app {
namespace {

constexpr std::size_t kLogLinesShown = 200;

TechnicianActionDone done_for(TechnicianAction action, std::map<std::string, std::string> values = {}) {
    TechnicianActionDone done;
    done.action = action;
    done.values = std::move(values);
    return done;
}

}  // namespace

void KioskServices::start_technician_actions() {
    auto runner = maintenance::ActionRunner::open(config_.data_dir, clock_, [](const maintenance::ActionOutcome&) {});
    if (runner) actions_ = std::move(*runner);
    else log::error("technician actions: " + runner.error().message);
    // The technician's brightness holds from the start, not only from the next change (a sysfs write, off the UI
    // thread all the same).
    storage_->post([spec = config_.backlight, percent = config_.brightness] {
        if (auto s = maintenance::make_backlight(spec)->set_brightness(percent); !s)
            log::warn("brightness not applied: " + s.error().message);
    });
}

void KioskServices::run_technician_action(const std::string& who, const std::string& what, TechnicianActionDone done,
                                          maintenance::Action action,
                                          std::shared_ptr<std::vector<std::string>> lines) {
    if (!actions_) {  // the audit log could not be opened: nothing is done unaudited
        done.detail = "technician actions are unavailable (the audit log cannot be opened)";
        post(std::move(done));
        return;
    }
    actions_->run(who, what, std::move(action), [this, done, lines](const maintenance::ActionOutcome& outcome) mutable {
        done.ok = outcome.ok;
        done.detail = outcome.message;
        if (!outcome.ok && done.error == ErrorCode::Unspecified) done.error = outcome.error;
        if (lines) done.lines = std::move(*lines);
        post(std::move(done));
    });
}

void KioskServices::technician_test_print(const std::string& who) {
    print_for_technician({who, "test print", maintenance::test_ticket_content(config_), done_for(TechnicianAction::TestPrint)});
}

void KioskServices::technician_reprint(const std::string& who, const std::string& reference) {
    const std::string what = "reprint " + reference;
    // A copy: a technician's setting may change the configuration on the UI thread meanwhile.
    storage_->post([this, who, what, reference, config = config_] {
        auto ticket = maintenance::ticket_to_reprint(config, *outbox_, reference, *translations_, config.language);
        TechnicianActionDone done = done_for(TechnicianAction::Reprint, {{"reference", reference}});
        if (!ticket) {
            done.error = ticket.error().code;
            const std::string why = ticket.error().message;
            return run_technician_action(who, what, std::move(done), [why]() -> Result<std::string> { return fail(why); });
        }
        // The screen names the ticket by its number, service and date: never what the visitor wrote.
        const OutboxRow& row = ticket->first;
        done.values["number"] = row.number;
        done.values["service"] = translations_->get(config.language, "service." + row.service_code + ".name");
        done.values["date"] = row.local_date.size() == 8 ? row.local_date.substr(6, 2) + "-" + row.local_date.substr(4, 2) +
                                                               "-" + row.local_date.substr(0, 4)
                                                         : row.local_date;
        post(TechnicianPrint{who, what, std::move(ticket->second), std::move(done)});
    });
}

void KioskServices::print_for_technician(TechnicianPrint print) {
    if (!printer_) {
        print.done.values["printer"] = translations_->get(config_.language, "printer.failed");
        const std::string what = print.what;
        return run_technician_action(print.who, what, std::move(print.done),
                                     []() -> Result<std::string> { return fail(ErrorCode::Device, "no printer"); });
    }
    const std::uint64_t job = printer_->submit(print.ticket);
    technician_jobs_.emplace(job, std::move(print));
}

bool KioskServices::technician_job_ended(const hal::PrinterEvent& e) {
    const auto it = technician_jobs_.find(e.job_id);
    if (it == technician_jobs_.end()) return false;
    if (e.outcome != hal::JobOutcome::Completed && e.outcome != hal::JobOutcome::Failed) return true;
    TechnicianPrint print = std::move(it->second);
    technician_jobs_.erase(it);
    if (e.outcome == hal::JobOutcome::Failed) status_.printer = e.state;
    // The printer's own words for a failure: its state ("paper out") and what CUPS said.
    print.done.values["printer"] = translations_->get(config_.language, print_failure_key(e.state, e.detail));
    Result<std::string> outcome = "printed on " + printer_->describe();
    if (e.outcome == hal::JobOutcome::Failed) outcome = fail(ErrorCode::Device, "print failed: " + e.detail);
    run_technician_action(print.who, print.what, std::move(print.done), [outcome] { return outcome; });
    return true;
}

void KioskServices::technician_retry(const std::string& who) {
    const std::string path = outbox_->path();
    run_technician_action(who, "outbox retry", done_for(TechnicianAction::Retry),
                          [this, path]() -> Result<std::string> {
                              auto outbox = Outbox::open_shared(path, clock_);
                              if (!outbox) return outbox.error();
                              auto due = (*outbox)->retry_now("");
                              if (!due) return due.error();
                              if (sender_) sender_->retry_now();
                              return std::to_string(*due);  // the screen says how many; the audit says "ok"
                          });
}

void KioskServices::technician_setting(const std::string& who, const std::string& key, const std::string& value) {
    run_technician_action(who, "settings " + key + "=" + value,
                          done_for(TechnicianAction::Setting, {{"key", key}, {"value", value}}),
                          [config = config_, key, value]() mutable -> Result<std::string> {
                              const auto backlight = maintenance::make_backlight(config.backlight);
                              if (auto s = maintenance::change_setting(config, key, value, *backlight); !s)
                                  return s.error();
                              return key + " = " + value + " saved";
                          });
}

void KioskServices::technician_logs(const std::string& who) {
    auto lines = std::make_shared<std::vector<std::string>>();
    run_technician_action(who, "logs", done_for(TechnicianAction::Logs), [lines]() -> Result<std::string> {
        *lines = log::recent_lines(kLogLinesShown);
        return std::to_string(lines->size()) + " lines shown";
    }, lines);
}

void KioskServices::technician_reboot(const std::string& who) {
    run_technician_action(who, "reboot", done_for(TechnicianAction::Reboot),
                          [config = config_] { return maintenance::reboot_or_simulate(config); });
}

}  // namespace anjungan::app
