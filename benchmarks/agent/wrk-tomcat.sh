#!/usr/bin/env bash
# The Java agent's cost on a real server: the same stock Tomcat 11 examples app bare, with the agent,
# and (for comparison) with the drop-in filter jar in its WEB-INF/lib instead, plus a reference: the
# bare app with a filter that spends a fixed time per request and does nothing else, which shows what
# a microsecond per request does to throughput on this machine and page (with REFERENCE_NANOS=0, how
# far two nearly identical servers differ). All run at once on CPU core 0, wrk on core 1, runs
# interleaved (bare, agent, filter, reference, bare, ...) and repeated, one logged-in session (the
# full path per request: account, engine, state). Prints throughput, p50/p99 latency and the server's CPU time per
# request for each run, the ratios, start-up time, the first page's time and the heap our objects hold.
#
# Usage (after `mvn -B verify`, which unpacks the distribution and builds the agent jar):
#   benchmarks/agent/wrk-tomcat.sh [ROUNDS] [SECONDS]
# FORKS (default 1): how many times every server is started afresh and measured for ROUNDS rounds.
# WARMUP_ROUNDS (default 3): unmeasured 10 s rounds each server gets first, in every fork.
# REFERENCE_NANOS (default 1000): the reference filter's time per request; 0 leaves it next to nothing
#   to do (one more filter, one clock read), off leaves the reference out.
# LT_PROPERTIES (lines of key=value) is added to Login Telemetry's configuration, e.g. to size a part:
#   LT_PROPERTIES='logintelemetry.filter.exclude=/*' (requests pass the agent's advice but are not watched)
# LT_JVM_OPTS is added to each server's JVM options, @NAME@ replaced by bare, agent, filter or
# reference, e.g. to profile them all: LT_JVM_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
#   -XX:StartFlightRecording=filename=/tmp/wrk-@NAME@.jfr,settings=profile' (written when each server
#   stops; with FORKS > 1 the last fork's recordings remain)
# Not a CI gate: figures depend on the machine; see README "Benchmarks".
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) stops the script too

