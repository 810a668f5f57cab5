// The `local` embedding provider: deterministic, unit length, configured size, similar texts close.
#include "core/local_embedding_provider.hpp"

#include "core/embedding.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace jobpilot::core;

namespace {

const std::string backend_job =
    "Acme Robotics is hiring a Senior Backend Engineer to design and build the services behind our warehouse "
    "automation platform. You will write C++ and Go services, own PostgreSQL schemas, and run them on Kubernetes. "
    "We value clean code, code review, automated tests and on-call ownership. Requirements: 5+ years of backend "
    "development, strong knowledge of distributed systems, message queues such as Kafka, and cloud infrastructure "
    "on AWS. Benefits include health insurance, a 401k match, flexible hours and a yearly learning budget. "
    "Responsibilities: lead the design of new APIs, mentor junior engineers, improve observability with metrics "
    "and tracing, and work closely with product managers to plan each quarter. Nice to have: experience with "
    "robotics, gRPC, Terraform and performance tuning of Linux systems. Acme Robotics is an equal opportunity "
    "employer; the role is hybrid, three days a week in our Austin, Texas office.";

// The same posting with one sentence changed (a real description is about this long or longer).
const std::string backend_job_edited =
    "Acme Robotics is hiring a Senior Backend Engineer to design and build the services behind our warehouse "
    "automation platform. You will write C++ and Go services, own PostgreSQL schemas, and run them on Kubernetes. "
    "Our team works in two-week sprints with a relaxed, friendly culture. Requirements: 5+ years of backend "
    "development, strong knowledge of distributed systems, message queues such as Kafka, and cloud infrastructure "
    "on AWS. Benefits include health insurance, a 401k match, flexible hours and a yearly learning budget. "
    "Responsibilities: lead the design of new APIs, mentor junior engineers, improve observability with metrics "
    "and tracing, and work closely with product managers to plan each quarter. Nice to have: experience with "
    "robotics, gRPC, Terraform and performance tuning of Linux systems. Acme Robotics is an equal opportunity "
    "employer; the role is hybrid, three days a week in our Austin, Texas office.";

const std::string nurse_job =
    "Riverside Hospital seeks a Registered Nurse for the night shift in our intensive care unit. Duties include "
    "patient assessment, administering medication, monitoring vital signs and supporting families. A current RN "
    "license, BLS and ACLS certification and two years of ICU experience are required. We offer sign-on bonuses, "
    "tuition reimbursement and paid time off.";

double norm(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

}  // namespace

TEST_CASE("core: local_embedding_provider reports its model, size and batch", "[core]") {
  local_embedding_provider standard;
  CHECK(standard.model() == "local-hash-v1");
  CHECK(standard.dimensions() == 384);
  CHECK(standard.max_batch() >= 1);
  CHECK(local_embedding_provider(128).dimensions() == 128);
  CHECK(local_embedding_provider(0).dimensions() == 1);
  CHECK(local_embedding_provider(-5).dimensions() == 1);
}

TEST_CASE("core: local_embedding_provider is deterministic, unit length and of the configured size", "[core]") {
  for (int dims : {1, 16, 100, 384, 1536}) {
    local_embedding_provider provider(dims);
    const std::vector<std::string> texts = {backend_job, nurse_job, "C++", "Ünïcödé — straße 東京", backend_job};
    const auto first = provider.embed(texts);
    const auto second = provider.embed(texts);
    REQUIRE(first.ok());
    CHECK(first.error.empty());
    REQUIRE(first.vectors.size() == texts.size());
    CHECK(first.vectors == second.vectors);
    CHECK(first.vectors[0] == first.vectors[4]);  // same text, same vector
    for (std::size_t i = 0; i < texts.size(); ++i) {
      INFO("dims " << dims << " text " << i);
      CHECK(first.vectors[i].size() == static_cast<std::size_t>(dims));
      CHECK(norm(first.vectors[i]) == Approx(1.0).margin(1e-5));
      CHECK(first.vectors[i] == local_embed(texts[i], dims));
    }
  }
}

TEST_CASE("core: local_embedding_provider handles empty input and empty text", "[core]") {
  local_embedding_provider provider(64);
  const auto none = provider.embed({});
  CHECK(none.ok());
  CHECK(none.vectors.empty());
  const auto blank = provider.embed({"", "   ", "!!!"});
  REQUIRE(blank.ok());
  REQUIRE(blank.vectors.size() == 3);
  for (const auto& v : blank.vectors) {
    CHECK(v.size() == 64);
    CHECK(norm(v) == 0.0);  // nothing to hash: a zero vector, similar to nothing
  }
  CHECK(cosine(blank.vectors[0], local_embed(backend_job, 64)) == 0.0f);
}

TEST_CASE("core: local embeddings put similar postings close and unrelated ones apart", "[core]") {
  local_embedding_provider provider;
  const auto r = provider.embed({backend_job, backend_job_edited, nurse_job});
  REQUIRE(r.ok());
  const float same_edited = cosine(r.vectors[0], r.vectors[1]);
  const float other_job = cosine(r.vectors[0], r.vectors[2]);
  INFO("edited " << same_edited << " other " << other_job);
  CHECK(same_edited > 0.9f);
  CHECK(other_job < 0.5f);
  CHECK(cosine(r.vectors[0], r.vectors[0]) == Approx(1.0f).margin(1e-6));
  // Unit vectors: the dot product is the cosine.
  CHECK(dot(r.vectors[0], r.vectors[1]) == Approx(same_edited).margin(1e-5));
  // Case does not matter (ASCII).
  CHECK(local_embed("Senior C++ Engineer", 384) == local_embed("senior c++ ENGINEER", 384));
}
