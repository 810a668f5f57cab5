#include "storage/job_repository.hpp"

#include "core/ascii.hpp"
#include "core/time_format.hpp"
#include "storage/database.hpp"
#include "storage/row_access.hpp"
#include "storage/vector_codec.hpp"

#include <boost/json.hpp>
#include <soci/postgresql/soci-postgresql.h>

#include <libpq-fe.h>

namespace jobpilot::storage {

namespace {

using opt_text = std::optional<std::string>;

opt_text text_or_null(const std::string& s) { return s.empty() ? opt_text{} : opt_text{s}; }
opt_text num_or_null(const std::optional<double>& d) {
  if (!d) return std::nullopt;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *d);
  return std::string(buf);
}
opt_text time_or_null(const std::optional<core::sys_time>& t) {
  return t ? opt_text{core::iso8601_utc(*t)} : opt_text{};
}

std::string dedupe_key(const core::enhanced_job& j) { return j.title_key + "|" + j.company_key + "|" + j.location_key; }

std::string json_strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return boost::json::serialize(a);
}

// The columns of enhanced_jobs written by a load, in one order for both dialects.
const std::vector<std::string>& job_columns() {
  static const std::vector<std::string> cols = {
      "id", "jsearch_job_id", "title", "company", "location_city", "location_state", "location_country",
      "location_text", "is_remote", "employment_type", "description", "apply_url", "apply_url_canonical",
      "salary_min", "salary_max", "salary_currency", "salary_period", "salary_annual_min", "salary_annual_max",
      "salary_source", "posted_at", "expires_at", "skills", "experience_years", "education_level", "completeness",
      "dedupe_key", "source_ids", "publisher", "embedded", "raw_data", "source_collection_id",
      "source_processing_id", "first_seen_at", "last_seen_at", "created_at", "updated_at"};
  return cols;
}

// Values as text (NULL = nullopt); arrays in the dialect's form.
std::vector<opt_text> job_values(const canonical_job& c, dialect d, const std::string& now) {
  const auto& j = c.job;
  bool pg = d == dialect::postgresql;
  auto boolean = [&](bool b) { return opt_text{pg ? (b ? "true" : "false") : (b ? "1" : "0")}; };
  opt_text remote = j.is_remote ? boolean(*j.is_remote) : (j.location.remote ? boolean(true) : opt_text{});
  auto array = [&](const std::vector<std::string>& v) {
    return opt_text{pg ? strings_to_pg_array(v) : json_strings(v)};
  };
  std::optional<double> smin, smax, amin, amax;
  std::string currency, period, source;
  if (j.salary) {
    smin = j.salary->min;
    smax = j.salary->max;
    amin = j.salary->annual_min;
    amax = j.salary->annual_max;
    currency = j.salary->currency;
    period = j.salary->period ? core::to_string(*j.salary->period) : "";
    source = j.salary->source;
  }
  return {c.id,
          j.jsearch_job_id,
          j.title,
          text_or_null(j.company),
          text_or_null(j.location.city),
          text_or_null(j.location.state),
          text_or_null(j.location.country),
          text_or_null(j.location.display),
          remote,
          text_or_null(j.employment_type),
          text_or_null(j.description),
          text_or_null(j.apply_url),
          text_or_null(j.apply_url_canonical),
          num_or_null(smin),
          num_or_null(smax),
          text_or_null(currency),
          text_or_null(period),
          num_or_null(amin),
          num_or_null(amax),
          text_or_null(source),
          time_or_null(j.posted_at),
          time_or_null(j.expires_at),
          array(j.skills),
          num_or_null(j.experience_years),
          text_or_null(j.education_level),
          num_or_null(j.completeness),
          dedupe_key(j),
          array({j.jsearch_job_id}),
          text_or_null(j.publisher),
          boolean(c.embedded),
          text_or_null(c.raw_data_json),
          text_or_null(c.collection_id),
          text_or_null(c.processing_id),
          now,
          now,
          now,
          now};
}

const std::vector<std::string>& source_columns() {
  static const std::vector<std::string> cols = {"jsearch_job_id", "publisher", "job_id", "duplicate_reason",
                                                "similarity", "apply_url", "collection_id", "processing_id",
                                                "job_index", "first_seen_at", "last_seen_at"};
  return cols;
}

