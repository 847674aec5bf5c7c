/*
 * N-API addon for Kestrel's kernel sensor: loads native/build/sensor.bpf.o with libbpf, fills the
 * selection and filler maps, attaches, and drains the per-CPU ring buffers on its own thread.
 * Events are copied once, from the ring buffer into a batch buffer, which JavaScript receives as
 * an external Buffer (no further copies) plus a Uint32Array of [offset, cpu] pairs.
 * One sensor per process: open() / setSyscalls() / stats() / close().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <node_api.h>

#include "../bpf/sensor_shared.h"
#include "fillers.h"

#define LOG_TAIL 4096
#define DEFAULT_BATCH_BYTES (8u << 20)

struct batch {
	uint8_t *bytes;
	uint32_t used;
	uint32_t cap;
	uint32_t *index; /* [offset, cpu] pairs */
	uint32_t count;
	uint32_t max_events;
};

struct cpu_ctx {
	struct sensor *s;
	uint32_t cpu;
};

struct sensor {
	struct bpf_object *obj;
	struct bpf_link *links[3];
	struct ring_buffer *rb;
	int *rb_fds;
	struct cpu_ctx *ctxs;
	int ncpu;
	int selected_fd, fillers_fd, counters_fd, settings_fd;
	napi_threadsafe_function tsfn;
	pthread_t thread;
	volatile int stop;
	int thread_started;
	struct batch cur;
	uint32_t batch_max_events;
	uint32_t batch_max_delay_ms;
	uint64_t batches;
	uint64_t delivered;
	int proc_exit;
};

static struct sensor *g_sensor;
static char g_log[LOG_TAIL];
static size_t g_log_len;

/* Keeps the last LOG_TAIL bytes of libbpf's messages (the verifier log ends up here). */
static int log_sink(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n <= 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (g_log_len + n > LOG_TAIL) {
		size_t drop = g_log_len + n - LOG_TAIL;
		if (drop > g_log_len)
			drop = g_log_len;
		memmove(g_log, g_log + drop, g_log_len - drop);
		g_log_len -= drop;
	}
	memcpy(g_log + g_log_len, line, n);
	g_log_len += n;
	(void)level;
	return 0;
}

static const char *log_tail(void)
{
	static char out[LOG_TAIL + 1];
	memcpy(out, g_log, g_log_len);
	out[g_log_len] = 0;
	return out;
}

