// Open311 GeoReport v2 stand-in server for tests: records every POST, honours Idempotency-Key, injects faults.
//
// Usage: open311_peer --port N (0: any free port) --record FILE.jsonl [--tls-cert CERT --tls-key KEY]
//        [--api-key KEY]. Binds 127.0.0.1 and prints "LISTENING <port>" once ready; SIGTERM ends it cleanly.
//
// POST /requests.json appends one JSON line to the record file before anything is answered:
//   {time, method, path, idempotency_key (or null), params (form, last value wins), duplicate,
//    service_request_id (null when nothing was created), fault (only when a fault was injected)}.
// "duplicate" means a request already exists for that Idempotency-Key; it gets the same id back.
// The record file is also read back at start, so a peer restarted on the same file keeps its ledger.
//
// Faults (POST /_faults {"mode","count" (-1: forever),"retry_after","delay_ms","key"}; DELETE /_faults resets).
// With "key", only POSTs with that Idempotency-Key get the fault (and use up its count); others are served.
//   refused, nothing created:  status_500, status_503, status_502, status_400, status_401, status_403,
//                              status_404, status_408, status_422, status_429 (+ Retry-After): an Open311
//                              error array; status_400_html: a proxy's HTML page instead;
//                              reset (TCP RST, no response)
//   created, answer spoiled:   drop_after_record (FIN, no response), truncated_json, malformed_json,
//                              oversized_json (valid JSON > 2 MiB), slow_drip (4 bytes per delay_ms,
//                              chunked), token (answers [{"token":"TK-n"}] instead of the id)
//   hang:                      waits delay_ms (<= 0: until shutdown), then is handled normally; nothing
//                              is recorded while it waits.
//
// An officer's update (POST /_requests/{id}/status {"status","status_notes"}) changes what GET
// /requests/{id}.json answers; it is kept in memory only (a restarted peer answers "open" again).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <pthread.h>
#include <set>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

using json = nlohmann::json;

constexpr size_t kDripBytesPerChunk = 4;
constexpr size_t kOversizedBodyBytes = 2 * 1024 * 1024 + 512 * 1024;
constexpr size_t kWorkerThreads = 32;  // hung requests hold a worker each; others must still be served

struct CommandLine {
    int port = 0;
    std::string record_path;
    std::string tls_cert;
    std::string tls_key;
    std::string api_key;  // empty: any api_key is accepted
    std::string services;  // a catalogue file (the kiosk's format) to serve; empty: a small built-in one
};

// ---------------------------------------------------------------- shutdown

std::mutex stop_mutex;
std::condition_variable stop_signal;
bool stopping = false;

void announce_stopping() {
    std::lock_guard lock(stop_mutex);
    stopping = true;
    stop_signal.notify_all();
}

// Sleeps that a shutdown cuts short, so SIGTERM never waits for a hung request. False once stopping.
bool pause_unless_stopping(std::chrono::milliseconds duration) {
    std::unique_lock lock(stop_mutex);
    if (duration.count() <= 0) {
        stop_signal.wait(lock, [] { return stopping; });
        return false;
    }
    return !stop_signal.wait_for(lock, duration, [] { return stopping; });
}

// ---------------------------------------------------------------- small helpers

std::string now_iso8601() {
    auto now = std::chrono::system_clock::now();
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[96];  // room for any int the compiler imagines
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    return text;
}

// Visitors type anything; invalid UTF-8 must not crash the peer, so it is replaced rather than thrown on.
std::string to_text(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

int hex_value(char digit) {
    if (digit >= '0' && digit <= '9') return digit - '0';
    if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
    if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
    return -1;
}

std::string form_decode(std::string_view text) {
    std::string decoded;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            decoded += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            decoded += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            decoded += text[i];
        }
    }
    return decoded;
}

