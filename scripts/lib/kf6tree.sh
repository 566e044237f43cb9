# shellcheck shell=bash
# scripts/lib/kf6tree.sh: `scripts/dev test-kf6`, sourced by scripts/dev.
#
# Builds and tests Kiln inside a Debian 13 (trixie) tree, where Qt 6.8 and
# libkf6syntaxhighlighting-dev exist, so the KF6SyntaxHighlighting path of
# kiln_ui is compiled and tested.
#
# The tree lives outside the checkout, in $KILN_CI_CACHE (default
# /var/cache/kiln-ci):
#   trixie-base-<hash>   a plain `debootstrap --variant=minbase trixie`
#   trixie-<hash>        the base plus Kiln's dependencies, installed INSIDE the
#                        tree by the repository's own `scripts/dev deps`;
#                        <hash> is the hash of the Debian 13 package list, so a
#                        change to scripts/dependencies.txt makes a new tree.
# A tree is built under a temporary name (.tmp-*) and renamed only when it is
# complete, so an interrupted debootstrap or install is never reused.
# One run at a time holds $KILN_CI_CACHE/lock; every mount this makes is under
# the cache and is unmounted by the EXIT trap, on success, failure or Ctrl-C.

KF6_SUITE=trixie
KF6_OS_ID=debian
KF6_OS_VERSION=13
# Bump when the way a tree is prepared changes: every cached tree is rebuilt.
KF6_TREE_FORMAT=1
KF6_VARIANT=minbase
KF6_MARK=.kiln-tree-complete
KF6_USED=.kiln-last-used
KF6_SRC=/src                # the checkout inside the tree (read-only bind)
KF6_BUILD=/root/kiln-build  # the build directory inside the tree
KF6_KEEP=${KILN_CI_KEEP:-2} # full trees kept (the current one included)

kf6_cache=""      # canonical cache directory, set once the lock is held
kf6_tmp=""        # tree being created; removed by the trap if unfinished
kf6_src_copied="" # tree whose /src is a copy, not a bind mount
kf6_child=""      # long-running child started by kf6_wait

# kf6_wait [--log FILE] [--hold-lock] command...: runs a long step in the
# background and waits for it. Bash defers a trap until a foreground child
# exits, so long steps run this way: `wait` returns at once on a signal and the
# EXIT trap stops the child and unmounts.
# The child closes the lock (fd 9) unless --hold-lock: should this script be
# killed with SIGKILL, a chroot child left behind must not keep the next run
# waiting, since the next run stops it anyway (its root is in the cache); a
# host child (debootstrap) keeps the lock so no run deletes its tree under it.
kf6_wait() {
    local rc=0 log="" hold=0
    while [ $# -gt 0 ]; do
        case "$1" in
            --log) log=$2; shift 2 ;;
            --hold-lock) hold=1; shift ;;
            *) break ;;
        esac
    done
    # The log redirection is on the child only: the EXIT trap may run while
    # this function waits, and its messages must reach the terminal. An
    # external command is exec'd, so $! is its pid (and, after setsid, its
    # process group).
    (
        [ "$hold" -eq 1 ] || exec 9>&-
        [ -z "$log" ] || exec >"$log" 2>&1
        if declare -F "$1" >/dev/null; then "$@"; else exec "$@"; fi
    ) &
    kf6_child=$!
    wait "$kf6_child" || rc=$?
    kf6_child=""
    return "$rc"
}

# Stops the child of kf6_wait (and its process group when it leads one).
kf6_stop_child() {
    [ -n "$kf6_child" ] || return 0
    local pid=$kf6_child _
    kf6_child=""
    kill -TERM -- "-$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
}