static napi_value throw_fmt(napi_env env, const char *fmt, ...)
{
	char msg[LOG_TAIL + 512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	napi_throw_error(env, "ESENSOR", msg);
	return NULL;
}

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* ------------------------------------------------------------ batches */

static int batch_alloc(struct batch *b, uint32_t max_events)
{
	b->cap = DEFAULT_BATCH_BYTES;
	b->bytes = malloc(b->cap);
	b->index = malloc(sizeof(uint32_t) * 2 * max_events);
	b->used = 0;
	b->count = 0;
	b->max_events = max_events;
	return b->bytes && b->index ? 0 : -1;
}

static void free_batch_bytes(napi_env env, void *data, void *hint)
{
	(void)env;
	(void)hint;
	free(data);
}

/* Runs on the JS thread: wraps the batch without copying and calls the JS callback. */
static void deliver(napi_env env, napi_value cb, void *context, void *data)
{
	struct batch *b = data;
	(void)context;
	if (env == NULL) {
		free(b->bytes);
		free(b->index);
		free(b);
		return;
	}
	napi_value buf, ab, idx, undef;
	if (napi_create_external_buffer(env, b->used, b->bytes, free_batch_bytes, NULL, &buf) != napi_ok) {
		free(b->bytes);
		free(b->index);
		free(b);
		return;
	}
	if (napi_create_external_arraybuffer(env, b->index, sizeof(uint32_t) * 2 * b->count, free_batch_bytes, NULL,
					     &ab) != napi_ok) {
		free(b->index);
		free(b);
		return;
	}
	napi_create_typedarray(env, napi_uint32_array, 2 * b->count, ab, 0, &idx);
	napi_get_undefined(env, &undef);
	napi_value argv[2] = {buf, idx};
	free(b);
	napi_call_function(env, undef, cb, 2, argv, NULL);
}

static void flush(struct sensor *s)
{
	if (s->cur.count == 0)
		return;
	struct batch *out = malloc(sizeof(*out));
	if (!out)
		return;
	*out = s->cur;
	if (batch_alloc(&s->cur, s->batch_max_events) != 0) {
		/* out of memory: keep the old buffers and drop this batch */
		s->cur = *out;
		s->cur.used = 0;
		s->cur.count = 0;
		free(out);
		return;
	}
	s->batches++;
	s->delivered += out->count;
	/* blocking: a slow consumer back-pressures into the ring buffers, where drops are counted */
	if (napi_call_threadsafe_function(s->tsfn, out, napi_tsfn_blocking) != napi_ok) {
		free(out->bytes);
		free(out->index);
		free(out);
	}
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct cpu_ctx *c = ctx;
	struct sensor *s = c->s;
	struct batch *b = &s->cur;
	if (b->used + size > b->cap || b->count >= b->max_events)
		flush(s);
	if (b->used + size > b->cap)
		return 0;
	memcpy(b->bytes + b->used, data, size);
	b->index[2 * b->count] = b->used;
	b->index[2 * b->count + 1] = c->cpu;
	b->count++;
	b->used += size;
	return 0;
}

/* A batch waits at most this long once the rings have nothing more to give. */
#define IDLE_FLUSH_NS 2000000ull

static void *poll_thread(void *arg)
{
	struct sensor *s = arg;
	uint64_t first = 0;
	while (!s->stop) {
		int n = ring_buffer__consume(s->rb);
		uint64_t t = now_ns(CLOCK_MONOTONIC);
		if (s->cur.count > 0 && first == 0)
			first = t;
		/* full, old enough, or the rings ran dry for a moment: a busy host gets big batches, a
		 * quiet one gets its alerts within a few milliseconds */
		if (s->cur.count > 0 && (s->cur.count >= s->batch_max_events ||
					 t - first >= (uint64_t)s->batch_max_delay_ms * 1000000ull ||
					 (n <= 0 && t - first >= IDLE_FLUSH_NS))) {
			flush(s);
			first = 0;
		}
		if (n <= 0) {
			/* events are submitted without wakeups: poll periodically */
			struct timespec ts = {0, 1000000};
			nanosleep(&ts, NULL);
		}
	}
	ring_buffer__consume(s->rb);
	flush(s);
	return NULL;
}

/* ------------------------------------------------------------ teardown */

static void sensor_free(struct sensor *s)
{
	if (!s)
		return;
	s->stop = 1;
	/* abort first: a poll thread blocked on a full queue then returns instead of deadlocking the join */
	if (s->tsfn)
		napi_release_threadsafe_function(s->tsfn, napi_tsfn_abort); /* later calls return napi_closing */
	if (s->thread_started)
		pthread_join(s->thread, NULL);
	for (int i = 0; i < 3; i++)
		if (s->links[i])
			bpf_link__destroy(s->links[i]);
	if (s->rb)
		ring_buffer__free(s->rb);
	if (s->rb_fds) {
		for (int i = 0; i < s->ncpu; i++)
			if (s->rb_fds[i] > 0)
				close(s->rb_fds[i]);
		free(s->rb_fds);
	}
	free(s->ctxs);
	if (s->obj)
		bpf_object__close(s->obj);
	free(s->cur.bytes);
	free(s->cur.index);
	free(s);
}

/* ------------------------------------------------------------ options */

static int get_u32(napi_env env, napi_value obj, const char *key, uint32_t def, uint32_t *out)
{
	bool has = false;
	napi_has_named_property(env, obj, key, &has);
	*out = def;
	if (!has)
		return 0;
	napi_value v;
	napi_valuetype t;
	napi_get_named_property(env, obj, key, &v);
	napi_typeof(env, v, &t);
	if (t == napi_undefined)
		return 0;
	if (t != napi_number)
		return -1;
	napi_get_value_uint32(env, v, out);
	return 0;
}

static int apply_syscalls(napi_env env, struct sensor *s, napi_value list, char *err, size_t errlen)
{
	bool is_array = false;
	napi_is_array(env, list, &is_array);
	if (!is_array) {
		snprintf(err, errlen, "syscalls must be an array of x86_64 syscall numbers");
		return -1;
	}
	uint8_t want[SENSOR_SYSCALL_SLOTS] = {0};
	uint32_t n = 0;
	napi_get_array_length(env, list, &n);
	for (uint32_t i = 0; i < n; i++) {
		napi_value v;
		int32_t nr = -1;
		napi_get_element(env, list, i, &v);
		if (napi_get_value_int32(env, v, &nr) != napi_ok || nr < 0 || nr >= SENSOR_SLOT_PROCEXIT) {
			snprintf(err, errlen, "syscalls[%u] is not a syscall number in [0, %d)", i, SENSOR_SLOT_PROCEXIT);
			return -1;
		}
		want[nr] = 1;
	}
	for (size_t i = 0; i < FILLER_COUNT; i++) {
		uint32_t key = FILLERS[i].nr;
		uint8_t on = want[key];
		bpf_map_update_elem(s->selected_fd, &key, &on, BPF_ANY);
	}
	uint32_t key = SENSOR_SLOT_PROCEXIT;
	uint8_t on = s->proc_exit ? 1 : 0;
	bpf_map_update_elem(s->selected_fd, &key, &on, BPF_ANY);
	return 0;
}

static int kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;
	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return 1;
	return ma > major || (ma == major && mi >= minor);
}

