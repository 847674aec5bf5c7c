// SPDX-License-Identifier: GPL-2.0
/*
 * Kestrel's kernel sensor: syscall exits (tp_btf/sys_exit, arguments read from the saved pt_regs),
 * successful execs (sched_process_exec, where the binprm filename is still at hand) and thread
 * exits (sched_process_exit), written as scap events (26-byte header, u16 parameter lengths,
 * parameter data) into one ring buffer per CPU. A dispatcher checks the selection map and
 * tail-calls one filler program per syscall, so unselected syscalls cost one map lookup.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "sensor_shared.h"
#include "event_ids.h"
#include "ia32_to_x64.h"

char LICENSE[] SEC("license") = "GPL";

#define HDR 26
#define MAX_EVENT SENSOR_MAX_EVENT
#define AUX_BYTES (MAX_EVENT * 2)
/* Offsets into the event buffer, masked in a way the compiler cannot drop (the verifier needs it). */
#define SAFE(x) safe_off(x)
static __always_inline u64 safe_off(u64 x)
{
	asm volatile("%0 &= 0x3fff" : "+r"(x));
	return x;
}
#define MAX_STR 4096
#define MAX_PATH_PARTS 24
#define MAX_CGROUP_DEPTH 12
#define MAX_CGROUP_SUBSYS 8
#define SCRATCH_HALF 4096
#define INIT_MODULE_SNAPLEN 80

#define EINPROGRESS 115
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define FMODE_CREATED 0x100000
#define CAP_DAC_OVERRIDE 1

struct aux_buf {
	u8 data[AUX_BYTES];
	u32 pos;
	u32 idx;
	u32 nparams;
	u32 type;
	u32 cat;
};

struct scratch_buf {
	u8 data[SCRATCH_HALF * 2 + 512];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SENSOR_SYSCALL_SLOTS);
	__type(key, u32);
	__type(value, u8);
} selected SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, SENSOR_SYSCALL_SLOTS);
	__type(key, u32);
	__type(value, u32);
} exit_fillers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sensor_counters);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sensor_settings);
} settings SEC(".maps");

/*
 * The u32 argument array of the i386 socketcall being reported, copied by the dispatcher for the
 * filler it tail-calls (same CPU, same program run).
 */
struct socketcall_args {
	u32 a[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct socketcall_args);
} socketcall_args SEC(".maps");

/* One entry per CPU (userspace sets max_entries); plain arrays allow values over 32 KiB. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct aux_buf);
} aux_bufs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scratch_buf);
} scratch_bufs SEC(".maps");

struct ringbuf_map {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, u32);
	__array(values, struct ringbuf_map);
} ringbufs SEC(".maps");

/* kernfs_node::parent became __parent in 6.15. */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

