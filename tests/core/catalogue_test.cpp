// The default catalogue has the services and attribute codes of SPEC §2; bad catalogues are refused clearly.
#include <catch2/catch.hpp>

#include "kiosk/core/catalogue.h"

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