root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=wrk-lib.sh
. "$root/benchmarks/agent/wrk-lib.sh"
rounds="${1:-3}"
seconds="${2:-20}"
dist="${TOMCAT_DIST:-$root/integration-tests/target/dist/apache-tomcat-11.0.24}"
agent="$root/agent/target/logintelemetry-agent.jar"
dropin="$root/dropin/target/logintelemetry-dropin.jar"
[ -d "$dist" ] || { echo "no Tomcat at $dist: run mvn -B verify first" >&2; exit 1; }
[ -f "$agent" ] || { echo "no agent jar at $agent" >&2; exit 1; }
[ -f "$dropin" ] || { echo "no drop-in jar at $dropin" >&2; exit 1; }
reference_nanos="${REFERENCE_NANOS:-1000}"
forks="${FORKS:-1}"
[[ "$rounds" =~ ^[1-9][0-9]*$ && "$forks" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS and FORKS must be 1 or more" >&2; exit 1; }
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "SECONDS must be 1 or more" >&2; exit 1; }
[[ "$reference_nanos" =~ ^([0-9]+|off)$ ]] || { echo "REFERENCE_NANOS must be a number of nanoseconds or off" >&2; exit 1; }
servers="bare agent filter"
[ "$reference_nanos" != off ] && servers="$servers reference"
wrk_prepare

# Declares filters (and listeners) ahead of the application's own in a web.xml, so they run first.
# The examples' web.xml is metadata-complete, so the drop-in jar's web-fragment is not read: the
# README says to declare the filter so in such applications.
declare_first() { # WEB_XML XML
    python3 - "$1" "$2" <<'PY'
import sys
path, ours = sys.argv[1], sys.argv[2]
xml = open(path).read()
at = xml.index('>', xml.index('<web-app')) + 1
open(path, 'w').write(xml[:at] + ours + xml[at:])
PY
}

if [ "$reference_nanos" != off ]; then
    mkdir -p "$work/reference-classes"
    "$java_home/bin/javac" -d "$work/reference-classes" -cp "$dist/lib/servlet-api.jar" \
        "$root/benchmarks/agent/FixedCostFilter.java"
fi

# start NAME MODE (bare|agent|filter|reference) -> sets port_NAME, pid_NAME, startup_NAME (ms, Tomcat's own "Server startup in")
start() {
    local name="$1" mode="$2" home="$work/fork$fork/$1" port
    mkdir -p "$work/fork$fork"
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
    [ -n "${LT_PROPERTIES:-}" ] && printf '%s\n' "$LT_PROPERTIES" >> "$home/lt.properties"
    local opts="-Xms512m -Xmx512m ${LT_JVM_OPTS:-}"
    opts="${opts//@NAME@/$name}"
    [ "$mode" = agent ] && opts="$opts -javaagent:$agent=config=$home/lt.properties"
    if [ "$mode" = filter ]; then
        cp "$dropin" "$home/webapps/examples/WEB-INF/lib/"
        declare_first "$home/webapps/examples/WEB-INF/web.xml" \
            '<filter><filter-name>LoginTelemetryFilter</filter-name><filter-class>io.logintelemetry.servlet.LoginTelemetryFilter</filter-class></filter><filter-mapping><filter-name>LoginTelemetryFilter</filter-name><url-pattern>/*</url-pattern></filter-mapping><listener><listener-class>io.logintelemetry.servlet.LoginTelemetryListener</listener-class></listener>'
        opts="$opts -Dlogintelemetry.config=$home/lt.properties"
    fi
    if [ "$mode" = reference ]; then
        cp -r "$work/reference-classes/." "$home/webapps/examples/WEB-INF/classes/"
        declare_first "$home/webapps/examples/WEB-INF/web.xml" \
            "<filter><filter-name>FixedCost</filter-name><filter-class>wrkbench.FixedCostFilter</filter-class><init-param><param-name>nanos</param-name><param-value>$reference_nanos</param-value></init-param></filter><filter-mapping><filter-name>FixedCost</filter-name><url-pattern>/*</url-pattern></filter-mapping>"
    fi
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
    # The first page also compiles the login JSP: a start-up cost users meet (every class the
    # compiler loads passes the agent's type matching).
    eval "first_page_$name=$(curl -s -o /dev/null -w '%{time_total}' -c "$jar" -b "$jar" -H 'X-Forwarded-For: 198.51.100.7' "$base/index.jsp" \
        | awk '{printf "%d", $1 * 1000}')"
    curl -s -o /dev/null -c "$jar" -b "$jar" -H 'X-Forwarded-For: 198.51.100.7' -d 'j_username=alice&j_password=alice-secret' "$base/j_security_check"
    # Every cookie the browser holds (the session's, and the device cookie Login Telemetry set), as
    # a browser would send them: without the device cookie each request would look like a new device.
    eval "cookie_$name='$(jar_cookies "$jar")'"
}

run() { # NAME SECONDS -> "rps p50_ms p99_ms cpu_us user_us"
    local name="$1"
    wrk_run "http://127.0.0.1:$(eval echo "\$port_$name")/examples/jsp/security/protected/index.jsp" \
        "$(eval echo "\$cookie_$name")" "$2" "$(eval echo "\$pid_$name")"
}

# One fork: every server started afresh, warmed up and measured for ROUNDS rounds, then stopped.
# Two starts of the same server can differ by several percent: FORKS > 1 averages over that.
measure_fork() {
    local r name rps ratios cpus p50s p99s b_rps b_50 b_99 b_cpu b_user x_rps x_50 x_99 x_cpu x_user x_ratio means
    local -A fork_ratio=()
    for name in $servers; do start "$name" "$name"; done
    for name in $servers; do echo "cookies sent ($name): $(eval echo "\$cookie_$name")" >&2; done
    grep -q "Login Telemetry started for /examples" "$work/fork$fork/agent/agent.log" \
        || { echo "agent did not start" >&2; exit 1; }
    grep -q "Login Telemetry started for /examples" "$work/fork$fork/filter/console.out" "$work/fork$fork/filter/logs/"* 2>/dev/null \
        || { echo "the drop-in filter did not start" >&2; exit 1; }
    for name in $servers; do
        curl -s "http://127.0.0.1:$(eval echo "\$port_$name")/examples/jsp/security/protected/index.jsp" \
            -H "Cookie: $(eval echo "\$cookie_$name")" | grep -q alice \
            || { echo "the session cookie does not log in ($name)" >&2; exit 1; }
    done

    # The JIT on one shared core needs a while (the agent's server longest).
    echo "warming up (fork $fork)..." >&2
    for _ in $(seq 1 "${WARMUP_ROUNDS:-3}"); do
        for name in $servers; do run "$name" 10 > /dev/null; done
    done

    for r in $(seq 1 "$rounds"); do
        for name in $servers; do result[$name]="$(run "$name" "$seconds")"; done
        read -r b_rps b_50 b_99 b_cpu b_user <<<"${result[bare]}"
        rps="" ratios="" cpus="" p50s="" p99s=""
        for name in $servers; do
            read -r x_rps x_50 x_99 x_cpu x_user <<<"${result[$name]}"
            rps="$rps${rps:+ / }$x_rps"
            cpus="$cpus${cpus:+ / }$x_cpu ($x_user)"
            p50s="$p50s${p50s:+ / }$x_50"
            p99s="$p99s${p99s:+ / }$x_99"
            if [ "$name" != bare ]; then
                x_ratio="$(ratio "$x_rps" "$b_rps")"
                ratios="$ratios${ratios:+ / }$x_ratio"
                sum_ratio[$name]="$(add "${sum_ratio[$name]:-0}" "$x_ratio")"
                sum_added[$name]="$(add "${sum_added[$name]:-0}" "$(difference "$x_cpu" "$b_cpu")")"
                sum_user_added[$name]="$(add "${sum_user_added[$name]:-0}" "$(difference "$x_user" "$b_user")")"
                fork_ratio[$name]="$(add "${fork_ratio[$name]:-0}" "$x_ratio")"
            fi
        done
        echo "| $fork.$r | $rps | $ratios | $cpus | $p50s | $p99s |"
    done
    means=""
    for name in $servers; do
        [ "$name" = bare ] || means="$means${means:+, }$name $(mean "${fork_ratio[$name]}" "$rounds")"
    done
    fork_notes+=("fork $fork: mean ratios to bare $means; Tomcat start-up bare ${startup_bare} ms, with agent ${startup_agent} ms, with the filter ${startup_filter} ms; first page (its JSP compiled) bare ${first_page_bare} ms, with agent ${first_page_agent} ms, with the filter ${first_page_filter} ms; heap held by io.logintelemetry.* objects after a full GC (shallow sizes) $(our_heap_kib "$java_home" "$pid_agent") KiB")
    stop_servers
}

# Per server: the last round's "rps p50 p99 cpu user", and the sums of the ratios and of the CPU added
# (all of it, and the user part).
declare -A result sum_ratio sum_added sum_user_added
fork_notes=()
names="${servers// / \/ }"
echo "| fork.round | req/s $names | ratio to bare ${names#bare / } | CPU µs per request (user) $names | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|"
for fork in $(seq 1 "$forks"); do measure_fork; done
echo
for name in $servers; do
    [ "$name" = bare ] && continue
    echo "$name: mean throughput ratio to bare $(mean "${sum_ratio[$name]}" "$((rounds * forks))"), mean CPU added per request $(mean "${sum_added[$name]}" "$((rounds * forks))" 1) µs (user $(mean "${sum_user_added[$name]}" "$((rounds * forks))" 1) µs)"
done
[ "$reference_nanos" != off ] && echo "(reference: the bare app with a filter spending ${reference_nanos} ns per request)"
printf '%s\n' "${fork_notes[@]}"
