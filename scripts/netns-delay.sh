#!/usr/bin/env bash
# Two network namespaces joined by a veth pair, for a 2-process timely run whose exchange
# crosses a link with a fixed one-way delay (issue 20: the simulator's network model checked
# at 0, 1 and 10 ms). All traffic stays inside the two namespaces. Needs root.
#
#   scripts/netns-delay.sh up DELAY_MS[/BACK_MS]     # namespaces sbA, sbB; relays with the delay
#   scripts/netns-delay.sh run DELAY_MS[/BACK_MS] OUT [streambench run options...]
#   scripts/netns-delay.sh down
#
# DELAY_MS delays bytes from process 0 (sbA) to process 1 (sbB); BACK_MS, when given, those
# from 1 to 0 (else the same): a delay one way only tells a wait for one crossing from a
# wait for a round trip.
#
# The kernel here has no netem (`tc qdisc add dev vA root netem delay 10ms` answers
# "Error: Specified qdisc kind is unknown."; CONFIG_NET_SCH_NETEM is not set), so the delay
# is put in user space (scripts/delay-proxy.py): process I's engine listens on 10.88.0.(I+1)
# on its own namespace's loopback; in the other namespace the same address is a relay that
# holds every byte DELAY_MS before sending it over the veth (10.77.0.0/24) to a plain relay
# in front of the engine. So every exchange byte crosses the veth once, delayed once in
# each direction. The coordinator listens on 10.77.0.1:7700 in sbA; its messages to the
# members cross the veth without delay (they only start, stop and collect the run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${STREAMBENCH:-$here/../target/release/streambench}
state=/tmp/netns-delay
proxy="python3 $here/delay-proxy.py"

up() {
    local there=${1%/*} back=${1#*/}
    mkdir -p $state
    ip netns add sbA
    ip netns add sbB
    ip link add vA type veth peer name vB
    ip link set vA netns sbA
    ip link set vB netns sbB
    ip -n sbA addr add 10.77.0.1/24 dev vA
    ip -n sbB addr add 10.77.0.2/24 dev vB
    for ns in sbA sbB; do
        ip -n $ns link set lo up
        ip -n $ns addr add 10.88.0.1/32 dev lo
        ip -n $ns addr add 10.88.0.2/32 dev lo
    done
    ip -n sbA link set vA up
    ip -n sbB link set vB up
    # In sbA: process 1's address delays towards sbB; the veth side relays to process 0.
    ip netns exec sbA $proxy 10.88.0.2:2101 10.77.0.2:3101 "$there/$back" &
    echo $! >>$state/pids
    ip netns exec sbA $proxy 10.77.0.1:3101 10.88.0.1:2101 0 &
    echo $! >>$state/pids
    ip netns exec sbB $proxy 10.88.0.1:2101 10.77.0.1:3101 "$back/$there" &
    echo $! >>$state/pids
    ip netns exec sbB $proxy 10.77.0.2:3101 10.88.0.2:2101 0 &
    echo $! >>$state/pids
    printf '10.88.0.1:2101\n10.88.0.2:2101\n' >$state/hosts.txt
    sleep 1
}

down() {
    if [ -f $state/pids ]; then
        while read -r pid; do kill "$pid" 2>/dev/null || true; done <$state/pids
        rm -f $state/pids
    fi
    ip netns del sbA 2>/dev/null || true
    ip netns del sbB 2>/dev/null || true
}

run() {
    local delay=$1 out=$2
    shift 2
    down
    up "$delay"
    trap down EXIT
    ip netns exec sbA "$bin" run --engines timely --hosts $state/hosts.txt \
        --listen 10.77.0.1:7700 --out "$out" "$@" >"$out.log" 2>&1 &
    local coordinator=$!
    local token=""
    for _ in $(seq 100); do
        token=$(grep -o -- '--token [0-9a-f]*' "$out.log" 2>/dev/null | head -1 | cut -d' ' -f2 || true)
        [ -n "$token" ] && break
        sleep 0.2
    done
    [ -n "$token" ] || { echo "netns-delay: no token from the coordinator; see $out.log" >&2; exit 2; }
    ip netns exec sbA "$bin" member --coordinator 10.77.0.1:7700 --process 0 --token "$token" \
        >"$out.member0.log" 2>&1 &
    ip netns exec sbB "$bin" member --coordinator 10.77.0.1:7700 --process 1 --token "$token" \
        >"$out.member1.log" 2>&1 &
    wait $coordinator
}

case ${1:-} in
up) up "${2:?delay in ms}" ;;
down) down ;;
run) shift; run "$@" ;;
*) echo "usage: $0 up DELAY_MS | run DELAY_MS OUT [run options...] | down" >&2; exit 2 ;;
esac
