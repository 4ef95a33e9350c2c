// The visitor session: the ANTRIAN journey, required fields, idle wipe and print outcomes.
#include <catch2/catch.hpp>

#include "kiosk/core/session.h"

using namespace anjungan;
using K = Intent::Kind;

namespace {

Catalogue test_catalogue() {
    auto c = parse_catalogue(R"([
      {"service_code":"ANTRIAN","service_name":"Antrean","attributes":[
        {"code":"desk_service","datatype":"singlevaluelist","required":true,"order":1,"description":"Layanan",
         "values":[{"key":"LAPOR","name":"LAPOR"},{"key":"PPID","name":"PPID"}]},
        {"code":"full_name","datatype":"string","required":false,"order":2,"description":"Nama",
         "kiosk":{"privacy":"personal"}}]},
      {"service_code":"PPID","service_name":"PPID","attributes":[
        {"code":"on_behalf","datatype":"singlevaluelist","required":true,"order":1,"description":"x",
         "values":[{"key":"yes","name":"Ya"},{"key":"no","name":"Tidak"}]},
        {"code":"principal_name","datatype":"string","required":true,"order":2,"description":"y",
         "kiosk":{"shown_when":"on_behalf=yes"}},
        {"code":"obtain_how","datatype":"multivaluelist","required":true,"order":3,"description":"z",
         "values":[{"key":"see","name":"Lihat"},{"key":"softcopy","name":"Salinan"}]}]}
    ])");
    REQUIRE(c);
    return *c;
}

SessionSettings settings() {
    SessionSettings s;
    s.letters = {{"ANTRIAN", "A"}, {"PPID", "P"}};
    s.built_services = {"ANTRIAN", "PPID"};
    return s;
}

}  // namespace

TEST_CASE("The queue journey goes from attract to a submit command and a ticket", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    CHECK(s.screen() == Screen::Attract);
    s.handle({K::Start}, t);
    CHECK(s.screen() == Screen::Language);
    s.handle({K::ChooseLanguage, "en"}, t);
    CHECK(s.screen() == Screen::Home);
    CHECK(s.language() == "en");
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    CHECK(s.screen() == Screen::Queue);
    s.handle({K::Next}, t);  // the long way, where a name can be added
    CHECK(s.screen() == Screen::Form);
    s.handle({K::Next}, t);
    CHECK(s.screen() == Screen::Form);  // desk_service is required
    CHECK(s.error_field() == "desk_service");
    s.handle({K::SelectValue, "desk_service", "PPID"}, t);
    s.handle({K::Next}, t);
    CHECK(s.screen() == Screen::Review);
    s.handle({K::Submit}, t);
    s.handle({K::Submit}, t);  // a double tap submits once
    auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    const auto& submit = std::get<SubmitCommand>(commands[0]);
    CHECK(submit.request.service_code == "ANTRIAN");
    CHECK(submit.request.letter == "A");
    CHECK(submit.request.fields == FieldValues{{"desk_service", "PPID"}});

    OutboxRow row;
    row.number = "A-001";
    s.handle(Event{TicketIssued{row}});
    CHECK(s.screen() == Screen::Ticket);
    CHECK(s.values().empty());
    commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(std::holds_alternative<PrintCommand>(commands[0]));
    s.handle(Event{PrintUpdate{PrintProgress::Failed, "paper out"}});
    CHECK(s.print().progress == PrintProgress::Failed);
    s.handle({K::Reprint}, t);
    CHECK(s.take_commands().size() == 1);
    s.handle({K::Done}, t);
    CHECK(s.screen() == Screen::Ticket);  // no paper yet: asked to write the number down first
    CHECK(s.confirming_leave());
    s.handle({K::Done}, t);
    CHECK(s.screen() == Screen::Done);
    s.handle({K::Done}, t);
    CHECK(s.screen() == Screen::Attract);
    CHECK(s.language() == "id");
    CHECK_FALSE(s.ticket());
}

TEST_CASE("Services without a built flow show the unavailable screen", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    auto limited = settings();
    limited.built_services = {"ANTRIAN"};
    Session s(catalogue, limited, "id");
    s.handle({K::ChooseService, "LAPOR"}, Session::Clock::now());
    CHECK(s.screen() == Screen::Unavailable);
    s.handle({K::Back}, Session::Clock::now());
    CHECK(s.screen() == Screen::Home);
}

TEST_CASE("Conditional fields appear only for the answer that asks for them", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::ChooseService, "PPID"}, t);
    CHECK(s.visible_fields().size() == 2);
    s.handle({K::SelectValue, "on_behalf", "yes"}, t);
    CHECK(s.visible_fields().size() == 3);
    s.handle({K::ToggleValue, "obtain_how", "see"}, t);
    s.handle({K::ToggleValue, "obtain_how", "softcopy"}, t);
    CHECK(s.value("obtain_how") == "see,softcopy");
    s.handle({K::ToggleValue, "obtain_how", "see"}, t);
    CHECK(s.value("obtain_how") == "softcopy");
}

