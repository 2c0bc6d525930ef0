# Sourced by the bench scripts that start a berthd and a dockerd of their own: a bridge and an
# nftables table for berthd, a bridge for dockerd, all named for this run, so that neither the
# host's berth0/docker0 nor a running system daemon is touched (berthd refuses a bridge another
# live berthd owns, ADR 0146; dockerd started with --bridge none deletes the host's docker0,
# moby's removeDefaultBridgeInterface). bench_bridges OCTET sets BERTHD_NET and DOCKERD_NET
# (berthd on 10.231.OCTET.0/24, dockerd on 10.231.OCTET+100.0/24) and removes them at exit
# through bench_bridges_cleanup, which the script's own clean-up calls.
bench_bridges() {
  bench_bbr=bb$1x$$; bench_dbr=db$1x$$; bench_table=berth_b$1x$$
  BERTHD_NET=(--bridge "$bench_bbr" --bip "10.231.$1.1/24" --nft-table "$bench_table")
  ip link add "$bench_dbr" type bridge && ip addr add "10.231.$(( $1 + 100 )).1/24" dev "$bench_dbr" && ip link set "$bench_dbr" up
  DOCKERD_NET=(--bridge "$bench_dbr")
}
bench_bridges_cleanup() {
  nft delete table ip "$bench_table" 2>/dev/null || true
  ip link del "$bench_bbr" 2>/dev/null || true
  ip link del "$bench_dbr" 2>/dev/null || true
}