/* inode timestamps before 6.11 were struct timespec64 fields. */
struct inode___old {
	struct timespec64 __i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

/* ---------------------------------------------------------------- event building */

static __always_inline struct sensor_counters *cnt(void)
{
	u32 zero = 0;
	return bpf_map_lookup_elem(&counters, &zero);
}

/* Adds one to a per-CPU counter: the events the sensor ignores or cannot convert. */
#define COUNT(field) \
	do { \
		struct sensor_counters *c_ = cnt(); \
		if (c_) \
			c_->field++; \
	} while (0)

static __always_inline struct aux_buf *ev_begin(u32 type, u32 nparams, u32 cat)
{
	u32 cpu = bpf_get_smp_processor_id();
	struct aux_buf *a = bpf_map_lookup_elem(&aux_bufs, &cpu);
	if (!a)
		return NULL;
	a->type = type;
	a->nparams = nparams;
	a->cat = cat;
	a->idx = 0;
	a->pos = HDR + nparams * 2;
	return a;
}

static __always_inline void put_len(struct aux_buf *a, u32 len)
{
	u32 i = a->idx;
	/* nparams never exceeds 31; the mask is for the verifier */
	*(u16 *)&a->data[HDR + (i & 31) * 2] = (u16)len;
	a->idx = i + 1;
	a->pos += len;
}

static __always_inline void push_empty(struct aux_buf *a) { put_len(a, 0); }

static __always_inline void push_u64(struct aux_buf *a, u64 v)
{
	*(u64 *)&a->data[SAFE(a->pos)] = v;
	put_len(a, 8);
}

static __always_inline void push_s64(struct aux_buf *a, s64 v) { push_u64(a, (u64)v); }

static __always_inline void push_u32(struct aux_buf *a, u32 v)
{
	*(u32 *)&a->data[SAFE(a->pos)] = v;
	put_len(a, 4);
}

static __always_inline void push_u16(struct aux_buf *a, u16 v)
{
	*(u16 *)&a->data[SAFE(a->pos)] = v;
	put_len(a, 2);
}

static __always_inline void push_u8(struct aux_buf *a, u8 v)
{
	a->data[SAFE(a->pos)] = v;
	put_len(a, 1);
}

/* Room for one more variable-length parameter of up to MAX_STR bytes plus the fixed tail. */
static __always_inline int has_room(struct aux_buf *a)
{
	return a->pos < MAX_EVENT - MAX_STR - 1024;
}

static __always_inline void push_user_str(struct aux_buf *a, const void *p)
{
	long n = 0;
	if (p && has_room(a))
		n = bpf_probe_read_user_str(&a->data[SAFE(a->pos)], MAX_STR, p);
	put_len(a, n > 0 ? n : 0);
}

static __always_inline void push_kernel_str(struct aux_buf *a, const void *p)
{
	long n = 0;
	if (p && has_room(a))
		n = bpf_probe_read_kernel_str(&a->data[SAFE(a->pos)], MAX_STR, p);
	put_len(a, n > 0 ? n : 0);
}

static __always_inline void push_user_bytes(struct aux_buf *a, const void *p, u64 len)
{
	if (!p || !has_room(a) || len == 0) {
		push_empty(a);
		return;
	}
	if (len > MAX_STR)
		len = MAX_STR;
	len &= (MAX_STR * 2 - 1);
	if (bpf_probe_read_user(&a->data[SAFE(a->pos)], len, p) != 0)
		len = 0;
	put_len(a, len);
}

static __always_inline void ev_submit(struct aux_buf *a)
{
	struct sensor_counters *c = cnt();
	u32 len = a->pos;
	if (len > MAX_EVENT) {
		if (c)
			c->drops_too_large++;
		return;
	}
	u32 zero = 0;
	struct sensor_settings *s = bpf_map_lookup_elem(&settings, &zero);
	u64 boot = s ? s->boot_time_ns : 0;
	*(u64 *)&a->data[0] = boot + bpf_ktime_get_boot_ns();
	*(u64 *)&a->data[8] = (u32)bpf_get_current_pid_tgid();
	*(u32 *)&a->data[16] = len;
	*(u16 *)&a->data[20] = (u16)a->type;
	*(u32 *)&a->data[22] = a->nparams;

	u32 cpu = bpf_get_smp_processor_id();
	void *rb = bpf_map_lookup_elem(&ringbufs, &cpu);
	if (!rb) {
		if (c)
			c->drops_no_ringbuf++;
		return;
	}
	if (bpf_ringbuf_output(rb, a->data, len, BPF_RB_NO_WAKEUP) != 0) {
		if (c) {
			c->drops_buffer++;
			u32 cat = a->cat;
			if (cat < DROP_CATEGORY_COUNT)
				c->drops_by_category[cat]++;
		}
		return;
	}
	if (c)
		c->events++;
}

/* ---------------------------------------------------------------- kernel data */

static __always_inline struct task_struct *cur(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

static __always_inline struct file *fd_file(struct task_struct *t, s64 fd)
{
	if (fd < 0)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt)
		return NULL;
	u32 max = BPF_CORE_READ(fdt, max_fds);
	if ((u64)fd >= max)
		return NULL;
	struct file **arr = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
	return f;
}

static __always_inline u32 encode_dev(u32 kdev)
{
	u32 major = kdev >> 20, minor = kdev & ((1U << 20) - 1);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* Copies scratch[off, SCRATCH_HALF) plus a NUL into the event as one parameter. */
static __always_inline void push_scratch_tail(struct aux_buf *a, struct scratch_buf *s, u32 off)
{
	u32 n = SCRATCH_HALF - off;
	if (off >= SCRATCH_HALF || !has_room(a)) {
		push_empty(a);
		return;
	}
	n &= (SCRATCH_HALF - 1);
	bpf_probe_read_kernel(&a->data[SAFE(a->pos)], n, &s->data[off & (SCRATCH_HALF - 1)]);
	a->data[SAFE(a->pos + n)] = 0;
	put_len(a, n + 1);
}

/* Writes "/name" ending at *off in scratch (builds paths right to left). */
static __always_inline int prepend(struct scratch_buf *s, u32 *off, const void *name, u32 len)
{
	len &= 255;
	if (*off < len + 1)
		return -1;
	*off -= len;
	bpf_probe_read_kernel(&s->data[*off & (SCRATCH_HALF - 1)], len, name);
	*off -= 1;
	s->data[*off & (SCRATCH_HALF - 1)] = '/';
	return 0;
}

static __always_inline struct scratch_buf *scratch(void)
{
	u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch_bufs, &cpu);
}

struct path_walk {
	struct dentry *d;
	struct dentry *root_d;
	struct vfsmount *vm;
	struct vfsmount *root_m;
	struct mount *m;
	u32 off;
};

/* One step up the dentry tree (bpf_loop callback: verified once, whatever the depth). */
static long path_step(u64 i, void *vctx)
{
	struct path_walk *w = vctx;
	struct scratch_buf *s = scratch();
	if (!s)
		return 1;
	struct dentry *d = w->d;
	struct vfsmount *vm = w->vm;
	struct mount *m = w->m;
	if (d == w->root_d && vm == w->root_m)
		return 1;
	struct dentry *mnt_root = BPF_CORE_READ(vm, mnt_root);
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	if (d == mnt_root || d == parent) {
		struct mount *mp = BPF_CORE_READ(m, mnt_parent);
		if (m == mp)
			return 1;
		w->d = BPF_CORE_READ(m, mnt_mountpoint);
		w->m = mp;
		w->vm = (struct vfsmount *)__builtin_preserve_access_index(&mp->mnt);
		return 0;
	}
	const unsigned char *name = BPF_CORE_READ(d, d_name.name);
	u32 len = BPF_CORE_READ(d, d_name.len);
	if (prepend(s, &w->off, name, len) != 0)
		return 1;
	w->d = parent;
	return 0;
}

/* The absolute path of a struct path, walking dentries and crossing mounts up to the task root. */
static __always_inline void push_path(struct aux_buf *a, const struct path *p)
{
	struct scratch_buf *s = scratch();
	if (!s || !p) {
		push_empty(a);
		return;
	}
	struct task_struct *t = cur();
	struct path_walk w = {};
	w.root_d = BPF_CORE_READ(t, fs, root.dentry);
	w.root_m = BPF_CORE_READ(t, fs, root.mnt);
	w.d = BPF_CORE_READ(p, dentry);
	w.vm = BPF_CORE_READ(p, mnt);
	if (!w.d) {
		push_empty(a);
		return;
	}
	w.m = container_of(w.vm, struct mount, mnt);
	w.off = SCRATCH_HALF;
	bpf_loop(MAX_PATH_PARTS, path_step, &w, 0);
	u32 off = w.off;
	if (off >= SCRATCH_HALF) {
		off = SCRATCH_HALF - 1;
		s->data[off] = '/';
	}
	push_scratch_tail(a, s, off);
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

struct kn_walk {
	struct kernfs_node *kn;
	u32 off;
};

static long kn_step(u64 i, void *vctx)
{
	struct kn_walk *w = vctx;
	struct scratch_buf *s = scratch();
	struct kernfs_node *kn = w->kn;
	if (!s || !kn)
		return 1;
	struct kernfs_node *parent = kn_parent(kn);
	if (!parent)
		return 1;
	const char *kname = BPF_CORE_READ(kn, name);
	long kl = bpf_probe_read_kernel_str(&s->data[SCRATCH_HALF + 256], 256, kname);
	if (kl <= 1 || prepend(s, &w->off, &s->data[SCRATCH_HALF + 256], (u32)(kl - 1)) != 0)
		return 1;
	w->kn = parent;
	return 0;
}

struct cg_walk {
	struct aux_buf *unused;
	struct cgroup_subsys_state **subsys;
	u32 p;
};

/* One "controller=/path" entry (bpf_loop callback over the css_set's subsystems). */
static long cg_step(u64 i, void *vctx)
{
	struct cg_walk *g = vctx;
	struct scratch_buf *s = scratch();
	u32 cpu = bpf_get_smp_processor_id();
	struct aux_buf *a = bpf_map_lookup_elem(&aux_bufs, &cpu);
	if (!s || !a)
		return 1;
	struct cgroup_subsys_state *css = NULL;
	bpf_probe_read_kernel(&css, sizeof(css), &g->subsys[i & 15]);
	if (!css)
		return 0;
	const char *name = BPF_CORE_READ(css, ss, name);
	struct kn_walk w = {.kn = BPF_CORE_READ(css, cgroup, kn), .off = SCRATCH_HALF};
	if (!name || !w.kn)
		return 0;
	bpf_loop(MAX_CGROUP_DEPTH, kn_step, &w, 0);
	u32 off = w.off;
	if (off >= SCRATCH_HALF) {
		off = SCRATCH_HALF - 1;
		s->data[off] = '/';
	}
	u32 p = g->p;
	if (p >= MAX_EVENT - 2 * 1024 - 512)
		return 1;
	long nl = bpf_probe_read_kernel_str(&a->data[SAFE(p)], 32, name);
	if (nl <= 0)
		return 0;
	p += nl;
	a->data[SAFE(p - 1)] = '=';
	u32 plen = (SCRATCH_HALF - off) & 1023;
	bpf_probe_read_kernel(&a->data[SAFE(p)], plen, &s->data[off & (SCRATCH_HALF - 1)]);
	p += plen;
	a->data[SAFE(p)] = 0;
	g->p = p + 1;
	return 0;
}

/* cgroups: "controller=/path" NUL-separated, one per subsystem the task's css_set has. */
static __always_inline void push_cgroups(struct aux_buf *a, struct task_struct *t)
{
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	if (!cs || !has_room(a)) {
		push_empty(a);
		return;
	}
	struct cg_walk g = {.subsys = __builtin_preserve_access_index(&cs->subsys[0]), .p = a->pos};
	u32 start = a->pos;
	bpf_loop(MAX_CGROUP_SUBSYS, cg_step, &g, 0);
	a->pos = start;
	put_len(a, g.p - start);
}

static __always_inline u32 upid_nr(struct pid *pid, int own_ns)
{
	if (!pid)
		return 0;
	u32 level = own_ns ? BPF_CORE_READ(pid, level) : 0;
	struct upid u = {};
	bpf_probe_read_kernel(&u, sizeof(u), __builtin_preserve_access_index(&pid->numbers[level & 31]));
	return u.nr;
}

static __always_inline u64 cap_u64(const kernel_cap_t *c)
{
	u64 v = 0;
	bpf_probe_read_kernel(&v, sizeof(v), c);
	return v;
}

#define OVERLAYFS_SUPER_MAGIC 0x794c7630

/*
 * Which overlayfs layer an executable comes from (drift detection). overlayfs embeds the VFS
 * inode in its own ovl_inode and keeps the upper dentry right after it; the ovl_inode type is
 * not in vmlinux BTF when overlayfs is a module, so the offset is the running kernel's inode
 * size. An upper dentry means the file was written or copied up after the container started.
 */
static __always_inline u32 overlay_layer_flags(struct inode *ino)
{
	if (BPF_CORE_READ(ino, i_sb, s_magic) != OVERLAYFS_SUPER_MAGIC)
		return 0;
	struct dentry *upper = NULL;
	bpf_probe_read_kernel(&upper, sizeof(upper), (char *)ino + bpf_core_type_size(struct inode));
	return upper ? 2 /* EXE_UPPER_LAYER */ : 8 /* EXE_LOWER_LAYER */;
}

static __always_inline u32 tty_of(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	int major = BPF_CORE_READ(tty, driver, major);
	int minor = BPF_CORE_READ(tty, driver, minor_start);
	int index = BPF_CORE_READ(tty, index);
	return encode_dev(((u32)major << 20) | (u32)(minor + index));
}

static __always_inline u32 mm_kb(u64 pages) { return (u32)(pages << 2); }

static __always_inline u64 rss_pages(struct mm_struct *mm)
{
	s64 f = BPF_CORE_READ(mm, rss_stat[0].count);
	s64 an = BPF_CORE_READ(mm, rss_stat[1].count);
	s64 sh = BPF_CORE_READ(mm, rss_stat[3].count);
	s64 r = f + an + sh;
	return r > 0 ? (u64)r : 0;
}

/* Kernel CLONE_* to the driver's PPM_CL_* bits. */
static __always_inline u32 clone_flags_to_ppm(u64 f)
{
	u32 r = 0;
	if (f & 0x400) r |= 1;            /* FILES */
	if (f & 0x200) r |= 2;            /* FS */
	if (f & 0x80000000ULL) r |= 4;    /* IO */
	if (f & 0x08000000) r |= 8;       /* NEWIPC */
	if (f & 0x40000000) r |= 16;      /* NEWNET */
	if (f & 0x20000) r |= 32;         /* NEWNS */
	if (f & 0x20000000) r |= 64;      /* NEWPID */
	if (f & 0x04000000) r |= 128;     /* NEWUTS */
	if (f & 0x8000) r |= 256;         /* PARENT */
	if (f & 0x100000) r |= 512;       /* PARENT_SETTID */
	if (f & 0x2000) r |= 1024;        /* PTRACE */
	if (f & 0x800) r |= 2048;         /* SIGHAND */
	if (f & 0x40000) r |= 4096;       /* SYSVSEM */
	if (f & 0x10000) r |= 8192;       /* THREAD */
	if (f & 0x800000) r |= 16384;     /* UNTRACED */
	if (f & 0x100) r |= 32768;        /* VM */
	if (f & 0x10000000) r |= 1048576; /* NEWUSER */
	if (f & 0x200000) r |= 8388608;   /* CHILD_CLEARTID */
	if (f & 0x01000000) r |= 16777216;/* CHILD_SETTID */
	if (f & 0x80000) r |= 33554432;   /* SETTLS */
	if (f & 0x4000) r |= 134217728;   /* VFORK */
	if (f & 0x02000000) r |= 268435456; /* NEWCGROUP */
	return r;
}

/* Kernel O_* to the driver's PPM_O_* bits. */
static __always_inline u32 open_flags_to_ppm(u64 f)
{
	u32 r;
	switch (f & 3) {
	case 1: r = 2; break;
	case 2: r = 3; break;
	default: r = 1; break;
	}
	if (f & 0100) r |= 4;            /* CREAT */
	if (f & 02000) r |= 8;           /* APPEND */
	if (f & 010000) r |= 16;         /* DSYNC */
	if (f & 0200) r |= 32;           /* EXCL */
	if (f & 04000) r |= 64;          /* NONBLOCK */
	if (f & 04000000) r |= 128;      /* SYNC */
	if (f & 01000) r |= 256;         /* TRUNC */
	if (f & 040000) r |= 512;        /* DIRECT */
	if (f & 0200000) r |= 1024;      /* DIRECTORY */
	if (f & 0100000) r |= 2048;      /* LARGEFILE */
	if (f & 02000000) r |= 4096;     /* CLOEXEC */
	if ((f & 020200000) == 020200000) r |= 8192; /* TMPFILE */
	return r;
}

static __always_inline u32 open_mode(u64 flags, u64 mode)
{
	return (flags & (0100 | 020000000)) ? (u32)(mode & 07777) : 0;
}

/* ---------------------------------------------------------------- sockets */

static __always_inline struct sock *file_sock(struct file *f)
{
	if (!f)
		return NULL;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return NULL;
	struct socket *so = BPF_CORE_READ(f, private_data);
	return so ? BPF_CORE_READ(so, sk) : NULL;
}

/* Writes a unix path (abstract names get a leading '@') at p; returns bytes written incl. NUL. */
static __always_inline u32 write_unix_path(struct aux_buf *a, u32 p, const char *path, int user)
{
	long n = user ? bpf_probe_read_user_str(&a->data[SAFE(p)], 108, path)
		      : bpf_probe_read_kernel_str(&a->data[SAFE(p)], 108, path);
	if (n <= 0) {
		a->data[SAFE(p)] = 0;
		return 1;
	}
	if (a->data[SAFE(p)] == 0) {
		/* abstract: the name follows the NUL; read it one byte further on */
		long m = user ? bpf_probe_read_user_str(&a->data[SAFE(p + 1)], 107, path + 1)
			      : bpf_probe_read_kernel_str(&a->data[SAFE(p + 1)], 107, path + 1);
		a->data[SAFE(p)] = '@';
		return m > 0 ? (u32)m + 1 : 2;
	}
	return (u32)n;
}

/* PT_SOCKADDR from a user sockaddr. */
static __always_inline void push_sockaddr_user(struct aux_buf *a, const void *ua, u64 ulen)
{
	u16 fam = 0;
	if (!ua || ulen < 2 || bpf_probe_read_user(&fam, 2, ua) != 0 || !has_room(a)) {
		push_empty(a);
		return;
	}
	u32 p = a->pos;
	if (fam == AF_INET) {
		struct sockaddr_in sin = {};
		bpf_probe_read_user(&sin, sizeof(sin), ua);
		a->data[SAFE(p)] = 2;
		*(u32 *)&a->data[SAFE(p + 1)] = sin.sin_addr.s_addr;
		*(u16 *)&a->data[SAFE(p + 5)] = bpf_ntohs(sin.sin_port);
		put_len(a, 7);
	} else if (fam == AF_INET6) {
		struct sockaddr_in6 s6 = {};
		bpf_probe_read_user(&s6, sizeof(s6), ua);
		a->data[SAFE(p)] = 10;
		__builtin_memcpy(&a->data[SAFE(p + 1)], &s6.sin6_addr, 16);
		*(u16 *)&a->data[SAFE(p + 17)] = bpf_ntohs(s6.sin6_port);
		put_len(a, 19);
	} else if (fam == AF_UNIX) {
		a->data[SAFE(p)] = 1;
		u32 n = write_unix_path(a, p + 1, (const char *)ua + 2, 1);
		put_len(a, 1 + n);
	} else {
		a->data[SAFE(p)] = (u8)fam;
		put_len(a, 1);
	}
}

/*
 * PT_SOCKTUPLE of a socket fd. Inbound (accept): source is the peer. Unix: this socket, its peer
 * and a path (the user address when given, else the socket's or its peer's bound name).
 */
static __always_inline void push_socktuple(struct aux_buf *a, struct file *f, int inbound, const void *ua,
					   u64 ulen)
{
	struct sock *sk = file_sock(f);
	if (!sk || !has_room(a)) {
		push_empty(a);
		return;
	}
	u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
	u32 p = a->pos;
	if (fam == AF_INET) {
		u32 la = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		u16 lp = BPF_CORE_READ(sk, __sk_common.skc_num);
		u32 ra = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		u16 rp = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		a->data[SAFE(p)] = 2;
		*(u32 *)&a->data[SAFE(p + 1)] = inbound ? ra : la;
		*(u16 *)&a->data[SAFE(p + 5)] = inbound ? rp : lp;
		*(u32 *)&a->data[SAFE(p + 7)] = inbound ? la : ra;
		*(u16 *)&a->data[SAFE(p + 11)] = inbound ? lp : rp;
		put_len(a, 13);
	} else if (fam == AF_INET6) {
		struct in6_addr la = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		struct in6_addr ra = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		u16 lp = BPF_CORE_READ(sk, __sk_common.skc_num);
		u16 rp = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		a->data[SAFE(p)] = 10;
		if (inbound) {
			__builtin_memcpy(&a->data[SAFE(p + 1)], &ra, 16);
			*(u16 *)&a->data[SAFE(p + 17)] = rp;
			__builtin_memcpy(&a->data[SAFE(p + 19)], &la, 16);
			*(u16 *)&a->data[SAFE(p + 35)] = lp;
		} else {
			__builtin_memcpy(&a->data[SAFE(p + 1)], &la, 16);
			*(u16 *)&a->data[SAFE(p + 17)] = lp;
			__builtin_memcpy(&a->data[SAFE(p + 19)], &ra, 16);
			*(u16 *)&a->data[SAFE(p + 35)] = rp;
		}
		put_len(a, 37);
	} else if (fam == AF_UNIX) {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct sock *peer = BPF_CORE_READ(us, peer);
		a->data[SAFE(p)] = 1;
		*(u64 *)&a->data[SAFE(p + 1)] = (u64)sk;
		*(u64 *)&a->data[SAFE(p + 9)] = (u64)peer;
		u32 n;
		u16 ufam = 0;
		if (ua && ulen > 2 && bpf_probe_read_user(&ufam, 2, ua) == 0 && ufam == AF_UNIX) {
			n = write_unix_path(a, p + 17, (const char *)ua + 2, 1);
		} else {
			struct unix_address *addr = BPF_CORE_READ(us, addr);
			if (!addr && peer)
				addr = BPF_CORE_READ((struct unix_sock *)peer, addr);
			if (addr) {
				const char *sp = (const char *)__builtin_preserve_access_index(&addr->name[0].sun_path[0]);
				n = write_unix_path(a, p + 17, sp, 0);
			} else {
				a->data[SAFE(p + 17)] = 0;
				n = 1;
			}
		}
		put_len(a, 17 + n);
	} else {
		a->data[SAFE(p)] = (u8)fam;
		put_len(a, 1);
	}
}

/* ---------------------------------------------------------------- process info (execve/clone) */

static __always_inline u64 start_ts(struct task_struct *t)
{
	u32 zero = 0;
	struct sensor_settings *s = bpf_map_lookup_elem(&settings, &zero);
	u64 boot = s ? s->boot_time_ns : 0;
	return boot + BPF_CORE_READ(t, start_boottime);
}

/* exe, args, tid, pid, ptid, cwd, fdlimit, pgft_maj, pgft_min, vm_size, vm_rss, vm_swap, comm, cgroups */
static __always_inline void push_proc_common(struct aux_buf *a, struct task_struct *t)
{
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	u64 as = mm ? BPF_CORE_READ(mm, arg_start) : 0;
	u64 ae = mm ? BPF_CORE_READ(mm, arg_end) : 0;
	long n = 0;
	if (as && ae > as && has_room(a))
		n = bpf_probe_read_user_str(&a->data[SAFE(a->pos)], MAX_STR, (void *)as);
	if (n <= 0) {
		/* kernel threads and unreadable argv: the comm stands in, like the driver */
		push_kernel_str(a, __builtin_preserve_access_index(&t->comm[0]));
		push_empty(a);
	} else {
		put_len(a, n);
		push_user_bytes(a, (void *)(as + n), ae > as + n ? ae - as - n : 0);
	}
	push_s64(a, BPF_CORE_READ(t, pid));
	push_s64(a, BPF_CORE_READ(t, tgid));
	push_s64(a, BPF_CORE_READ(t, real_parent, pid));
	struct fs_struct *fs = BPF_CORE_READ(t, fs);
	if (fs)
		push_path(a, __builtin_preserve_access_index(&fs->pwd));
	else
		push_empty(a);
	push_s64(a, BPF_CORE_READ(t, signal, rlim[7].rlim_cur)); /* RLIMIT_NOFILE */
	push_u64(a, BPF_CORE_READ(t, maj_flt));
	push_u64(a, BPF_CORE_READ(t, min_flt));
	if (mm) {
		push_u32(a, mm_kb(BPF_CORE_READ(mm, total_vm)));
		push_u32(a, mm_kb(rss_pages(mm)));
		s64 sw = BPF_CORE_READ(mm, rss_stat[2].count);
		push_u32(a, mm_kb(sw > 0 ? sw : 0));
	} else {
		push_u32(a, 0);
		push_u32(a, 0);
		push_u32(a, 0);
	}
	push_kernel_str(a, __builtin_preserve_access_index(&t->comm[0]));
	push_cgroups(a, t);
}

static __always_inline u64 inode_time_ns(struct inode *ino, int ctime)
{
	if (bpf_core_field_exists(ino->i_ctime_sec)) {
		if (ctime)
			return BPF_CORE_READ(ino, i_ctime_sec) * 1000000000ULL + BPF_CORE_READ(ino, i_ctime_nsec);
		return BPF_CORE_READ(ino, i_mtime_sec) * 1000000000ULL + BPF_CORE_READ(ino, i_mtime_nsec);
	}
	struct inode___old *o = (void *)ino;
	if (ctime)
		return BPF_CORE_READ(o, __i_ctime.tv_sec) * 1000000000ULL + BPF_CORE_READ(o, __i_ctime.tv_nsec);
	return BPF_CORE_READ(o, i_mtime.tv_sec) * 1000000000ULL + BPF_CORE_READ(o, i_mtime.tv_nsec);
}

/* PPME_SYSCALL_EXECVE_19_X / EXECVEAT_X; filename is a kernel string (success) or a user one. */
static __always_inline void emit_exec(u32 type, s64 res, const void *kfilename, const void *ufilename)
{
	u32 np = type == PPME_SYSCALL_EXECVE_19_X ? 31 : 30;
	struct aux_buf *a = ev_begin(type, np, DROP_EXECVE_EXIT);
	if (!a)
		return;
	struct task_struct *t = cur();
	push_s64(a, res);
	push_proc_common(a, t);
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	u64 es = mm ? BPF_CORE_READ(mm, env_start) : 0;
	u64 ee = mm ? BPF_CORE_READ(mm, env_end) : 0;
	push_user_bytes(a, (void *)es, ee > es ? ee - es : 0);
	push_u32(a, tty_of(t));
	struct pid *pg = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
	push_s64(a, upid_nr(pg, 1));
	u32 loginuid = (u32)-1;
	if (bpf_core_field_exists(t->loginuid))
		loginuid = BPF_CORE_READ(t, loginuid.val);
	push_u32(a, loginuid);

	const struct cred *cr = BPF_CORE_READ(t, cred);
	u64 ceff = cap_u64(__builtin_preserve_access_index(&cr->cap_effective));
	u32 euid = BPF_CORE_READ(cr, euid.val), egid = BPF_CORE_READ(cr, egid.val);
	struct file *exe = mm ? BPF_CORE_READ(mm, exe_file) : NULL;
	struct inode *ino = exe ? BPF_CORE_READ(exe, f_inode) : NULL;
	u32 flags = 0;
	if (ino) {
		umode_t m = BPF_CORE_READ(ino, i_mode);
		u32 iu = BPF_CORE_READ(ino, i_uid.val), ig = BPF_CORE_READ(ino, i_gid.val);
		if ((ceff & (1ULL << CAP_DAC_OVERRIDE)) || (iu == euid && (m & 0200)) || (ig == egid && (m & 020)) ||
		    (m & 02))
			flags |= 1; /* EXE_WRITABLE */
		if (BPF_CORE_READ(ino, __i_nlink) == 0)
			flags |= 4; /* EXE_FROM_MEMFD */
		flags |= overlay_layer_flags(ino);
	}
	push_u32(a, flags);
	push_u64(a, cap_u64(__builtin_preserve_access_index(&cr->cap_inheritable)));
	push_u64(a, cap_u64(__builtin_preserve_access_index(&cr->cap_permitted)));
	push_u64(a, ceff);
	push_u64(a, ino ? BPF_CORE_READ(ino, i_ino) : 0);
	push_u64(a, ino ? inode_time_ns(ino, 1) : 0);
	push_u64(a, ino ? inode_time_ns(ino, 0) : 0);
	push_u32(a, euid);
	if (exe)
		push_path(a, __builtin_preserve_access_index(&exe->f_path));
	else
		push_empty(a);
	push_s64(a, upid_nr(pg, 0));
	push_u32(a, egid);
	if (type == PPME_SYSCALL_EXECVE_19_X) {
		if (kfilename)
			push_kernel_str(a, kfilename);
		else
			push_user_str(a, ufilename);
	}
	ev_submit(a);
}

/* PPME_SYSCALL_CLONE_20_X / CLONE3_X / FORK_20_X / VFORK_20_X */
static __always_inline void emit_clone(u32 type, s64 res, u64 kflags)
{
	struct aux_buf *a = ev_begin(type, 21, DROP_CLONE_FORK_EXIT);
	if (!a)
		return;
	struct task_struct *t = cur();
	push_s64(a, res);
	push_proc_common(a, t);
	struct pid *tp = BPF_CORE_READ(t, thread_pid);
	u32 level = BPF_CORE_READ(tp, level);
	u32 flags = clone_flags_to_ppm(kflags);
	if (level > 0 && (res == 0 || (kflags & 0x20000000)))
		flags |= 536870912; /* CHILD_IN_PIDNS */
	push_u32(a, flags);
	const struct cred *cr = BPF_CORE_READ(t, cred);
	push_u32(a, BPF_CORE_READ(cr, euid.val));
	push_u32(a, BPF_CORE_READ(cr, egid.val));
	push_s64(a, upid_nr(tp, 1));
	push_s64(a, upid_nr(BPF_CORE_READ(t, group_leader, thread_pid), 1));
	struct pid_namespace *ns = NULL;
	bpf_probe_read_kernel(&ns, sizeof(ns), __builtin_preserve_access_index(&tp->numbers[level & 31].ns));
	struct task_struct *reaper = ns ? BPF_CORE_READ(ns, child_reaper) : NULL;
	push_u64(a, reaper ? start_ts(reaper) : 0);
	ev_submit(a);
}

/* ---------------------------------------------------------------- programs */

/*
 * 32-bit syscalls (a 32-bit process, or int $0x80 from a 64-bit one) run with TS_COMPAT set in the
 * task's thread_info.status, which is what the kernel's in_ia32_syscall() tests; the flag is
 * cleared only on the way back to user space, after sys_exit. Their number is the i386 one and
 * their arguments are in ebx, ecx, edx, esi, edi, ebp (32 bits each).
 */
#define TS_COMPAT 0x0002

static __always_inline int in_ia32_syscall(void)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (!bpf_core_field_exists(t->thread_info.status))
		return 0;
	return (t->thread_info.status & TS_COMPAT) != 0;
}

/* The x86_64 number of an i386 syscall, or SENSOR_SYSCALL_SLOTS when it has none (counted). */
static __always_inline u32 ia32_to_x64_nr(u32 nr)
{
	u32 x = nr < IA32_SLOTS ? ia32_to_x64[nr & (IA32_SLOTS - 1)] : IA32_NO_EQUIVALENT;
	if (x == IA32_NO_EQUIVALENT) {
		COUNT(ia32_unmapped);
		return SENSOR_SYSCALL_SLOTS;
	}
	return x;
}

/* The socketcall table's slot of `call`, masked in a way the compiler cannot drop (the verifier needs it). */
_Static_assert(SOCKETCALL_SLOTS == 32, "socketcall_slot masks with 31");
static __always_inline u64 socketcall_slot(u32 call)
{
	u64 i = call;
	asm volatile("%0 &= 31" : "+r"(i));
	return i;
}

/*
 * i386 socketcall(call, args) multiplexes the socket calls: `call` (linux/net.h SYS_*) names the
 * call, `args` points to its arguments, u32 words. It maps to the x86_64 call (SENSOR_SYSCALL_SLOTS
 * when unknown, counted), whose filler reads the words the dispatcher copied.
 */
static __always_inline u32 socketcall_to_x64_nr(u32 call)
{
	u32 x = call < SOCKETCALL_SLOTS ? socketcall_to_x64[socketcall_slot(call)].x64 : IA32_NO_EQUIVALENT;
	if (x == IA32_NO_EQUIVALENT) {
		COUNT(socketcall_unconverted);
		return SENSOR_SYSCALL_SLOTS;
	}
	return x;
}

/* Copies the argument words of a known call; 0 (counted) when user memory cannot be read. */
static __always_inline int socketcall_copy_args(u32 call, u32 uargs)
{
	u32 zero = 0;
	struct socketcall_args *s = bpf_map_lookup_elem(&socketcall_args, &zero);
	if (!s)
		return 0;
	__builtin_memset(s->a, 0, sizeof(s->a));
	u64 len = socketcall_to_x64[socketcall_slot(call)].nargs * sizeof(u32);
	asm volatile("" : "+r"(len)); /* the compiler knows the table's bound, the verifier does not */
	if (len > sizeof(s->a) || bpf_probe_read_user(s->a, len, (void *)(u64)uargs) != 0) {
		COUNT(socketcall_unconverted);
		return 0;
	}
	return 1;
}

/* Where a filler's arguments are: x86_64 registers, i386 registers, socketcall's array. */
#define ARGS_X64 0
#define ARGS_IA32 1
#define ARGS_SOCKETCALL 2

/*
 * Argument n (a constant) of the syscall; `compat` (ARGS_*) is one test for 64-bit syscalls.
 * 32-bit arguments come zero-extended; fillers sign-extend the ones the kernel takes as int.
 */
static __always_inline u64 sys_arg(struct pt_regs *r, int n, int compat)
{
	if (compat == ARGS_SOCKETCALL) {
		u32 zero = 0;
		struct socketcall_args *s = bpf_map_lookup_elem(&socketcall_args, &zero);
		return s && n < 6 ? s->a[n] : 0;
	}
	if (compat) {
		switch (n) {
		case 0: return (u32)BPF_CORE_READ(r, bx);
		case 1: return (u32)BPF_CORE_READ(r, cx);
		case 2: return (u32)BPF_CORE_READ(r, dx);
		case 3: return (u32)BPF_CORE_READ(r, si);
		case 4: return (u32)BPF_CORE_READ(r, di);
		default: return (u32)BPF_CORE_READ(r, bp);
		}
	}
	switch (n) {
	case 0: return BPF_CORE_READ(r, di);
	case 1: return BPF_CORE_READ(r, si);
	case 2: return BPF_CORE_READ(r, dx);
	case 3: return BPF_CORE_READ(r, r10);
	case 4: return BPF_CORE_READ(r, r8);
	default: return BPF_CORE_READ(r, r9);
	}
}

/* Fillers have `regs`, `ret` and `compat` in scope. */
#define ARG0(r) sys_arg(r, 0, compat)
#define ARG1(r) sys_arg(r, 1, compat)
#define ARG2(r) sys_arg(r, 2, compat)
#define ARG3(r) sys_arg(r, 3, compat)
#define ARG4(r) sys_arg(r, 4, compat)

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit_dispatch, struct pt_regs *regs, long ret)
{
	u32 nr = (u32)BPF_CORE_READ(regs, orig_ax);
	u32 sc_call = 0;
	int socketcall = 0;
	if (in_ia32_syscall()) {
		if (nr == IA32_NR_socketcall) {
			socketcall = 1;
			sc_call = (u32)BPF_CORE_READ(regs, bx);
			nr = socketcall_to_x64_nr(sc_call);
		} else {
			nr = ia32_to_x64_nr(nr);
		}
	}
	if (nr >= SENSOR_SYSCALL_SLOTS)
		return 0;
	u8 *on = bpf_map_lookup_elem(&selected, &nr);
	if (!on || !*on)
		return 0;
	u32 zero = 0;
	struct sensor_settings *s = bpf_map_lookup_elem(&settings, &zero);
	if (s && s->ignore_tgid && s->ignore_tgid == (u32)(bpf_get_current_pid_tgid() >> 32))
		return 0;
	/* selected socketcalls only: unselected ones cost no user memory read */
	if (socketcall && !socketcall_copy_args(sc_call, (u32)BPF_CORE_READ(regs, cx)))
		return 0;
	struct sensor_counters *c = cnt();
	if (c)
		c->seen++;
	bpf_tail_call(ctx, &exit_fillers, nr);
	return 0;
}