/* ------------------------------------------------------------ JS API */

/* open(objectPath, options, onBatch) */
static napi_value js_open(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3];
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (g_sensor)
		return throw_fmt(env, "sensor already open (one per process)");
	if (argc < 3)
		return throw_fmt(env, "open(objectPath, options, onBatch): 3 arguments expected");
	char path[4096];
	size_t plen;
	if (napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &plen) != napi_ok)
		return throw_fmt(env, "objectPath must be a string");
	if (geteuid() != 0)
		return throw_fmt(env, "the sensor needs root (CAP_BPF and CAP_PERFMON or CAP_SYS_ADMIN); euid is %d",
				 (int)geteuid());
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0)
		return throw_fmt(env, "no kernel BTF at /sys/kernel/btf/vmlinux (CONFIG_DEBUG_INFO_BTF is needed)");
	if (!kernel_at_least(5, 17))
		return throw_fmt(env, "kernel too old: the sensor needs Linux 5.17+ (tp_btf, ring buffers, bpf_loop)");
	if (access(path, R_OK) != 0)
		return throw_fmt(env, "BPF object %s is missing: %s", path, strerror(errno));

	uint32_t rb_bytes, max_events, max_delay;
	if (get_u32(env, argv[1], "bufferBytesPerCpu", 8u << 20, &rb_bytes) ||
	    get_u32(env, argv[1], "batchMaxEvents", 4096, &max_events) ||
	    get_u32(env, argv[1], "batchMaxDelayMs", 20, &max_delay))
		return throw_fmt(env, "bufferBytesPerCpu, batchMaxEvents and batchMaxDelayMs must be numbers");
	if (rb_bytes < 4096 || (rb_bytes & (rb_bytes - 1)) != 0)
		return throw_fmt(env, "bufferBytesPerCpu must be a power of two and at least 4096, got %u", rb_bytes);
	if (max_events == 0)
		max_events = 1;
	uint32_t proc_exit = 1;
	get_u32(env, argv[1], "procExit", 1, &proc_exit);
	bool has_pe = false;
	napi_has_named_property(env, argv[1], "procExit", &has_pe);
	if (has_pe) {
		napi_value v;
		bool b = true;
		napi_get_named_property(env, argv[1], "procExit", &v);
		if (napi_get_value_bool(env, v, &b) == napi_ok)
			proc_exit = b;
	}
	uint32_t ignore_tgid = 0;
	get_u32(env, argv[1], "ignorePid", 0, &ignore_tgid);

	struct sensor *s = calloc(1, sizeof(*s));
	if (!s)
		return throw_fmt(env, "out of memory");
	s->batch_max_events = max_events;
	s->batch_max_delay_ms = max_delay;
	s->proc_exit = proc_exit;
	s->ncpu = libbpf_num_possible_cpus();
	if (s->ncpu <= 0 || batch_alloc(&s->cur, max_events) != 0) {
		sensor_free(s);
		return throw_fmt(env, "cannot size per-CPU buffers");
	}

	g_log_len = 0;
	libbpf_set_print(log_sink);
	s->obj = bpf_object__open_file(path, NULL);
	if (!s->obj) {
		int e = errno;
		s->obj = NULL;
		sensor_free(s);
		return throw_fmt(env, "cannot open BPF object %s: %s\n%s", path, strerror(e), log_tail());
	}
	struct bpf_map *aux = bpf_object__find_map_by_name(s->obj, "aux_bufs");
	struct bpf_map *scr = bpf_object__find_map_by_name(s->obj, "scratch_bufs");
	struct bpf_map *rbs = bpf_object__find_map_by_name(s->obj, "ringbufs");
	if (!aux || !scr || !rbs) {
		sensor_free(s);
		return throw_fmt(env, "BPF object %s lacks the sensor's maps (stale build?)", path);
	}
	bpf_map__set_max_entries(aux, s->ncpu);
	bpf_map__set_max_entries(scr, s->ncpu);
	bpf_map__set_max_entries(rbs, s->ncpu);
	/* the inner-map template: a ring buffer of the requested size */
	int tmpl = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "kestrel_rb_tmpl", 0, 0, rb_bytes, NULL);
	if (tmpl < 0 || bpf_map__set_inner_map_fd(rbs, tmpl) != 0) {
		int e = errno;
		if (tmpl >= 0)
			close(tmpl);
		sensor_free(s);
		if (e == EPERM)
			return throw_fmt(env, "creating a BPF ring buffer was refused (EPERM): missing CAP_BPF/CAP_SYS_ADMIN");
		return throw_fmt(env, "cannot create a %u-byte BPF ring buffer: %s", rb_bytes, strerror(e));
	}
	/* fillers are tail-called, never attached */
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, s->obj) bpf_program__set_autoattach(prog, false);

	int loaded = bpf_object__load(s->obj);
	close(tmpl);
	if (loaded != 0) {
		int e = errno;
		sensor_free(s);
		if (e == EPERM || e == EACCES)
			return throw_fmt(env, "loading the BPF program was refused (%s): missing CAP_BPF/CAP_SYS_ADMIN, or "
					      "lockdown\n%s", strerror(e), log_tail());
		return throw_fmt(env, "the kernel rejected the BPF program (%s); libbpf log tail:\n%s", strerror(e),
				 log_tail());
	}
	s->selected_fd = bpf_object__find_map_fd_by_name(s->obj, "selected");
	s->fillers_fd = bpf_object__find_map_fd_by_name(s->obj, "exit_fillers");
	s->counters_fd = bpf_object__find_map_fd_by_name(s->obj, "counters");
	s->settings_fd = bpf_object__find_map_fd_by_name(s->obj, "settings");

	struct sensor_settings st = {0};
	st.boot_time_ns = now_ns(CLOCK_REALTIME) - now_ns(CLOCK_BOOTTIME);
	st.ignore_tgid = ignore_tgid;
	uint32_t zero = 0;
	bpf_map_update_elem(s->settings_fd, &zero, &st, BPF_ANY);

	for (size_t i = 0; i < FILLER_COUNT; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(s->obj, FILLERS[i].prog);
		int fd = p ? bpf_program__fd(p) : -1;
		uint32_t key = FILLERS[i].nr;
		if (fd < 0 || bpf_map_update_elem(s->fillers_fd, &key, &fd, BPF_ANY) != 0) {
			int e = errno;
			sensor_free(s);
			return throw_fmt(env, "cannot install filler %s for syscall %d: %s", FILLERS[i].prog, (int)key,
					 strerror(e));
		}
	}

	s->rb_fds = calloc(s->ncpu, sizeof(int));
	s->ctxs = calloc(s->ncpu, sizeof(struct cpu_ctx));
	int outer = bpf_map__fd(rbs);
	for (int i = 0; i < s->ncpu; i++) {
		s->rb_fds[i] = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "kestrel_rb", 0, 0, rb_bytes, NULL);
		if (s->rb_fds[i] < 0) {
			int e = errno;
			sensor_free(s);
			return throw_fmt(env, "cannot create a %u-byte ring buffer for CPU %d: %s", rb_bytes, i, strerror(e));
		}
		uint32_t key = i;
		if (bpf_map_update_elem(outer, &key, &s->rb_fds[i], BPF_ANY) != 0) {
			int e = errno;
			sensor_free(s);
			return throw_fmt(env, "cannot register the ring buffer of CPU %d: %s", i, strerror(e));
		}
		s->ctxs[i].s = s;
		s->ctxs[i].cpu = i;
		if (i == 0)
			s->rb = ring_buffer__new(s->rb_fds[0], on_event, &s->ctxs[0], NULL);
		else if (s->rb && ring_buffer__add(s->rb, s->rb_fds[i], on_event, &s->ctxs[i]) != 0) {
			sensor_free(s);
			return throw_fmt(env, "cannot poll the ring buffer of CPU %d", i);
		}
		if (!s->rb) {
			sensor_free(s);
			return throw_fmt(env, "cannot set up ring buffer polling: %s", strerror(errno));
		}
	}

	char err[256];
	napi_value list = NULL;
	napi_get_named_property(env, argv[1], "syscalls", &list);
	if (apply_syscalls(env, s, list, err, sizeof(err)) != 0) {
		sensor_free(s);
		return throw_fmt(env, "%s", err);
	}

	napi_value name;
	napi_create_string_utf8(env, "kestrel-sensor", NAPI_AUTO_LENGTH, &name);
	if (napi_create_threadsafe_function(env, argv[2], NULL, name, 16, 1, NULL, NULL, NULL, deliver, &s->tsfn) !=
	    napi_ok) {
		sensor_free(s);
		return throw_fmt(env, "onBatch must be a function");
	}

	const char *attach[3] = {"sys_exit_dispatch", "sched_exec", "sched_exit"};
	for (int i = 0; i < 3; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(s->obj, attach[i]);
		s->links[i] = p ? bpf_program__attach(p) : NULL;
		if (!s->links[i]) {
			int e = errno;
			sensor_free(s);
			return throw_fmt(env, "cannot attach %s: %s\n%s", attach[i], strerror(e), log_tail());
		}
	}
	if (pthread_create(&s->thread, NULL, poll_thread, s) != 0) {
		sensor_free(s);
		return throw_fmt(env, "cannot start the polling thread");
	}
	s->thread_started = 1;
	g_sensor = s;
	napi_value undef;
	napi_get_undefined(env, &undef);
	return undef;
}

