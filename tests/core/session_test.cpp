// The visitor session: the ANTRIAN journey, required fields, idle wipe and print outcomes.
#include <catch2/catch.hpp>

#include "kiosk/core/session.h"

#include <map>

using namespace anjungan;

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
    s.handle(intent::Start{}, t);
    CHECK(s.screen() == Screen::Language);
    s.handle(intent::ChooseLanguage{"en"}, t);
    CHECK(s.screen() == Screen::Home);
    CHECK(s.language() == "en");
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    CHECK(s.screen() == Screen::Queue);
    s.handle(intent::Next{}, t);  // the long way, where a name can be added
    CHECK(s.screen() == Screen::Form);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Form);  // desk_service is required
    CHECK(s.error_field() == "desk_service");
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Review);
    s.handle(intent::Submit{}, t);
    s.handle(intent::Submit{}, t);  // a double tap submits once
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
    s.handle(intent::Reprint{}, t);
    CHECK(s.take_commands().size() == 1);
    s.handle(intent::Done{}, t);
    CHECK(s.screen() == Screen::Ticket);  // no paper yet: asked to write the number down first
    CHECK(s.confirming_leave());
    s.handle(intent::Done{}, t);
    CHECK(s.screen() == Screen::Done);
    s.handle(intent::Done{}, t);
    CHECK(s.screen() == Screen::Attract);
    CHECK(s.language() == "id");
    CHECK_FALSE(s.ticket());
}

TEST_CASE("Services without a built flow show the unavailable screen", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    auto limited = settings();
    limited.built_services = {"ANTRIAN"};
    Session s(catalogue, limited, "id");
    s.handle(intent::ChooseService{"LAPOR"}, Session::Clock::now());
    CHECK(s.screen() == Screen::Unavailable);
    s.handle(intent::Back{}, Session::Clock::now());
    CHECK(s.screen() == Screen::Home);
}

TEST_CASE("On a disk that may not hold personal data every service with a form is refused and the queue is not",
          "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    auto clear_disk = settings();
    clear_disk.refuse_personal_data = true;
    Session s(catalogue, clear_disk, "id");
    for (const std::string code : {"LAPOR", "PPID", "ADUAN_KONTEN"}) {
        s.handle(intent::ChooseService{code}, Session::Clock::now());
        CHECK(s.screen() == Screen::Unavailable);
        CHECK(s.refuses(code));
        s.handle(intent::Back{}, Session::Clock::now());
    }
    s.handle(intent::ChooseService{"ANTRIAN"}, Session::Clock::now());
    CHECK(s.screen() == Screen::Queue);
    CHECK_FALSE(s.refuses("ANTRIAN"));
    // nor does the queue take the visitor's optional name there: it is personal data too
    CHECK_FALSE(s.takes_names());
    s.handle(intent::Next{}, Session::Clock::now());
    CHECK(s.screen() == Screen::Queue);
}

TEST_CASE("On an encrypted disk the queue takes the visitor's optional name through its form", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    s.handle(intent::ChooseService{"ANTRIAN"}, Session::Clock::now());
    CHECK(s.takes_names());
    s.handle(intent::Next{}, Session::Clock::now());
    CHECK(s.screen() == Screen::Form);
}

TEST_CASE("Conditional fields appear only for the answer that asks for them", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"PPID"}, t);
    CHECK(s.visible_fields().size() == 2);
    s.handle(intent::SelectValue{"on_behalf", "yes"}, t);
    CHECK(s.visible_fields().size() == 3);
    s.handle(intent::ToggleValue{"obtain_how", "see"}, t);
    s.handle(intent::ToggleValue{"obtain_how", "softcopy"}, t);
    CHECK(s.value("obtain_how") == "see,softcopy");
    s.handle(intent::ToggleValue{"obtain_how", "see"}, t);
    CHECK(s.value("obtain_how") == "softcopy");
}

