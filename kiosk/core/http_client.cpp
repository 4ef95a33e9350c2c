// libcurl-based HTTP client with RAII handles and strict limits.
#include "kiosk/core/http_client.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

namespace anjungan {
namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void ensure_curl_global() {
    static std::once_flag once;
    std::call_once(once, [] { static CurlGlobal global; });
}

struct Transfer {
    HttpResponse response;
    std::size_t limit = 0;
    bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (t->response.body.size() + n > t->limit) {
        t->too_large = true;
        return 0;  // aborts the transfer
    }
    t->response.body.append(data, n);
    return n;
}

// Retry-After is either delta-seconds or an HTTP-date; a date in the past means "now".
std::optional<long> parse_retry_after(const std::string& value) {
    const char* text = value.c_str();
    while (*text == ' ' || *text == '\t') ++text;
    char* end = nullptr;
    const long seconds = std::strtol(text, &end, 10);
    if (end != text && *text != '-') {
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') ++end;
        if (*end == '\0') return std::max(0L, seconds);
    }
    const time_t date = curl_getdate(text, nullptr);
    if (date < 0) return std::nullopt;
    return std::max<long>(0, static_cast<long>(date - std::time(nullptr)));
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * count);
    static const std::string name = "retry-after:";
    if (line.size() > name.size()) {
        std::string lower = line.substr(0, name.size());
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == name) t->response.retry_after_s = parse_retry_after(line.substr(name.size()));
    }
    return size * count;
}

// curl's one-line summary plus its error buffer, which names the actual cause (e.g. which certificate check
// failed) so the technician's last_error says more than "SSL peer certificate was not OK".
std::string transport_error(CURLcode rc, const char* detail) {
    std::string message = std::string("transport: ") + curl_easy_strerror(rc);
    if (detail && *detail && message.find(detail) == std::string::npos) message += std::string(" (") + detail + ")";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* should_cancel = static_cast<const std::function<bool()>*>(user);
    return (*should_cancel)() ? 1 : 0;  // non-zero aborts with CURLE_ABORTED_BY_CALLBACK
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

struct HttpClient::Handle {
    CURL* curl = nullptr;
    Handle() : curl(curl_easy_init()) {}
    ~Handle() { curl_easy_cleanup(curl); }
};

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
    ensure_curl_global();
    handle_ = std::make_unique<Handle>();
    if (!handle_->curl) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::post_form(const std::string& url, const std::string& body,
                                           const std::vector<std::string>& headers) {
    auto all = headers;
    all.push_back("Content-Type: application/x-www-form-urlencoded");
    return perform(url, &body, all);
}

Result<HttpResponse> HttpClient::get(const std::string& url) { return perform(url, nullptr, {}); }

Result<HttpResponse> HttpClient::perform(const std::string& url, const std::string* body,
                                         const std::vector<std::string>& headers) {
    CURL* c = handle_->curl;
    curl_easy_reset(c);
    Transfer transfer;
    transfer.limit = options_.max_body_bytes;
    std::unique_ptr<curl_slist, SlistDeleter> list;
    for (const auto& h : headers) list.reset(curl_slist_append(list.release(), h.c_str()));
    list.reset(curl_slist_append(list.release(), "Accept: application/json"));
    list.reset(curl_slist_append(list.release(), "Expect:"));  // no 100-continue round trip

    char error_detail[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_detail);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (!options_.public_key_pin.empty()) curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, options_.public_key_pin.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
    if (should_cancel_) {
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &should_cancel_);
    }
    // Refuses an announced oversized body before reading it; on_body still guards bodies of unknown length.
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);  // the buffer dies with this frame
    if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED)
        return fail("response body larger than " + std::to_string(options_.max_body_bytes) + " bytes");
    if (rc == CURLE_ABORTED_BY_CALLBACK) return fail(kHttpCancelled);
    if (rc != CURLE_OK) return fail(ErrorCode::Network, transport_error(rc, error_detail));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    return transfer.response;
}

std::string form_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace anjungan
