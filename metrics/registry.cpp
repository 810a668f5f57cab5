// Prometheus text exposition format 0.0.4:
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
#include "metrics/registry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace jobpilot::metrics {

namespace {

// -- small helpers -------------------------------------------------------------------------------

void atomic_add(std::atomic<double>& target, double amount) noexcept {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < lo || second > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/// Label values: backslash, double quote and line feed are escaped.
void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

/// HELP text: backslash and line feed are escaped (a double quote is not).
void append_help(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

/// `name{labels} value\n`, braces only when there are labels.
void append_sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += format_value(value);
  out += '\n';
}

[[noreturn]] void reject(const std::string& name, const std::string& why) {
  throw std::invalid_argument("metric " + name + ": " + why);
}

}  // namespace

// -- free functions ------------------------------------------------------------------------------

const char* to_string(metric_type t) noexcept {
  switch (t) {
    case metric_type::counter: return "counter";
    case metric_type::gauge: return "gauge";
    case metric_type::histogram: return "histogram";
  }
  return "untyped";
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Integers below 1e15 are exact in a double and read better without "e+": 1234567 not 1.234567e+06.
  if (std::fabs(v) < 1e15 && std::floor(v) == v) return std::to_string(static_cast<long long>(v));
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back exactly
  return std::string(buf, res.ptr);
}

bool valid_metric_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

bool valid_label_name(std::string_view name) noexcept {
  if (name.empty() || name.compare(0, 2, "__") == 0) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// -- children ------------------------------------------------------------------------------------

detail::child::~child() = default;

void counter::inc(double amount) noexcept {
  if (!(amount >= 0)) return;  // negative or NaN
  atomic_add(value_, amount);
}

double counter::value() const noexcept { return value_.load(std::memory_order_relaxed); }

void gauge::set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }

void gauge::inc(double amount) noexcept { atomic_add(value_, amount); }

void gauge::dec(double amount) noexcept { atomic_add(value_, -amount); }

void gauge::compute(std::function<double()> fn) {
  std::lock_guard<std::mutex> lock(callback_mutex_);
  callback_ = std::move(fn);
}

double gauge::value() const {
  // The callback runs under the lock, so once compute() returns the old one is no longer running.
  std::lock_guard<std::mutex> lock(callback_mutex_);
  if (!callback_) return value_.load(std::memory_order_relaxed);
  try {
    return callback_();
  } catch (...) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

histogram::histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(double v) noexcept {
  if (std::isnan(v)) return;
  const auto index = static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, v);
}

histogram::snapshot histogram::read() const {
  snapshot s;
  s.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

// -- families ------------------------------------------------------------------------------------

family::family(std::string name, std::string help, metric_type type, std::vector<std::string> label_names)
    : name_(std::move(name)), help_(std::move(help)), type_(type), label_names_(std::move(label_names)) {}

family::~family() = default;

detail::child& family::child_for(const std::string_view* values, std::size_t n,
                                 const std::function<std::unique_ptr<detail::child>()>& make) {
  if (n != label_names_.size()) {
    std::string expected;
    for (const auto& l : label_names_) expected += (expected.empty() ? "" : ", ") + l;
    reject(name_, "expects " + std::to_string(label_names_.size()) + " label value(s) (" + expected + "), got " +
                      std::to_string(n));
  }
  label_values key;
  key.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!valid_utf8(values[i])) reject(name_, "label " + label_names_[i] + " has a value that is not UTF-8");
    key.emplace_back(values[i]);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = children_.find(key);
  if (it == children_.end()) it = children_.emplace(std::move(key), make()).first;
  return *it->second;
}

void family::render(std::string& out) const {
  out += "# HELP ";
  out += name_;
  out += ' ';
  append_help(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += to_string(type_);
  out += '\n';

  // Children are never erased, so the pointers stay valid after the lock is released; the values
  // (and any gauge callback) are then read without holding it.
  std::vector<std::pair<const label_values*, const detail::child*>> children;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    children.reserve(children_.size());
    for (const auto& [values, c] : children_) children.emplace_back(&values, c.get());
  }
  std::string labels;
  for (const auto& [values, c] : children) {
    labels.clear();
    for (std::size_t i = 0; i < label_names_.size(); ++i) {
      if (i > 0) labels += ',';
      labels += label_names_[i];
      labels += "=\"";
      append_label_value(labels, (*values)[i]);
      labels += '"';
    }
    render_child(out, labels, *c);
  }
}

counter& counter_family::with(std::initializer_list<std::string_view> values) {
  return static_cast<counter&>(
      child_for(values.begin(), values.size(), [] { return std::make_unique<counter>(); }));
}

counter& counter_family::with(const std::vector<std::string>& values) {
  const std::vector<std::string_view> views(values.begin(), values.end());
  return static_cast<counter&>(child_for(views.data(), views.size(), [] { return std::make_unique<counter>(); }));
}

void counter_family::render_child(std::string& out, const std::string& labels, const detail::child& c) const {
  append_sample(out, name(), labels, static_cast<const counter&>(c).value());
}

gauge& gauge_family::with(std::initializer_list<std::string_view> values) {
  return static_cast<gauge&>(child_for(values.begin(), values.size(), [] { return std::make_unique<gauge>(); }));
}

gauge& gauge_family::with(const std::vector<std::string>& values) {
  const std::vector<std::string_view> views(values.begin(), values.end());
  return static_cast<gauge&>(child_for(views.data(), views.size(), [] { return std::make_unique<gauge>(); }));
}

void gauge_family::render_child(std::string& out, const std::string& labels, const detail::child& c) const {
  append_sample(out, name(), labels, static_cast<const gauge&>(c).value());
}

histogram_family::histogram_family(std::string name, std::string help, std::vector<std::string> label_names,
                                   std::vector<double> bounds)
    : family(std::move(name), std::move(help), metric_type::histogram, std::move(label_names)),
      bounds_(std::move(bounds)) {}

histogram& histogram_family::with_span(const std::string_view* values, std::size_t n) {
  return static_cast<histogram&>(child_for(values, n, [this] { return std::make_unique<histogram>(bounds_); }));
}

histogram& histogram_family::with(std::initializer_list<std::string_view> values) {
  return with_span(values.begin(), values.size());
}

histogram& histogram_family::with(const std::vector<std::string>& values) {
  const std::vector<std::string_view> views(values.begin(), values.end());
  return with_span(views.data(), views.size());
}

void histogram_family::render_child(std::string& out, const std::string& labels, const detail::child& c) const {
  const auto s = static_cast<const histogram&>(c).read();
  const std::string bucket = name() + "_bucket";
  const std::string prefix = labels.empty() ? std::string() : labels + ',';
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    const std::string le = i < bounds_.size() ? format_value(bounds_[i]) : "+Inf";
    append_sample(out, bucket, prefix + "le=\"" + le + '"', static_cast<double>(s.cumulative[i]));
  }
  append_sample(out, name() + "_sum", labels, s.sum);
  append_sample(out, name() + "_count", labels, static_cast<double>(s.count));
}