TEST_CASE("Idle asks, counts down, then wipes everything typed", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    auto t = Session::Clock::now();
    s.handle({K::ChooseLanguage, "en"}, t);
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    s.handle({K::SetText, "full_name", "Budi Santoso"}, t);
    s.tick(t + std::chrono::seconds(59));
    CHECK_FALSE(s.asking_still_there());
    s.tick(t + std::chrono::seconds(60));
    CHECK(s.asking_still_there());
    CHECK(s.countdown_left_s(t + std::chrono::seconds(65)) == 10);
    s.tick(t + std::chrono::seconds(75));
    CHECK(s.screen() == Screen::Attract);
    CHECK(s.values().empty());
    CHECK(s.language() == "id");
}

TEST_CASE("A touch during the countdown keeps the visitor's session", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    auto t = Session::Clock::now();
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    s.handle({K::Next}, t);
    s.handle({K::SelectValue, "desk_service", "LAPOR"}, t);
    s.tick(t + std::chrono::seconds(61));
    REQUIRE(s.asking_still_there());
    s.handle({K::StillHere}, t + std::chrono::seconds(62));
    s.tick(t + std::chrono::seconds(80));
    CHECK(s.screen() == Screen::Form);
    CHECK(s.value("desk_service") == "LAPOR");
}

TEST_CASE("The thank-you screen returns to the attract screen by itself", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    s.handle({K::Next}, t);
    s.handle({K::SelectValue, "desk_service", "PPID"}, t);
    s.handle({K::Next}, t);
    s.handle({K::Submit}, t);
    OutboxRow row;
    row.service_code = "ANTRIAN";
    s.handle(Event{TicketIssued{row}});
    s.handle(Event{PrintUpdate{PrintProgress::Printed}});  // with the ticket in hand, "done" leaves at once
    s.handle({K::Done}, t);
    REQUIRE(s.screen() == Screen::Done);
    s.tick(t + std::chrono::seconds(7));
    CHECK(s.screen() == Screen::Done);
    s.tick(t + std::chrono::seconds(8));
    CHECK(s.screen() == Screen::Attract);
}

TEST_CASE("Personal data needs an explicit consent, recorded with the request", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    ManualClock wall(from_unix_seconds(1795921200));
    set_process_timezone("Asia/Jakarta");
    Session s(catalogue, settings(), "id", &wall);
    const auto t = Session::Clock::now();
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    s.handle({K::Next}, t);
    s.handle({K::SelectValue, "desk_service", "PPID"}, t);
    s.handle({K::SetText, "full_name", "Siti Aminah"}, t);
    s.handle({K::Next}, t);
    REQUIRE(s.screen() == Screen::Consent);
    s.handle({K::Next}, t);
    CHECK(s.screen() == Screen::Consent);  // no tick, no way on
    s.handle({K::ToggleConsent}, t);
    s.handle({K::Next}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle({K::Submit}, t);
    const auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    const auto& fields = std::get<SubmitCommand>(commands[0]).request.fields;
    CHECK(fields.back() == std::pair<std::string, std::string>{"consent_at", "2026-11-29T10:00:00+07:00"});
}

TEST_CASE("Review leads back to the page of an answer", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    auto one_per_page = settings();
    one_per_page.fields_per_page = 1;
    Session s(catalogue, one_per_page, "id");
    const auto t = Session::Clock::now();
    s.handle({K::ChooseService, "PPID"}, t);
    s.handle({K::Next}, t);
    s.handle({K::SelectValue, "on_behalf", "no"}, t);
    s.handle({K::Next}, t);
    s.handle({K::ToggleValue, "obtain_how", "see"}, t);
    s.handle({K::Next}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle({K::EditPage, "0"}, t);
    CHECK(s.screen() == Screen::Form);
    CHECK(s.page() == 0);
}

TEST_CASE("Calling an officer submits at once and nothing is printed", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::CallOfficer}, t);
    // The test catalogue has no BANTUAN service: the kiosk says so instead of sending nothing.
    CHECK(s.screen() == Screen::Unavailable);
    CHECK(s.take_commands().empty());
}

TEST_CASE("Check my ticket looks a typed reference up and shows the answer", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::CheckTicket}, t);
    REQUIRE(s.screen() == Screen::CheckTicket);
    s.handle({K::Next}, t);
    CHECK(s.take_commands().empty());  // nothing typed yet
    s.handle({K::SetText, "reference", "KTM-MPP-01-20261129-A-001"}, t);
    s.handle({K::Next}, t);
    const auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(std::get<LookupCommand>(commands[0]).reference == "KTM-MPP-01-20261129-A-001");
    OutboxRow row;
    row.number = "A-001";
    s.handle(Event{TicketLookup{"KTM-MPP-01-20261129-A-001", row, "open"}});
    CHECK(s.screen() == Screen::TicketStatus);
    CHECK(s.lookup()->server_status == "open");
}

