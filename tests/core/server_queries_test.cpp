// Ticket status and catalogue fetching against the real Open311 peer.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kiosk/core/sender.h"
#include "kiosk/core/server_queries.h"
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/polling.h"
#include "tests/support/process.h"
#include "tests/support/sender_fixture.h"

using Catch::Matchers::Contains;

using namespace anjungan;
using namespace std::chrono_literals;

TEST_CASE("Check my ticket shows the local state offline and the server's status once delivered",
          "[core][status]") {
    test::OutboxRig rig;
    const auto row = rig.queue("PPID");
    HttpClient http({});

    auto offline = lookup_ticket_status(*rig.outbox, &http, "", row.reference);
    REQUIRE(offline);
    CHECK(offline->local.state == DeliveryState::Queued);
    CHECK_FALSE(offline->server_status);

    test::Open311Peer peer;
    {
        SenderSettings settings;
        settings.server_url = peer.base_url();
        Sender sender(rig.path, settings, rig.clock, nullptr);
        REQUIRE(sender.start());
        // Not asserted here: the lookup below checks the delivered state.
        test::eventually([&] { return rig.is(row, DeliveryState::Delivered); }, 5s, 20ms);
    }
    auto online = lookup_ticket_status(*rig.outbox, &http, peer.base_url(), row.reference);
    REQUIRE(online);
    CHECK(online->local.state == DeliveryState::Delivered);
    REQUIRE(online->server_status);
    CHECK(*online->server_status == "open");

    CHECK_FALSE(lookup_ticket_status(*rig.outbox, &http, peer.base_url(), "KTM-MPP-01-20000101-A-999"));
}

TEST_CASE("The catalogue is fetched from the server, keeps local hints and is saved as the last good copy",
          "[core][catalogue]") {
    test::Open311Peer peer;
    HttpClient http({});
    const std::string local = test::read_text_file(TEST_ASSET_DIR "/services.json");
    auto fetched = fetch_catalogue(http, peer.base_url(), local);
    REQUIRE(fetched);
    REQUIRE(fetched->catalogue.find("LAPOR"));
    CHECK(fetched->catalogue.find("LAPOR")->attributes.size() == 13);
    CHECK(fetched->catalogue.find("BANTUAN")->attributes.empty());
    CHECK(fetched->catalogue.find("ADUAN_KONTEN")->attributes[0].validator == "url");  // hint kept from local

    test::TempDir dir;
    const std::string path = dir.path() + "/catalogue.json";
    REQUIRE(save_last_good_catalogue(path, fetched->json_text));
    CHECK(load_catalogue(path));
}

TEST_CASE("An unreachable server gives an error and leaves the last good catalogue alone", "[core][catalogue]") {
    HttpOptions quick;
    quick.connect_timeout_ms = 500;
    HttpClient http(quick);
    auto fetched = fetch_catalogue(http, "http://127.0.0.1:9", "[]");
    REQUIRE_FALSE(fetched);
    CHECK_THAT(fetched.error().message, Contains("transport"));
}

TEST_CASE("Check my ticket finds today's short number and shows the officer's status and note", "[core][status]") {
    test::OutboxRig rig;
    const auto row = rig.queue("PPID");
    REQUIRE(row.number == "A-001");
    test::Open311Peer peer;
    {
        SenderSettings settings;
        settings.server_url = peer.base_url();
        Sender sender(rig.path, settings, rig.clock, nullptr);
        REQUIRE(sender.start());
        test::eventually([&] { return rig.is(row, DeliveryState::Delivered); }, 5s, 20ms);
    }
    const std::string server_id = rig.row(row).server_id;
    REQUIRE_FALSE(server_id.empty());
    peer.set_status(server_id, "closed", "Sudah dilayani di loket 2, Jl. Ahmad Yani No. 5/12");
    HttpClient http({});
    for (const char* typed : {"A-001", "a001", "a-1"}) {
        INFO(typed);
        auto status = lookup_ticket_status(*rig.outbox, &http, peer.base_url(), typed);
        REQUIRE(status);
        CHECK(status->local.reference == row.reference);
        CHECK(status->local.server_id == server_id);
        REQUIRE(status->server_status);
        CHECK(*status->server_status == "closed");
        CHECK(status->server_notes == "Sudah dilayani di loket 2, Jl. Ahmad Yani No. 5/12");
    }
    CHECK_FALSE(lookup_ticket_status(*rig.outbox, &http, peer.base_url(), "A-002"));
    CHECK_FALSE(lookup_ticket_status(*rig.outbox, &http, peer.base_url(), "L-001"));
}

