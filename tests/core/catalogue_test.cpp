// The default catalogue has the services and attribute codes of SPEC §2; bad catalogues are refused clearly.
#include <catch2/catch.hpp>

#include "kiosk/core/catalogue.h"

#include <map>

using namespace anjungan;

namespace {

std::vector<std::string> codes(const Service& s) {
    std::vector<std::string> out;
    for (const auto& a : s.attributes) out.push_back(a.code);
    return out;
}

}  // namespace

TEST_CASE("The shipped catalogue has the five services with the wire attribute codes", "[core][catalogue]") {
    auto c = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(c);
    for (const char* code : {"LAPOR", "PPID", "ADUAN_KONTEN", "ANTRIAN", "BANTUAN"}) CHECK(c->find(code));
    CHECK(codes(*c->find("ANTRIAN")) == std::vector<std::string>{"desk_service", "full_name"});
    CHECK(codes(*c->find("ADUAN_KONTEN")) ==
          std::vector<std::string>{"url", "platform", "category", "description", "full_name", "phone"});
    CHECK(codes(*c->find("LAPOR")) ==
          std::vector<std::string>{"kind", "title", "chronology", "incident_date", "incident_location", "agency",
                                   "category", "anonymous", "confidential", "full_name", "nik", "phone", "email"});
    const auto& desk = c->find("ANTRIAN")->attributes[0];
    CHECK(desk.datatype == Datatype::SingleValueList);
    REQUIRE(desk.values.size() == 4);
    CHECK(desk.values[3].key == "KONSULTASI");
}

TEST_CASE("Broken catalogues are refused with a message naming the place", "[core][catalogue]") {
    CHECK(parse_catalogue("not json").error().message.find("JSON") != std::string::npos);
    CHECK_FALSE(parse_catalogue("[]"));
    const auto bad_type = parse_catalogue(
        R"([{"service_code":"X","service_name":"x","attributes":[{"code":"a","datatype":"colour"}]}])");
    REQUIRE_FALSE(bad_type);
    CHECK(bad_type.error().message.find("service 'X': attribute 'a'") != std::string::npos);
    CHECK_FALSE(parse_catalogue(
        R"([{"service_code":"X","service_name":"x","attributes":[{"code":"a","datatype":"singlevaluelist"}]}])"));
    CHECK_FALSE(parse_catalogue(R"([{"service_code":"X","service_name":"x"},{"service_code":"X","service_name":"y"}])"));
    CHECK_FALSE(parse_catalogue(R"([{"service_code":"lower","service_name":"x"}])"));
}

TEST_CASE("Kiosk hints carry labels and choices per language, a one-line hint and the form's rules",
          "[core][catalogue]") {
    const auto c = parse_catalogue(R"([{"service_code":"X","service_name":"x","attributes":[
        {"code":"anonymous","datatype":"singlevaluelist","description":"Anonim",
         "values":[{"key":"yes","name":"Ya"},{"key":"no","name":"Tidak"}],
         "kiosk":{"names":{"en":"Anonymous"},"value_names":{"en":{"yes":"Yes"}},
                  "hint":{"id":"Terlapor tidak melihat pelapor.","en":"The reported party cannot see who reported."}}},
        {"code":"nik","datatype":"string","description":"NIK","kiosk":{"one_of":"identity"}},
        {"code":"org_decree_no","datatype":"string","description":"SK","kiosk":{"one_of":"identity",
         "required_when":"anonymous=no"}}]}])");
    REQUIRE(c);
    const auto& anonymous = c->services[0].attributes[0];
    CHECK(anonymous.label("en") == "Anonymous");
    CHECK(anonymous.label("id") == "Anonim");  // the catalogue's own text
    CHECK(anonymous.value_label("yes", "en") == "Yes");
    CHECK(anonymous.value_label("no", "en") == "Tidak");  // no English name given: the catalogue's
    CHECK(anonymous.hint_text("en") == "The reported party cannot see who reported.");
    CHECK(anonymous.hint_text("id") == "Terlapor tidak melihat pelapor.");
    CHECK(c->services[0].attributes[1].one_of == "identity");
    CHECK(c->services[0].attributes[2].required_when == "anonymous=no");
}

TEST_CASE("Rules naming no answer of their service, lonely groups and stray names are refused", "[core][catalogue]") {
    const std::string head = R"([{"service_code":"X","service_name":"x","attributes":[
        {"code":"pick","datatype":"singlevaluelist","description":"p","values":[{"key":"a","name":"A"}]},)";
    const auto refused = [&](const std::string& attribute) {
        const auto c = parse_catalogue(head + attribute + "]}]");
        return c ? std::string() : c.error().message;
    };
    CHECK(refused(R"({"code":"t","datatype":"string","kiosk":{"required_when":"missing=a"}})").find("'missing=a'") !=
          std::string::npos);
    CHECK(refused(R"({"code":"t","datatype":"string","kiosk":{"required_when":"pick=zzz"}})").find("attribute 't'") !=
          std::string::npos);
    CHECK(refused(R"({"code":"t","datatype":"string","kiosk":{"one_of":"alone"}})").find("'alone'") !=
          std::string::npos);
    CHECK(refused(R"({"code":"t","datatype":"string","kiosk":{"names":"English"}})").find("'names'") !=
          std::string::npos);
    CHECK(refused(R"({"code":"t","datatype":"singlevaluelist","values":[{"key":"a","name":"A"}],
                      "kiosk":{"value_names":{"en":{"b":"B"}}}})").find("unknown value 'b'") != std::string::npos);
    CHECK(refused(R"({"code":"t","datatype":"string","kiosk":{"required_when":"pick=a"}})").empty());
}

TEST_CASE("The shipped PPID form asks for an identity and a contact as the law does", "[core][catalogue]") {
    auto c = load_catalogue(TEST_ASSET_DIR "/services.json");
    REQUIRE(c);
    std::map<std::string, const Attribute*> ppid;
    for (const auto& a : c->find("PPID")->attributes) ppid[a.code] = &a;
    CHECK(ppid["nik"]->one_of == "identity");
    CHECK(ppid["org_decree_no"]->one_of == "identity");
    CHECK(ppid["phone"]->one_of == "contact");
    CHECK(ppid["email"]->one_of == "contact");
    CHECK(ppid["email"]->required_when == "receive_how=email");
    CHECK(ppid["principal_name"]->required_when == "on_behalf=yes");
}
