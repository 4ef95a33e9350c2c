// The technician's second way in: the hidden corner opens the PIN pad, the PIN is checked on the storage worker, and
// an accepted PIN wipes the visitor's session and opens technician mode.
#include "kiosk/app/app.h"

#include "kiosk/core/log.h"

namespace anjungan::app {
namespace {

// TechnicianAccess's verdict as the pad tells it.
PinAnswer pin_answer(const maintenance::PinVerdict& verdict, std::int64_t unix_now) {
    using O = maintenance::PinVerdict::Outcome;
    using K = PinAnswer::Kind;
    PinAnswer answer;
    switch (verdict.outcome) {
        case O::Wrong:
            answer.kind = K::Wrong;
            answer.tries_left = verdict.failures_left;
            break;
        case O::TooSoon: answer.kind = K::TooSoon; break;
        case O::LockedOut:
            answer.kind = K::Locked;
            answer.retry_at = verdict.retry_at;
            answer.locked_for = std::chrono::seconds(std::max<std::int64_t>(0, verdict.retry_at - unix_now));
            break;
        case O::NoPin: answer.kind = K::NoPin; break;
        case O::Accepted: break;  // technician mode opens instead
    }
    return answer;
}

}  // namespace

void App::open_technician_mode(const std::string& who) {
    // A visitor's open session is wiped first: technician mode never shows anyone's answers.
    session_->handle(intent::Cancel{}, now());
    pin_pad_->close();
    technician_->open(who, now());
}

void App::begin_technician_window(const char* name) {
    const ImGuiIO& io = ImGui::GetIO();
    const float top = notice_showing() ? notice_height() : 0.0f;
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - top));
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void App::draw_pin_pad(screens::PinPadIntents& intents) {
    // The technician's language, like technician mode; the visitor's screen and answers are not drawn.
    const screens::PinPadView view{*pin_pad_,         services_->translations(), config_.language,
                                   display_->theme(), now(),                     services_->clock().now()};
    begin_technician_window("##technician-pin");
    pin_screen_.draw(view, intents);
    ImGui::End();
    draw_notice();
}

void App::apply(const screens::PinPadIntents& intents) {
    for (const auto& intent : intents) {
        if (std::holds_alternative<pin_intent::Open>(intent)) {
            pin_screen_ = {};
            pin_pad_->open(now());
            log::info("technician PIN pad opened from the hidden corner");
        } else if (const auto* submit = std::get_if<pin_intent::Submit>(&intent)) {
            if (pin_pad_->submit(now())) services_->check_technician_pin(submit->pin);
        } else {
            pin_pad_->close();
            log::info("technician PIN pad left");
        }
    }
}

void App::on_pin_checked(const TechnicianPinChecked& checked) {
    if (!pin_pad_->checking()) return;  // the pad was left meanwhile: a card opened technician mode
    if (!checked.verdict) {
        log::error("technician PIN could not be checked: " + checked.error);
        pin_pad_->answered({PinAnswer::Kind::Failed}, now());
        return;
    }
    if (checked.verdict->outcome == maintenance::PinVerdict::Outcome::Accepted) {
        open_technician_mode(maintenance::kWhoPin);
        log::info("technician mode opened by PIN");
        return;
    }
    log::warn(std::string("technician PIN refused: ") + maintenance::to_string(checked.verdict->outcome));
    pin_pad_->answered(pin_answer(*checked.verdict, unix_seconds(services_->clock().now())), now());
}

}  // namespace anjungan::app
