#!/usr/bin/env bash
# The Java agent's cost on a real server: the same stock Tomcat 11 examples app bare, with the agent,
# and (for comparison) with the drop-in filter jar in its WEB-INF/lib instead, all three running at
# once on CPU core 0, wrk on core 1, runs interleaved (bare, agent, filter, bare, ...) and repeated,
# one logged-in session (the full path per request: account, engine, state). Prints throughput,
# p50/p99 latency per run, the ratios, start-up time, the first page's time and the heap our objects hold.
#
# Usage (after `mvn -B verify`, which unpacks the distribution and builds the agent jar):
#   benchmarks/agent/wrk-tomcat.sh [ROUNDS] [SECONDS]
# LT_PROPERTIES (lines of key=value) is added to Login Telemetry's configuration, e.g. to size a part:
#   LT_PROPERTIES='logintelemetry.filter.exclude=/*' (requests pass the agent's advice but are not watched)
# LT_JVM_OPTS is added to each server's JVM options, @NAME@ replaced by bare, agent or filter, e.g. to
# profile all three: LT_JVM_OPTS='-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
#   -XX:StartFlightRecording=filename=/tmp/wrk-@NAME@.jfr,settings=profile' (written when the script ends)
# Not a CI gate: figures depend on the machine; see README "Benchmarks".
set -euo pipefail

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
wrk_prepare

# start NAME MODE (bare|agent|filter) -> sets port_NAME, pid_NAME, startup_NAME (ms, Tomcat's own "Server startup in")
start() {
    local name="$1" mode="$2" home="$work/$1" port
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
        # The examples' web.xml is metadata-complete, so the jar's web-fragment is not read: declare
        # the filter and listener first in web.xml, as the README says for such applications.
        cp "$dropin" "$home/webapps/examples/WEB-INF/lib/"
        python3 - "$home/webapps/examples/WEB-INF/web.xml" <<'PY'
import sys
path = sys.argv[1]
xml = open(path).read()
ours = ('<filter><filter-name>LoginTelemetryFilter</filter-name>'
        '<filter-class>io.logintelemetry.servlet.LoginTelemetryFilter</filter-class></filter>'
        '<filter-mapping><filter-name>LoginTelemetryFilter</filter-name><url-pattern>/*</url-pattern></filter-mapping>'
        '<listener><listener-class>io.logintelemetry.servlet.LoginTelemetryListener</listener-class></listener>')
at = xml.index('>', xml.index('<web-app')) + 1
open(path, 'w').write(xml[:at] + ours + xml[at:])
PY
        opts="$opts -Dlogintelemetry.config=$home/lt.properties"
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

run() { # NAME SECONDS -> "rps p50_ms p99_ms"
    local name="$1"
    wrk_run "http://127.0.0.1:$(eval echo "\$port_$name")/examples/jsp/security/protected/index.jsp" \
        "$(eval echo "\$cookie_$name")" "$2"
}

start bare bare
echo "cookies sent: bare: $cookie_bare" >&2
start agent agent
start filter filter
echo "cookies sent: agent: $cookie_agent; filter: $cookie_filter" >&2
grep -q "Login Telemetry started for /examples" "$work/agent/agent.log" || { echo "agent did not start" >&2; exit 1; }
grep -q "Login Telemetry started for /examples" "$work/filter/console.out" "$work/filter/logs/"* 2>/dev/null \
    || { echo "the drop-in filter did not start" >&2; exit 1; }
for name in agent filter; do
    curl -s "http://127.0.0.1:$(eval echo "\$port_$name")/examples/jsp/security/protected/index.jsp" \
        -H "Cookie: $(eval echo "\$cookie_$name")" | grep -q alice \
        || { echo "the session cookie does not log in ($name)" >&2; exit 1; }
done

echo "warming up..." >&2
run bare 10 > /dev/null; run agent 10 > /dev/null; run filter 10 > /dev/null

echo "| round | bare req/s | agent req/s | filter req/s | agent ratio | filter ratio | p50 ms bare / agent / filter | p99 ms bare / agent / filter |"
echo "|---|---|---|---|---|---|---|---|"
sum_agent=0
sum_filter=0
for r in $(seq 1 "$rounds"); do
    read -r b_rps b_50 b_99 <<<"$(run bare "$seconds")"
    read -r a_rps a_50 a_99 <<<"$(run agent "$seconds")"
    read -r f_rps f_50 f_99 <<<"$(run filter "$seconds")"
    a_ratio="$(ratio "$a_rps" "$b_rps")"
    f_ratio="$(ratio "$f_rps" "$b_rps")"
    sum_agent="$(add "$sum_agent" "$a_ratio")"
    sum_filter="$(add "$sum_filter" "$f_ratio")"
    echo "| $r | $b_rps | $a_rps | $f_rps | $a_ratio | $f_ratio | $b_50 / $a_50 / $f_50 | $b_99 / $a_99 / $f_99 |"
done
echo
echo "mean throughput ratio, agent / bare: $(mean "$sum_agent" "$rounds")"
echo "mean throughput ratio, filter / bare: $(mean "$sum_filter" "$rounds")"
echo "Tomcat start-up: bare ${startup_bare} ms, with agent ${startup_agent} ms, with the filter ${startup_filter} ms"
echo "first page (its JSP compiled): bare ${first_page_bare} ms, with agent ${first_page_agent} ms, with the filter ${first_page_filter} ms"
echo "heap held by io.logintelemetry.* objects after a full GC (shallow sizes): $(our_heap_kib "$java_home" "$pid_agent") KiB"
