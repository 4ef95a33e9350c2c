// "Call an officer": says only what is true — the desk has the call, it is still on its way, or it cannot be sent.
#include "screens/screen.h"

namespace anjungan::screens {
namespace {

// The title and the explanation for where the call is now.
std::pair<const char*, const char*> call_state(const ViewContext& view) {
    const Session& s = view.session;
    if (s.submit_error_code() == ErrorCode::StorageFull) return {"help.failed_title", "help.storage_full"};
    if (!s.submit_error().empty()) return {"help.failed_title", "help.failed"};
    if (!s.ticket()) return {"help.sending", "help.sending_body"};
    switch (s.ticket()->state) {
        case DeliveryState::Delivered: return {"help.sent", "help.body"};
        case DeliveryState::Rejected: return {"help.failed_title", "help.failed"};
        case DeliveryState::Queued:
        case DeliveryState::Sending: break;
    }
    // Queued on the kiosk: without a server it never leaves, so the visitor must walk to the desk.
    if (view.config.server_url.empty()) return {"help.not_sent", "help.no_server"};
    return {"help.sending", "help.waiting"};
}


}  // namespace

void draw_help_called(const ViewContext& view, Intents& intents) {
    const auto [title, body] = call_state(view);
    begin_body(view);
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::Dummy(ImVec2(0, view.theme.px(100)));
    ImGui::PushFont(view.theme.fonts.title);
    ImGui::PushTextWrapPos(width);
    ui::text_wrapped(view.tr(title));
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, view.theme.px(24)));
    ui::text_wrapped(view.tr(body));
    end_body();
    draw_nav_bar(view, intents, false, "done", view.tr("common.finish"), intent::Done{});
}

}  // namespace anjungan::screens
