// Tests of the test tooling itself: Process, TempDir, and the open311_peer server seen through libcurl.
#include "tests/support/open311_peer_fixture.h"
#include "tests/support/process.h"

#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sys/wait.h>

using anjungan::test::Open311Peer;
using anjungan::test::Process;
using anjungan::test::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct Reply {
    CURLcode error = CURLE_OK;
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // names in lower case
    std::chrono::milliseconds elapsed{0};
};

struct Call {
    std::string method = "POST";
    std::string form{};                       // sent as application/x-www-form-urlencoded when POST
    std::optional<std::string> idempotency_key{};
    std::string ca_file{};                    // empty: system store (plain HTTP needs none)
    long timeout_ms = 5000;
};

size_t collect_body(char* data, size_t size, size_t count, void* reply) {
    static_cast<Reply*>(reply)->body.append(data, size * count);
    return size * count;
}

size_t collect_header(char* data, size_t size, size_t count, void* reply) {
    std::string line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        value.erase(value.find_last_not_of("\r\n") + 1);
        static_cast<Reply*>(reply)->headers[name] = value;
    }
    return size * count;
}

Reply perform(const std::string& url, const Call& call) {
    Reply reply;
    CURL* curl = curl_easy_init();
    curl_slist* headers = nullptr;
    if (call.idempotency_key) headers = curl_slist_append(headers, ("Idempotency-Key: " + *call.idempotency_key).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "POST") curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.form.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (!call.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, call.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, call.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    auto started = std::chrono::steady_clock::now();
    reply.error = curl_easy_perform(curl);
    reply.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return reply;
}

Reply submit(const Open311Peer& peer, const std::string& key, const std::string& form = "service_code=LAPOR") {
    return perform(peer.base_url() + "/requests.json",
                   {.form = form, .idempotency_key = key, .ca_file = peer.ca_file()});
}

Reply get(const Open311Peer& peer, const std::string& path) {
    return perform(peer.base_url() + path, {.method = "GET", .ca_file = peer.ca_file()});
}

std::string id_in(const Reply& reply) { return json::parse(reply.body).at(0).at("service_request_id"); }

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

// ---------------------------------------------------------------- Process and TempDir

TEST_CASE("Process reads a child's stdout line by line and reports its exit status", "[peers][process]") {
    Process child({.argv = {"/bin/sh", "-c", "echo one; printf 'two\\nthree'; exit 3"}});
    CHECK(child.read_line(2s) == "one");
    CHECK(child.read_line(2s) == "two");
    CHECK(child.read_line(2s) == "three");
    CHECK_FALSE(child.read_line(2s));
    auto status = child.wait(2s);
    REQUIRE(status);
    CHECK(exit_code(*status) == 3);
}

TEST_CASE("Process passes merged environment variables and a working directory", "[peers][process]") {
    TempDir dir;
    Process child({.argv = {"sh", "-c", "echo \"$ANJUNGAN_PROBE:$(pwd -P):${PATH:+path}\""},
                   .env = {{"ANJUNGAN_PROBE", "hello"}},
                   .working_dir = dir.path()});
    auto expected = "hello:" + std::filesystem::canonical(dir.path()).string() + ":path";
    CHECK(child.read_line(2s) == expected);
}

TEST_CASE("Process writes stdout to a file when asked", "[peers][process]") {
    TempDir dir;
    std::string out = dir.path() + "/out.txt";
    Process child({.argv = {"echo", "to a file"}, .stdout_file = out});
    REQUIRE(child.wait(2s));
    std::ifstream in(out);
    std::string line;
    std::getline(in, line);
    CHECK(line == "to a file");
}

TEST_CASE("Process throws when the program cannot be started", "[peers][process]") {
    CHECK_THROWS_AS(Process({.argv = {"/nonexistent/program"}}), std::runtime_error);
}

TEST_CASE("Process read_line times out on a silent child and stop ends it", "[peers][process]") {
    Process child({.argv = {"sleep", "30"}});
    auto started = std::chrono::steady_clock::now();
    CHECK_FALSE(child.read_line(100ms));
    CHECK(std::chrono::steady_clock::now() - started >= 100ms);
    int status = child.stop(1s);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
}

TEST_CASE("Process destructor kills a child that ignores SIGTERM", "[peers][process]") {
    pid_t pid;
    {
        Process child({.argv = {"sh", "-c", "trap '' TERM; echo ready; exec sleep 30"}});
        REQUIRE(child.read_line(2s) == "ready");
        pid = child.pid();
    }
    CHECK(::kill(pid, 0) != 0);  // reaped: the pid no longer exists
}

TEST_CASE("TempDir removes its directory and contents when it dies", "[peers][process]") {
    std::string path;
    {
        TempDir dir;
        path = dir.path();
        std::filesystem::create_directories(path + "/a/b");
        std::ofstream(path + "/a/b/file") << "x";
        CHECK(std::filesystem::is_directory(path));
    }
    CHECK_FALSE(std::filesystem::exists(path));
}

// ---------------------------------------------------------------- the Open311 protocol

TEST_CASE("The peer records a form-encoded POST with its Idempotency-Key", "[peers]") {
    Open311Peer peer;
    Reply reply = submit(peer, "K-001",
                         "api_key=secret&service_code=LAPOR&description=Jalan+rusak%21&attribute%5Bkind%5D=pengaduan"
                         "&attribute%5Bkind%5D=aspirasi");
    REQUIRE(reply.error == CURLE_OK);
    CHECK(reply.status == 201);
    CHECK(id_in(reply) == "SR-1");

    auto received = peer.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0]["path"] == "/requests.json");
    CHECK(received[0]["idempotency_key"] == "K-001");
    CHECK(received[0]["params"]["description"] == "Jalan rusak!");
    CHECK(received[0]["params"]["attribute[kind]"] == "aspirasi");  // a repeated key keeps the last value
    CHECK(received[0]["duplicate"] == false);
    CHECK(received[0]["time"].is_string());
    CHECK_FALSE(received[0].contains("fault"));
}