TEST_CASE("Accessibility choices last for the visit and end with it", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::ToggleLargeText}, t);
    s.handle({K::ToggleHighContrast}, t);
    s.handle({K::ToggleReach}, t);
    s.handle({K::ToggleSpeech}, t);
    for (int i = 0; i < 5; ++i) s.handle({K::VolumeUp}, t);
    CHECK(s.accessibility().large_text);
    CHECK(s.accessibility().high_contrast);
    CHECK(s.accessibility().reach);
    CHECK(s.accessibility().speech);
    CHECK(s.accessibility().volume == 100);
    s.handle({K::Cancel}, t);
    CHECK_FALSE(s.accessibility().large_text);
    CHECK(s.accessibility().volume == 70);
}

TEST_CASE("A queue number takes one tap on the desk service, without intro, review or consent",
          "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    REQUIRE(s.screen() == Screen::Queue);
    s.handle({K::SelectValue, "desk_service", "PPID"}, t);
    s.handle({K::SelectValue, "desk_service", "PPID"}, t);  // a double tap takes one number
    auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    const auto& request = std::get<SubmitCommand>(commands[0]).request;
    CHECK(request.service_code == "ANTRIAN");
    CHECK(request.fields == FieldValues{{"desk_service", "PPID"}});  // no name, so no consent_at
    CHECK(s.submitting());

    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-004";
    s.handle(Event{TicketIssued{row, 3}});
    CHECK(s.screen() == Screen::Ticket);
    CHECK(s.issued_before() == 3);
    commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(std::get<PrintCommand>(commands[0]).issued_before == 3);
}

TEST_CASE("A name on a queue number leads through the consent before the number is issued", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    s.handle({K::Next}, t);
    REQUIRE(s.screen() == Screen::Form);
    s.handle({K::SetText, "full_name", "Siti Nur'aini"}, t);
    s.handle({K::Back}, t);
    REQUIRE(s.screen() == Screen::Queue);  // back from the form returns to the desk services
    s.handle({K::SelectValue, "desk_service", "LAPOR"}, t);
    CHECK(s.screen() == Screen::Consent);
    CHECK(s.take_commands().empty());
    s.handle({K::Back}, t);
    s.handle({K::Back}, t);
    s.handle({K::Back}, t);
    CHECK(s.screen() == Screen::Home);
}

TEST_CASE("No queue number is issued while the desk is closed, even from the desk services", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.set_desk_open(false);
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    CHECK(s.screen() == Screen::Unavailable);
    s.set_desk_open(true);
    s.handle({K::ChooseService, "ANTRIAN"}, t);
    REQUIRE(s.screen() == Screen::Queue);
    s.set_desk_open(false);  // closing time while the visitor reads the buttons
    s.handle({K::SelectValue, "desk_service", "PPID"}, t);
    CHECK(s.screen() == Screen::Unavailable);
    CHECK(s.take_commands().empty());
}

TEST_CASE("Leaving the ticket screen without a printed ticket asks once; a printed one leaves at once",
          "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-001";
    s.handle(Event{TicketIssued{row, 0}});
    s.handle(Event{PrintUpdate{PrintProgress::Failed, "media-empty-error", "printer.paper_out"}});
    CHECK(s.print().reason_key == "printer.paper_out");
    s.handle({K::Done}, t);
    CHECK(s.confirming_leave());
    s.handle({K::Back}, t);  // "go back": the number stays on screen
    CHECK_FALSE(s.confirming_leave());
    CHECK(s.screen() == Screen::Ticket);
    s.handle({K::Reprint}, t);
    s.handle(Event{PrintUpdate{PrintProgress::Printed, "", ""}});
    s.handle({K::Done}, t);
    CHECK(s.screen() == Screen::Done);
}

TEST_CASE("A ticket found by check my ticket is printed again from the status screen", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle({K::CheckTicket}, t);
    s.handle({K::SetText, "reference", "A-003"}, t);
    s.handle({K::Next}, t);
    (void)s.take_commands();
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-003";
    s.handle(Event{TicketLookup{"A-003", row, "closed", "Sudah dilayani", 2}});
    REQUIRE(s.screen() == Screen::TicketStatus);
    CHECK(s.lookup()->server_notes == "Sudah dilayani");
    s.handle({K::Reprint}, t);
    s.handle({K::Reprint}, t);  // while printing, once
    const auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    const auto& print = std::get<PrintCommand>(commands[0]);
    CHECK(print.row.number == "A-003");
    CHECK(print.issued_before == 2);
    s.handle(Event{PrintUpdate{PrintProgress::Printed, "", ""}});
    CHECK(s.print().progress == PrintProgress::Printed);
    CHECK(s.screen() == Screen::TicketStatus);
}

TEST_CASE("A scanned ticket's status does not show the previous ticket's print progress", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-001";
    s.handle(Event{TicketIssued{row, 0}});
    s.handle(Event{PrintUpdate{PrintProgress::Printed}});
    s.handle({K::LookupTicket, "KTM-MPP-01-20261129-L-002"}, t);
    CHECK(s.screen() == Screen::CheckTicket);
    CHECK(s.print().progress == PrintProgress::None);
    CHECK_FALSE(s.ticket());
}