kf6_debian_mirror() {
    if [ -n "${KILN_DEBIAN_MIRROR:-}" ]; then
        printf '%s\n' "$KILN_DEBIAN_MIRROR"
        return
    fi
    local suites='bookworm|trixie|forky|sid|stable|testing|unstable|oldstable'
    local f m=""
    # deb822 sources (Debian 12 and later)
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        m=$(awk -v re="(^| )($suites)( |\$)" '
            function flush(   n, u, i) {
                if (!found && uris != "" && suites ~ re && types ~ /(^| )deb( |$)/ && enabled != "no") {
                    n = split(uris, u, /[ \t]+/)
                    for (i = 1; i <= n; i++) if (u[i] ~ /\/debian\/?$/) { print u[i]; found = 1; break }
                }
                uris = ""; suites = ""; types = ""; enabled = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
            /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
            /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
            /^Enabled:/ { sub(/^Enabled:[ \t]*/, ""); enabled = tolower($0) }
            END { flush() }' "$f")
        [ -n "$m" ] && break
    done
    # one-line sources
    if [ -z "$m" ]; then
        m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            sed -E 's/\[[^]]*\]//' |
            awk -v re="^($suites)\$" '$1 == "deb" && $3 ~ re && $2 ~ /\/debian\/?$/ { print $2; exit }')
    fi
    printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

# Mount points under $1 (and $1 itself), deepest first.
kf6_mounts_under() {
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

kf6_unmount_under() {
    local dir=$1 pass m
    local -a ms
    for pass in 1 2 3 4 5; do
        mapfile -t ms < <(kf6_mounts_under "$dir")
        [ ${#ms[@]} -eq 0 ] && return 0
        for m in "${ms[@]}"; do
            if [ "$pass" -le 3 ]; then
                umount "$m" 2>/dev/null || true
            else
                umount -l "$m" 2>/dev/null || true
            fi
        done
        [ "$pass" -ge 2 ] && sleep 1
    done
    mapfile -t ms < <(kf6_mounts_under "$dir")
    [ ${#ms[@]} -eq 0 ] && return 0
    warn "could not unmount: ${ms[*]}"
    return 1
}

# Stops the processes whose root is inside $1 (only this run's: we hold the lock).
kf6_kill_procs() {
    local dir=$1 p r _
    local -a pids=()
    for p in /proc/[0-9]*; do
        r=$(readlink "$p/root" 2>/dev/null) || continue
        case "$r" in "$dir" | "$dir"/*) pids+=("${p#/proc/}") ;; esac
    done
    [ ${#pids[@]} -eq 0 ] && return 0
    say "stopping ${#pids[@]} process(es) left inside $dir: ${pids[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "${pids[@]}" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 0.5
}

# Deletes a tree, never while anything is mounted inside it.
kf6_safe_rm() {
    local dir=$1
    [ -e "$dir" ] || return 0
    case "$dir" in "$kf6_cache"/?*) ;; *) die "refusing to delete $dir: not inside $kf6_cache" ;; esac
    kf6_kill_procs "$dir"
    kf6_unmount_under "$dir" || die "refusing to delete $dir: something is still mounted inside it"
    rm -rf --one-file-system "$dir"
}

# Host files the tree needs for the network, refreshed on every use.
kf6_refresh() {
    local tree=$1 scheme proxy
    rm -f "$tree/etc/resolv.conf"
    cp -L /etc/resolv.conf "$tree/etc/resolv.conf" 2>/dev/null || true
    [ -f /etc/hosts ] && cp -L /etc/hosts "$tree/etc/hosts"
    rm -f "$tree/etc/apt/apt.conf.d/80kiln-host-proxy"
    for scheme in http https; do
        proxy=$(apt-config dump "Acquire::$scheme::Proxy" 2>/dev/null |
            sed -n "s/^Acquire::$scheme::Proxy \"\(.*\)\";\$/\1/p" | head -n1)
        [ -n "$proxy" ] && printf 'Acquire::%s::Proxy "%s";\n' "$scheme" "$proxy" \
            >>"$tree/etc/apt/apt.conf.d/80kiln-host-proxy"
    done
    # Services must not start inside the tree (postgresql's package would).
    printf '#!/bin/sh\nexit 101\n' >"$tree/usr/sbin/policy-rc.d"
    chmod 755 "$tree/usr/sbin/policy-rc.d"
}

# kf6_bind SOURCE TARGET [ro]: a private bind mount (nothing mounted under it
# later can propagate back to the host), read-only when asked.
kf6_bind() {
    mount --bind "$1" "$2" &&
        mount --make-private "$2" &&
        { [ "${3:-}" != ro ] || mount -o remount,bind,ro "$2"; }
}

kf6_mount() {
    local tree=$1
    kf6_refresh "$tree"
    # The tree's root must be a mount point: buildah makes / private before it
    # applies a layer ("remount /, flags: 0x44000: invalid argument" otherwise).
    # kf6_unmount_under removes this bind last, after everything inside it.
    kf6_bind "$tree" "$tree"
    mount -t proc proc "$tree/proc" 2>/dev/null || kf6_bind /proc "$tree/proc"
    kf6_bind /sys "$tree/sys"
    mount -o remount,bind,ro "$tree/sys" 2>/dev/null || true
    kf6_bind /dev "$tree/dev"
    [ -d /dev/pts ] && kf6_bind /dev/pts "$tree/dev/pts"
    [ -d "$tree/dev/shm" ] && mount -t tmpfs -o mode=1777,nosuid,nodev kiln-shm "$tree/dev/shm"
    mkdir -p "$tree$KF6_SRC"
    if ! kf6_bind "$REPO" "$tree$KF6_SRC" ro 2>/dev/null; then
        umount "$tree$KF6_SRC" 2>/dev/null || true
        [ -z "$(kf6_mounts_under "$tree$KF6_SRC")" ] || die "could not mount the checkout read-only"
        say "a read-only bind mount failed: copying the checkout into the tree instead"
        kf6_src_copied=$tree
        tar -C "$REPO" --exclude=./.git --exclude='./build' --exclude='./build-*' -cf - . |
            tar -C "$tree$KF6_SRC" -xf -
    fi
}

kf6_unmount() {
    local tree=$1
    kf6_kill_procs "$tree"
    kf6_unmount_under "$tree" || die "could not unmount everything inside $tree"
    if [ "$kf6_src_copied" = "$tree" ]; then
        rm -rf --one-file-system "${tree:?}$KF6_SRC"
        mkdir -p "$tree$KF6_SRC"
        kf6_src_copied=""
    fi
}

# kf6_chroot TREE [VAR=value...] command...: a clean environment inside TREE.
kf6_chroot() {
    local tree=$1
    shift
    chroot "$tree" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
        DEBIAN_FRONTEND=noninteractive "$@" 9>&-
}

kf6_ensure_base() {
    local key
    key=$(printf 'format %s\nsuite %s\nvariant %s\n' "$KF6_TREE_FORMAT" "$KF6_SUITE" "$KF6_VARIANT" |
        sha256sum | cut -c1-12)
    KF6_BASE="$kf6_cache/$KF6_SUITE-base-$key"
    if [ -f "$KF6_BASE/$KF6_MARK" ]; then
        say "reusing the cached debootstrap base $KF6_BASE"
        return 0
    fi
    kf6_safe_rm "$KF6_BASE"
    local mirror log
    mirror=$(kf6_debian_mirror)
    kf6_tmp="$kf6_cache/.tmp-$KF6_SUITE-base-$key-$$"
    log="$kf6_cache/debootstrap.log"
    local -a opts=(--variant="$KF6_VARIANT")
    [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] &&
        opts+=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
    say "debootstrap ${opts[*]} $KF6_SUITE $kf6_tmp $mirror (log: $log)"
    if ! kf6_wait --log "$log" --hold-lock setsid debootstrap "${opts[@]}" "$KF6_SUITE" "$kf6_tmp" "$mirror"; then
        tail -n 40 "$log" >&2
        die "debootstrap failed (full log: $log)"
    fi
    printf 'suite %s\nmirror %s\ncreated %s\n' "$KF6_SUITE" "$mirror" "$(date -u +%FT%TZ)" \
        >"$kf6_tmp/$KF6_MARK"
    mv -T "$kf6_tmp" "$KF6_BASE"
    kf6_tmp=""
    local d
    for d in "$kf6_cache/$KF6_SUITE"-base-*; do
        [ -d "$d" ] && [ "$d" != "$KF6_BASE" ] && kf6_safe_rm "$d"
    done
    return 0
}

kf6_create_tree() {
    local tree=$1 pkgs=$2
    kf6_ensure_base
    kf6_safe_rm "$tree"
    kf6_tmp="$kf6_cache/.tmp-${tree##*/}-$$"
    say "creating $tree from the base"
    mkdir "$kf6_tmp"
    cp -a --reflink=auto "$KF6_BASE/." "$kf6_tmp/"
    rm -f "$kf6_tmp/$KF6_MARK" "$kf6_tmp/$KF6_USED"
    kf6_mount "$kf6_tmp"
    say "installing Kiln's dependencies inside the tree with the repository's own 'scripts/dev deps'"
    kf6_wait kf6_chroot "$kf6_tmp" /bin/bash "$KF6_SRC/scripts/dev" deps
    kf6_chroot "$kf6_tmp" apt-get clean
    kf6_chroot "$kf6_tmp" git config --system --add safe.directory '*'
    kf6_unmount "$kf6_tmp"
    {
        printf 'suite %s\ncreated %s\npackages:\n' "$KF6_SUITE" "$(date -u +%FT%TZ)"
        printf '%s\n' "$pkgs"
    } >"$kf6_tmp/$KF6_MARK"
    mv -T "$kf6_tmp" "$tree"
    kf6_tmp=""
    say "created $tree ($(du -sh --one-file-system "$tree" | cut -f1))"
}

# Keeps the $KF6_KEEP most recently used full trees.
kf6_prune() {
    local current=$1 d n=1
    local -a old=()
    while IFS=' ' read -r _ d; do
        [ "$d" = "$current" ] && continue
        n=$((n + 1))
        [ "$n" -gt "$KF6_KEEP" ] && old+=("$d")
    done < <(for d in "$kf6_cache/$KF6_SUITE"-*; do
        case "$d" in *"/$KF6_SUITE-base-"* | *'*') continue ;; esac
        [ -f "$d/$KF6_USED" ] && printf '%s %s\n' "$(stat -c %Y "$d/$KF6_USED")" "$d" ||
            printf '0 %s\n' "$d"
    done | sort -rn)
    for d in "${old[@]}"; do
        say "removing the old tree $d"
        kf6_safe_rm "$d"
    done
    return 0
}

kf6_test_in_tree() {
    local tree=$1 rc=0 v
    # Leftovers of the previous run in the tree's /tmp; a clean build in CI.
    find "$tree/tmp" -xdev -mindepth 1 -delete 2>/dev/null || true
    if [ "${CI:-}" = true ] && [ -d "$tree$KF6_BUILD" ]; then
        say "CI=true: removing the previous build in the tree"
        rm -rf --one-file-system "${tree:?}$KF6_BUILD"
    fi
    # The slow end-to-end builds (a debootstrap'd base, real apt) ran in the host
    # phase already; they test nothing that differs with Qt 6.8 or KF6.
    local -a vars=(KILN_BUILD_DIR="$KF6_BUILD" KILN_WERROR=ON KILN_REQUIRE_KF6=1 "KILN_CTEST_ARGS=-LE slow")
    # The benchmarks (bench/) are programs run by hand; the host phase builds them.
    vars+=("KILN_CMAKE_ARGS=-DKILN_BUILD_BENCH=OFF${KILN_CMAKE_ARGS:+ $KILN_CMAKE_ARGS}")
    for v in KILN_JOBS KILN_TEST_JOBS KILN_BUILD_TYPE KILN_COMPILER; do
        [ -n "${!v:-}" ] && vars+=("$v=${!v}")
    done
    kf6_mount "$tree"
    say "building and testing inside $tree (Debian 13): scripts/dev test"
    kf6_wait kf6_chroot "$tree" "${vars[@]}" /bin/bash "$KF6_SRC/scripts/dev" test || rc=$?
    kf6_unmount "$tree"
    if [ "$rc" -eq 0 ] &&
        ! grep -Eq 'Kiln: KF6SyntaxHighlighting [0-9][^ ]* found' "$tree$KF6_BUILD/kiln-configure.log" 2>/dev/null; then
        warn "CMake did not report 'Kiln: KF6SyntaxHighlighting <version> found' inside the tree"
        rc=1
    fi
    return "$rc"
}

kf6_cleanup() {
    local rc=$?
    set +e
    trap - INT TERM HUP
    kf6_stop_child
    if [ -n "$kf6_cache" ]; then
        kf6_kill_procs "$kf6_cache"
        kf6_unmount_under "$kf6_cache" || rc=1
        if [ -n "$kf6_src_copied" ] && [ -z "$(kf6_mounts_under "$kf6_src_copied")" ]; then
            rm -rf --one-file-system "${kf6_src_copied:?}$KF6_SRC"
        fi
        if [ -n "$kf6_tmp" ] && [ -d "$kf6_tmp" ] && [ -z "$(kf6_mounts_under "$kf6_tmp")" ]; then
            say "removing the unfinished tree $kf6_tmp"
            rm -rf --one-file-system "$kf6_tmp"
        fi
    fi
    print_times
    exit "$rc"
}

# kf6_main [tree]: build and test inside the Debian 13 tree (creating it when
# the package list has none); with "tree", only make sure the tree exists.
kf6_main() {
    local mode=${1:-test} command=test-kf6
    [ "$mode" = tree ] && command=kf6-tree
    if ! is_root; then
        command -v sudo >/dev/null 2>&1 ||
            die "$command needs root (debootstrap, mount, chroot) and sudo is not installed: run it as root"
        say "$command needs root (debootstrap, mount, chroot): running it through sudo"
        local -a keep=()
        local v
        while IFS= read -r v; do keep+=("$v"); done < <(env | grep -E '^(CI|KILN_[A-Z0-9_]*)=' || true)
        if [ -t 0 ]; then
            exec sudo env "${keep[@]}" bash "$REPO/scripts/dev" "$command"
        else
            exec sudo -n env "${keep[@]}" bash "$REPO/scripts/dev" "$command"
        fi
    fi
    trap kf6_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP

    phase host-deps install_deps host
    if ! command -v chroot >/dev/null || ! command -v flock >/dev/null; then
        die "chroot and flock are needed (coreutils and util-linux)"
    fi

    local cache=${KILN_CI_CACHE:-/var/cache/kiln-ci}
    mkdir -p "$cache"
    cache=$(cd "$cache" && pwd -P)
    exec 9>"$cache/lock"
    if ! flock -n 9; then
        say "waiting for another test-kf6 or kf6-tree run to finish (lock: $cache/lock)"
        flock -w 3600 9 || die "gave up waiting for $cache/lock after an hour"
    fi
    kf6_cache=$cache

    # Leftovers of an interrupted run (only runs holding the lock make them).
    kf6_kill_procs "$kf6_cache"
    kf6_unmount_under "$kf6_cache" || die "mounts left under $kf6_cache cannot be removed"
    local d
    for d in "$kf6_cache"/.tmp-*; do
        [ -d "$d" ] || continue
        say "removing the unfinished tree $d of an interrupted run"
        kf6_safe_rm "$d"
    done

    local pkgs hash tree
    pkgs=$(dep_entries "$KF6_OS_ID" "$KF6_OS_VERSION" all optional | cut -f1 | sort)
    hash=$(printf 'format %s\nsuite %s\n%s\n' "$KF6_TREE_FORMAT" "$KF6_SUITE" "$pkgs" |
        sha256sum | cut -c1-12)
    tree="$kf6_cache/$KF6_SUITE-$hash"
    if [ -f "$tree/$KF6_MARK" ]; then
        say "reusing the cached Debian 13 tree $tree"
    else
        say "no cached Debian 13 tree for this package list: creating $tree"
        phase tree kf6_create_tree "$tree" "$pkgs"
    fi
    touch "$tree/$KF6_USED"
    kf6_prune "$tree"
    if [ "$mode" = tree ]; then
        say "the Debian 13 tree is ready: $tree"
        return 0
    fi
    phase kf6-build-and-test kf6_test_in_tree "$tree"
    say "test-kf6 passed: Kiln built and tested with KF6SyntaxHighlighting on Debian 13"
}
