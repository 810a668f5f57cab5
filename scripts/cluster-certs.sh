#!/usr/bin/env bash
# Makes a cluster CA and one certificate per node, for TLS between jobpilot-etl nodes (cluster.tls).
# usage: scripts/cluster-certs.sh DIR NODE [NODE...]
#   DIR/ca.pem          the CA certificate: every node's cluster.tls.ca_file
#   DIR/ca.key          the CA's key: keep it off the nodes (it signs new nodes)
#   DIR/NODE.pem, .key  a node's certificate and key: its cluster.tls.certificate and cluster.tls.key
# An existing CA in DIR is reused, so nodes can be added later. Keys are EC P-256, valid 825 days.
# For production use your own PKI; this is for tests and small clusters.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 DIR NODE [NODE...]" >&2
  exit 2
fi
dir=$1
shift
mkdir -p "$dir"
umask 077
if [ ! -f "$dir/ca.pem" ] || [ ! -f "$dir/ca.key" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=jobpilot-etl cluster CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  echo "cluster-certs: made the CA $dir/ca.pem"
fi
for node in "$@"; do
  case "$node" in
    *[!A-Za-z0-9._-]*|"") echo "cluster-certs: node names are letters, digits, '.', '_' and '-': $node" >&2; exit 2 ;;
  esac
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$node" \
    -keyout "$dir/$node.key" -out "$dir/$node.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$node.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 825 -out "$dir/$node.pem" 2>/dev/null
  rm -f "$dir/$node.csr"
  echo "cluster-certs: made $dir/$node.pem and $dir/$node.key"
done
