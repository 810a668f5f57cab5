# Sourced by tests/cluster/cluster_test.sh and bench/cluster.sh: the run they both make, about 10,300
# postings of a 12,000-posting fake corpus from 1,522 pages, the same on one node or a cluster.
# fake_corpus_run_config DATABASE_URL FAKE_PORT: prints the config file without its cluster: block.
fake_corpus_run_config() {
  # Every job family of the fake server, then each in ten cities: JSearch stops at page 100, so the
  # family searches alone reach 9,300 postings.
  local families=("software engineer" "data scientist" "product manager" "registered nurse" "accountant"
    "sales representative" "warehouse associate" "devops engineer" "customer service representative" "truck driver")
  local cities=("New York, NY" "Los Angeles, CA" "San Francisco, CA" "Seattle, WA" "Austin, TX" "Dallas, TX"
    "Chicago, IL" "Boston, MA" "Houston, TX" "Atlanta, GA")
  local queries="" f c
  for f in "${families[@]}"; do queries+="\"$f\", "; done
  for c in "${cities[@]}"; do for f in "${families[@]}"; do queries+="\"$f in $c\", "; done; done
  # One collector: pages are bought in the same order on every run, so dedupe sees the same order.
  cat <<YAML
database:
  url: $1
  claim_lease: 5s
jsearch:
  base_url: http://127.0.0.1:$2
collector:
  requests_per_second: 0
  workers: 1
run:
  queries: [${queries%, }]
  locations: []
  pages: 100
http:
  enabled: false
YAML
}