// Query-string parameters first, then the form body; a repeated key keeps its last value.
json form_params(const httplib::Request& req) {
    json params = json::object();
    for (const auto& [name, value] : req.params) params[name] = value;
    std::string_view body(req.body);
    while (!body.empty()) {
        auto amp = body.find('&');
        std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (pair.empty()) continue;
        auto equals = pair.find('=');
        std::string name = form_decode(pair.substr(0, equals));
        params[name] = equals == std::string_view::npos ? "" : form_decode(pair.substr(equals + 1));
    }
    return params;
}

std::optional<std::string> text_param(const json& params, const char* name) {
    if (!params.contains(name) || params[name].get_ref<const std::string&>().empty()) return std::nullopt;
    return params[name].get<std::string>();
}

json error_array(int code, const std::string& description) {
    return json::array({{{"code", code}, {"description", description}}});
}

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(to_text(body), "application/json; charset=utf-8");
}

// ---------------------------------------------------------------- dropping a connection

int port_of(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return -1;
}

// httplib hides the socket from handlers, so find it: the accepted socket whose peer is this client.
int find_connection_socket(const httplib::Request& req, int local_port) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        int fd = std::atoi(entry.path().filename().c_str());
        sockaddr_storage peer{}, local{};
        socklen_t peer_len = sizeof peer, local_len = sizeof local;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
        if (port_of(peer) == req.remote_port && port_of(local) == local_port) return fd;
    }
    return -1;
}