/* The ARGS_* of the syscall being reported. */
static __always_inline int args_kind(struct pt_regs *regs)
{
	if (!in_ia32_syscall())
		return ARGS_X64;
	return (u32)BPF_CORE_READ(regs, orig_ax) == IA32_NR_socketcall ? ARGS_SOCKETCALL : ARGS_IA32;
}

/* A filler: the tail-called program, and its body with the ARGS_* kind (a 32-bit result for compat). */
#define FILLER(name)                                                                                   \
	static __always_inline int name##_body(struct pt_regs *regs, long ret, int compat);           \
	SEC("tp_btf/sys_exit") int BPF_PROG(name, struct pt_regs *regs, long ret)                      \
	{                                                                                              \
		int compat = args_kind(regs);                                                          \
		return name##_body(regs, compat ? (long)(s32)ret : ret, compat);                       \
	}                                                                                              \
	static __always_inline int name##_body(struct pt_regs *regs, long ret, int compat)

/* execve/execveat failures (successes are reported by sched_process_exec). */
FILLER(f_execve_x)
{
	if (ret == 0)
		return 0;
	emit_exec(PPME_SYSCALL_EXECVE_19_X, ret, NULL, (void *)ARG0(regs));
	return 0;
}

FILLER(f_execveat_x)
{
	if (ret == 0)
		return 0;
	emit_exec(PPME_SYSCALL_EXECVEAT_X, ret, NULL, NULL);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	u32 nr = (u32)BPF_CORE_READ(regs, orig_ax);
	/* exec of a 32-bit binary: the kernel pretends an i386 execve (and sets TS_COMPAT) */
	if (in_ia32_syscall())
		nr = ia32_to_x64_nr(nr);
	if (nr != 59 && nr != 322)
		return 0;
	u8 *on = bpf_map_lookup_elem(&selected, &nr);
	if (!on || !*on)
		return 0;
	u32 zero = 0;
	struct sensor_settings *s = bpf_map_lookup_elem(&settings, &zero);
	if (s && s->ignore_tgid && s->ignore_tgid == (u32)(bpf_get_current_pid_tgid() >> 32))
		return 0;
	const char *fn = BPF_CORE_READ(bprm, filename);
	if (nr == 59)
		emit_exec(PPME_SYSCALL_EXECVE_19_X, 0, fn, NULL);
	else
		emit_exec(PPME_SYSCALL_EXECVEAT_X, 0, fn, NULL);
	return 0;
}

