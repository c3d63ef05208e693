package io.logintelemetry.redis;

/**
 * The Lua scripts that update shared state. Each touches the keys of one Redis Cluster slot only
 * (an account's keys share a hash tag) and runs atomically, so two nodes updating one account or
 * address at once never lose an update.
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * One event of an account. KEYS: sequence, event log, hour counters. ARGV: the encoded event,
     * the last sequence number this node already holds, the event's hour, time-to-live (ms), most
     * events kept, oldest hour kept. Appends the event under the next sequence number, counts it in
     * its hour, and returns {sequence, events after the given one and before this one}.
     */
    static final String ACCOUNT_EVENT = """
            local seq = redis.call('INCR', KEYS[1])
            redis.call('ZADD', KEYS[2], seq, seq .. '|' .. ARGV[1])
            local keep = tonumber(ARGV[5])
            local n = redis.call('ZCARD', KEYS[2])
            if n > keep then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - keep - 1) end
            redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
            if redis.call('HLEN', KEYS[3]) > 400 then
              local oldest = tonumber(ARGV[6])
              for _, h in ipairs(redis.call('HKEYS', KEYS[3])) do
                if tonumber(h) < oldest then redis.call('HDEL', KEYS[3], h) end
              end
            end
            for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
            local others = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '(' .. seq)
            return {seq, others}
            """;

    /**
     * One account seen on an address or device. KEYS: the set. ARGV: account, time (ms), time-to-live
     * (ms), window (ms), most accounts kept. Returns the set as account, time, account, time...
     */
    static final String KEY_ACCOUNTS = """
            redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(ARGV[2]) - tonumber(ARGV[4])))
            local keep = tonumber(ARGV[5])
            local n = redis.call('ZCARD', KEYS[1])
            if n > keep then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - keep - 1) end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
            """;

    /**
     * A flag about to be delivered. KEYS: the flag's key. ARGV: its event time (ms), the window (ms)
     * within which the same flag is not delivered again, time-to-live (ms). Returns 1 when this node
     * delivers it (and records it), 0 when a node already did within the window. A SET NX PX judged
     * on event time, so that a replay of older traffic is gated as the live traffic was.
     */
    static final String FLAG_ONCE = """
            local t = redis.call('GET', KEYS[1])
            if t and (tonumber(ARGV[1]) - tonumber(t)) < tonumber(ARGV[2]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1
            """;
}