// Replaces the socket under httplib's feet with /dev/null: the client sees the connection end with no
// response (a RST when `reset`, otherwise a FIN), while httplib harmlessly writes its reply into /dev/null.
// The handler runs on the connection's own thread, so nobody else uses the descriptor meanwhile.
bool drop_connection(const httplib::Request& req, int local_port, bool reset) {
    int fd = find_connection_socket(req, local_port);
    if (fd < 0) return false;
    if (reset) {
        linger abortive{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    int sink = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (sink < 0) return false;
    dup2(sink, fd);
    close(sink);
    return true;
}

// ---------------------------------------------------------------- faults

const std::set<std::string> kFaultModes = {
    "none",      "status_503",        "status_500",    "status_400",     "status_408",     "status_429",
    "status_401", "status_403",       "status_404",    "status_422",     "status_502",     "status_400_html",
    "hang",      "reset",             "drop_after_record", "truncated_json", "malformed_json", "oversized_json",
    "slow_drip", "token"};

struct Fault {
    std::string mode = "none";
    int remaining = 0;  // -1: forever
    int retry_after = 1;
    int delay_ms = 0;
    std::string key;  // empty: every POST
};

bool is_status_fault(const std::string& mode) { return mode.rfind("status_", 0) == 0; }

// ---------------------------------------------------------------- the server's state

struct ServiceRequest {
    std::string id;
    std::string token;
    std::string service_code;
    std::string description;
    std::string address;
    std::string requested_at;
    std::string status = "open";
    std::string status_notes;
};

struct Submission {
    ServiceRequest request;
    bool duplicate = false;
};

class Ledger {
public:
    // A known key gets the request it created the first time; anything else creates a new one.
    Submission submit(const std::optional<std::string>& key, const json& params, const std::string& time) {
        if (key) {
            ++key_counts_[*key];
            if (auto known = by_key_.find(*key); known != by_key_.end()) {
                ++duplicates_;
                return {requests_.at(known->second), true};
            }
        }
        ServiceRequest created = make_request(params, time);
        if (key) by_key_[*key] = created.id;
        return {created, false};
    }

    // Rebuilds the ledger from an earlier run's record lines, so a restarted peer still honours old keys.
    void replay(const json& record) {
        if (!record.contains("service_request_id") || !record["service_request_id"].is_string()) return;
        std::optional<std::string> key;
        if (record.contains("idempotency_key") && record["idempotency_key"].is_string())
            key = record["idempotency_key"].get<std::string>();
        if (key) ++key_counts_[*key];
        if (record.value("duplicate", false)) {
            ++duplicates_;
            return;
        }
        ServiceRequest request = describe(record.value("params", json::object()), record.value("time", ""));
        request.id = record["service_request_id"].get<std::string>();
        request.token = "TK-" + request.id.substr(request.id.find('-') + 1);
        next_number_ = std::max(next_number_, std::atoi(request.id.c_str() + 3) + 1);
        if (key) by_key_[*key] = request.id;
        tokens_[request.token] = request.id;
        requests_[request.id] = request;
    }

    bool update_status(const std::string& id, const std::string& status, const std::string& notes) {
        auto found = requests_.find(id);
        if (found == requests_.end()) return false;
        found->second.status = status;
        found->second.status_notes = notes;
        return true;
    }

    const ServiceRequest* find(const std::string& id) const {
        auto found = requests_.find(id);
        return found == requests_.end() ? nullptr : &found->second;
    }

    std::optional<std::string> id_for_token(const std::string& token) const {
        auto found = tokens_.find(token);
        if (found == tokens_.end()) return std::nullopt;
        return found->second;
    }

    bool knows_key(const std::optional<std::string>& key) const { return key && by_key_.count(*key) > 0; }

    json summary() const {
        json keys = json::object();
        for (const auto& [key, count] : key_counts_) keys[key] = count;
        return {{"requests", requests_.size()}, {"duplicates", duplicates_}, {"keys", keys}};
    }

private:
    static ServiceRequest describe(const json& params, const std::string& time) {
        ServiceRequest request;
        request.service_code = params.value("service_code", "");
        request.description = params.value("description", "");
        request.address = params.value("address_string", "");
        request.requested_at = time;
        return request;
    }

    ServiceRequest make_request(const json& params, const std::string& time) {
        ServiceRequest request = describe(params, time);
        int number = next_number_++;
        request.id = "SR-" + std::to_string(number);
        request.token = "TK-" + std::to_string(number);
        tokens_[request.token] = request.id;
        requests_[request.id] = request;
        return request;
    }

    int next_number_ = 1;
    int duplicates_ = 0;
    std::map<std::string, ServiceRequest> requests_;
    std::map<std::string, std::string> by_key_;
    std::map<std::string, std::string> tokens_;
    std::map<std::string, int> key_counts_;
};

class Peer {
public:
    explicit Peer(const CommandLine& options) : options_(options) {
        replay_record_file();
        record_.open(options.record_path, std::ios::app);
        if (!record_) throw std::runtime_error("cannot open record file " + options.record_path);
    }

    void set_local_port(int port) { local_port_ = port; }
    void install(httplib::Server& server);

private:
    void replay_record_file() {
        std::ifstream earlier(options_.record_path);
        std::string line;
        while (std::getline(earlier, line)) {
            auto record = json::parse(line, nullptr, false);
            if (!record.is_discarded() && record.is_object()) ledger_.replay(record);
        }
    }

    Fault take_fault(const std::optional<std::string>& key) {
        std::lock_guard lock(mutex_);
        Fault taken = fault_;
        if (fault_.mode == "none" || fault_.remaining == 0) return Fault{};
        if (!fault_.key.empty() && key != fault_.key) return Fault{};
        if (fault_.remaining > 0 && --fault_.remaining == 0) fault_ = Fault{};
        return taken;
    }

    void write_record(json record) {
        std::lock_guard lock(mutex_);
        record_ << to_text(record) << '\n' << std::flush;
    }

    json new_record(const httplib::Request& req, const json& params, const std::optional<std::string>& key,
                    const std::string& time) {
        return {{"time", time},
                {"method", req.method},
                {"path", req.path},
                {"idempotency_key", key ? json(*key) : json(nullptr)},
                {"params", params},
                {"duplicate", false},
                {"service_request_id", nullptr}};
    }

    std::optional<std::string> refusal(const json& params) const {
        if (!options_.api_key.empty() && params.value("api_key", "") != options_.api_key) return "api_key invalid";
        if (!text_param(params, "service_code")) return "service_code missing";
        return std::nullopt;
    }

    void post_request(const httplib::Request& req, httplib::Response& res);
    void answer_with_fault(const httplib::Request& req, httplib::Response& res, const Fault& fault,
                           json record);
    void answer_created(const httplib::Request& req, httplib::Response& res, const Fault& fault,
                        const ServiceRequest& created);
    void get_request(const httplib::Request& req, httplib::Response& res);
    void get_token(const httplib::Request& req, httplib::Response& res);
    void post_faults(const httplib::Request& req, httplib::Response& res);

    CommandLine options_;
    int local_port_ = 0;
    std::mutex mutex_;
    std::ofstream record_;
    Ledger ledger_;
    Fault fault_;
};

json created_body(const ServiceRequest& request) {
    return json::array({{{"service_request_id", request.id},
                         {"service_notice", "Request received; a duplicate of the same key returns this id."}}});
}

// Faults that happen before the server accepts the request: nothing is created.
void Peer::answer_with_fault(const httplib::Request& req, httplib::Response& res, const Fault& fault,
                             json record) {
    write_record(std::move(record));
    if (fault.mode == "reset") {
        if (!drop_connection(req, local_port_, true)) send_json(res, 500, error_array(500, "reset failed"));
        return;
    }
    int status = std::stoi(fault.mode.substr(7));
    if (status == 429) res.set_header("Retry-After", std::to_string(fault.retry_after));
    if (fault.mode.size() > 5 && fault.mode.substr(fault.mode.size() - 5) == "_html") {
        res.status = status;
        return res.set_content("<html><body>Bad Request (proxy)</body></html>", "text/html");
    }
    send_json(res, status, error_array(status, "injected fault " + fault.mode));
}

// Faults that hit the answer of an accepted request: the ledger already holds it.
void Peer::answer_created(const httplib::Request& req, httplib::Response& res, const Fault& fault,
                          const ServiceRequest& created) {
    const std::string& mode = fault.mode;
    std::string body = to_text(created_body(created));
    res.status = 201;
    if (mode == "drop_after_record") {
        if (!drop_connection(req, local_port_, false)) send_json(res, 500, error_array(500, "drop failed"));
    } else if (mode == "truncated_json") {
        res.set_content(body.substr(0, body.size() / 2), "application/json");
    } else if (mode == "malformed_json") {
        res.set_content("[{service_request_id: '" + created.id + "',,}]", "application/json");
    } else if (mode == "oversized_json") {
        json huge = json::array({{{"service_request_id", created.id},
                                  {"service_notice", std::string(kOversizedBodyBytes, 'x')}}});
        res.set_content(to_text(huge), "application/json");
    } else if (mode == "token") {
        res.set_content(to_text(json::array({{{"token", created.token}}})), "application/json");
    } else if (mode == "slow_drip") {
        auto delay = std::chrono::milliseconds(fault.delay_ms);
        res.set_chunked_content_provider("application/json", [body, delay](size_t offset, httplib::DataSink& sink) {
            if (offset >= body.size()) {
                sink.done();
                return true;
            }
            if (!pause_unless_stopping(delay)) return false;
            return sink.write(body.data() + offset, std::min(kDripBytesPerChunk, body.size() - offset));
        });
    } else {
        res.set_content(body, "application/json; charset=utf-8");
    }
}

void Peer::post_request(const httplib::Request& req, httplib::Response& res) {
    json params = form_params(req);
    std::optional<std::string> key;
    if (req.has_header("Idempotency-Key")) key = req.get_header_value("Idempotency-Key");
    Fault fault = take_fault(key);

    if (fault.mode == "hang" && !pause_unless_stopping(std::chrono::milliseconds(fault.delay_ms))) return;
    std::string time = now_iso8601();
    json record = new_record(req, params, key, time);
    if (fault.mode != "none") record["fault"] = fault.mode;

    if (is_status_fault(fault.mode) || fault.mode == "reset") {
        {
            std::lock_guard lock(mutex_);
            record["duplicate"] = ledger_.knows_key(key);
        }
        return answer_with_fault(req, res, fault, std::move(record));
    }

    if (auto reason = refusal(params)) {
        write_record(std::move(record));
        int status = *reason == "api_key invalid" ? 403 : 400;
        return send_json(res, status, error_array(status, *reason));
    }
    Submission submission;
    {
        std::lock_guard lock(mutex_);
        submission = ledger_.submit(key, params, time);
    }
    record["duplicate"] = submission.duplicate;
    record["service_request_id"] = submission.request.id;
    write_record(std::move(record));
    answer_created(req, res, fault, submission.request);
}

json request_view(const ServiceRequest& request) {
    json view = {{"service_request_id", request.id},        {"token", request.token},
                 {"status", request.status},                {"service_code", request.service_code},
                 {"description", request.description},      {"address", request.address},
                 {"requested_datetime", request.requested_at}, {"updated_datetime", request.requested_at}};
    if (!request.status_notes.empty()) view["status_notes"] = request.status_notes;
    return view;
}

void Peer::get_request(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    const ServiceRequest* request = ledger_.find(req.matches[1]);
    if (!request) return send_json(res, 404, error_array(404, "service_request_id not found"));
    send_json(res, 200, json::array({request_view(*request)}));
}

void Peer::get_token(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex_);
    std::string token = req.matches[1];
    auto id = ledger_.id_for_token(token);
    if (!id) return send_json(res, 404, error_array(404, "token not found"));
    send_json(res, 200, json::array({{{"service_request_id", *id}, {"token", token}}}));
}

void Peer::post_faults(const httplib::Request& req, httplib::Response& res) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return send_json(res, 400, error_array(400, "JSON object expected"));
    Fault fault;
    fault.mode = body.value("mode", "none");
    if (!kFaultModes.count(fault.mode)) return send_json(res, 400, error_array(400, "unknown mode " + fault.mode));
    fault.remaining = body.value("count", 1);
    fault.retry_after = body.value("retry_after", 1);
    fault.delay_ms = body.value("delay_ms", 0);
    fault.key = body.value("key", "");
    std::lock_guard lock(mutex_);
    fault_ = fault;
    send_json(res, 200, {{"mode", fault.mode}, {"count", fault.remaining}});
}