std::vector<opt_text> source_values(const job_source& s, const std::string& now) {
  return {s.jsearch_job_id, s.publisher, s.job_id, s.reason, num_or_null(s.similarity), text_or_null(s.apply_url),
          text_or_null(s.collection_id), text_or_null(s.processing_id), std::to_string(s.job_index), now, now};
}

// Updated on conflict: everything that describes the job, never its identity or first sighting.
constexpr const char* job_update_set =
    "title = excluded.title, company = excluded.company, location_city = excluded.location_city, "
    "location_state = excluded.location_state, location_country = excluded.location_country, "
    "location_text = excluded.location_text, is_remote = excluded.is_remote, "
    "employment_type = excluded.employment_type, description = excluded.description, "
    "apply_url = excluded.apply_url, apply_url_canonical = excluded.apply_url_canonical, "
    "salary_min = excluded.salary_min, salary_max = excluded.salary_max, salary_currency = excluded.salary_currency, "
    "salary_period = excluded.salary_period, salary_annual_min = excluded.salary_annual_min, "
    "salary_annual_max = excluded.salary_annual_max, salary_source = excluded.salary_source, "
    "posted_at = excluded.posted_at, expires_at = excluded.expires_at, skills = excluded.skills, "
    "experience_years = excluded.experience_years, education_level = excluded.education_level, "
    "completeness = excluded.completeness, dedupe_key = excluded.dedupe_key, publisher = excluded.publisher, "
    "raw_data = excluded.raw_data, last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at";

std::string pg_cast(const std::string& col) {
  static const std::vector<std::pair<std::string, std::string>> casts = {
      {"id", "UUID"}, {"is_remote", "BOOLEAN"}, {"embedded", "BOOLEAN"}, {"salary_min", "DOUBLE PRECISION"},
      {"salary_max", "DOUBLE PRECISION"}, {"salary_annual_min", "DOUBLE PRECISION"},
      {"salary_annual_max", "DOUBLE PRECISION"}, {"posted_at", "TIMESTAMPTZ"}, {"expires_at", "TIMESTAMPTZ"},
      {"skills", "TEXT[]"}, {"source_ids", "TEXT[]"}, {"experience_years", "REAL"}, {"completeness", "REAL"},
      {"raw_data", "JSONB"}, {"source_collection_id", "UUID"}, {"source_processing_id", "UUID"},
      {"first_seen_at", "TIMESTAMPTZ"}, {"last_seen_at", "TIMESTAMPTZ"}, {"created_at", "TIMESTAMPTZ"},
      {"updated_at", "TIMESTAMPTZ"}, {"job_id", "UUID"}, {"similarity", "REAL"}, {"collection_id", "UUID"},
      {"processing_id", "UUID"}, {"job_index", "INT"}};
  for (const auto& [c, t] : casts)
    if (c == col) return "CAST(s." + col + " AS " + t + ")";
  return "s." + col;
}

// COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL.
void append_copy_field(std::string& out, const opt_text& v) {
  if (!v) {
    out += "\\N";
    return;
  }
  for (char c : *v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

void pg_exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  auto st = PQresultStatus(r);
  std::string err = PQresultErrorMessage(r);
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw storage_error(err);
}

void pg_copy(PGconn* conn, const std::string& table, const std::vector<std::string>& cols,
             const std::vector<std::vector<opt_text>>& rows) {
  std::string sql = "COPY " + table + " (";
  for (std::size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + cols[i];
  sql += ") FROM STDIN";
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    std::string err = PQresultErrorMessage(r);
    PQclear(r);
    throw storage_error("COPY into " + table + " failed: " + err);
  }
  PQclear(r);
  std::string buf;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) buf += '\t';
      append_copy_field(buf, row[i]);
    }
    buf += '\n';
    if (buf.size() > (1 << 20)) {
      if (PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1)
        throw storage_error(std::string("COPY data failed: ") + PQerrorMessage(conn));
      buf.clear();
    }
  }
  if (!buf.empty() && PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1)
    throw storage_error(std::string("COPY data failed: ") + PQerrorMessage(conn));
  if (PQputCopyEnd(conn, nullptr) != 1) throw storage_error(std::string("COPY end failed: ") + PQerrorMessage(conn));
  std::string err;
  while ((r = PQgetResult(conn))) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK) err = PQresultErrorMessage(r);
    PQclear(r);
  }
  if (!err.empty()) throw storage_error("COPY into " + table + " failed: " + err);
}

std::string column_list(const std::vector<std::string>& cols, const std::string& prefix = "") {
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) out += (i ? ", " : "") + prefix + cols[i];
  return out;
}