FILLER(f_clone_x)
{
	emit_clone(PPME_SYSCALL_CLONE_20_X, ret, ARG0(regs));
	return 0;
}

FILLER(f_clone3_x)
{
	u64 flags = 0;
	void *ca = (void *)ARG0(regs);
	if (ca)
		bpf_probe_read_user(&flags, sizeof(flags), ca);
	emit_clone(PPME_SYSCALL_CLONE3_X, ret, flags);
	return 0;
}

FILLER(f_fork_x)
{
	emit_clone(PPME_SYSCALL_FORK_20_X, ret, 0);
	return 0;
}

FILLER(f_vfork_x)
{
	emit_clone(PPME_SYSCALL_VFORK_20_X, ret, 0x4000 | 0x100);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_exit, struct task_struct *p)
{
	u32 slot = SENSOR_SLOT_PROCEXIT;
	u8 *on = bpf_map_lookup_elem(&selected, &slot);
	if (!on || !*on)
		return 0;
	struct aux_buf *a = ev_begin(PPME_PROCEXIT_1_E, 5, DROP_PROC_EXIT);
	if (!a)
		return 0;
	struct task_struct *t = cur();
	s64 code = BPF_CORE_READ(t, exit_code);
	push_s64(a, code);
	push_s64(a, (code & 0xff00) >> 8);
	push_u8(a, code & 0x7f);
	push_u8(a, (code & 0x80) ? 1 : 0);
	push_empty(a); /* reaper_tid: user space finds one */
	ev_submit(a);
	return 0;
}