// ---------------------------------------------------------------- catalogue

// The catalogue served from --services: Open311 definitions as an office server keeps them, without the
// kiosk's own hints (a real server does not know them; the kiosk merges its local ones).
json& served_catalogue() {
    static json catalogue;
    return catalogue;
}

json catalogue_list() {
    json list = json::array();
    for (const auto& s : served_catalogue()) {
        json entry = s;
        entry.erase("attributes");
        entry["metadata"] = s.contains("attributes") && !s["attributes"].empty();
        list.push_back(entry);
    }
    return list;
}

std::optional<json> catalogue_definition(const std::string& code) {
    for (const auto& s : served_catalogue()) {
        if (s.value("service_code", "") != code) continue;
        json attributes = s.value("attributes", json::array());
        for (auto& a : attributes) a.erase("kiosk");
        return json{{"service_code", code}, {"attributes", attributes}};
    }
    return std::nullopt;
}

json service_list() {
    if (!served_catalogue().empty()) return catalogue_list();
    auto service = [](const char* code, const char* name, bool metadata) {
        return json{{"service_code", code}, {"service_name", name},  {"description", name},
                    {"metadata", metadata}, {"type", "realtime"},    {"keywords", ""},
                    {"group", "kiosk"}};
    };
    return json::array({service("LAPOR", "SP4N-LAPOR! complaint or aspiration", true),
                        service("PPID", "Public information request", true),
                        service("ADUAN_KONTEN", "Negative content report", true),
                        service("ANTRIAN", "Queue number for the desk", true),
                        service("BANTUAN", "Call an officer", false)});
}

