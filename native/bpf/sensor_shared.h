/* Definitions shared by the BPF program and the addon that loads it (plain C, no kernel headers). */
#ifndef KESTREL_SENSOR_SHARED_H
#define KESTREL_SENSOR_SHARED_H

/* Slots of the selection map: x86_64 syscall numbers, plus one slot for the procexit event. */
#define SENSOR_SYSCALL_SLOTS 512
#define SENSOR_SLOT_PROCEXIT 511

/* Largest event the program builds (header + lengths + params). */
#define SENSOR_MAX_EVENT 16384

/* Drop categories, like Falco's n_drops_buffer_* counters. */
enum sensor_drop_category {
	DROP_CLONE_FORK_EXIT = 0,
	DROP_EXECVE_EXIT,
	DROP_CONNECT_EXIT,
	DROP_OPEN_EXIT,
	DROP_DIR_FILE_EXIT,
	DROP_CLOSE_EXIT,
	DROP_PROC_EXIT,
	DROP_OTHER_INTEREST_EXIT,
	DROP_CATEGORY_COUNT,
};

/* Per-CPU counters (one entry of a per-CPU array). */
struct sensor_counters {
	unsigned long long events;      /* events handed to the ring buffer */
	unsigned long long seen;        /* selected syscall exits seen */
	unsigned long long drops_buffer;/* ring buffer full, all categories */
	unsigned long long drops_by_category[DROP_CATEGORY_COUNT];
	unsigned long long drops_no_ringbuf; /* no ring buffer for this CPU */
	unsigned long long drops_too_large;  /* event over SENSOR_MAX_EVENT */
	unsigned long long ia32_unmapped;    /* 32-bit syscalls without an x86_64 equivalent (ignored) */
	unsigned long long socketcall_unconverted; /* i386 socketcalls of unknown call or unreadable args (ignored) */
};

/* Settings userspace writes once before attaching. */
struct sensor_settings {
	unsigned long long boot_time_ns; /* epoch ns at boot: ts = boot_time_ns + ktime_get_boot_ns() */
	unsigned int ignore_tgid;        /* a process whose events are dropped (0: none) */
	unsigned int pad;
};

#endif