static __always_inline void push_open_tail(struct aux_buf *a, s64 fd)
{
	struct file *f = fd >= 0 ? fd_file(cur(), fd) : NULL;
	struct inode *ino = f ? BPF_CORE_READ(f, f_inode) : NULL;
	push_u32(a, ino ? encode_dev(BPF_CORE_READ(ino, i_sb, s_dev)) : 0);
	push_u64(a, ino ? BPF_CORE_READ(ino, i_ino) : 0);
}

static __always_inline u32 created_bit(s64 fd)
{
	struct file *f = fd >= 0 ? fd_file(cur(), fd) : NULL;
	return f && (BPF_CORE_READ(f, f_mode) & FMODE_CREATED) ? 16384 : 0;
}

FILLER(f_openat_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_OPENAT_2_X, 7, DROP_OPEN_EXIT);
	if (!a)
		return 0;
	u64 flags = ARG2(regs);
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_user_str(a, (void *)ARG1(regs));
	push_u32(a, open_flags_to_ppm(flags) | created_bit(ret));
	push_u32(a, open_mode(flags, ARG3(regs)));
	push_open_tail(a, ret);
	ev_submit(a);
	return 0;
}

FILLER(f_open_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_OPEN_X, 6, DROP_OPEN_EXIT);
	if (!a)
		return 0;
	u64 flags = ARG1(regs);
	push_s64(a, ret);
	push_user_str(a, (void *)ARG0(regs));
	push_u32(a, open_flags_to_ppm(flags) | created_bit(ret));
	push_u32(a, open_mode(flags, ARG2(regs)));
	push_open_tail(a, ret);
	ev_submit(a);
	return 0;
}

