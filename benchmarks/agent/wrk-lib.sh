# Shared by the wrk benchmarks of this folder (sourced, not run): set-up, ports, one wrk run, unit
# conversion. The caller sets `root` (the repository) first and appends the PIDs it starts to `pids`.

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

# Installs wrk and curl if missing; makes the scratch directory `work` (kept with KEEP_WORK=1) and
# stops every PID in `pids` at exit.
wrk_prepare() {
    "$root/tools/ensure-debian-packages.sh" wrk curl
    work="$(mktemp -d)"
    [ -n "${KEEP_WORK:-}" ] && echo "work directory: $work" >&2
    pids=()
    trap wrk_cleanup EXIT
}

wrk_cleanup() {
    stop_servers
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}

# Stops every PID in `pids` and waits up to 30 s for them to exit: the servers' temporary directories
# are in $work (a JFR recording asked for through LT_JVM_OPTS keeps its chunks there until the JVM
# writes the file on exit).
stop_servers() {
    # ${pids[@]+...}: an empty array is "unbound" under set -u in bash before 4.4.
    for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
    local alive
    for _ in $(seq 1 60); do
        alive=""
        for p in ${pids[@]+"${pids[@]}"}; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break
        sleep 0.5
    done
    # One that did not stop would run on into the next measurements: killed.
    for p in ${pids[@]+"${pids[@]}"}; do kill -9 "$p" 2>/dev/null || true; done
    pids=()
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Every cookie of a curl cookie jar as one Cookie header value, as a browser would send them.
jar_cookies() { awk '$0 !~ /^# / && NF>=7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$1"; }

to_ms() { # wrk's 512.00us / 1.20ms / 1.01s -> milliseconds
    awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else {sub(/s$/,"",v); print v*1000} }'
}

# wrk_run URL COOKIE SECONDS PID -> "rps p50_ms p99_ms cpu_us user_us"; wrk on core 1 (1 thread, 8
# connections), through the trusted proxy. cpu_us and user_us are the server's CPU time per request
# (user + system, and user alone; all its threads) over the run, from /proc/PID/stat. With the server
# saturating its one core, throughput follows that figure, and it says in microseconds what a ratio
# says in percent.
wrk_run() {
    local url="$1" cookie="$2" secs="$3" pid="$4" out rps p50 p99 requests before after
    [ -r "/proc/$pid/stat" ] || { echo "the server (PID $pid) is gone" >&2; exit 1; }
    before="$(process_cpu_ticks "$pid")"
    out="$(taskset -c 1 wrk -t1 -c8 -d"${secs}s" --latency -H "Cookie: $cookie" -H 'X-Forwarded-For: 198.51.100.7' "$url")"
    after="$(process_cpu_ticks "$pid")"
    if grep -q "Non-2xx" <<<"$out"; then echo "warning: $url answered non-2xx responses" >&2; fi
    rps="$(awk '/Requests\/sec/{print $2}' <<<"$out")"
    p50="$(awk '$1=="50%"{print $2}' <<<"$out")"
    p99="$(awk '$1=="99%"{print $2}' <<<"$out")"
    requests="$(awk '/ requests in /{print $1}' <<<"$out")"
    [ "${requests:-0}" -gt 0 ] || { echo "wrk counted no requests to $url" >&2; exit 1; }
    echo "$rps $(to_ms "$p50") $(to_ms "$p99") $(cpu_per_request "$before" "$after" "$requests")"
}

# "utime stime" of process PID, all its threads, in clock ticks (fields 14 and 15 of /proc/PID/stat;
# the command name in field 2 may hold blanks, so fields are counted after its closing parenthesis).
process_cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'; }

# cpu_per_request "U0 S0" "U1 S1" REQUESTS -> "cpu_us user_us"
cpu_per_request() {
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN{
        split(a, x, " "); split(b, y, " ");
        user = (y[1] - x[1]) / hz; sys = (y[2] - x[2]) / hz;
        printf "%.1f %.1f", (user + sys) * 1e6 / n, user * 1e6 / n }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }

add() { awk -v s="$1" -v x="$2" 'BEGIN{print s+x}'; }

difference() { awk -v a="$1" -v b="$2" 'BEGIN{print a-b}'; }

mean() { # SUM COUNT [DECIMALS, 3 unless given]
    awk -v s="$1" -v n="$2" -v d="${3:-3}" 'BEGIN{printf "%.*f", d, s/n}'
}

# Heap held by our objects in JVM PID after a full GC (the histogram forces one), in KiB, shallow sizes.
our_heap_kib() {
    local java_home="$1" pid="$2"
    "$java_home/bin/jcmd" "$pid" GC.class_histogram | awk '$4 ~ /^io\.logintelemetry\./ {b+=$3} END{print int(b/1024)}'
}
