// A small, thread-safe Prometheus metrics registry (prometheus-cpp is not packaged for Debian 12).
//
// A registry owns metric families (counter, gauge, histogram). Each family has a fixed list of label
// names, declared at registration, and one child per tuple of label values. `family.with({...})`
// looks a child up under the family's lock and returns a reference that stays valid for the
// registry's lifetime: actors keep it in their state and update it without locking (atomics).
// `render()` writes the Prometheus text exposition format 0.0.4.
//
// Label cardinality: every tuple of label values is a time series that lives as long as the
// registry. Label values must come from small fixed sets (an outcome, a stage, a configured schedule
// name). Never put job ids, collection ids, URLs, company names, queries or error messages there.
//
// Errors: registration mistakes (a bad name, a duplicate family, a counter without `_total`, the
// wrong number of label values given to `with`) throw std::invalid_argument; they happen once at
// start-up. The hot-path operations (inc, set, observe) are noexcept and never fail.
//
// There is no global registry: whoever creates one owns it (see metrics/jobpilot_metrics.hpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jobpilot::metrics {

enum class metric_type { counter, gauge, histogram };

/// "counter", "gauge" or "histogram" (as written after `# TYPE`).
const char* to_string(metric_type t) noexcept;

/// A sample value as Prometheus parses it: integers without exponent or fraction ("42", "-3"),
/// other finite values in their shortest round-trip form ("0.25", "1e+20"), "+Inf", "-Inf", "NaN".
std::string format_value(double v);

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`
bool valid_metric_name(std::string_view name) noexcept;

/// `[a-zA-Z_][a-zA-Z0-9_]*` and not starting with `__` (reserved for Prometheus itself).
bool valid_label_name(std::string_view name) noexcept;

namespace detail {

/// Common base of the children so that a family can own them in one map.
class child {
public:
  child() = default;
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  virtual ~child();
};

}  // namespace detail

// -- children: what the hot path touches ---------------------------------------------------------

/// A monotonically increasing value (events, items, seconds spent).
class counter final : public detail::child {
public:
  /// Adds `amount`. Negative and NaN amounts are ignored: a counter never goes down.
  void inc(double amount = 1) noexcept;
  double value() const noexcept;

private:
  std::atomic<double> value_{0};
};

/// A value that goes up and down, either set by the owner or computed at scrape time.
class gauge final : public detail::child {
public:
  void set(double v) noexcept;
  void inc(double amount = 1) noexcept;
  void dec(double amount = 1) noexcept;

  /// From now on the rendered value is `fn()`, called at every scrape on the scraping thread
  /// (for values that live elsewhere, such as a queue depth). `fn` must be thread-safe, must not
  /// throw (a throw renders NaN) and must stay callable until it is replaced or the registry is
  /// destroyed. An empty `fn` returns the gauge to its stored value.
  void compute(std::function<double()> fn);

  /// The callback's value when one is set, else the stored value.
  double value() const;

private:
  std::atomic<double> value_{0};
  mutable std::mutex callback_mutex_;  ///< guards callback_ only; set/inc/dec never take it
  std::function<double()> callback_;
};

/// Observations counted into fixed buckets (upper bounds inclusive, `+Inf` implicit).
class histogram final : public detail::child {
public:
  /// `bounds` is owned by the family and outlives the child.
  explicit histogram(const std::vector<double>& bounds);

  /// Counts `v` into the first bucket whose bound is >= v. NaN is ignored.
  void observe(double v) noexcept;

  struct snapshot {
    std::vector<std::uint64_t> cumulative;  ///< one per bound, then the `+Inf` bucket (== count)
    double sum = 0;
    std::uint64_t count = 0;
  };
  /// A consistent-enough view for rendering: `count` always equals the `+Inf` bucket.
  snapshot read() const;

  const std::vector<double>& bounds() const noexcept { return bounds_; }

private:
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  ///< per bucket (not cumulative), bounds + 1
  std::atomic<double> sum_{0};
};

// -- families ------------------------------------------------------------------------------------

/// What a family is, for documentation (see jobpilot_metrics.hpp's markdown_table).
struct family_info {
  std::string name;
  metric_type type = metric_type::counter;
  std::vector<std::string> label_names;
  std::string help;
};

/// Name, help, label names and the children of one metric. Created only by a registry.
class family {
public:
  family(const family&) = delete;
  family& operator=(const family&) = delete;
  virtual ~family();

  const std::string& name() const noexcept { return name_; }
  const std::string& help() const noexcept { return help_; }
  metric_type type() const noexcept { return type_; }
  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

  /// Appends `# HELP`, `# TYPE` and every child's samples, children ordered by their label values.
  void render(std::string& out) const;