json attribute(const char* code, const char* datatype, bool required, int order) {
    return {{"variable", true}, {"code", code},         {"datatype", datatype},
            {"required", required}, {"order", order}, {"description", code}};
}

std::optional<json> service_definition(const std::string& code) {
    if (!served_catalogue().empty()) return catalogue_definition(code);
    json attributes;
    if (code == "LAPOR") {
        json kind = attribute("kind", "singlevaluelist", true, 1);
        kind["values"] = json::array({{{"key", "pengaduan"}, {"name", "Pengaduan"}},
                                      {{"key", "aspirasi"}, {"name", "Aspirasi"}}});
        attributes = json::array({kind, attribute("title", "string", true, 2), attribute("chronology", "text", true, 3)});
    } else if (code == "PPID") {
        attributes = json::array({attribute("information", "text", true, 1), attribute("purpose", "text", true, 2)});
    } else if (code == "ADUAN_KONTEN") {
        attributes = json::array({attribute("url", "string", true, 1), attribute("description", "text", true, 2)});
    } else if (code == "ANTRIAN") {
        json desk = attribute("desk_service", "singlevaluelist", true, 1);
        desk["values"] = json::array({{{"key", "LAPOR"}, {"name", "SP4N-LAPOR!"}},
                                      {{"key", "PPID"}, {"name", "PPID"}},
                                      {{"key", "ADUAN_KONTEN"}, {"name", "Aduan Konten"}},
                                      {{"key", "KONSULTASI"}, {"name", "Konsultasi"}}});
        attributes = json::array({desk, attribute("full_name", "string", false, 2)});
    } else if (code == "BANTUAN") {
        attributes = json::array();
    } else {
        return std::nullopt;
    }
    return json{{"service_code", code}, {"attributes", attributes}};
}