TEST_CASE("A POST without Idempotency-Key is recorded with a null key", "[peers]") {
    Open311Peer peer;
    Reply reply = perform(peer.base_url() + "/requests.json", {.form = "service_code=PPID"});
    CHECK(reply.status == 201);
    CHECK(peer.received().at(0)["idempotency_key"].is_null());
}

TEST_CASE("A repeated Idempotency-Key returns the same id and counts as a duplicate", "[peers]") {
    Open311Peer peer;
    std::string first = id_in(submit(peer, "K-A"));
    std::string again = id_in(submit(peer, "K-A"));
    std::string other = id_in(submit(peer, "K-B"));
    CHECK(again == first);
    CHECK(other != first);

    auto ledger = peer.ledger();
    CHECK(ledger["requests"] == 2);
    CHECK(ledger["duplicates"] == 1);
    CHECK(ledger["keys"]["K-A"] == 2);
    CHECK(ledger["keys"]["K-B"] == 1);
    CHECK(peer.received().at(1)["duplicate"] == true);
}

TEST_CASE("A POST without service_code gets an Open311 error array", "[peers]") {
    Open311Peer peer;
    Reply reply = submit(peer, "K-x", "description=no+code");
    CHECK(reply.status == 400);
    auto errors = json::parse(reply.body);
    CHECK(errors.at(0)["code"] == 400);
    CHECK(errors.at(0)["description"] == "service_code missing");
    CHECK(peer.ledger()["requests"] == 0);
}

TEST_CASE("A peer with an api_key refuses POSTs that lack it", "[peers]") {
    Open311Peer peer({.api_key = "rahasia"});
    CHECK(submit(peer, "K-1", "service_code=LAPOR").status == 403);
    CHECK(submit(peer, "K-1", "service_code=LAPOR&api_key=rahasia").status == 201);
}

TEST_CASE("The peer answers request, token and service look-ups consistently", "[peers]") {
    Open311Peer peer;
    std::string id = id_in(submit(peer, "K-look", "service_code=ADUAN_KONTEN&description=hoax"));

    auto request = json::parse(get(peer, "/requests/" + id + ".json").body).at(0);
    CHECK(request["service_request_id"] == id);
    CHECK(request["status"] == "open");
    CHECK(request["service_code"] == "ADUAN_KONTEN");
    CHECK(request["requested_datetime"].is_string());
    CHECK(get(peer, "/requests/SR-999.json").status == 404);

    auto token = json::parse(get(peer, "/tokens/" + request["token"].get<std::string>() + ".json").body).at(0);
    CHECK(token["service_request_id"] == id);

    auto services = json::parse(get(peer, "/services.json").body);
    CHECK(services.size() == 5);
    auto definition = json::parse(get(peer, "/services/LAPOR.json").body);
    CHECK(definition["service_code"] == "LAPOR");
    CHECK(definition["attributes"].size() == 13);  // the kiosk's default catalogue, served by the fixture
    CHECK_FALSE(definition["attributes"][0].contains("kiosk"));  // a server does not know the kiosk's hints
    CHECK(get(peer, "/services/NOPE.json").status == 404);
}

// ---------------------------------------------------------------- faults