TEST_CASE("Idle asks, counts down, then wipes everything typed", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    auto t = Session::Clock::now();
    s.handle(intent::ChooseLanguage{"en"}, t);
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    s.handle(intent::SetText{"full_name", "Budi Santoso"}, t);
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

TEST_CASE("The session names the next moment it changes by itself, so an idle loop can sleep until then",
          "[core][session]") {
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    auto t = Session::Clock::now();
    CHECK_FALSE(s.next_change(t));  // the attract screen waits for a touch
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    CHECK(s.next_change(t + seconds(5)) == t + seconds(60));  // "are you still there?"
    s.tick(t + seconds(60) + milliseconds(300));
    REQUIRE(s.asking_still_there());
    const auto asked = t + seconds(60) + milliseconds(300);
    // Each second of the countdown, then the wipe at its end.
    CHECK(s.next_change(asked) == asked + seconds(1));
    CHECK(s.next_change(asked + milliseconds(1500)) == asked + seconds(2));
    CHECK(s.next_change(asked + seconds(14) + milliseconds(10)) == asked + seconds(15));
    CHECK(s.next_change(asked + seconds(20)) == asked + seconds(20));  // overdue: now
    s.tick(asked + seconds(15));
    CHECK(s.screen() == Screen::Attract);
    CHECK_FALSE(s.next_change(asked + seconds(15)));
}

TEST_CASE("A touch during the countdown keeps the visitor's session", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"desk_service", "LAPOR"}, t);
    s.tick(t + std::chrono::seconds(61));
    REQUIRE(s.asking_still_there());
    s.handle(intent::StillHere{}, t + std::chrono::seconds(62));
    s.tick(t + std::chrono::seconds(80));
    CHECK(s.screen() == Screen::Form);
    CHECK(s.value("desk_service") == "LAPOR");
}

TEST_CASE("The thank-you screen returns to the attract screen by itself", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::Submit{}, t);
    OutboxRow row;
    row.service_code = "ANTRIAN";
    s.handle(Event{TicketIssued{row}});
    s.handle(Event{PrintUpdate{PrintProgress::Printed}});  // with the ticket in hand, "done" leaves at once
    s.handle(intent::Done{}, t);
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
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);
    s.handle(intent::SetText{"full_name", "Siti Aminah"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Consent);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Consent);  // no tick, no way on
    s.handle(intent::ToggleConsent{}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle(intent::Submit{}, t);
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
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"on_behalf", "no"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::ToggleValue{"obtain_how", "see"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle(intent::EditPage{0}, t);
    CHECK(s.screen() == Screen::Form);
    CHECK(s.page() == 0);
}

TEST_CASE("Calling an officer submits at once and nothing is printed", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::CallOfficer{}, t);
    // The test catalogue has no BANTUAN service: the kiosk says so instead of sending nothing.
    CHECK(s.screen() == Screen::Unavailable);
    CHECK(s.take_commands().empty());
}

TEST_CASE("Check my ticket looks a typed reference up and shows the answer", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::CheckTicket{}, t);
    REQUIRE(s.screen() == Screen::CheckTicket);
    s.handle(intent::Next{}, t);
    CHECK(s.take_commands().empty());  // nothing typed yet
    s.handle(intent::SetText{"reference", "KTM-MPP-01-20261129-A-001"}, t);
    s.handle(intent::Next{}, t);
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
    s.handle(intent::ToggleLargeText{}, t);
    s.handle(intent::ToggleHighContrast{}, t);
    s.handle(intent::ToggleReach{}, t);
    s.handle(intent::ToggleSpeech{}, t);
    for (int i = 0; i < 5; ++i) s.handle(intent::VolumeUp{}, t);
    CHECK(s.accessibility().large_text);
    CHECK(s.accessibility().high_contrast);
    CHECK(s.accessibility().reach);
    CHECK(s.accessibility().speech);
    CHECK(s.accessibility().volume == 100);
    s.handle(intent::Cancel{}, t);
    CHECK_FALSE(s.accessibility().large_text);
    CHECK(s.accessibility().volume == 70);
}

TEST_CASE("A queue number takes one tap on the desk service, without intro, review or consent",
          "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    REQUIRE(s.screen() == Screen::Queue);
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);  // a double tap takes one number
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
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Form);
    s.handle(intent::SetText{"full_name", "Siti Nur'aini"}, t);
    s.handle(intent::Back{}, t);
    REQUIRE(s.screen() == Screen::Queue);  // back from the form returns to the desk services
    s.handle(intent::SelectValue{"desk_service", "LAPOR"}, t);
    CHECK(s.screen() == Screen::Consent);
    CHECK(s.take_commands().empty());
    s.handle(intent::Back{}, t);
    s.handle(intent::Back{}, t);
    s.handle(intent::Back{}, t);
    CHECK(s.screen() == Screen::Home);
}

TEST_CASE("No queue number is issued while the desk is closed, even from the desk services", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.set_desk_open(false);
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    CHECK(s.screen() == Screen::Unavailable);
    s.set_desk_open(true);
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    REQUIRE(s.screen() == Screen::Queue);
    s.set_desk_open(false);  // closing time while the visitor reads the buttons
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);
    CHECK(s.screen() == Screen::Unavailable);
    CHECK(s.take_commands().empty());
}