void Peer::install(httplib::Server& server) {
    server.Post("/requests.json", [this](const auto& req, auto& res) { post_request(req, res); });
    server.Get(R"(/requests/([^/]+)\.json)", [this](const auto& req, auto& res) { get_request(req, res); });
    server.Get(R"(/tokens/([^/]+)\.json)", [this](const auto& req, auto& res) { get_token(req, res); });
    server.Get("/services.json", [](const auto&, auto& res) { send_json(res, 200, service_list()); });
    server.Get(R"(/services/([^/]+)\.json)", [](const httplib::Request& req, httplib::Response& res) {
        auto definition = service_definition(req.matches[1]);
        if (!definition) return send_json(res, 404, error_array(404, "service_code not found"));
        send_json(res, 200, *definition);
    });
    server.Get("/_ledger", [this](const auto&, auto& res) {
        std::lock_guard lock(mutex_);
        json summary = ledger_.summary();
        summary["fault"] = {{"mode", fault_.mode}, {"remaining", fault_.remaining}};
        send_json(res, 200, summary);
    });
    server.Post("/_faults", [this](const auto& req, auto& res) { post_faults(req, res); });
    server.Post(R"(/_requests/([^/]+)/status)", [this](const httplib::Request& req, httplib::Response& res) {
        const json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) return send_json(res, 400, error_array(400, "JSON object expected"));
        std::lock_guard lock(mutex_);
        if (!ledger_.update_status(req.matches[1], body.value("status", "open"), body.value("status_notes", "")))
            return send_json(res, 404, error_array(404, "service_request_id not found"));
        send_json(res, 200, {{"service_request_id", req.matches[1]}});
    });
    server.Delete("/_faults", [this](const auto&, auto& res) {
        std::lock_guard lock(mutex_);
        fault_ = Fault{};
        send_json(res, 200, {{"mode", "none"}, {"count", 0}});
    });
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
            send_json(res, res.status, error_array(res.status, "not found"));
            return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_json(res, 500, error_array(500, "peer error"));
    });
}