void load_postgresql(soci::session& s, const load_batch& b, const std::string& now) {
  PGconn* conn = static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
  // Staging tables live per connection and empty themselves at commit.
  auto staging = [&](const std::string& name, const std::vector<std::string>& cols) {
    std::string ddl = "CREATE TEMP TABLE IF NOT EXISTS " + name + " (";
    for (std::size_t i = 0; i < cols.size(); ++i) ddl += (i ? ", " : "") + cols[i] + " TEXT";
    pg_exec(conn, ddl + ") ON COMMIT DELETE ROWS");
  };
  if (!b.jobs.empty()) {
    staging("stage_enhanced_jobs", job_columns());
    std::vector<std::vector<opt_text>> rows;
    for (const canonical_job& c : b.jobs) rows.push_back(job_values(c, dialect::postgresql, now));
    pg_copy(conn, "stage_enhanced_jobs", job_columns(), rows);
    std::string select;
    for (std::size_t i = 0; i < job_columns().size(); ++i) select += (i ? ", " : "") + pg_cast(job_columns()[i]);
    pg_exec(conn, "INSERT INTO enhanced_jobs (" + column_list(job_columns()) + ") SELECT " + select +
                      " FROM stage_enhanced_jobs s ON CONFLICT (id) DO UPDATE SET " + job_update_set +
                      ", embedded = enhanced_jobs.embedded OR excluded.embedded");
  }
  if (!b.sources.empty()) {
    staging("stage_job_sources", source_columns());
    std::vector<std::vector<opt_text>> rows;
    for (const job_source& src : b.sources) rows.push_back(source_values(src, now));
    pg_copy(conn, "stage_job_sources", source_columns(), rows);
    std::string select;
    for (std::size_t i = 0; i < source_columns().size(); ++i)
      select += (i ? ", " : "") + pg_cast(source_columns()[i]);
    pg_exec(conn, "INSERT INTO job_sources (" + column_list(source_columns()) + ") SELECT " + select +
                      " FROM stage_job_sources s ON CONFLICT (jsearch_job_id, publisher) DO UPDATE SET "
                      "last_seen_at = excluded.last_seen_at");
  }
  if (!b.embeddings.empty()) {  // one COPY, not a round trip per vector
    const std::vector<std::string> cols = {"job_id", "model", "dimensions", "vector", "created_at"};
    staging("stage_job_embeddings", cols);
    std::vector<std::vector<opt_text>> rows;
    rows.reserve(b.embeddings.size());
    for (const job_embedding& e : b.embeddings)
      rows.push_back({e.job_id, e.model, std::to_string(e.vector.size()), floats_to_pg_array(e.vector), now});
    pg_copy(conn, "stage_job_embeddings", cols, rows);
    pg_exec(conn,
            "INSERT INTO job_embeddings (job_id, model, dimensions, vector, created_at) SELECT CAST(job_id AS UUID), "
            "model, CAST(dimensions AS INT), CAST(vector AS REAL[]), CAST(created_at AS TIMESTAMPTZ) FROM "
            "stage_job_embeddings ON CONFLICT (job_id, model) DO UPDATE SET vector = excluded.vector, "
            "dimensions = excluded.dimensions");
  }
}

// One prepared INSERT per table and batch, executed once per row with the row's values bound.
class sqlite_upsert {
public:
  sqlite_upsert(soci::session& s, const std::string& table, const std::vector<std::string>& cols,
                const std::string& conflict)
      : values_(cols.size()), inds_(cols.size()), st_(s) {
    std::string sql = "INSERT INTO " + table + " (" + column_list(cols) + ") VALUES (";
    for (std::size_t i = 0; i < cols.size(); ++i) sql += (i ? ", :v" : ":v") + std::to_string(i);
    st_.alloc();
    st_.prepare(sql + ") " + conflict);
    for (std::size_t i = 0; i < cols.size(); ++i) st_.exchange(soci::use(values_[i], inds_[i]));
    st_.define_and_bind();
  }
  void operator()(const std::vector<opt_text>& vals) {
    for (std::size_t i = 0; i < vals.size() && i < values_.size(); ++i) {
      values_[i] = vals[i].value_or("");
      inds_[i] = vals[i] ? soci::i_ok : soci::i_null;
    }
    st_.execute(true);
  }

private:
  std::vector<std::string> values_;  // bound by reference: declared before the statement
  std::vector<soci::indicator> inds_;
  soci::statement st_;
};

