// Technician mode's actions in the application: each intent starts its work on the services, and its outcome,
// once done and audited, becomes the message the technician screens show; settings take effect at once.
#include "kiosk/app/app.h"

#include <regex>

#include "kiosk/core/log.h"

namespace anjungan::app {
namespace {

TechnicianMessage running(std::string key, std::map<std::string, std::string> values = {}) {
    return {std::move(key), std::move(values), true, false};
}

// The message of an action's outcome: done, or failed with the printer's or the table's words.
TechnicianMessage outcome_message(const TechnicianActionDone& done, bool has_server) {
    TechnicianMessage m{"", done.values, false, !done.ok};
    m.values["detail"] = done.detail;
    switch (done.action) {
        case TechnicianAction::TestPrint: m.key = done.ok ? "tech.msg.test_printed" : "tech.msg.test_print_failed"; break;
        case TechnicianAction::Retry:
            m.key = !done.ok                ? "tech.msg.retry_failed"
                    : done.detail == "0"    ? "tech.msg.retry_nothing"
                    : !has_server           ? "tech.msg.retry_no_server"
                                            : "tech.msg.retried";
            if (done.ok) m.values["count"] = done.detail;  // the action's text is the number of requests now due
            break;
        case TechnicianAction::Reprint:
            m.key = done.ok ? "tech.msg.reprinted"
                    : done.error == ErrorCode::NotFound ? "tech.msg.no_such_ticket"
                    : done.error == ErrorCode::Device   ? "tech.msg.reprint_failed"
                                                        : "tech.msg.action_failed";
            break;
        case TechnicianAction::Setting: {
            m.key = done.ok ? "tech.msg.setting_saved"
                    : done.error == ErrorCode::InvalidConfig ? "tech.msg.setting_refused"
                                                             : "tech.msg.action_failed";
            // The table's range, said in the technician's language ("a whole number from 0 to 100").
            static const std::regex range("from (-?[0-9]+) to (-?[0-9]+)");
            std::smatch found;
            if (!done.ok && std::regex_search(done.detail, found, range)) {
                m.key = "tech.msg.setting_out_of_range";
                m.values["min"] = found[1];
                m.values["max"] = found[2];
            }
            break;
        }
        case TechnicianAction::Logs: m.key = "tech.msg.action_failed"; break;
        case TechnicianAction::Reboot:
            m.key = !done.ok ? "tech.msg.action_failed"
                    : done.detail == "simulated reboot" ? "tech.msg.reboot_simulated"
                                                        : "tech.msg.rebooting";
            break;
    }
    return m;
}

}  // namespace

bool App::start_technician_action(const TechnicianIntent& intent) {
    const std::string& who = technician_->who();
    if (std::holds_alternative<tech_intent::TestPrint>(intent)) {
        technician_->show_message(running("tech.msg.test_printing"));
        services_->technician_test_print(who);
    } else if (std::holds_alternative<tech_intent::RetryDelivery>(intent)) {
        technician_->show_message(running("tech.msg.retrying"));
        services_->technician_retry(who);
    } else if (const auto* reprint = std::get_if<tech_intent::Reprint>(&intent)) {
        if (reprint->reference.empty()) return true;
        technician_->show_message(running("tech.msg.reprinting", {{"reference", reprint->reference}}));
        services_->technician_reprint(who, reprint->reference);
    } else if (const auto* setting = std::get_if<tech_intent::ChangeSetting>(&intent)) {
        technician_->show_message(running("tech.msg.saving"));
        services_->technician_setting(who, setting->key, setting->value);
    } else if (std::holds_alternative<tech_intent::Reboot>(intent)) {
        technician_->show_message(running("tech.msg.rebooting"));
        services_->technician_reboot(who);
    } else if (const auto* show = std::get_if<tech_intent::Show>(&intent); show && show->page == TechnicianPage::Logs) {
        technician_->handle(intent, now());
        technician_->set_log_lines({});
        services_->technician_logs(who);
    } else {
        return false;
    }
    technician_->touch(now());
    return true;
}

void App::on_technician_action(const TechnicianActionDone& done) {
    // Done and audited; shown only to the technician who is still there (it may have left by itself meanwhile).
    if (done.ok && done.action == TechnicianAction::Setting) apply_setting(done.values.at("key"), done.values.at("value"));
    if (!technician_->is_open()) return;
    if (done.action == TechnicianAction::Logs && done.ok) {
        technician_->set_log_lines(done.lines);
        return;
    }
    TechnicianMessage message = outcome_message(done, !config_.server_url.empty());
    if (done.action == TechnicianAction::Setting) message.values["setting"] = setting_label(done.values.at("key"));
    technician_->show_message(std::move(message));
    if (done.action == TechnicianAction::Retry) services_->refresh_status();
}

std::string App::setting_label(const std::string& key) const {
    // ui.idle_timeout_s → tech.setting.idle_timeout
    std::string name = key.substr(key.find('.') + 1);
    if (name.size() > 2 && name.compare(name.size() - 2, 2, "_s") == 0) name.resize(name.size() - 2);
    return services_->translations().get(config_.language, "tech.setting." + name);
}

void App::apply_setting(const std::string& key, const std::string& value) {
    // Stored already (and the brightness set); the kiosk takes the new value at once: the language of the attract
    // screen and of these screens, each visit's starting volume, the idle timings.
    if (auto s = set_config_value(config_, key, value); !s) {
        log::warn("setting saved but not applied: " + s.error().message);
        return;
    }
    session_ = std::make_unique<Session>(services_->catalogue(), session_settings(config_, services_->data_protection()),
                                         config_.language, &services_->clock());
    create_screens();
    log::info("setting applied: " + key + " = " + value);
}

}  // namespace anjungan::app