// ---------------------------------------------------------------- main

[[noreturn]] void usage() {
    std::cerr << "usage: open311_peer --port N --record FILE.jsonl [--tls-cert CERT --tls-key KEY] "
                 "[--api-key KEY] [--services CATALOGUE.json]\n";
    std::exit(2);
}

CommandLine parse_command_line(int argc, char** argv) {
    CommandLine options;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (i + 1 >= argc) usage();
        std::string value = argv[++i];
        if (flag == "--port") options.port = std::atoi(value.c_str());
        else if (flag == "--record") options.record_path = value;
        else if (flag == "--tls-cert") options.tls_cert = value;
        else if (flag == "--tls-key") options.tls_key = value;
        else if (flag == "--api-key") options.api_key = value;
        else if (flag == "--services") options.services = value;
        else usage();
    }
    if (options.record_path.empty() || options.tls_cert.empty() != options.tls_key.empty()) usage();
    return options;
}

std::unique_ptr<httplib::Server> make_server(const CommandLine& options) {
    if (options.tls_cert.empty()) return std::make_unique<httplib::Server>();
    auto server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!server->is_valid()) {
        std::cerr << "open311_peer: cannot load TLS certificate or key\n";
        std::exit(1);
    }
    return server;
}

// The listening server, published for the termination watcher; null once main is done with it.
std::mutex server_mutex;
httplib::Server* running_server = nullptr;

// Stops the server if main still runs it; true while it may still be running.
bool stop_running_server() {
    std::lock_guard lock(server_mutex);
    if (running_server) running_server->stop();
    return running_server != nullptr;
}

void forget_running_server() {
    std::lock_guard lock(server_mutex);
    running_server = nullptr;
}

// SIGTERM is taken by sigwait on its own thread, where calling into httplib is safe (unlike a handler).
// stop() is a no-op until the listen loop has started, so it is repeated until main is done.
void watch_for_termination() {
    sigset_t termination;
    sigemptyset(&termination);
    sigaddset(&termination, SIGTERM);
    sigaddset(&termination, SIGINT);
    int received = 0;
    sigwait(&termination, &received);
    announce_stopping();
    while (stop_running_server()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void block_termination_signals() {
    sigset_t termination;
    sigemptyset(&termination);
    sigaddset(&termination, SIGTERM);
    sigaddset(&termination, SIGINT);
    pthread_sigmask(SIG_BLOCK, &termination, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

int bind_loopback(httplib::Server& server, int port) {
    if (port == 0) return server.bind_to_any_port("127.0.0.1");
    return server.bind_to_port("127.0.0.1", port) ? port : -1;
}

}  // namespace

int main(int argc, char** argv) {
    CommandLine options = parse_command_line(argc, argv);
    block_termination_signals();
    if (!options.services.empty()) {
        std::ifstream file(options.services);
        served_catalogue() = json::parse(file, nullptr, false);
        if (!served_catalogue().is_array()) {
            std::cerr << "open311_peer: " << options.services << " is not a JSON array of services\n";
            return 2;
        }
    }
    auto server = make_server(options);
    // Without it every reused connection waits ~40 ms for the client's delayed ACK before each answer.
    server->set_tcp_nodelay(true);
    Peer peer(options);
    peer.install(*server);
    server->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };

    int port = bind_loopback(*server, options.port);
    if (port <= 0) {
        std::cerr << "open311_peer: cannot bind 127.0.0.1:" << options.port << "\n";
        return 1;
    }
    peer.set_local_port(port);
    running_server = server.get();
    std::thread(watch_for_termination).detach();

    std::cout << "LISTENING " << port << std::endl;
    bool clean = server->listen_after_bind();
    forget_running_server();
    announce_stopping();
    return clean ? 0 : 1;
}
