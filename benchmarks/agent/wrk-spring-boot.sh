#!/usr/bin/env bash
# The Java agent's cost on a Spring Boot application: the integration tests' Spring Boot 4 app
# (embedded Tomcat 11, Spring Security form login, a @RestController page) run as its executable
# jar twice at once, bare and with the agent, both on CPU core 0, wrk on core 1, runs interleaved
# (bare, agent, bare, ...) and repeated, one logged-in session on the protected page /hello (the
# full path per request: Spring Security's filter chain, MVC, and with the agent account, engine,
# state). Prints throughput, p50/p99 latency and the server's CPU time per request for each run, the
# ratio, start-up time and our heap.
#
# Usage (after `mvn -B verify`, which builds the app and the agent jar):
#   benchmarks/agent/wrk-spring-boot.sh [ROUNDS] [SECONDS]
# LT_PROPERTIES (lines of key=value) is added to Login Telemetry's configuration, e.g. to size a part:
#   LT_PROPERTIES='logintelemetry.filter.exclude=/*' (requests pass the agent's advice but are not watched)
# Not a CI gate: figures depend on the machine; see README "Benchmarks".
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) stops the script too

root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=wrk-lib.sh
. "$root/benchmarks/agent/wrk-lib.sh"
rounds="${1:-3}"
seconds="${2:-20}"
app="$root/integration-tests/apps/spring-boot-app/target/spring-boot-app.jar"
agent="$root/agent/target/logintelemetry-agent.jar"
[ -f "$app" ] || { echo "no Spring Boot app at $app: run mvn -B verify first" >&2; exit 1; }
[ -f "$agent" ] || { echo "no agent jar at $agent" >&2; exit 1; }
wrk_prepare

# start NAME MODE (bare|agent) -> sets port_NAME, pid_NAME, startup_NAME (ms, Spring's "Started ... in")
start() {
    local name="$1" mode="$2" port opts=(-Xms512m -Xmx512m)
    mkdir -p "$work/$name"
    port="$(free_port)"
    printf 'logintelemetry.proxy.trusted=127.0.0.1/32\nlogintelemetry.agent.log-file=%s/agent.log\n' "$work/$name" > "$work/$name/lt.properties"
    [ -n "${LT_PROPERTIES:-}" ] && printf '%s\n' "$LT_PROPERTIES" >> "$work/$name/lt.properties"
    [ "$mode" = agent ] && opts+=("-javaagent:$agent=config=$work/$name/lt.properties")
    taskset -c 0 "$java_home/bin/java" "${opts[@]}" -jar "$app" --server.port="$port" --server.address=127.0.0.1 \
        > "$work/$name/console.out" 2>&1 &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 1 900); do grep -q "Started BootApp in" "$work/$name/console.out" 2>/dev/null && break; sleep 0.2; done
    grep -q "Started BootApp in" "$work/$name/console.out" || { echo "$name did not start" >&2; exit 1; }
    eval "port_$name=$port; pid_$name=$pid"
    eval "startup_$name=$(grep -o 'Started BootApp in [0-9.]* seconds' "$work/$name/console.out" | awk '{printf "%d", $4 * 1000}')"
    # One browser's form login; wrk then replays its session cookie.
    local jar="$work/$name/cookies"
    curl -s -o /dev/null -c "$jar" -b "$jar" -H 'X-Forwarded-For: 198.51.100.7' -d 'username=sam&password=sam-secret' \
        "http://127.0.0.1:$port/login"
    eval "cookie_$name='$(jar_cookies "$jar")'"
    curl -s -H "Cookie: $(eval echo "\$cookie_$name")" "http://127.0.0.1:$port/hello" | grep -q "hello sam" \
        || { echo "the session cookie does not log in ($name)" >&2; exit 1; }
}

run() { # NAME SECONDS -> "rps p50_ms p99_ms cpu_us user_us"
    local name="$1"
    wrk_run "http://127.0.0.1:$(eval echo "\$port_$name")/hello" "$(eval echo "\$cookie_$name")" "$2" \
        "$(eval echo "\$pid_$name")"
}

start bare bare
start agent agent
# The agent starts its engine on another thread when the app's first servlet starts (here: at the login).
for _ in $(seq 1 100); do grep -q "Login Telemetry started for" "$work/agent/agent.log" 2>/dev/null && break; sleep 0.1; done
grep -q "Login Telemetry started for" "$work/agent/agent.log" || { echo "agent did not start" >&2; exit 1; }

# The JIT on one shared core needs a while: three rounds each before measuring.
echo "warming up..." >&2
for _ in 1 2 3; do run bare 10 > /dev/null; run agent 10 > /dev/null; done

echo "| round | bare req/s | agent req/s | agent ratio | CPU µs per request (user) bare / agent | p50 ms bare / agent | p99 ms bare / agent |"
echo "|---|---|---|---|---|---|---|"
sum=0
sum_added=0
sum_user_added=0
for r in $(seq 1 "$rounds"); do
    read -r b_rps b_50 b_99 b_cpu b_user <<<"$(run bare "$seconds")"
    read -r a_rps a_50 a_99 a_cpu a_user <<<"$(run agent "$seconds")"
    a_ratio="$(ratio "$a_rps" "$b_rps")"
    sum="$(add "$sum" "$a_ratio")"
    sum_added="$(add "$sum_added" "$(difference "$a_cpu" "$b_cpu")")"
    sum_user_added="$(add "$sum_user_added" "$(difference "$a_user" "$b_user")")"
    echo "| $r | $b_rps | $a_rps | $a_ratio | $b_cpu ($b_user) / $a_cpu ($a_user) | $b_50 / $a_50 | $b_99 / $a_99 |"
done
echo
echo "mean throughput ratio, agent / bare: $(mean "$sum" "$rounds"), mean CPU added per request $(mean "$sum_added" "$rounds" 1) µs (user $(mean "$sum_user_added" "$rounds" 1) µs)"
echo "Spring Boot start-up: bare ${startup_bare} ms, with agent ${startup_agent} ms"
echo "heap held by io.logintelemetry.* objects after a full GC (shallow sizes): $(our_heap_kib "$java_home" "$pid_agent") KiB"