void load_sqlite(soci::session& s, const load_batch& b, const std::string& now) {
  if (!b.jobs.empty()) {
    sqlite_upsert upsert(s, "enhanced_jobs", job_columns(),
                         std::string("ON CONFLICT (id) DO UPDATE SET ") + job_update_set +
                             ", embedded = MAX(enhanced_jobs.embedded, excluded.embedded)");
    for (const canonical_job& c : b.jobs) upsert(job_values(c, dialect::sqlite, now));
  }
  if (!b.sources.empty()) {
    sqlite_upsert upsert(s, "job_sources", source_columns(),
                         "ON CONFLICT (jsearch_job_id, publisher) DO UPDATE SET last_seen_at = excluded.last_seen_at");
    for (const job_source& src : b.sources) upsert(source_values(src, now));
  }
  if (!b.embeddings.empty()) {
    std::string job_id, model, blob;
    int dims = 0;
    // CAST: SOCI binds a std::string as TEXT; the column holds float32 bytes that Python's sqlite3
    // and numpy.frombuffer read as a BLOB.
    soci::statement st = (s.prepare << "INSERT INTO job_embeddings (job_id, model, dimensions, vector, created_at) "
                                       "VALUES (:j, :m, :d, CAST(:v AS BLOB), :n) ON CONFLICT (job_id, model) DO "
                                       "UPDATE SET vector = excluded.vector, dimensions = excluded.dimensions",
                          soci::use(job_id), soci::use(model), soci::use(dims), soci::use(blob), soci::use(now));
    for (const job_embedding& e : b.embeddings) {
      job_id = e.job_id;
      model = e.model;
      dims = static_cast<int>(e.vector.size());
      blob = floats_to_blob(e.vector);
      st.execute(true);
    }
  }
}

job_summary read_summary(const soci::row& row) {
  job_summary j;
  j.id = col_text(row, 0);
  j.title = col_text(row, 1);
  j.company = col_text(row, 2);
  j.location = col_text(row, 3);
  j.employment_type = col_text(row, 4);
  j.salary_annual_min = col_opt_real(row, 5);
  j.salary_annual_max = col_opt_real(row, 6);
  j.salary_currency = col_text(row, 7);
  j.posted_at = col_text(row, 8);
  j.apply_url = col_text(row, 9);
  j.jsearch_job_id = col_text(row, 10);
  auto e = col_text(row, 11);
  j.embedded = e == "1" || e == "t" || e == "true";
  j.sources = static_cast<int>(col_int(row, 12));
  return j;
}

std::string summary_select(const database& db) {
  return "SELECT CAST(e.id AS TEXT), e.title, e.company, e.location_text, e.employment_type, e.salary_annual_min, "
         "e.salary_annual_max, e.salary_currency, " +
         db.ts_out("e.posted_at") + ", e.apply_url, e.jsearch_job_id, CAST(e.embedded AS TEXT)" +
         ", (SELECT COUNT(*) FROM job_sources s WHERE s.job_id = e.id) FROM enhanced_jobs e";
}

}  // namespace

job_repository::job_repository(std::shared_ptr<database> db) : db_(std::move(db)) {}

namespace {

// How many of the batch's canonical jobs and postings are already stored (for new/updated counts).
std::pair<std::int64_t, std::int64_t> already_stored(database& db, soci::session& s, const load_batch& b) {
  long long jobs = 0, sources = 0;
  if (!b.jobs.empty()) {
    std::string ids;
    for (const canonical_job& c : b.jobs) ids += (ids.empty() ? "" : ", ") + sql_literal(c.id);
    // The column itself, not a CAST of it: a cast hides the primary key and scanned the table per batch.
    s << "SELECT COUNT(*) FROM enhanced_jobs WHERE id IN (" + ids + ")", soci::into(jobs);
  }
  if (!b.sources.empty()) {
    std::string keys;
    for (const job_source& src : b.sources)
      keys += (keys.empty() ? "(" : ", (") + sql_literal(src.jsearch_job_id) + ", " + sql_literal(src.publisher) + ")";
    // A join, not a row-value IN: SQLite scanned the whole index for the IN form.
    s << "SELECT COUNT(*) FROM (VALUES " + keys +
             ") AS v JOIN job_sources s ON s.jsearch_job_id = v.column1 AND s.publisher = v.column2",
        soci::into(sources);
  }
  return {jobs, sources};
}

}  // namespace

