// Which function draws each screen that holds no view state.
#include "screens/screen.h"

namespace anjungan::screens {

DrawScreen stateless_screen(Screen screen) {
    switch (screen) {
        case Screen::Attract: return draw_attract;
        case Screen::Language: return draw_language;
        case Screen::Home: return draw_home;
        case Screen::Unavailable: return draw_unavailable;
        case Screen::Intro: return draw_intro;
        case Screen::Consent: return draw_consent;
        case Screen::Review: return draw_review;
        case Screen::Ticket: return draw_ticket;
        case Screen::Done: return draw_done;
        case Screen::HelpCalled: return draw_help_called;
        case Screen::TicketStatus: return draw_ticket_status;
        case Screen::Queue: return draw_queue;
        case Screen::Form:
        case Screen::CheckTicket: return nullptr;
    }
    return nullptr;
}

}  // namespace anjungan::screens