TEST_CASE("Leaving the ticket screen without a printed ticket asks once, and a printed one leaves at once",
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
    s.handle(intent::Done{}, t);
    CHECK(s.confirming_leave());
    s.handle(intent::Back{}, t);  // "go back": the number stays on screen
    CHECK_FALSE(s.confirming_leave());
    CHECK(s.screen() == Screen::Ticket);
    s.handle(intent::Reprint{}, t);
    s.handle(Event{PrintUpdate{PrintProgress::Printed, "", ""}});
    s.handle(intent::Done{}, t);
    CHECK(s.screen() == Screen::Done);
}

TEST_CASE("A ticket found by check my ticket is printed again from the status screen", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::CheckTicket{}, t);
    s.handle(intent::SetText{"reference", "A-003"}, t);
    s.handle(intent::Next{}, t);
    (void)s.take_commands();
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-003";
    s.handle(Event{TicketLookup{"A-003", row, "closed", "Sudah dilayani", 2}});
    REQUIRE(s.screen() == Screen::TicketStatus);
    CHECK(s.lookup()->server_notes == "Sudah dilayani");
    s.handle(intent::Reprint{}, t);
    s.handle(intent::Reprint{}, t);  // while printing, once
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
    s.handle(intent::LookupTicket{"KTM-MPP-01-20261129-L-002"}, t);
    CHECK(s.screen() == Screen::CheckTicket);
    CHECK(s.print().progress == PrintProgress::None);
    CHECK_FALSE(s.ticket());
}

namespace {

// The page the form shows `code` on, or -1.
int page_of(const Session& s, const std::string& code) {
    for (int p = 0; p < s.page_count(); ++p)
        for (const Attribute* a : s.page_fields(p))
            if (a->code == code) return p;
    return -1;
}

// Answers `code` as a visitor would: a tap on a choice or text typed.
void answer(Session& s, const std::string& code, const std::string& value, Session::Clock::time_point t) {
    const Attribute* a = nullptr;
    for (const Attribute* x : s.visible_fields())
        if (x->code == code) a = x;
    REQUIRE(a);
    const bool list = a->datatype == Datatype::SingleValueList || a->datatype == Datatype::MultiValueList;
    if (list) s.handle(intent::SelectValue{code, value}, t);
    else s.handle(intent::SetText{code, value}, t);
}

SessionSettings shipped_settings() {
    SessionSettings s;
    s.letters = {{"PPID", "P"}, {"LAPOR", "L"}};
    return s;
}

}  // namespace

TEST_CASE("A PPID request needs an identity and a contact, wherever the form asks for them", "[core][session]") {
    auto catalogue = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(catalogue);
    Session s(*catalogue, shipped_settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(page_of(s, "nik") == page_of(s, "org_decree_no"));
    while (s.page() < page_of(s, "nik")) s.handle(intent::Next{}, t);
    answer(s, "full_name", "Ahmad Fauzi", t);
    s.handle(intent::Next{}, t);
    // Neither NIK nor decree number: both fields say so, and the visitor stays.
    CHECK(s.page() == page_of(s, "nik"));
    REQUIRE(s.errors().size() == 2);
    CHECK(s.errors().at("nik") == FieldError{"validation.one_of", {"nik", "org_decree_no"}, ""});
    CHECK(s.errors().at("org_decree_no").message_key == "validation.one_of");
    answer(s, "org_decree_no", "AHU-0012345.AH.01.04/2024", t);
    CHECK(s.errors().empty());  // one of the group given: the group's errors end at once
    s.handle(intent::Next{}, t);
    CHECK(s.page() == page_of(s, "nik") + 1);

    // Contact: phone and/or e-mail.
    while (s.page() < page_of(s, "phone")) s.handle(intent::Next{}, t);
    answer(s, "address", "Jl. Ahmad Yani No. 5/12, Sampit", t);
    s.handle(intent::Next{}, t);
    CHECK(s.errors().count("phone"));
    CHECK(s.errors().count("email"));
    answer(s, "phone", "0812 9876 5432", t);
    s.handle(intent::Next{}, t);
    CHECK(s.errors().empty());
    CHECK(s.value("phone") == "+6281298765432");

    // An answer by e-mail needs the e-mail address, asked pages before: back there, then back here.
    const int receive_page = page_of(s, "receive_how");
    answer(s, "occupation", "Guru", t);
    answer(s, "information", "Anggaran jalan 2026", t);
    answer(s, "purpose", "Penelitian", t);
    s.handle(intent::ToggleValue{"obtain_how", "softcopy"}, t);
    while (s.page() < receive_page) {
        const int before = s.page();
        s.handle(intent::Next{}, t);
        REQUIRE(s.page() == before + 1);
    }
    answer(s, "receive_how", "email", t);
    s.handle(intent::Next{}, t);
    CHECK(s.page() == page_of(s, "email"));
    CHECK(s.errors().at("email") == FieldError{"validation.required_when", {}, "receive_how=email"});
    answer(s, "email", "ahmad.fauzi@example.id", t);
    s.handle(intent::Next{}, t);
    CHECK(s.page() == receive_page);
    s.handle(intent::Next{}, t);

    // Acting for someone else needs their name.
    answer(s, "on_behalf", "yes", t);
    for (int i = 0; i < 5 && !s.errors().count("principal_name"); ++i) s.handle(intent::Next{}, t);
    CHECK(s.errors().at("principal_name").message_key == "validation.required_when");
    answer(s, "principal_name", "Yayasan Maju", t);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Consent);
}