static napi_value js_set_syscalls(napi_env env, napi_callback_info info)
{
	size_t argc = 1;
	napi_value argv[1];
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (!g_sensor)
		return throw_fmt(env, "sensor is not open");
	char err[256];
	if (argc < 1 || apply_syscalls(env, g_sensor, argv[0], err, sizeof(err)) != 0)
		return throw_fmt(env, "%s", argc < 1 ? "setSyscalls(list): a list is expected" : err);
	napi_value undef;
	napi_get_undefined(env, &undef);
	return undef;
}

static napi_value num(napi_env env, double v)
{
	napi_value r;
	napi_create_double(env, v, &r);
	return r;
}

static napi_value js_stats(napi_env env, napi_callback_info info)
{
	(void)info;
	if (!g_sensor)
		return throw_fmt(env, "sensor is not open");
	struct sensor *s = g_sensor;
	size_t stride = (sizeof(struct sensor_counters) + 7) & ~7ul;
	uint8_t *vals = calloc(s->ncpu, stride);
	uint32_t zero = 0;
	if (!vals || bpf_map_lookup_elem(s->counters_fd, &zero, vals) != 0) {
		free(vals);
		return throw_fmt(env, "cannot read the sensor's counters: %s", strerror(errno));
	}
	static const char *cats[DROP_CATEGORY_COUNT] = {"cloneForkExit", "execveExit", "connectExit", "openExit",
							 "dirFileExit",   "closeExit",  "procExit",    "otherInterestExit"};
	double tot_ev = 0, tot_seen = 0, tot_drop = 0, tot_norb = 0, tot_big = 0, tot_ia32 = 0, tot_sc = 0, bycat[DROP_CATEGORY_COUNT] = {0};
	napi_value drops_cpu, events_cpu, out, cat;
	napi_create_array_with_length(env, s->ncpu, &drops_cpu);
	napi_create_array_with_length(env, s->ncpu, &events_cpu);
	for (int i = 0; i < s->ncpu; i++) {
		struct sensor_counters *c = (struct sensor_counters *)(vals + i * stride);
		tot_ev += c->events;
		tot_seen += c->seen;
		tot_drop += c->drops_buffer;
		tot_norb += c->drops_no_ringbuf;
		tot_big += c->drops_too_large;
		tot_ia32 += c->ia32_unmapped;
		tot_sc += c->socketcall_unconverted;
		for (int k = 0; k < DROP_CATEGORY_COUNT; k++)
			bycat[k] += c->drops_by_category[k];
		napi_set_element(env, drops_cpu, i, num(env, (double)c->drops_buffer));
		napi_set_element(env, events_cpu, i, num(env, (double)c->events));
	}
	free(vals);
	napi_create_object(env, &out);
	napi_create_object(env, &cat);
	for (int k = 0; k < DROP_CATEGORY_COUNT; k++)
		napi_set_named_property(env, cat, cats[k], num(env, bycat[k]));
	napi_set_named_property(env, out, "events", num(env, tot_ev));
	napi_set_named_property(env, out, "seen", num(env, tot_seen));
	napi_set_named_property(env, out, "drops", num(env, tot_drop));
	napi_set_named_property(env, out, "dropsPerCpu", drops_cpu);
	napi_set_named_property(env, out, "eventsPerCpu", events_cpu);
	napi_set_named_property(env, out, "dropsByCategory", cat);
	napi_set_named_property(env, out, "dropsNoRingbuf", num(env, tot_norb));
	napi_set_named_property(env, out, "dropsTooLarge", num(env, tot_big));
	napi_set_named_property(env, out, "ia32Unmapped", num(env, tot_ia32));
	napi_set_named_property(env, out, "socketcallUnconverted", num(env, tot_sc));
	napi_set_named_property(env, out, "batches", num(env, (double)s->batches));
	napi_set_named_property(env, out, "delivered", num(env, (double)s->delivered));
	napi_set_named_property(env, out, "cpus", num(env, s->ncpu));
	return out;
}

static napi_value js_close(napi_env env, napi_callback_info info)
{
	(void)info;
	struct sensor *s = g_sensor;
	g_sensor = NULL;
	sensor_free(s);
	napi_value undef;
	napi_get_undefined(env, &undef);
	return undef;
}

static napi_value js_supported(napi_env env, napi_callback_info info)
{
	(void)info;
	napi_value arr;
	napi_create_array_with_length(env, FILLER_COUNT, &arr);
	for (size_t i = 0; i < FILLER_COUNT; i++)
		napi_set_element(env, arr, i, num(env, FILLERS[i].nr));
	return arr;
}

static napi_value init(napi_env env, napi_value exports)
{
	napi_property_descriptor props[] = {
		{"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
		{"setSyscalls", NULL, js_set_syscalls, NULL, NULL, NULL, napi_default, NULL},
		{"stats", NULL, js_stats, NULL, NULL, NULL, napi_default, NULL},
		{"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
		{"supportedSyscalls", NULL, js_supported, NULL, NULL, NULL, napi_default, NULL},
	};
	napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
	return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
