// Open311 mapping: request bodies and the classification of server answers.
#include <catch2/catch.hpp>

#include "kiosk/core/open311.h"

using Catch::Matchers::Contains;

using namespace anjungan;

namespace {

OutboxRow antrian_row() {
    OutboxRow row;
    row.reference = "KTM-MPP-01-20261129-A-001";
    row.number = "A-001";
    row.service_code = "ANTRIAN";
    row.fields = {{"desk_service", "PPID"}, {"full_name", "Siti Nur'aini Rahmawati"}};
    return row;
}

HttpResponse response(long status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace

TEST_CASE("Full names split into Open311 first and last names", "[core][open311]") {
    CHECK(split_full_name("Siti Nur'aini Rahmawati") == std::pair<std::string, std::string>{"Siti Nur'aini", "Rahmawati"});
    CHECK(split_full_name("  Sukarno ") == std::pair<std::string, std::string>{"", "Sukarno"});
    CHECK(split_full_name("") == std::pair<std::string, std::string>{"", ""});
}

TEST_CASE("The POST body carries the service, kiosk, every attribute and the reference", "[core][open311]") {
    const std::string body = open311_post_body(antrian_row(), {"KTM-MPP-01", "MPP Habaring Hurung, Sampit", "k3y"});
    CHECK_THAT(body, Contains("api_key=k3y"));
    CHECK_THAT(body, Contains("service_code=ANTRIAN"));
    CHECK_THAT(body, Contains("device_id=KTM-MPP-01"));
    CHECK_THAT(body, Contains("address_string=MPP+Habaring+Hurung%2C+Sampit"));
    CHECK_THAT(body, Contains("attribute%5Bdesk_service%5D=PPID"));
    CHECK_THAT(body, Contains("attribute%5Bkiosk_reference%5D=KTM-MPP-01-20261129-A-001"));
    CHECK_THAT(body, Contains("first_name=Siti+Nur%27aini"));
    CHECK_THAT(body, Contains("last_name=Rahmawati"));
    CHECK_THAT(body, Contains("description=Antrean+A-001"));
}

TEST_CASE("Form encoding escapes everything but unreserved characters", "[core][open311]") {
    CHECK(form_encode("a b&c=d/é") == "a+b%26c%3Dd%2F%C3%A9");
}

TEST_CASE("A 2xx answer with an id or a token is delivered", "[core][open311]") {
    auto id = classify_post_response(response(201, R"([{"service_request_id":"SR-7","service_notice":""}])"));
    CHECK(id.kind == PostOutcome::Kind::Delivered);
    CHECK(id.service_request_id == "SR-7");
    auto token = classify_post_response(response(200, R"([{"token":"TK-1"}])"));
    CHECK(token.kind == PostOutcome::Kind::Delivered);
    CHECK(token.token == "TK-1");
    auto numeric = classify_post_response(response(200, R"([{"service_request_id":42}])"));
    CHECK(numeric.service_request_id == "42");
}

TEST_CASE("Unreadable success bodies are retried, never taken as delivered", "[core][open311]") {
    for (const char* body : {"", "[{\"service_request", "<html>ok</html>", "[]", "[{}]"}) {
        INFO(body);
        CHECK(classify_post_response(response(200, body)).kind == PostOutcome::Kind::Retry);
    }
}

TEST_CASE("Permanent client errors are rejected with the server's Open311 error", "[core][open311]") {
    auto out = classify_post_response(response(400, R"([{"code":400,"description":"service_code missing"}])"));
    CHECK(out.kind == PostOutcome::Kind::Rejected);
    CHECK(out.error == "HTTP 400: 400 service_code missing");
}

// Issue 12 changed this expectation: a 404 (like 401 and 403) says nothing about the request, so it pauses the
// queue instead of rejecting the request for good.
TEST_CASE("Answers about the kiosk or the server pause delivery, and only an Open311 error about the fields rejects",
          "[core][open311]") {
    for (long status : {401L, 403L, 404L, 405L, 429L, 502L, 503L, 504L}) {
        INFO(status);
        const auto out = classify_post_response(response(status, R"([{"code":1,"description":"x"}])"));
        CHECK(out.kind == PostOutcome::Kind::Retry);
        CHECK(out.pauses_queue);
    }
    for (const auto& paused : {response(404, ""), response(400, "<html>proxy</html>")}) {
        CHECK(classify_post_response(paused).kind == PostOutcome::Kind::Retry);
        CHECK(classify_post_response(paused).pauses_queue);
    }
    CHECK(classify_post_response(Result<HttpResponse>(fail("transport: Couldn't connect"))).pauses_queue);
    CHECK(classify_post_response(response(422, R"([{"code":422,"description":"email invalid"}])")).kind ==
          PostOutcome::Kind::Rejected);
    // Answers about this one request hold back only this request.
    for (const auto& own : {response(500, ""), response(408, ""), response(409, R"([{"code":409,"description":"c"}])"),
                            response(200, "[{}]")}) {
        const auto out = classify_post_response(own);
        CHECK(out.kind == PostOutcome::Kind::Retry);
        CHECK_FALSE(out.pauses_queue);
    }
}

TEST_CASE("Timeouts, throttling, server errors and transport failures are retried", "[core][open311]") {
    for (long status : {408L, 429L, 500L, 502L, 503L}) {
        INFO(status);
        CHECK(classify_post_response(response(status, "")).kind == PostOutcome::Kind::Retry);
    }
    auto throttled = response(429, "");
    throttled.retry_after_s = 30;
    CHECK(*classify_post_response(throttled).retry_after_s == 30);
    CHECK(classify_post_response(Result<HttpResponse>(fail("transport: Couldn't connect"))).kind ==
          PostOutcome::Kind::Retry);
}