TEST_CASE("Every error of a page is reported at once, in form order", "[core][session]") {
    auto catalogue = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(catalogue);
    Session s(*catalogue, shipped_settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"LAPOR"}, t);
    s.handle(intent::Next{}, t);
    const int serial = s.error_serial();
    s.handle(intent::Next{}, t);
    CHECK(s.errors().size() == s.page_fields(0).size());
    CHECK(s.errors().size() >= 2);
    CHECK(s.error_field() == "kind");
    CHECK(s.error_serial() == serial + 1);
    s.handle(intent::SelectValue{"kind", "pengaduan"}, t);
    CHECK_FALSE(s.errors().count("kind"));
    CHECK(s.errors().size() == s.page_fields(0).size() - 1);
}

TEST_CASE("Submitting checks every rule again: a request without identity or contact never leaves",
          "[core][session]") {
    auto catalogue = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(catalogue);
    Session s(*catalogue, shipped_settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    const std::map<std::string, std::string> answers = {
        {"full_name", "Ahmad Fauzi"}, {"nik", "6202011203850002"}, {"address", "Jl Pelita 7"},
        {"phone", "081298765432"},    {"occupation", "Guru"},      {"information", "Anggaran"},
        {"purpose", "Penelitian"},    {"obtain_how", "read"},      {"receive_how", "pickup"},
        {"on_behalf", "no"}};
    for (const auto& [code, value] : answers) s.handle(intent::SetText{code, value}, t);
    for (int i = 0; i < 20 && s.screen() == Screen::Form; ++i) s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Consent);
    s.handle(intent::ToggleConsent{}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Review);

    // The visitor edits the identity page from the review, removes the NIK and goes back without "next".
    s.handle(intent::EditPage{page_of(s, "nik")}, t);
    s.handle(intent::SetText{"nik", ""}, t);
    s.handle(intent::Back{}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle(intent::Submit{}, t);
    CHECK(s.take_commands().empty());
    CHECK(s.screen() == Screen::Form);
    CHECK(s.page() == page_of(s, "nik"));
    CHECK(s.errors().count("org_decree_no"));

    s.handle(intent::SetText{"nik", "6202011203850002"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle(intent::Submit{}, t);
    const auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(std::get<SubmitCommand>(commands[0]).request.fields.front() ==
          std::pair<std::string, std::string>{"full_name", "Ahmad Fauzi"});
}

TEST_CASE("Editing from the review returns to the review, asking only new questions on the way", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    auto one_per_page = settings();
    one_per_page.fields_per_page = 1;
    Session s(catalogue, one_per_page, "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"on_behalf", "no"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::ToggleValue{"obtain_how", "see"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle(intent::EditPage{1}, t);
    s.handle(intent::ToggleValue{"obtain_how", "softcopy"}, t);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Review);
    CHECK(s.value("obtain_how") == "see,softcopy");

    // A changed answer that opens a new question leads to it, then straight back to the review.
    s.handle(intent::EditPage{0}, t);
    s.handle(intent::SelectValue{"on_behalf", "yes"}, t);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Form);
    CHECK(s.page() == 1);
    CHECK(s.errors().count("principal_name"));
    s.handle(intent::SetText{"principal_name", "Yayasan Maju"}, t);
    s.handle(intent::Next{}, t);
    CHECK(s.screen() == Screen::Review);
    // Back from an edited page is back to the review too.
    s.handle(intent::EditPage{2}, t);
    s.handle(intent::Back{}, t);
    CHECK(s.screen() == Screen::Review);
}

TEST_CASE("A ticket scanned during a form waits until the visitor chooses", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"on_behalf", "yes"}, t);
    s.handle(intent::LookupTicket{"KTM-MPP-01-20261129-P-001"}, t);
    CHECK(s.pending_scan() == "KTM-MPP-01-20261129-P-001");
    CHECK(s.screen() == Screen::Form);
    CHECK(s.take_commands().empty());
    s.handle(intent::KeepFilling{}, t);
    CHECK(s.pending_scan().empty());
    CHECK(s.value("on_behalf") == "yes");

    s.handle(intent::LookupTicket{"KTM-MPP-01-20261129-P-001"}, t);
    s.handle(intent::OpenScannedTicket{}, t);
    CHECK(s.screen() == Screen::CheckTicket);
    CHECK(s.value("on_behalf").empty());
    const auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(std::get<LookupCommand>(commands[0]).reference == "KTM-MPP-01-20261129-P-001");

    // With nothing typed there is nothing to lose: the ticket opens at once.
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::LookupTicket{"KTM-MPP-01-20261129-P-002"}, t);
    CHECK(s.pending_scan().empty());
    CHECK(s.screen() == Screen::CheckTicket);
}