TEST_CASE("Status faults answer with their status for count requests, then normally", "[peers][faults]") {
    Open311Peer peer;
    for (int status : {500, 503, 400, 408}) {
        peer.set_fault("status_" + std::to_string(status), 2);
        std::string key = "K-" + std::to_string(status);
        Reply first = submit(peer, key);
        Reply second = submit(peer, key);
        CHECK(first.status == status);
        CHECK(second.status == status);
        CHECK(json::parse(first.body).at(0)["code"] == status);
        CHECK(submit(peer, key).status == 201);
    }
    CHECK(peer.ledger()["requests"] == 4);
    auto received = peer.received();
    CHECK(received.size() == 12);
    CHECK(received.at(0)["fault"] == "status_500");
    CHECK(received.at(0)["service_request_id"].is_null());
}

TEST_CASE("Credential, path and field faults answer with their status and an Open311 error, the HTML one with a page",
          "[peers][faults]") {
    Open311Peer peer;
    for (int status : {401, 403, 404, 422, 502}) {
        peer.set_fault("status_" + std::to_string(status), 1);
        Reply reply = submit(peer, "K-" + std::to_string(status));
        CHECK(reply.status == status);
        CHECK(json::parse(reply.body).at(0)["code"] == status);
    }
    peer.set_fault("status_400_html", 1);
    Reply html = submit(peer, "K-html");
    CHECK(html.status == 400);
    CHECK(html.body.find("<html>") == 0);
    CHECK(peer.ledger()["requests"] == 0);
}

TEST_CASE("A fault for one Idempotency-Key spares every other request", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault_for_key("K-bad", "status_500", 2);
    CHECK(submit(peer, "K-good").status == 201);
    CHECK(submit(peer, "K-bad").status == 500);
    CHECK(submit(peer, "K-other").status == 201);
    CHECK(submit(peer, "K-bad").status == 500);
    CHECK(submit(peer, "K-bad").status == 201);  // its count is used up by its own key only
    CHECK(peer.ledger()["requests"] == 3);
}

TEST_CASE("A 429 fault carries Retry-After", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("status_429", 1, 7);
    Reply reply = submit(peer, "K-429");
    CHECK(reply.status == 429);
    CHECK(reply.headers["retry-after"] == "7");
}

TEST_CASE("A fault with count -1 lasts until cleared", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("status_503", -1);
    for (int i = 0; i < 4; ++i) CHECK(submit(peer, "K-down").status == 503);
    peer.clear_faults();
    CHECK(submit(peer, "K-down").status == 201);
}

TEST_CASE("A reset fault gives the client a connection error and creates nothing", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("reset");
    Reply reply = submit(peer, "K-reset");
    CHECK(reply.error == CURLE_RECV_ERROR);  // "Connection reset by peer"
    CHECK(reply.status == 0);
    CHECK(peer.ledger()["requests"] == 0);
    CHECK(peer.received().at(0)["fault"] == "reset");
    CHECK(submit(peer, "K-reset").status == 201);
}

TEST_CASE("drop_after_record creates the request but sends no response, and the retry gets the same id",
          "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("drop_after_record");
    Reply lost = submit(peer, "K-lost");
    CHECK(lost.error == CURLE_GOT_NOTHING);
    CHECK(peer.ledger()["requests"] == 1);

    Reply retry = submit(peer, "K-lost");
    REQUIRE(retry.status == 201);
    auto received = peer.received();
    CHECK(id_in(retry) == received.at(0)["service_request_id"]);
    CHECK(received.at(0)["fault"] == "drop_after_record");
    CHECK(received.at(1)["duplicate"] == true);
    CHECK(peer.ledger()["duplicates"] == 1);
}

TEST_CASE("Broken JSON faults answer 201 with bodies that do not parse", "[peers][faults]") {
    Open311Peer peer;
    for (const char* mode : {"truncated_json", "malformed_json"}) {
        peer.set_fault(mode);
        Reply reply = submit(peer, mode);
        CHECK(reply.status == 201);
        CHECK(json::parse(reply.body, nullptr, false).is_discarded());
    }
}

TEST_CASE("An oversized_json answer is larger than 2 MiB", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("oversized_json");
    Reply reply = submit(peer, "K-huge");
    CHECK(reply.status == 201);
    CHECK(reply.body.size() > 2u * 1024 * 1024);
    CHECK(id_in(reply) == "SR-1");
}

TEST_CASE("slow_drip sends the answer a few bytes per delay", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("slow_drip", 1, 1, 10);
    Reply reply = submit(peer, "K-drip");
    REQUIRE(reply.error == CURLE_OK);
    CHECK(id_in(reply) == "SR-1");
    // 4 bytes per chunk, a delay before each chunk.
    auto minimum = std::chrono::milliseconds(10 * (reply.body.size() / 4));
    CHECK(reply.elapsed >= minimum);
    CHECK(peer.received().at(0)["fault"] == "slow_drip");
}

