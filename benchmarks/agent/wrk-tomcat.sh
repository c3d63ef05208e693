#!/usr/bin/env bash
# The Java agent's cost on a real server: the same stock Tomcat 11 examples app with and without the
# agent, both running at once on CPU core 0, wrk on core 1, runs interleaved (bare, agent, bare, ...)
# and repeated, one logged-in session (the agent's full path per request: account, engine, state).
# Prints throughput, p50/p99 latency per run, the ratio, start-up time and the heap our objects hold.
#
# Usage (after `mvn -B verify`, which unpacks the distribution and builds the agent jar):
#   benchmarks/agent/wrk-tomcat.sh [ROUNDS] [SECONDS]
# Not a CI gate: figures depend on the machine; see README "Benchmarks".
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
rounds="${1:-3}"
seconds="${2:-20}"
dist="${TOMCAT_DIST:-$root/integration-tests/target/dist/apache-tomcat-11.0.24}"
agent="$root/agent/target/logintelemetry-agent.jar"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
[ -d "$dist" ] || { echo "no Tomcat at $dist: run mvn -B verify first" >&2; exit 1; }
[ -f "$agent" ] || { echo "no agent jar at $agent" >&2; exit 1; }
"$root/tools/ensure-debian-packages.sh" wrk curl

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME WITH_AGENT -> sets port_NAME, pid_NAME, startup_NAME (ms, Tomcat's own "Server startup in")
start() {
    local name="$1" with_agent="$2" home="$work/$1" port
    cp -r "$dist" "$home"
    port="$(free_port)"
    sed -i -e 's/<Server port="8005"/<Server port="-1"/' -e "s/port=\"8080\"/port=\"$port\" address=\"127.0.0.1\"/" "$home/conf/server.xml"
    cat > "$home/conf/tomcat-users.xml" <<USERS
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="tomcat"/><role rolename="role1"/>
  <user username="alice" password="alice-secret" roles="tomcat,role1"/>
</tomcat-users>
USERS
    printf 'logintelemetry.proxy.trusted=127.0.0.1/32\nlogintelemetry.agent.log-file=%s/agent.log\n' "$home" > "$home/lt.properties"
    local opts="-Xms512m -Xmx512m"
    [ "$with_agent" = yes ] && opts="$opts -javaagent:$agent=config=$home/lt.properties"
    echo "CATALINA_OPTS=\"$opts\"" > "$home/bin/setenv.sh"
    chmod +x "$home"/bin/*.sh
    JAVA_HOME="$java_home" CATALINA_HOME="$home" CATALINA_BASE="$home" taskset -c 0 "$home/bin/catalina.sh" run > "$home/console.out" 2>&1 &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 1 600); do grep -q "Server startup in" "$home/console.out" 2>/dev/null && break; sleep 0.2; done
    eval "port_$name=$port; pid_$name=$pid"
    eval "startup_$name=$(grep -o 'Server startup in \[[0-9,]*\]' "$home/console.out" | tr -dc 0-9)"
    # One browser's FORM login; wrk then replays its session cookie.
    local jar="$home/cookies" base="http://127.0.0.1:$port/examples/jsp/security/protected"
    curl -s -o /dev/null -c "$jar" -b "$jar" -H 'X-Forwarded-For: 198.51.100.7' "$base/index.jsp"
    curl -s -o /dev/null -c "$jar" -b "$jar" -H 'X-Forwarded-For: 198.51.100.7' -d 'j_username=alice&j_password=alice-secret' "$base/j_security_check"
    eval "cookie_$name=$(awk '$6=="JSESSIONID"{print $7}' "$jar")"
}

run() { # NAME SECONDS -> "rps p50_ms p99_ms"
    local name="$1" secs="$2" port cookie out
    port="$(eval echo "\$port_$name")"; cookie="$(eval echo "\$cookie_$name")"
    out="$(taskset -c 1 wrk -t1 -c8 -d"${secs}s" --latency -H "Cookie: JSESSIONID=$cookie" -H 'X-Forwarded-For: 198.51.100.7' \
        "http://127.0.0.1:$port/examples/jsp/security/protected/index.jsp")"
    if grep -q "Non-2xx" <<<"$out"; then echo "warning: $name answered non-2xx responses" >&2; fi
    local rps p50 p99
    rps="$(awk '/Requests\/sec/{print $2}' <<<"$out")"
    p50="$(awk '$1=="50%"{print $2}' <<<"$out")"
    p99="$(awk '$1=="99%"{print $2}' <<<"$out")"
    echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

to_ms() { # wrk's 512.00us / 1.20ms / 1.01s -> milliseconds
    awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else {sub(/s$/,"",v); print v*1000} }'
}

start bare no
start agent yes
grep -q "Login Telemetry started for /examples" "$work/agent/agent.log" || { echo "agent did not start" >&2; exit 1; }
curl -s "http://127.0.0.1:$port_agent/examples/jsp/security/protected/index.jsp" -H "Cookie: JSESSIONID=$cookie_agent" | grep -q alice \
    || { echo "the session cookie does not log in" >&2; exit 1; }

echo "warming up..." >&2
run bare 10 > /dev/null; run agent 10 > /dev/null

echo "| round | bare req/s | agent req/s | ratio | bare p50 ms | agent p50 ms | bare p99 ms | agent p99 ms |"
echo "|---|---|---|---|---|---|---|---|"
sum_ratio=0
for r in $(seq 1 "$rounds"); do
    read -r b_rps b_50 b_99 <<<"$(run bare "$seconds")"
    read -r a_rps a_50 a_99 <<<"$(run agent "$seconds")"
    ratio="$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN{printf "%.3f", a/b}')"
    sum_ratio="$(awk -v s="$sum_ratio" -v x="$ratio" 'BEGIN{print s+x}')"
    echo "| $r | $b_rps | $a_rps | $ratio | $b_50 | $a_50 | $b_99 | $a_99 |"
done
echo
echo "mean throughput ratio (agent / bare): $(awk -v s="$sum_ratio" -v n="$rounds" 'BEGIN{printf "%.3f", s/n}')"
echo "Tomcat start-up: bare ${startup_bare} ms, with agent ${startup_agent} ms"
ours="$("$java_home/bin/jcmd" "$pid_agent" GC.class_histogram | awk '$4 ~ /^io\.logintelemetry\./ {b+=$3} END{print b+0}')"
echo "heap held by io.logintelemetry.* objects after a full GC (shallow sizes): $((ours / 1024)) KiB"