load_counts write_load_batch(database& db, soci::session& s, const load_batch& b) {
  std::string now = core::iso8601_utc(std::chrono::system_clock::now());
  load_counts counts;
  auto [jobs_before, sources_before] = already_stored(db, s, b);
  counts.jobs_new = static_cast<std::int64_t>(b.jobs.size()) - jobs_before;
  counts.jobs_updated = jobs_before;
  counts.postings_new = static_cast<std::int64_t>(b.sources.size()) - sources_before;
  if (db.kind() == dialect::postgresql)
    load_postgresql(s, b, now);
  else
    load_sqlite(s, b, now);
  if (!b.job_indexes.empty()) {  // one statement for the batch (indexes are integers: no quoting needed)
    std::string in;
    for (int idx : b.job_indexes) in += (in.empty() ? "" : ", ") + std::to_string(idx);
    s << "UPDATE processed_job_data SET load_status = 'loaded' WHERE processing_id = :p AND job_index IN (" + in + ")",
        soci::use(b.processing_id);
  }
  if (db.kind() == dialect::postgresql && !b.jobs.empty()) {
    // Delivered when the transaction commits, never for a batch that rolled back.
    boost::json::array ids;
    std::size_t bytes = 0;
    for (const canonical_job& c : b.jobs) {
      if (bytes > 7000) break;  // NOTIFY payloads must stay under 8000 bytes
      ids.emplace_back(c.id);
      bytes += c.id.size() + 3;
    }
    std::string payload = boost::json::serialize(
        boost::json::object{{"count", b.jobs.size()}, {"processing_id", b.processing_id}, {"ids", ids}});
    s << "SELECT pg_notify('jobpilot_jobs_loaded', :p)", soci::use(payload);
  }
  return counts;
}

std::int64_t job_repository::job_count() {
  return db_->with_session([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM enhanced_jobs", soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::int64_t job_repository::source_count() {
  return db_->with_session([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM job_sources", soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::vector<std::pair<std::string, std::int64_t>> job_repository::sources_by_reason() {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT duplicate_reason, COUNT(*) FROM job_sources "
                                               "GROUP BY duplicate_reason ORDER BY duplicate_reason");
    for (const auto& row : rs) out.emplace_back(col_text(row, 0), col_int(row, 1));
    return out;
  });
}

std::vector<job_summary> job_repository::list(const job_filter& f) {
  return db_->with_session([&](soci::session& s) {
    std::string sql = summary_select(*db_) + " WHERE 1 = 1";
    // The user's text is matched literally: % and _ in it are not wildcards.
    auto contains = [](const std::string& text) {
      std::string out = "%";
      for (char c : core::to_lower(text)) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
      }
      return out + "%";
    };
    std::string title = contains(f.title_contains);
    std::string company = contains(f.company_contains);
    std::string location = contains(f.location_contains);
    double min_salary = f.min_salary.value_or(0);
    int remote = f.remote.value_or(false) ? 1 : 0;
    sql += " AND LOWER(e.title) LIKE :t ESCAPE '\\' AND LOWER(COALESCE(e.company, '')) LIKE :c ESCAPE '\\' AND "
           "LOWER(COALESCE(e.location_text, '')) LIKE :l ESCAPE '\\'";
    if (f.min_salary) sql += " AND COALESCE(e.salary_annual_max, e.salary_annual_min, 0) >= :ms";
    if (f.remote)
      sql += db_->kind() == dialect::sqlite ? " AND COALESCE(e.is_remote, 0) = :r"
                                            : " AND CAST(COALESCE(e.is_remote, FALSE) AS INT) = :r";
    // Jobs without a date last on both engines (PostgreSQL sorts NULL first when descending).
    sql += " ORDER BY e.posted_at DESC NULLS LAST, e.id LIMIT :n OFFSET :o";
    std::vector<job_summary> out;
    soci::statement st(s);
    soci::row row;
    st.alloc();
    st.prepare(sql);
    st.exchange(soci::into(row));
    st.exchange(soci::use(title));
    st.exchange(soci::use(company));
    st.exchange(soci::use(location));
    if (f.min_salary) st.exchange(soci::use(min_salary));
    if (f.remote) st.exchange(soci::use(remote));
    int limit = f.limit;
    int offset = f.offset;
    st.exchange(soci::use(limit));
    st.exchange(soci::use(offset));
    st.define_and_bind();
    st.execute();
    while (st.fetch()) out.push_back(read_summary(row));
    return out;
  });
}

