package dev.unblock.rules.redis;

import java.util.List;
import java.util.Map;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * {@code redis.Redis} (and {@code StrictRedis}, {@code from_url}, connection pools) → {@code redis.asyncio}, or the
 * legacy {@code aioredis} 2.x package whose API is the same. Commands are awaited; pipeline commands stay buffered
 * (not awaited) and {@code execute()} is awaited; {@code scan_iter} and {@code pubsub.listen()} become
 * {@code async for}; locks and pipelines become {@code async with}.
 */
@RuleInfo(id = "UB201", name = "redis-to-asyncio",
        summary = "Redis clients become redis.asyncio (or aioredis) clients whose commands are awaited.")
public final class RedisToAsyncio implements Rule {
    static final String ID = "UB201";
    static final String CLIENT = "redis.Redis";
    static final String PIPELINE = "redis.client.Pipeline";
    static final String PUBSUB = "redis.client.PubSub";
    static final String LOCK = "redis.lock.Lock";
    /** The async generators of {@code scan_iter} and friends, and of {@code PubSub.listen()}. */
    static final String ASYNC_ITERATOR = "redis.asyncio.<async iterator>";

    /** Redis commands: on a client they go to the server (awaited), on a pipeline they are buffered. */
    static final List<String> COMMANDS = List.of("""
            acl_cat acl_deluser acl_dryrun acl_genpass acl_getuser acl_help acl_list acl_load acl_log acl_log_reset
            acl_save acl_setuser acl_users acl_whoami append auth bgrewriteaof bgsave bitcount bitfield bitop bitpos
            blmove blmpop blpop brpop brpoplpush bzmpop bzpopmax bzpopmin client_getname client_getredir client_id
            client_info client_kill client_kill_filter client_list client_no_evict client_pause client_reply
            client_setname client_tracking client_tracking_off client_tracking_on client_trackinginfo client_unblock
            client_unpause command command_count command_docs command_getkeys command_getkeysandflags command_info
            command_list config_get config_resetstat config_rewrite config_set copy dbsize debug_object decr decrby
            delete dump echo eval eval_ro evalsha evalsha_ro exists expire expireat expiretime failover fcall fcall_ro
            flushall flushdb function_delete function_dump function_flush function_kill function_list function_load
            function_restore function_stats geoadd geodist geohash geopos georadius georadiusbymember geosearch
            geosearchstore get getbit getdel getex getrange getset hdel hello hexists hget hgetall hincrby
            hincrbyfloat hkeys hlen hmget hmset hrandfield hscan hset hsetnx hstrlen hvals incr incrby incrbyfloat
            info keys lastsave latency_histogram lcs lindex linsert llen lmove lmpop lolwut lpop lpos lpush lpushx
            lrange lrem lset ltrim memory_doctor memory_help memory_malloc_stats memory_purge memory_stats
            memory_usage mget migrate module_list module_load module_loadex module_unload move mset msetnx object
            persist pexpire pexpireat pexpiretime pfadd pfcount pfmerge ping psetex pttl publish pubsub_channels
            pubsub_numpat pubsub_numsub quit randomkey readonly readwrite rename renamenx replicaof restore role rpop
            rpoplpush rpush rpushx sadd save scan scard script_exists script_flush script_kill script_load sdiff
            sdiffstore select set setbit setex setnx setrange shutdown sinter sintercard sinterstore sismember slaveof
            slowlog_get slowlog_len slowlog_reset smembers smismember smove sort sort_ro spop srandmember srem sscan
            stralgo strlen substr sunion sunionstore swapdb time touch ttl type unlink wait xack xadd xautoclaim
            xclaim xdel xgroup_create xgroup_createconsumer xgroup_delconsumer xgroup_destroy xgroup_setid
            xinfo_consumers xinfo_groups xinfo_stream xlen xpending xpending_range xrange xread xreadgroup xrevrange
            xtrim zadd zcard zcount zdiff zdiffstore zincrby zinter zintercard zinterstore zlexcount zmpop zmscore
            zpopmax zpopmin zrandmember zrange zrangebylex zrangebyscore zrangestore zrank zrem zremrangebylex
            zremrangebyrank zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore zrevrank zscan zscore zunion
            zunionstore""".strip().split("\\s+"));
    private static final List<String> SCAN_ITERATORS = List.of("scan_iter", "hscan_iter", "sscan_iter", "zscan_iter");
    /** Module commands (RedisJSON, RediSearch, …): their async objects differ; flagged, never guessed. */
    private static final List<String> MODULES = List.of("json", "ft", "ts", "bf", "cf", "cms", "topk", "tdigest",
            "graph");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        String target = target(targets);
        String module = target.equals("aioredis") ? "aioredis" : "redis.asyncio";
        String why = "redis-py blocks the event loop; " + module + " has the same commands as coroutines";
        List<String> imports = List.of("import " + module);
        constructors(catalog, module, imports);
        for (String command : COMMANDS) {
            catalog.method(CLIENT, command, CallSpec.of(ID, Kind.AWAIT, null, null, why));
            catalog.method(PIPELINE, command, CallSpec.of(ID, Kind.SYNC, null, PIPELINE, ""));
        }
        String close = closeMethod(targets, target);
        catalog.method(CLIENT, "close", CallSpec.of(ID, Kind.AWAIT, close, null,
                "the async client's connections are released with `await client." + close + "()`"));
        catalog.method(CLIENT, "pipeline", CallSpec.of(ID, Kind.SYNC, null, PIPELINE, ""));
        catalog.method(CLIENT, "pubsub", CallSpec.of(ID, Kind.SYNC, null, PUBSUB, ""));
        catalog.method(CLIENT, "lock", CallSpec.of(ID, Kind.SYNC, null, LOCK, ""));
        catalog.method(CLIENT, "register_script", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "calling an async script object returns a coroutine: await each call of the script by hand"));
        catalog.method(CLIENT, "transaction", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "transaction() calls a sync function with the pipeline: rewrite it as an async function by hand"));
        catalog.method(CLIENT, "monitor", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "the async Monitor is used with `async with` and `async for` on listen(): rewrite by hand"));
        for (String m : MODULES) {
            catalog.method(CLIENT, m, CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                    "Redis module commands (" + m + "()) are not migrated automatically: check their async API"));
        }
        for (String scan : SCAN_ITERATORS) {
            catalog.method(CLIENT, scan, CallSpec.of(ID, Kind.SYNC, null, ASYNC_ITERATOR, ""));
        }
        // pools are typed as clients (see constructors): their disconnect() is awaited too
        catalog.method(CLIENT, "disconnect", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.type(new TypeSpec(CLIENT, true, false, Map.of(), Map.of("connection_pool", CLIENT), null, ID));
        catalog.type(new TypeSpec(ASYNC_ITERATOR, false, true, Map.of(), Map.of(), null, ID));
        pipeline(catalog, why);
        pubsub(catalog, why);
        catalog.method(LOCK, "acquire", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(LOCK, "release", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(LOCK, "extend", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(LOCK, "reacquire", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(LOCK, "locked", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(LOCK, "owned", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.type(new TypeSpec(LOCK, true, false, Map.of(), Map.of(), null, ID));
        exceptions(catalog, module, imports);
        catalog.replacesModule("redis");
        dependencies(catalog, targets, target);
    }

    /** Config, else the pinned legacy package, else redis.asyncio. */
    static String target(Targets targets) {
        String chosen = targets.choices().get("redis");
        if (chosen != null) {
            return chosen;
        }
        return targets.pinnedVersion("aioredis") != null ? "aioredis" : "redis.asyncio";
    }

    /** {@code aclose()} from redis 5.0.1 on (close() is deprecated there); {@code close()} before and in aioredis. */
    private static String closeMethod(Targets targets, String target) {
        if (target.equals("aioredis")) {
            return "close";
        }
        String pinned = targets.pinnedVersion("redis");
        return pinned == null || Targets.atLeast(pinned, 5, 0, 1) ? "aclose" : "close";
    }

    private static void constructors(Catalog catalog, String module, List<String> imports) {
        String why = "the client becomes " + module + "'s, whose commands are coroutines";
        for (String sync : List.of("redis.", "redis.client.")) {
            for (String cls : List.of("Redis", "StrictRedis")) {
                catalog.function(sync + cls, ctor(module + "." + cls, CLIENT, imports, why));
                catalog.function(sync + cls + ".from_url", ctor(module + "." + cls + ".from_url", CLIENT, imports, why));
            }
        }
        catalog.function("redis.from_url", ctor(module + ".from_url", CLIENT, imports, why));
        // A pool is typed as a client so that it migrates exactly where the clients built on it do.
        for (String pool : List.of("ConnectionPool", "BlockingConnectionPool")) {
            for (String sync : List.of("redis.", "redis.connection.")) {
                catalog.function(sync + pool, ctor(module + "." + pool, CLIENT, imports,
                        "an async client needs an async connection pool"));
                catalog.function(sync + pool + ".from_url", ctor(module + "." + pool + ".from_url", CLIENT, imports,
                        "an async client needs an async connection pool"));
            }
        }
    }

    private static CallSpec ctor(String replacement, String type, List<String> imports, String why) {
        return new CallSpec(ID, Kind.CONSTRUCTOR, replacement, null, Map.of(), Map.of(), type, imports, why);
    }

    private static void pipeline(Catalog catalog, String why) {
        catalog.method(PIPELINE, "execute", CallSpec.of(ID, Kind.AWAIT, null, null,
                "the buffered commands are sent by `await pipe.execute()`"));
        catalog.method(PIPELINE, "reset", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(PIPELINE, "discard", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(PIPELINE, "unwatch", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(PIPELINE, "multi", CallSpec.of(ID, Kind.SYNC, null, null, ""));
        catalog.method(PIPELINE, "watch", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "after watch() a pipeline runs commands immediately, and they must be awaited: rewrite by hand"));
        catalog.type(new TypeSpec(PIPELINE, true, false, Map.of(), Map.of(), null, ID));
    }

    private static void pubsub(Catalog catalog, String why) {
        for (String m : List.of("subscribe", "psubscribe", "unsubscribe", "punsubscribe", "get_message", "ping",
                "reset", "close", "check_health")) {
            catalog.method(PUBSUB, m, CallSpec.of(ID, Kind.AWAIT, null, null, why));
        }
        catalog.method(PUBSUB, "listen", CallSpec.of(ID, Kind.SYNC, null, ASYNC_ITERATOR, ""));
        catalog.method(PUBSUB, "run_in_thread", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "the async PubSub has no run_in_thread(): run `await pubsub.run()` in a task instead"));
        catalog.type(new TypeSpec(PUBSUB, true, false, Map.of(), Map.of(), null, ID));
    }

    /** redis.asyncio raises redis-py's own exceptions; aioredis has its own copies. */
    private static void exceptions(Catalog catalog, String module, List<String> imports) {
        if (!module.equals("aioredis")) {
            return;
        }
        for (String name : List.of("RedisError", "ConnectionError", "TimeoutError", "AuthenticationError",
                "BusyLoadingError", "InvalidResponse", "ResponseError", "DataError", "PubSubError", "WatchError",
                "NoScriptError", "ReadOnlyError", "LockError", "LockNotOwnedError")) {
            catalog.name(new NameSpec("redis." + name, "aioredis." + name, imports, ID));
            catalog.name(new NameSpec("redis.exceptions." + name, "aioredis.exceptions." + name, imports, ID));
        }
    }

    private static void dependencies(Catalog catalog, Targets targets, String target) {
        if (target.equals("aioredis")) {
            catalog.dependency(ID, new DependencyChange("aioredis>=2.0", "redis",
                    "aioredis 2.x is the async Redis client chosen for this project"));
            return;
        }
        String pinned = targets.pinnedVersion("redis");
        if (pinned != null && !Targets.atLeast(pinned, 4, 2)) {
            catalog.dependency(ID, new DependencyChange("redis>=4.2", "redis==" + pinned,
                    "redis.asyncio exists from redis-py 4.2 on"));
        }
    }
}