TEST_CASE("hang holds the answer for delay_ms, so an impatient client times out", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("hang", 1, 1, 400);
    Call impatient_call{.form = "service_code=LAPOR", .idempotency_key = "K-hang", .timeout_ms = 150};
    Reply impatient = perform(peer.base_url() + "/requests.json", impatient_call);
    CHECK(impatient.error == CURLE_OPERATION_TIMEDOUT);
    CHECK(peer.received().empty());  // nothing is recorded while the answer is held

    peer.set_fault("hang", 1, 1, 200);
    Call patient{.form = "service_code=LAPOR", .idempotency_key = "K-hang2", .timeout_ms = 3000};
    Reply late = perform(peer.base_url() + "/requests.json", patient);
    CHECK(late.status == 201);
    CHECK(late.elapsed >= 200ms);
}

TEST_CASE("token mode answers with a token that resolves to the request id", "[peers][faults]") {
    Open311Peer peer;
    peer.set_fault("token");
    Reply reply = submit(peer, "K-token");
    REQUIRE(reply.status == 201);
    auto answer = json::parse(reply.body).at(0);
    CHECK_FALSE(answer.contains("service_request_id"));
    std::string token = answer.at("token");
    auto resolved = json::parse(get(peer, "/tokens/" + token + ".json").body).at(0);
    CHECK(resolved["service_request_id"] == peer.received().at(0)["service_request_id"]);
}

TEST_CASE("An unknown fault mode is refused", "[peers][faults]") {
    Open311Peer peer;
    CHECK_THROWS(peer.set_fault("explode"));
}

// ---------------------------------------------------------------- lifecycle and TLS

TEST_CASE("The peer exits cleanly on SIGTERM and keeps its ledger across a restart", "[peers]") {
    Open311Peer peer;
    std::string id = id_in(submit(peer, "K-keep"));
    int port = peer.port();
    peer.stop();
    CHECK(submit(peer, "K-keep").error == CURLE_COULDNT_CONNECT);

    peer.start();
    CHECK(peer.port() == port);
    CHECK(id_in(submit(peer, "K-keep")) == id);
    CHECK(id_in(submit(peer, "K-new")) != id);
    CHECK(peer.ledger()["requests"] == 2);
    CHECK(peer.ledger()["duplicates"] == 1);
}

TEST_CASE("Process::stop of the peer reports a clean exit", "[peers]") {
    Process peer({.argv = {TEST_BINARY_DIR "/tests/peers/open311_peer", "--port", "0", "--record", "/dev/null"}});
    REQUIRE(peer.read_line(5s).value_or("").rfind("LISTENING ", 0) == 0);
    int status = peer.stop(3s);
    CHECK(exit_code(status) == 0);
}

TEST_CASE("HTTPS works with the generated CA and fails with the wrong CA", "[peers][tls]") {
    Open311Peer peer({.tls = true});
    CHECK(peer.base_url().rfind("https://127.0.0.1:", 0) == 0);
    CHECK(id_in(submit(peer, "K-tls")) == "SR-1");

    Call wrong{.form = "service_code=LAPOR", .idempotency_key = "K-tls", .ca_file = peer.pki().wrong_ca_cert};
    Reply refused = perform(peer.base_url() + "/requests.json", wrong);
    CHECK(refused.error == CURLE_PEER_FAILED_VERIFICATION);

    Reply by_name = perform("https://localhost:" + std::to_string(peer.port()) + "/services.json",
                            {.method = "GET", .ca_file = peer.ca_file()});
    CHECK(by_name.status == 200);
    CHECK(peer.ledger()["requests"] == 1);
}

TEST_CASE("The generated server pin matches the peer's key and a wrong pin fails", "[peers][tls]") {
    Open311Peer peer({.tls = true});
    REQUIRE(peer.pki().server_pin.rfind("sha256//", 0) == 0);
    for (const auto& [pin, expected] : {std::pair{peer.pki().server_pin, CURLE_OK},
                                        std::pair{std::string("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                                                  CURLE_SSL_PINNEDPUBKEYNOTMATCH}}) {
        CURL* curl = curl_easy_init();
        std::string url = peer.base_url() + "/services.json";
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_CAINFO, peer.ca_file().c_str());
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, pin.c_str());
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
        CHECK(curl_easy_perform(curl) == expected);
        curl_easy_cleanup(curl);
    }
}