std::size_t job_repository::count_known(const std::vector<std::string>& jsearch_job_ids, const std::string& before_iso) {
  return db_->with_session([&](soci::session& s) {
    std::size_t known = 0;
    for (const auto& id : jsearch_job_ids) {
      int n = 0;
      s << "SELECT COUNT(*) FROM job_sources WHERE jsearch_job_id = :j AND first_seen_at < " + db_->ts_in(":t"),
          soci::use(id), soci::use(before_iso), soci::into(n);
      known += n > 0 ? 1 : 0;
    }
    return known;
  });
}

std::vector<job_source_row> job_repository::sources_of(const std::vector<std::string>& job_ids) {
  return db_->with_session([&](soci::session& s) {
    std::vector<job_source_row> out;
    for (const auto& id : job_ids) {
      soci::rowset<soci::row> rs =
          (s.prepare << "SELECT job_id, jsearch_job_id, publisher, duplicate_reason, similarity, apply_url, "
                        "collection_id, processing_id, " + db_->ts_out("first_seen_at") +
                            " FROM job_sources WHERE job_id = :j "
                            "ORDER BY CASE WHEN duplicate_reason = 'canonical' THEN 0 ELSE 1 END, first_seen_at",
           soci::use(id));
      for (const auto& r : rs)
        out.push_back({col_text(r, 0), col_text(r, 1), col_text(r, 2), col_text(r, 3), col_opt_real(r, 4),
                       col_text(r, 5), col_text(r, 6), col_text(r, 7), col_text(r, 8)});
    }
    return out;
  });
}

std::vector<job_summary> job_repository::get(const std::vector<std::string>& ids) {
  std::vector<job_summary> out;
  for (const auto& id : ids) {
    db_->with_session([&](soci::session& s) {
      soci::rowset<soci::row> rs = (s.prepare << summary_select(*db_) + " WHERE CAST(e.id AS TEXT) = :id",
                                    soci::use(id));
      for (const auto& row : rs) out.push_back(read_summary(row));
    });
  }
  return out;
}

std::vector<job_embedding> job_repository::embeddings(const std::string& model) {
  return db_->with_session([&](soci::session& s) {
    std::vector<job_embedding> out;
    std::string vec = db_->kind() == dialect::sqlite ? "vector" : "CAST(vector AS TEXT)";
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT CAST(job_id AS TEXT), model, " + vec + " FROM job_embeddings WHERE model = :m "
                                                                       "ORDER BY job_id",
         soci::use(model));
    for (const auto& row : rs) {
      job_embedding e;
      e.job_id = col_text(row, 0);
      e.model = col_text(row, 1);
      auto text = col_text(row, 2);
      e.vector = db_->kind() == dialect::sqlite ? blob_to_floats(text) : pg_array_to_floats(text);
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::int64_t job_repository::embedding_count(const std::string& model) {
  return db_->with_session([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM job_embeddings WHERE model = :m", soci::use(model), soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::vector<std::pair<std::string, std::string>> job_repository::unembedded(int limit) {
  return db_->with_session([&](soci::session& s) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string cond = db_->kind() == dialect::sqlite ? "embedded = 0" : "NOT embedded";
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT CAST(id AS TEXT), title, COALESCE(description, '') FROM enhanced_jobs WHERE " + cond +
                          " ORDER BY id LIMIT :n",
         soci::use(limit));
    for (const auto& row : rs) out.emplace_back(col_text(row, 0), col_text(row, 1) + "\n" + col_text(row, 2));
    return out;
  });
}

void job_repository::store_embeddings(const std::vector<job_embedding>& embeddings) {
  db_->with_session([&](soci::session& s) {
    std::string now = core::iso8601_utc(std::chrono::system_clock::now());
    write_transaction tr(*db_, s);
    load_batch b;
    b.embeddings.assign(embeddings.begin(), embeddings.end());
    if (db_->kind() == dialect::postgresql)
      load_postgresql(s, b, now);
    else
      load_sqlite(s, b, now);
    std::string flag = db_->kind() == dialect::sqlite ? "1" : "TRUE";
    for (const auto& e : embeddings)
      s << "UPDATE enhanced_jobs SET embedded = " + flag + " WHERE id = " + (db_->kind() == dialect::postgresql
                                                                               ? "CAST(:id AS UUID)"
                                                                               : ":id"),
          soci::use(e.job_id);
    tr.commit();
  });
}

}  // namespace jobpilot::storage
