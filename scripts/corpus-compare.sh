#!/usr/bin/env bash
# scripts/corpus-compare.sh BASE_JAR NEW_JAR TAG
# Runs `unblock migrate` with both jars over every folder of a real-code corpus and compares the outputs: the way an
# engine change is judged on real code (every difference read). The corpus is not committed: scripts/corpus.tsv
# lists where session 14's came from (one folder per project under $CORPUS, names one per line in $LIST).
#   outputs:  /tmp/cmp-TAG/NAME.{base,new}.{diff,err,rc,time}
#   base cache: /tmp/cmp-base/<sha1 of BASE_JAR>/NAME.{diff,err,rc,time} (reused when present)
#   differing projects: /tmp/cmp-TAG/NAME.diffdiff (diff -u of the diffs and of the sorted findings)
# Prints one line per project that differs (or crashed), then "N projects, D differ". Always exits 0.
# Env: CORPUS (default /tmp/corpus), LIST (default $CORPUS/LIST), JOBS (default 2), TIMEOUT (default 600 s),
#      JAVA_OPTS (default "-Xss64m -Xmx2g -XX:TieredStopAtLevel=1"), ONLY="name1 name2" to restrict.
set -u
if [ $# -ne 3 ]; then echo "usage: $0 BASE_JAR NEW_JAR TAG" >&2; exit 0; fi
BASE_JAR=$(readlink -f "$1"); NEW_JAR=$(readlink -f "$2"); TAG=$3
CORPUS=${CORPUS:-/tmp/corpus}
LIST=${LIST:-$CORPUS/LIST}
JOBS=${JOBS:-2}
TIMEOUT=${TIMEOUT:-600}
JAVA_OPTS=${JAVA_OPTS:--Xss64m -Xmx2g -XX:TieredStopAtLevel=1}
for j in "$BASE_JAR" "$NEW_JAR"; do [ -f "$j" ] || { echo "no jar $j" >&2; exit 0; }; done
[ -f "$LIST" ] || { echo "no list $LIST" >&2; exit 0; }
OUT=/tmp/cmp-$TAG
BSHA=$(sha1sum "$BASE_JAR" | cut -c1-40)
BCACHE=/tmp/cmp-base/$BSHA
mkdir -p "$OUT" "$BCACHE"
echo "$BASE_JAR" > "$BCACHE/JAR"

mapfile -t NAMES < <(grep -v '^\s*\(#\|$\)' "$LIST")
if [ -n "${ONLY:-}" ]; then
    mapfile -t NAMES < <(printf '%s\n' "${NAMES[@]}" | grep -xF -f <(tr ' ' '\n' <<<"$ONLY"))
fi

# one job: KIND(base|new) NAME -> runs a jar, writes DEST.{diff,err,rc,time} atomically
run_one() {
    local kind=$1 name=$2 jar dest
    if [ "$kind" = base ]; then jar=$BASE_JAR; dest=$BCACHE/$name; else jar=$NEW_JAR; dest=$OUT/$name.new; fi
    local dir
    dir=$(readlink -f "$CORPUS/$name")  # the engine does not walk a root that is a symlink (stdlib)
    local tmp=$dest.tmp$$
    local t0=$(date +%s.%N) rc
    if [ -n "$dir" ] && [ -d "$dir" ]; then
        # shellcheck disable=SC2086
        timeout -k 10 "$TIMEOUT" java $JAVA_OPTS -jar "$jar" migrate --exit-zero --root "$dir" \
            >"$tmp.diff" 2>"$tmp.err" </dev/null
        rc=$?
    else
        : >"$tmp.diff"; echo "cmpall: no folder $CORPUS/$name" >"$tmp.err"; rc=127
    fi
    local t1=$(date +%s.%N)
    [ $rc = 124 ] || [ $rc = 137 ] && echo "cmpall: timeout after ${TIMEOUT}s" >>"$tmp.err"
    echo $rc >"$tmp.rc"
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f\n", b-a}' >"$tmp.time"
    for x in diff err time rc; do mv -f "$tmp.$x" "$dest.$x"; done  # .rc last: marks a complete result
    echo "  $kind $name rc=$rc $(cat "$dest.time")s" >&2
}
export -f run_one
export BASE_JAR NEW_JAR BCACHE OUT CORPUS TIMEOUT JAVA_OPTS

# biggest projects first (by .py bytes) so the two lanes finish together
order() {
    for n in "${NAMES[@]}"; do
        s=$(find -L "$CORPUS/$n" -name '*.py' -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1} END{print s+0}')
        echo "$s $n"
    done | sort -rn | cut -d' ' -f2
}
start=$(date +%s)
nbase=0
{
    for n in $(order); do
        if [ -f "$BCACHE/$n.rc" ] && [ -f "$BCACHE/$n.diff" ] && [ -f "$BCACHE/$n.err" ]; then :; else echo "base $n"; fi
        echo "new $n"
    done
} > "$OUT/.jobs"
nbase=$(grep -c '^base ' "$OUT/.jobs")
echo "cmpall: ${#NAMES[@]} projects; base $BSHA (${nbase} to run, rest cached); new $(sha1sum "$NEW_JAR" | cut -c1-12); $JOBS at a time" >&2
xargs -P "$JOBS" -L 1 bash -c 'run_one "$0" "$1"' < "$OUT/.jobs"
end=$(date +%s)

# findings: stderr minus the summary line and timing lines, sorted
findings() { grep -v -E '^[0-9]+ files? would change, [0-9]+ edits?, [0-9]+ findings?$|^unblock migrate: timings: ' "$1" | LC_ALL=C sort; }
crashline() { # first line of the Java exception, or why it failed
    local err=$1 rc=$2 l
    l=$(grep -m1 -E '^(Exception in thread|Caused by:|[a-zA-Z_$][a-zA-Z0-9_$]*(\.[a-zA-Z_$][a-zA-Z0-9_$]*)+(Exception|Error)\b)|OutOfMemoryError|StackOverflowError|cmpall: ' "$err")
    [ -n "$l" ] || l=$(grep -v -E '^[^ ]+:[0-9]+: ' "$err" | tail -1)
    echo "rc=$rc ${l:0:300}"
}
crashed() { # $1 prefix: crash when exit code not 0 or no summary line at the end
    local rc; rc=$(cat "$1.rc" 2>/dev/null || echo missing)
    [ "$rc" != 0 ] && return 0
    tail -1 "$1.err" | grep -q -E '^[0-9]+ files? would change, ' && return 1
    return 0
}

total=0; differ=0; crashes=0
for n in "${NAMES[@]}"; do
    total=$((total+1))
    b=$BCACHE/$n; w=$OUT/$n.new
    for x in diff err rc time; do cp -f "$b.$x" "$OUT/$n.base.$x" 2>/dev/null; done
    rm -f "$OUT/$n.diffdiff"
    msgs=()
    bc=0; nc=0
    crashed "$b" && bc=1
    crashed "$w" && nc=1
    if [ $bc = 1 ] || [ $nc = 1 ]; then
        crashes=$((crashes+1))
        [ $bc = 1 ] && msgs+=("crash in base: $(crashline "$b.err" "$(cat "$b.rc" 2>/dev/null)")")
        [ $nc = 1 ] && msgs+=("crash in new: $(crashline "$w.err" "$(cat "$w.rc" 2>/dev/null)")")
    fi
    dd=0
    cmp -s "$b.diff" "$w.diff" || { dd=1; msgs+=("diff differs"); }
    findings "$b.err" > "$OUT/$n.base.findings"
    findings "$w.err" > "$OUT/$n.new.findings"
    fd=0
    if ! cmp -s "$OUT/$n.base.findings" "$OUT/$n.new.findings"; then
        fd=1
        plus=$(LC_ALL=C comm -13 "$OUT/$n.base.findings" "$OUT/$n.new.findings" | wc -l)
        minus=$(LC_ALL=C comm -23 "$OUT/$n.base.findings" "$OUT/$n.new.findings" | wc -l)
        msgs+=("findings +$plus -$minus")
    fi
    if [ $dd = 1 ] || [ $fd = 1 ] || [ $bc != $nc ]; then
        differ=$((differ+1))
        {
            echo "### $n: diff -u base new (migration diff)"
            diff -u --label "$n.base.diff" --label "$n.new.diff" "$b.diff" "$w.diff"
            echo "### $n: diff -u base new (sorted findings)"
            diff -u --label "$n.base.findings" --label "$n.new.findings" "$OUT/$n.base.findings" "$OUT/$n.new.findings"
        } > "$OUT/$n.diffdiff"
    fi
    if [ ${#msgs[@]} -gt 0 ]; then
        line="$n:"; sep=" "
        for m in "${msgs[@]}"; do line+="$sep$m"; sep="; "; done
        echo "$line"
    fi
done
echo "$total projects, $differ differ${crashes:+, $crashes crashed}  (wall $((end-start))s; base jobs run: $nbase; outputs in $OUT)"
exit 0