static __always_inline u32 resolve_to_ppm(u64 r)
{
	u32 v = 0;
	if (r & 0x01) v |= 16; /* NO_XDEV */
	if (r & 0x02) v |= 4;  /* NO_MAGICLINKS */
	if (r & 0x04) v |= 8;  /* NO_SYMLINKS */
	if (r & 0x08) v |= 1;  /* BENEATH */
	if (r & 0x10) v |= 2;  /* IN_ROOT */
	if (r & 0x20) v |= 32; /* CACHED */
	return v;
}

FILLER(f_openat2_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_OPENAT2_X, 8, DROP_OPEN_EXIT);
	if (!a)
		return 0;
	struct open_how how = {};
	void *uhow = (void *)ARG2(regs);
	if (uhow)
		bpf_probe_read_user(&how, sizeof(how), uhow);
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_user_str(a, (void *)ARG1(regs));
	push_u32(a, open_flags_to_ppm(how.flags) | created_bit(ret));
	push_u32(a, open_mode(how.flags, how.mode));
	push_u32(a, resolve_to_ppm(how.resolve));
	push_open_tail(a, ret);
	ev_submit(a);
	return 0;
}

FILLER(f_creat_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_CREAT_X, 6, DROP_OPEN_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_user_str(a, (void *)ARG0(regs));
	push_u32(a, (u32)(ARG1(regs) & 07777));
	push_open_tail(a, ret);
	push_u16(a, 0);
	ev_submit(a);
	return 0;
}