TEST_CASE("The session follows its own ticket's delivery and ignores other requests'", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    OutboxRow row;
    row.service_code = "ANTRIAN";
    row.number = "A-001";
    row.reference = "KTM-MPP-01-20261201-A-001";
    s.handle(Event{TicketIssued{row, 0}});
    REQUIRE(s.ticket()->state == DeliveryState::Queued);
    s.handle(Event{TicketDelivery{"KTM-MPP-01-20261201-L-007", DeliveryState::Delivered, "99"}});
    CHECK(s.ticket()->state == DeliveryState::Queued);  // another visitor's request
    s.handle(Event{TicketDelivery{row.reference, DeliveryState::Sending, ""}});
    CHECK(s.ticket()->state == DeliveryState::Sending);
    s.handle(Event{TicketDelivery{row.reference, DeliveryState::Delivered, "42"}});
    CHECK(s.ticket()->state == DeliveryState::Delivered);
    CHECK(s.ticket()->server_id == "42");
}

TEST_CASE("Switching the language midway keeps every answer and the page", "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::Start{}, t);
    s.handle(intent::ChooseLanguage{"id"}, t);
    s.handle(intent::ChooseService{"PPID"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Form);
    s.handle(intent::SetText{"full_name", "Siti Nur'aini"}, t);
    s.handle(intent::SwitchLanguage{"en"}, t);
    CHECK(s.language() == "en");
    CHECK(s.screen() == Screen::Form);
    CHECK(s.page() == 0);
    CHECK(s.value("full_name") == "Siti Nur'aini");
    s.handle(intent::SwitchLanguage{"fr"}, t);  // not a language of the kiosk: nothing changes
    CHECK(s.language() == "en");
}

TEST_CASE("A submit refused because the disk is full says so, keeps the answers, and one tap submits them again",
          "[core][session]") {
    const Catalogue catalogue = test_catalogue();
    Session s(catalogue, settings(), "id");
    const auto t = Session::Clock::now();
    s.handle(intent::Start{}, t);
    s.handle(intent::ChooseLanguage{"id"}, t);
    s.handle(intent::ChooseService{"ANTRIAN"}, t);
    s.handle(intent::Next{}, t);
    s.handle(intent::SelectValue{"desk_service", "PPID"}, t);
    s.handle(intent::Next{}, t);
    REQUIRE(s.screen() == Screen::Review);
    s.handle(intent::Submit{}, t);
    REQUIRE(s.take_commands().size() == 1);

    s.handle(Event{SubmitFailed{"cannot commit the request: database or disk is full", ErrorCode::StorageFull}});
    CHECK(s.screen() == Screen::Review);
    CHECK_FALSE(s.submitting());
    CHECK(s.submit_error_code() == ErrorCode::StorageFull);
    CHECK(s.value("desk_service") == "PPID");

    s.handle(intent::Submit{}, t);  // space came back
    const auto commands = s.take_commands();
    REQUIRE(commands.size() == 1);
    CHECK(std::get<SubmitCommand>(commands[0]).request.fields == FieldValues{{"desk_service", "PPID"}});
    CHECK(s.submit_error_code() == ErrorCode::Unspecified);
    s.handle(Event{SubmitFailed{"outbox busy: database is locked", ErrorCode::StorageBusy}});
    CHECK(s.submit_error_code() == ErrorCode::StorageBusy);  // any other failure keeps the general message
}
