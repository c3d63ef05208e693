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
     * Appends an account's event and reads back the others' (see {@link #ACCOUNT_EVENT}); leaves seq
     * and others. An event already in the log after the node's cursor is one sent before whose answer
     * was lost (a timeout after Redis ran it, a connection dropped before the answer): it is not
     * appended or counted again. The encoded event carries the node and its number there, so it
     * matches only itself.
     */
    private static final String ACCOUNT_PART = """
            local mine = '|' .. ARGV[1]
            local after = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '+inf')
            local again = false
            for _, e in ipairs(after) do
              if string.sub(e, -#mine) == mine then again = true break end
            end
            -- The latest sequence number: the counter, or the log's top score should the counter be
            -- gone without the log (evicted, deleted), so that numbering never restarts below it.
            local seq = tonumber(redis.call('GET', KEYS[1])) or 0
            local top = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
            if top[2] and tonumber(top[2]) > seq then seq = tonumber(top[2]) end
            local others = after
            if not again then
              seq = seq + 1
              redis.call('SET', KEYS[1], seq)
              redis.call('ZADD', KEYS[2], seq, seq .. mine)
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
            end
            for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
            """;

    /** Records an account on an address or device set and returns the set (see {@link #KEY_ACCOUNTS}). */
    private static final String ACCOUNTS_FUNCTION = """
            local function accounts(key, account, time, ttl, window, keep)
              redis.call('ZADD', key, 'GT', time, account)
              redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (tonumber(time) - tonumber(window)))
              local n = redis.call('ZCARD', key)
              if n > keep then redis.call('ZREMRANGEBYRANK', key, 0, n - keep - 1) end
              redis.call('PEXPIRE', key, ttl)
              return redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
            end
            """;

    /**
     * One event of an account. KEYS: sequence, event log, hour counters. ARGV: the encoded event,
     * the last sequence number this node already holds, the event's hour, time-to-live (ms), most
     * events kept, oldest hour kept. Appends the event under the next sequence number, counts it in
     * its hour, and returns {sequence, the events after the given one and before this one}; for an
     * event already appended, {latest sequence, the events after the given one, itself among them}.
     */
    static final String ACCOUNT_EVENT = ACCOUNT_PART + "return {seq, others}\n";

    /**
     * One account seen on an address or device. KEYS: the set. ARGV: account, time (ms), time-to-live
     * (ms), window (ms), most accounts kept. Returns the set as account, time, account, time...
     */
    static final String KEY_ACCOUNTS = ACCOUNTS_FUNCTION
            + "return accounts(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]))\n";

    /**
     * {@link #ACCOUNT_EVENT} and {@link #KEY_ACCOUNTS} for the address and the device in one round
     * trip, for a single server (standalone or Sentinel) where all keys live together. KEYS: those of
     * ACCOUNT_EVENT, then the address set if ARGV[7] is 1, then the device set if ARGV[8] is 1. ARGV 1-6
     * as ACCOUNT_EVENT; 9 account, 10 time, 11-12 address time-to-live and window, 13-14 device's, 15
     * most accounts kept. Returns {sequence, others, address set, device set}.
     */
    static final String EVENT_ONE_SERVER = ACCOUNTS_FUNCTION + ACCOUNT_PART + """
            local onIp = {}
            local onDevice = {}
            local k = 4
            if ARGV[7] == '1' then
              onIp = accounts(KEYS[k], ARGV[9], ARGV[10], ARGV[11], ARGV[12], tonumber(ARGV[15]))
              k = k + 1
            end
            if ARGV[8] == '1' then
              onDevice = accounts(KEYS[k], ARGV[9], ARGV[10], ARGV[13], ARGV[14], tonumber(ARGV[15]))
            end
            return {seq, others, onIp, onDevice}
            """;

    /**
     * A flag about to be delivered. KEYS: the flag's key. ARGV: its event time (ms), the window (ms)
     * within which the same flag is not delivered again, time-to-live (ms), this node's id. Returns 1
     * when this node delivers it (and records it as {@code time|node}), 0 when a node already did
     * within the window. A SET NX PX judged on event time, so that a replay of older traffic is gated
     * as the live traffic was. A node that finds its own record of this very flag (its check ran in
     * Redis after it had timed out in the node) delivers it: nobody else will.
     */
    static final String FLAG_ONCE = """
            local mine = ARGV[1] .. '|' .. ARGV[4]
            local v = redis.call('GET', KEYS[1])
            if v == mine then return 1 end
            if v then
              local bar = string.find(v, '|', 1, true)
              local t = tonumber(bar and string.sub(v, 1, bar - 1) or v)
              if t and (tonumber(ARGV[1]) - t) < tonumber(ARGV[2]) then return 0 end
            end
            redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
            return 1
            """;
}