FILLER(f_connect_x)
{
	struct aux_buf *a = ev_begin(PPME_SOCKET_CONNECT_X, 4, DROP_CONNECT_EXIT);
	if (!a)
		return 0;
	s64 fd = (s32)ARG0(regs);
	void *ua = (void *)ARG1(regs);
	u64 ulen = ARG2(regs);
	push_s64(a, ret);
	if (ret == 0 || ret == -EINPROGRESS)
		push_socktuple(a, fd_file(cur(), fd), 0, ua, ulen);
	else
		push_empty(a);
	push_s64(a, fd);
	push_sockaddr_user(a, ua, ulen);
	ev_submit(a);
	return 0;
}

static __always_inline void emit_accept(u32 type, u32 np, s64 ret, s64 lfd, s64 flags)
{
	struct aux_buf *a = ev_begin(type, np, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return;
	push_s64(a, ret);
	if (ret >= 0)
		push_socktuple(a, fd_file(cur(), ret), 1, NULL, 0);
	else
		push_empty(a);
	struct sock *ls = file_sock(fd_file(cur(), lfd));
	u32 qlen = ls ? BPF_CORE_READ(ls, sk_ack_backlog) : 0;
	u32 qmax = ls ? BPF_CORE_READ(ls, sk_max_ack_backlog) : 0;
	push_u8(a, qmax ? (u8)(qlen * 100 / qmax) : 0);
	push_u32(a, qlen);
	push_u32(a, qmax);
	if (np == 6)
		push_u32(a, (u32)flags);
	ev_submit(a);
}

FILLER(f_accept4_x)
{
	emit_accept(PPME_SOCKET_ACCEPT4_6_X, 6, ret, (s32)ARG0(regs), (s32)ARG3(regs));
	return 0;
}

FILLER(f_accept_x)
{
	emit_accept(PPME_SOCKET_ACCEPT_5_X, 5, ret, (s32)ARG0(regs), 0);
	return 0;
}

FILLER(f_bind_x)
{
	struct aux_buf *a = ev_begin(PPME_SOCKET_BIND_X, 3, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_sockaddr_user(a, (void *)ARG1(regs), ARG2(regs));
	push_s64(a, (s32)ARG0(regs));
	ev_submit(a);
	return 0;
}

FILLER(f_listen_x)
{
	struct aux_buf *a = ev_begin(PPME_SOCKET_LISTEN_X, 3, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_u32(a, (u32)ARG1(regs));
	ev_submit(a);
	return 0;
}

FILLER(f_socket_x)
{
	struct aux_buf *a = ev_begin(PPME_SOCKET_SOCKET_X, 5, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	u32 type = (u32)ARG1(regs);
	push_s64(a, ret);
	push_u32(a, (u32)ARG0(regs));
	push_u32(a, type);
	push_u32(a, (u32)ARG2(regs));
	push_u32(a, ((type & 04000) ? 64 : 0) | ((type & 02000000) ? 4096 : 0));
	ev_submit(a);
	return 0;
}

/* Events whose params are: res (errno), then up to three plain integer args. */
static __always_inline void emit_res_args(u32 type, u32 np, u32 cat, s64 ret, s64 a0, s64 a1, s64 a2)
{
	struct aux_buf *a = ev_begin(type, np, cat);
	if (!a)
		return;
	push_s64(a, ret);
	if (np > 1)
		push_s64(a, a0);
	if (np > 2)
		push_s64(a, a1);
	if (np > 3)
		push_s64(a, a2);
	ev_submit(a);
}

FILLER(f_close_x)
{
	emit_res_args(PPME_SYSCALL_CLOSE_X, 2, DROP_CLOSE_EXIT, ret, (s32)ARG0(regs), 0, 0);
	return 0;
}

FILLER(f_dup_x)
{
	emit_res_args(PPME_SYSCALL_DUP_1_X, 2, DROP_OTHER_INTEREST_EXIT, ret, (s32)ARG0(regs), 0, 0);
	return 0;
}

FILLER(f_dup2_x)
{
	emit_res_args(PPME_SYSCALL_DUP2_X, 3, DROP_OTHER_INTEREST_EXIT, ret, (s32)ARG0(regs), (s32)ARG1(regs), 0);
	return 0;
}

FILLER(f_dup3_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_DUP3_X, 4, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_s64(a, (s32)ARG1(regs));
	push_u32(a, (ARG2(regs) & 02000000) ? 4096 : 0);
	ev_submit(a);
	return 0;
}

static __always_inline void emit_ids(u32 type, u32 np, s64 ret, u32 a0, u32 a1, u32 a2)
{
	struct aux_buf *a = ev_begin(type, np, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return;
	push_s64(a, ret);
	push_u32(a, a0);
	if (np > 2)
		push_u32(a, a1);
	if (np > 3)
		push_u32(a, a2);
	ev_submit(a);
}

/*
 * The original i386 set*id calls take 16-bit ids (old_uid_t): the kernel keeps the low 16 bits and
 * reads 0xffff as -1 (low2highuid), and so does the event.
 */
static __always_inline int ids16(struct pt_regs *regs, int compat)
{
	if (!compat)
		return 0;
	u32 onr = (u32)BPF_CORE_READ(regs, orig_ax);
	return onr == IA32_NR_setuid16 || onr == IA32_NR_setgid16 || onr == IA32_NR_setreuid16 ||
	       onr == IA32_NR_setregid16 || onr == IA32_NR_setresuid16 || onr == IA32_NR_setresgid16;
}

static __always_inline u32 id_arg(u64 v, int is16)
{
	if (!is16)
		return (u32)v;
	v &= 0xffff;
	return v == 0xffff ? (u32)-1 : (u32)v;
}

#define IDARG(n) id_arg(ARG##n(regs), w16)

FILLER(f_setuid_x)
{
	int w16 = ids16(regs, compat);
	emit_ids(PPME_SYSCALL_SETUID_X, 2, ret, IDARG(0), 0, 0);
	return 0;
}

FILLER(f_setgid_x)
{
	int w16 = ids16(regs, compat);
	emit_ids(PPME_SYSCALL_SETGID_X, 2, ret, IDARG(0), 0, 0);
	return 0;
}

/* setreuid/setregid(r, e); -1 keeps an id, and is reported as such, as libscap does. */
FILLER(f_setreuid_x)
{
	int w16 = ids16(regs, compat);
	emit_ids(PPME_SYSCALL_SETREUID_X, 3, ret, IDARG(0), IDARG(1), 0);
	return 0;
}

FILLER(f_setregid_x)
{
	int w16 = ids16(regs, compat);
	emit_ids(PPME_SYSCALL_SETREGID_X, 3, ret, IDARG(0), IDARG(1), 0);
	return 0;
}

FILLER(f_setresuid_x)
{
	int w16 = ids16(regs, compat);
	emit_ids(PPME_SYSCALL_SETRESUID_X, 4, ret, IDARG(0), IDARG(1), IDARG(2));
	return 0;
}

FILLER(f_setresgid_x)
{
	int w16 = ids16(regs, compat);
	emit_ids(PPME_SYSCALL_SETRESGID_X, 4, ret, IDARG(0), IDARG(1), IDARG(2));
	return 0;
}

static __always_inline u16 ptrace_req_to_ppm(u64 r)
{
	if (r <= 9)
		return (u16)(r + 1);
	if (r >= 0x4200 && r <= 0x420b)
		return (u16)(r - 0x4200 + 14);
	switch (r) {
	case 12: return 26;
	case 13: return 27;
	case 14: return 28;
	case 15: return 29;
	case 16: return 11;
	case 17: return 12;
	case 18: return 30;
	case 19: return 31;
	case 21: return 32;
	case 24: return 13;
	case 25: return 33;
	case 26: return 34;
	case 30: return 35;
	case 31: return 36;
	case 32: return 37;
	case 33: return 38;
	}
	return 0;
}

FILLER(f_ptrace_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_PTRACE_X, 5, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	/* PT_DYN: index 0 (uint64) then the value */
	u32 p = a->pos;
	a->data[SAFE(p)] = 0;
	*(u64 *)&a->data[SAFE(p + 1)] = ARG2(regs);
	put_len(a, 9);
	p = a->pos;
	a->data[SAFE(p)] = 0;
	*(u64 *)&a->data[SAFE(p + 1)] = ARG3(regs);
	put_len(a, 9);
	push_u16(a, ptrace_req_to_ppm(ARG0(regs)));
	push_s64(a, (s32)ARG1(regs));
	ev_submit(a);
	return 0;
}

/* res, path (user), mode/flags (u32) */
static __always_inline void emit_path_u32(u32 type, s64 ret, const void *path, u32 v, int with_v)
{
	struct aux_buf *a = ev_begin(type, with_v ? 3 : 2, DROP_DIR_FILE_EXIT);
	if (!a)
		return;
	push_s64(a, ret);
	push_user_str(a, path);
	if (with_v)
		push_u32(a, v);
	ev_submit(a);
}

/* res, dirfd, path (user), u32 */
static __always_inline void emit_dirfd_path_u32(u32 type, s64 ret, s64 dirfd, const void *path, u32 v)
{
	struct aux_buf *a = ev_begin(type, 4, DROP_DIR_FILE_EXIT);
	if (!a)
		return;
	push_s64(a, ret);
	push_s64(a, dirfd);
	push_user_str(a, path);
	push_u32(a, v);
	ev_submit(a);
}

FILLER(f_chmod_x)
{
	emit_path_u32(PPME_SYSCALL_CHMOD_X, ret, (void *)ARG0(regs), (u32)ARG1(regs) & 07777, 1);
	return 0;
}

FILLER(f_fchmod_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_FCHMOD_X, 3, DROP_DIR_FILE_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_u32(a, (u32)ARG1(regs) & 07777);
	ev_submit(a);
	return 0;
}

FILLER(f_fchmodat_x)
{
	emit_dirfd_path_u32(PPME_SYSCALL_FCHMODAT_X, ret, (s32)ARG0(regs), (void *)ARG1(regs), (u32)ARG2(regs) & 07777);
	return 0;
}

FILLER(f_mkdir_x)
{
	emit_path_u32(PPME_SYSCALL_MKDIR_2_X, ret, (void *)ARG0(regs), (u32)ARG1(regs), 1);
	return 0;
}

FILLER(f_mkdirat_x)
{
	emit_dirfd_path_u32(PPME_SYSCALL_MKDIRAT_X, ret, (s32)ARG0(regs), (void *)ARG1(regs), (u32)ARG2(regs));
	return 0;
}

FILLER(f_unlink_x)
{
	emit_path_u32(PPME_SYSCALL_UNLINK_2_X, ret, (void *)ARG0(regs), 0, 0);
	return 0;
}

FILLER(f_unlinkat_x)
{
	emit_dirfd_path_u32(PPME_SYSCALL_UNLINKAT_2_X, ret, (s32)ARG0(regs), (void *)ARG1(regs),
			    (u32)ARG2(regs) & 0x200);
	return 0;
}

FILLER(f_chdir_x)
{
	emit_path_u32(PPME_SYSCALL_CHDIR_X, ret, (void *)ARG0(regs), 0, 0);
	return 0;
}

FILLER(f_chroot_x)
{
	emit_path_u32(PPME_SYSCALL_CHROOT_X, ret, (void *)ARG0(regs), 0, 0);
	return 0;
}

FILLER(f_fchdir_x)
{
	emit_res_args(PPME_SYSCALL_FCHDIR_X, 2, DROP_DIR_FILE_EXIT, ret, (s32)ARG0(regs), 0, 0);
	return 0;
}

FILLER(f_rename_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_RENAME_X, 3, DROP_DIR_FILE_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_user_str(a, (void *)ARG0(regs));
	push_user_str(a, (void *)ARG1(regs));
	ev_submit(a);
	return 0;
}

static __always_inline void emit_renameat(u32 type, u32 np, s64 ret, struct pt_regs *regs, int compat)
{
	struct aux_buf *a = ev_begin(type, np, DROP_DIR_FILE_EXIT);
	if (!a)
		return;
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_user_str(a, (void *)ARG1(regs));
	push_s64(a, (s32)ARG2(regs));
	push_user_str(a, (void *)ARG3(regs));
	if (np == 6)
		push_u32(a, (u32)ARG4(regs) & 7);
	ev_submit(a);
}

FILLER(f_renameat_x)
{
	emit_renameat(PPME_SYSCALL_RENAMEAT_X, 5, ret, regs, compat);
	return 0;
}

FILLER(f_renameat2_x)
{
	emit_renameat(PPME_SYSCALL_RENAMEAT2_X, 6, ret, regs, compat);
	return 0;
}

FILLER(f_linkat_x)
{
	emit_renameat(PPME_SYSCALL_LINKAT_2_X, 6, ret, regs, compat);
	return 0;
}

FILLER(f_symlinkat_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_SYMLINKAT_X, 4, DROP_DIR_FILE_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_user_str(a, (void *)ARG0(regs));
	push_s64(a, (s32)ARG1(regs));
	push_user_str(a, (void *)ARG2(regs));
	ev_submit(a);
	return 0;
}

FILLER(f_setns_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_SETNS_X, 3, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_u32(a, clone_flags_to_ppm(ARG1(regs)));
	ev_submit(a);
	return 0;
}

FILLER(f_unshare_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_UNSHARE_X, 2, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_u32(a, clone_flags_to_ppm(ARG0(regs)));
	ev_submit(a);
	return 0;
}

FILLER(f_init_module_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_INIT_MODULE_X, 4, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	u64 len = ARG1(regs);
	push_s64(a, ret);
	push_user_bytes(a, (void *)ARG0(regs), len < INIT_MODULE_SNAPLEN ? len : INIT_MODULE_SNAPLEN);
	push_u64(a, len);
	push_user_str(a, (void *)ARG2(regs));
	ev_submit(a);
	return 0;
}

FILLER(f_finit_module_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_FINIT_MODULE_X, 4, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_s64(a, (s32)ARG0(regs));
	push_user_str(a, (void *)ARG1(regs));
	push_u32(a, (u32)ARG2(regs) & 7);
	ev_submit(a);
	return 0;
}

FILLER(f_bpf_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_BPF_2_X, 2, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_u32(a, (u32)ARG0(regs));
	ev_submit(a);
	return 0;
}

FILLER(f_memfd_create_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_MEMFD_CREATE_X, 3, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	push_s64(a, ret);
	push_user_str(a, (void *)ARG0(regs));
	push_u32(a, (u32)ARG1(regs) & 7);
	ev_submit(a);
	return 0;
}

FILLER(f_capset_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_CAPSET_X, 4, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	const struct cred *cr = BPF_CORE_READ(cur(), cred);
	push_s64(a, ret);
	push_u64(a, cap_u64(__builtin_preserve_access_index(&cr->cap_inheritable)));
	push_u64(a, cap_u64(__builtin_preserve_access_index(&cr->cap_permitted)));
	push_u64(a, cap_u64(__builtin_preserve_access_index(&cr->cap_effective)));
	ev_submit(a);
	return 0;
}

FILLER(f_prctl_x)
{
	struct aux_buf *a = ev_begin(PPME_SYSCALL_PRCTL_X, 4, DROP_OTHER_INTEREST_EXIT);
	if (!a)
		return 0;
	u32 opt = (u32)ARG0(regs);
	u64 arg2 = ARG1(regs);
	push_s64(a, ret);
	push_u32(a, opt);
	if (opt == 15 || opt == 16) { /* PR_SET_NAME / PR_GET_NAME */
		push_user_str(a, (void *)arg2);
		push_s64(a, 0);
	} else {
		push_empty(a);
		push_s64(a, (s64)arg2);
	}
	ev_submit(a);
	return 0;
}
