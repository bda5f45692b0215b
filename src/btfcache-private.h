/* Private to the core: a cache of what libbpf needs from the kernel's BTF
 * to load one of vmatop's BPF objects, so that only the first run on a
 * kernel parses the whole /sys/kernel/btf/vmlinux (5.5 MB).
 *
 * Per BPF object and kernel build, one file in the cache directory holds
 * the minimal BTF of the object's CO-RE relocations (what `bpftool gen
 * min_core_btf` computes, made by running it on the first run) and the
 * kernel BTF id of every iter/ program's attach target.  A warm load hands
 * the minimal BTF to libbpf as btf_custom_path (a memfd holding exactly the
 * validated bytes) and the attach ids through an iter/ section handler.
 * Any file that is not exactly ours (owner, mode, magic, checksum, kernel
 * build id, BTF size, object hash) is ignored: the caller loads with the
 * full BTF.
 *
 * The directory: $VMATOP_CACHE_DIR (empty: no cache), else /var/cache/vmatop
 * for root, else $XDG_CACHE_HOME/vmatop or ~/.cache/vmatop; it must be owned
 * by the user and not writable by others.  VMATOP_BPF_DEBUG in the
 * environment reports hits, misses and stores on stderr. */
#ifndef VMATOP_BTFCACHE_PRIVATE_H
#define VMATOP_BTFCACHE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_link;
struct bpf_object;
struct bpf_object_open_opts;
struct bpf_program;
typedef struct vt_btfcache vt_btfcache;

/* The cache state of the object elf[0..size) named name; never NULL unless
 * out of memory.  Call before opening the object. */
vt_btfcache *vt_btfcache_get(const char *name, const void *elf, size_t size);
/* Warm: set opts->btf_custom_path to the cached minimal BTF and return true. */
bool vt_btfcache_warm(vt_btfcache *c, struct bpf_object_open_opts *opts);
/* After open, before load: give the object's iter/ programs their cached
 * attach ids (warm), or leave them to be looked up in the full BTF. */
void vt_btfcache_prepare(vt_btfcache *c, struct bpf_object *obj);
/* After attach: true when the iter/ program's link iterates the target its
 * section names (proves a warm load's attach id). */
bool vt_btfcache_verify_iter(const struct bpf_program *prog, const struct bpf_link *link);
/* The warm load failed (or its link was not verified): the next cold load
 * replaces the file, and libbpf's own iter/ handling is used from now on. */
void vt_btfcache_reject(vt_btfcache *c);
/* After a successful cold load: build and store the cache file (temp file +
 * rename).  Failing to store is silent (next run is cold again). */
void vt_btfcache_store(vt_btfcache *c, struct bpf_object *obj);
/* Forget the object's cached attach ids and free c. */
void vt_btfcache_free(vt_btfcache *c, struct bpf_object *obj);

#endif