protected:
  using label_values = std::vector<std::string>;

  family(std::string name, std::string help, metric_type type, std::vector<std::string> label_names);

  /// The child for `values` (one per label name, valid UTF-8), created by `make` on first use.
  /// Throws std::invalid_argument on a wrong number of values or invalid UTF-8.
  detail::child& child_for(const std::string_view* values, std::size_t n,
                           const std::function<std::unique_ptr<detail::child>()>& make);

private:
  virtual void render_child(std::string& out, const std::string& labels, const detail::child& c) const = 0;

  std::string name_;
  std::string help_;
  metric_type type_;
  std::vector<std::string> label_names_;
  mutable std::mutex mutex_;                                  ///< guards children_ (not the values)
  std::map<label_values, std::unique_ptr<detail::child>> children_;  ///< nodes are never erased
};

class counter_family final : public family {
public:
  /// The child for these label values (in label-name order); keep the reference.
  counter& with(std::initializer_list<std::string_view> values);
  counter& with(const std::vector<std::string>& values);

private:
  friend class registry;
  using family::family;
  void render_child(std::string& out, const std::string& labels, const detail::child& c) const override;
};

class gauge_family final : public family {
public:
  gauge& with(std::initializer_list<std::string_view> values);
  gauge& with(const std::vector<std::string>& values);

private:
  friend class registry;
  using family::family;
  void render_child(std::string& out, const std::string& labels, const detail::child& c) const override;
};

class histogram_family final : public family {
public:
  histogram& with(std::initializer_list<std::string_view> values);
  histogram& with(const std::vector<std::string>& values);

  const std::vector<double>& bounds() const noexcept { return bounds_; }

private:
  friend class registry;
  histogram_family(std::string name, std::string help, std::vector<std::string> label_names,
                   std::vector<double> bounds);
  histogram& with_span(const std::string_view* values, std::size_t n);
  void render_child(std::string& out, const std::string& labels, const detail::child& c) const override;

  std::vector<double> bounds_;
};

// -- the registry --------------------------------------------------------------------------------

class registry {
public:
  registry();
  ~registry();
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  /// `name` must end in `_total`. A family without labels gets its single child right away.
  counter_family& add_counter(std::string name, std::string help, std::vector<std::string> label_names = {});

  gauge_family& add_gauge(std::string name, std::string help, std::vector<std::string> label_names = {});

  /// `bounds`: finite, strictly ascending bucket upper bounds; `+Inf` is added implicitly.
  histogram_family& add_histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                  std::vector<double> bounds);

  /// The text exposition format 0.0.4; families in registration order.
  std::string render() const;

  /// The families in registration order (for generated documentation).
  std::vector<family_info> describe() const;

private:
  /// Validates the parts common to every type; throws std::invalid_argument.
  void check_new(const std::string& name, const std::string& help, metric_type type,
                 const std::vector<std::string>& label_names) const;
  family& adopt(std::unique_ptr<family> f);

  mutable std::mutex mutex_;                      ///< guards families_ (the vector, not the families)
  std::vector<std::unique_ptr<family>> families_;  ///< never shrinks; the families never move
};

}  // namespace jobpilot::metrics