TEST_CASE("Local hints that do not fit the server's definitions are left out instead of refusing the catalogue",
          "[core][catalogue]") {
    test::Open311Peer peer;
    HttpClient http({});
    auto local = nlohmann::json::parse(test::read_text_file(TEST_ASSET_DIR "/services.json"));
    const auto attribute = [&](const std::string& service, const std::string& code) -> nlohmann::json& {
        for (auto& s : local)
            if (s["service_code"] == service)
                for (auto& a : s["attributes"])
                    if (a["code"] == code) return a;
        throw std::runtime_error("no " + service + "." + code);
    };
    // Hints written for choices and fields this server does not have.
    attribute("LAPOR", "kind")["kiosk"]["value_names"]["en"]["petisi"] = "Petition";
    attribute("PPID", "email")["kiosk"]["required_when"] = "receive_how=fax";
    attribute("PPID", "org_decree_no")["kiosk"].erase("one_of");
    auto fetched = fetch_catalogue(http, peer.base_url(), local.dump());
    INFO((fetched ? "" : fetched.error().message));
    REQUIRE(fetched);
    std::map<std::string, const Attribute*> ppid;
    for (const auto& a : fetched->catalogue.find("PPID")->attributes) ppid[a.code] = &a;
    CHECK(ppid["email"]->required_when.empty());
    CHECK(ppid["nik"]->one_of.empty());  // a group of one is no group
    CHECK(ppid["phone"]->one_of == "contact");
    CHECK(fetched->catalogue.find("LAPOR")->attributes[0].value_label("pengaduan", "en") == "Complaint");
}

TEST_CASE("A server catalogue with a wrong JSON type is refused with the service and attribute named",
          "[core][catalogue]") {
    struct Case {
        const char* what;
        const char* pointer;  // where in the shipped catalogue the wrong value goes
        nlohmann::json value;
        const char* error;
    };
    const Case c = GENERATE(
        Case{"required as text", "/0/attributes/0/required", "yes",
             "service 'LAPOR': attribute 'kind': 'required' must be true or false"},
        Case{"order as text", "/1/attributes/2/order", "1", "service 'PPID': attribute "},
        Case{"a number as a name", "/3/service_name", 7, "service 'ANTRIAN': 'service_name' must be a string"},
        Case{"a number as an attribute code", "/2/attributes/1/code", 12, "service 'ADUAN_KONTEN': attribute #"});
    INFO(c.what);
    test::TempDir dir;
    auto catalogue = nlohmann::json::parse(test::read_text_file(TEST_ASSET_DIR "/services.json"));
    catalogue[nlohmann::json::json_pointer(c.pointer)] = c.value;
    std::ofstream(dir.path() + "/services.json") << catalogue.dump();
    test::Open311Peer peer(test::Open311Peer::Options{.services = dir.path() + "/services.json"});
    HttpClient http({});
    const auto fetched = fetch_catalogue(http, peer.base_url(), test::read_text_file(TEST_ASSET_DIR "/services.json"));
    REQUIRE_FALSE(fetched);
    CHECK_THAT(fetched.error().message, Contains(std::string("the server's catalogue is invalid: ") + c.error));
}