// -- registry ------------------------------------------------------------------------------------

registry::registry() = default;

registry::~registry() = default;

void registry::check_new(const std::string& name, const std::string& help, metric_type type,
                         const std::vector<std::string>& label_names) const {
  if (!valid_metric_name(name)) reject(name, "the name must match [a-zA-Z_:][a-zA-Z0-9_:]*");
  const bool is_counter = type == metric_type::counter;
  if (is_counter && !ends_with(name, "_total")) reject(name, "a counter's name must end in _total");
  if (!is_counter && ends_with(name, "_total")) reject(name, "only counters may end in _total");
  // Histograms write <name>_bucket/_sum/_count samples; no family may take those names.
  for (const char* reserved : {"_bucket", "_sum", "_count"})
    if (ends_with(name, reserved)) reject(name, std::string("the name must not end in ") + reserved);
  if (help.empty()) reject(name, "the help text is empty");
  if (!valid_utf8(help)) reject(name, "the help text is not UTF-8");
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const auto& l = label_names[i];
    if (!valid_label_name(l)) reject(name, "label name '" + l + "' must match [a-zA-Z_][a-zA-Z0-9_]* without a __ prefix");
    if (type == metric_type::histogram && l == "le") reject(name, "a histogram cannot have a label named le");
    if (std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i), l) !=
        label_names.begin() + static_cast<std::ptrdiff_t>(i))
      reject(name, "label name '" + l + "' is declared twice");
  }
}

family& registry::adopt(std::unique_ptr<family> f) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& existing : families_)
    if (existing->name() == f->name()) reject(f->name(), "is already registered");
  families_.push_back(std::move(f));
  return *families_.back();
}

counter_family& registry::add_counter(std::string name, std::string help, std::vector<std::string> label_names) {
  check_new(name, help, metric_type::counter, label_names);
  std::unique_ptr<counter_family> f(
      new counter_family(std::move(name), std::move(help), metric_type::counter, std::move(label_names)));
  if (f->label_names().empty()) f->with({});
  return static_cast<counter_family&>(adopt(std::move(f)));
}

gauge_family& registry::add_gauge(std::string name, std::string help, std::vector<std::string> label_names) {
  check_new(name, help, metric_type::gauge, label_names);
  std::unique_ptr<gauge_family> f(
      new gauge_family(std::move(name), std::move(help), metric_type::gauge, std::move(label_names)));
  if (f->label_names().empty()) f->with({});
  return static_cast<gauge_family&>(adopt(std::move(f)));
}

histogram_family& registry::add_histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  check_new(name, help, metric_type::histogram, label_names);
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) reject(name, "bucket bounds must be finite (+Inf is implicit)");
    if (i > 0 && !(bounds[i - 1] < bounds[i])) reject(name, "bucket bounds must be strictly ascending");
  }
  std::unique_ptr<histogram_family> f(
      new histogram_family(std::move(name), std::move(help), std::move(label_names), std::move(bounds)));
  if (f->label_names().empty()) f->with({});
  return static_cast<histogram_family&>(adopt(std::move(f)));
}

std::string registry::render() const {
  std::vector<const family*> families;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    families.reserve(families_.size());
    for (const auto& f : families_) families.push_back(f.get());
  }
  std::string out;
  for (const auto* f : families) f->render(out);
  return out;
}

std::vector<family_info> registry::describe() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<family_info> out;
  out.reserve(families_.size());
  for (const auto& f : families_) out.push_back({f->name(), f->type(), f->label_names(), f->help()});
  return out;
}

}  // namespace jobpilot::metrics
