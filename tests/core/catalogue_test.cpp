// The default catalogue has the services and attribute codes of SPEC §2; bad catalogues are refused clearly.
#include <catch2/catch.hpp>

#include "kiosk/core/catalogue.h"

#include <map>

using Catch::Matchers::Contains;

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
    CHECK_THAT(parse_catalogue("not json").error().message, Contains("JSON"));
    CHECK_FALSE(parse_catalogue("[]"));
    const auto bad_type = parse_catalogue(
        R"([{"service_code":"X","service_name":"x","attributes":[{"code":"a","datatype":"colour"}]}])");
    REQUIRE_FALSE(bad_type);
    CHECK_THAT(bad_type.error().message, Contains("service 'X': attribute 'a'"));
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
    CHECK_THAT(refused(R"({"code":"t","datatype":"singlevaluelist","values":[{"key":"a","name":"A"}],
                      "kiosk":{"value_names":{"en":{"b":"B"}}}})"), Contains("unknown value 'b'"));
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

namespace {

// A one-service catalogue whose only attribute carries `attribute_fields` after its code and datatype.
std::string with_attribute(const std::string& attribute_fields) {
    return R"([{"service_code":"PPID","service_name":"PPID","attributes":[{"code":"purpose","datatype":"text")" +
           attribute_fields + "}]}]";
}

std::string error_of(const std::string& json_text) {
    const auto parsed = parse_catalogue(json_text);
    REQUIRE_FALSE(parsed);
    return parsed.error().message;
}

}  // namespace

TEST_CASE("Every catalogue field of the wrong JSON type is refused with the service and attribute named",
          "[core][catalogue]") {
    CHECK(error_of(with_attribute(R"(,"required":"yes")")) == "service 'PPID': attribute 'purpose': 'required' must be true or false");
    CHECK(error_of(with_attribute(R"(,"order":"1")")) ==
          "service 'PPID': attribute 'purpose': 'order' must be a whole number from -1000000 to 1000000");
    CHECK_THAT(error_of(with_attribute(R"(,"order":1.5)")), Contains("'order' must be a whole number"));
    CHECK(error_of(with_attribute(R"(,"description":7)")) == "service 'PPID': attribute 'purpose': 'description' must be a string");
    CHECK(error_of(with_attribute(R"(,"kiosk":{"max_length":"100"})")).find("'max_length' must be a whole number") !=
          std::string::npos);
    CHECK(error_of(with_attribute(R"(,"kiosk":{"privacy":true})")) ==
          "service 'PPID': attribute 'purpose': 'privacy' must be a string");
    CHECK(error_of(with_attribute(R"(,"values":[{"key":1,"name":"x"}])")) ==
          "service 'PPID': attribute 'purpose': a value: 'key' must be a string");
    CHECK(error_of(R"([{"service_code":"PPID","service_name":42}])") == "service 'PPID': 'service_name' must be a string");
    CHECK(error_of(R"([{"service_code":42,"service_name":"x"}])") == "service #1: 'service_code' must be a string");
    CHECK(error_of(R"([{"service_code":"PPID","service_name":"x","attributes":[{"code":5,"datatype":"text"}]}])") ==
          "service 'PPID': attribute #1: 'code' must be a string");
    CHECK(error_of(R"([{"service_code":"PPID","service_name":"x","attributes":{}}])") ==
          "service 'PPID': 'attributes' must be an array");
    CHECK(error_of("[7]") == "service #1 is not an object");
}

TEST_CASE("A max_length of 2^32 or more is refused, never wrapped into range", "[core][catalogue]") {
    for (const char* n : {"4294967296", "4294967396", "18446744073709551615", "-4294967196", "0", "10001"}) {
        INFO(n);
        CHECK(error_of(with_attribute(std::string(R"(,"kiosk":{"max_length":)") + n + "}")) ==
              "service 'PPID': attribute 'purpose': 'max_length' must be a whole number from 1 to 10000");
    }
    CHECK(parse_catalogue(with_attribute(R"(,"kiosk":{"max_length":10000})")));
}

TEST_CASE("A catalogue beyond what a kiosk can show is refused with a clear error", "[core][catalogue]") {
    std::string many = "[";
    for (int i = 0; i < 65; ++i)
        many += std::string(i ? "," : "") + R"({"service_code":"S)" + std::to_string(i) + R"(","service_name":"x"})";
    CHECK(error_of(many + "]") == "the catalogue has more than 64 services");

    std::string attributes;
    for (int i = 0; i < 65; ++i)
        attributes += std::string(i ? "," : "") + R"({"code":"a)" + std::to_string(i) + R"(","datatype":"text"})";
    CHECK(error_of(R"([{"service_code":"X","service_name":"x","attributes":[)" + attributes + "]}]") ==
          "service 'X': more than 64 attributes");

    std::string values;
    for (int i = 0; i < 201; ++i) values += std::string(i ? "," : "") + R"({"key":"k)" + std::to_string(i) + R"(","name":"n"})";
    CHECK(error_of(R"([{"service_code":"X","service_name":"x","attributes":[{"code":"a","datatype":"singlevaluelist","values":[)" +
                   values + "]}]}]") == "service 'X': attribute 'a': more than 200 values");

    CHECK(error_of(R"([{"service_code":"X","service_name":")" + std::string(201, 'n') + R"("}])") ==
          "service 'X': 'service_name' is longer than 200 bytes");
    CHECK(error_of(std::string(100000, '[') + std::string(100000, ']')) ==
          "the catalogue is nested deeper than any catalogue");
    CHECK(error_of("[\"" + std::string(2 << 20, 'x') + "\"]") == "the catalogue is larger than 1048576 bytes");
}
