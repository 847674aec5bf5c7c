/*
 * Makes i386 syscalls with `int $0x80` from a 64-bit process (IA32 emulation), or with `--64` the
 * same acts as x86_64 syscalls, so the sensor's reports of both can be compared. Built static and
 * non-PIE: every pointer handed to an i386 syscall is a static buffer, below 4 GiB.
 *   int80 [--64] open PATH | openat PATH | connect IPV4 PORT | setreuid16 R E | execve PATH [ARG...]
 *   int80 oldolduname    (i386 59, which is execve's number on x86_64, with a NULL buffer)
 * The socketcall modes make their socket calls through i386 socketcall (102), whose first argument
 * names the call (linux/net.h SYS_*) and second points to its u32 arguments:
 *   int80 [--64] sc-connect IPV4 PORT   socket + connect
 *   int80 [--64] sc-accept4 IPV4        socket + bind (port 0) + listen, a connect to it, accept4
 *   int80 [--64] sc-dup2 IPV4 PORT      socket + connect, then (i386 or x86_64) dup2 onto stdout
 *   int80 sc-raw CALL [bad]             socketcall(CALL, zeroed words), or with a pointer to page 0
 * Prints "res N" (and "fd N" for the socket a mode made, "port N" for sc-accept4's listener) before
 * exiting; sc-dup2 prints "res N" on stderr, its stdout being the socket.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/net.h>
#include <sys/socket.h>

#define MAXARGS 16

static int use64;
static char strs[MAXARGS + 1][512];
static unsigned int argv32[MAXARGS + 2];
static unsigned int envp32[1];
static char *argv64[MAXARGS + 2];
static char *envp64[1];
static struct sockaddr_in sin;
static struct sockaddr_in peer;
static unsigned int peerlen;
static unsigned int scwords[6];

#define P(x) ((long)(unsigned long)(x))

static long sys32(long nr, long a, long b, long c, long d)
{
	long ret;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory", "r8", "r9", "r10", "r11");
	return (int)ret;
}

static long sys64(long nr, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10) : "memory", "rcx", "r11");
	return ret;
}

/* The syscall as i386 (nr32) or x86_64 (nr64). */
static long sc(long nr32, long nr64, long a, long b, long c, long d)
{
	return use64 ? sys64(nr64, a, b, c, d) : sys32(nr32, a, b, c, d);
}

/* A socket call: through i386 socketcall (call, pointer to its words), or the x86_64 syscall nr64. */
static long sock(int call, long nr64, long a, long b, long c, long d)
{
	if (use64)
		return sys64(nr64, a, b, c, d);
	scwords[0] = (unsigned int)a;
	scwords[1] = (unsigned int)b;
	scwords[2] = (unsigned int)c;
	scwords[3] = (unsigned int)d;
	return sys32(102, call, P(scwords), 0, 0);
}

/* socket + connect to IPV4:PORT through socket calls; prints the socket's fd. */
static long sock_connect(const char *ip, const char *port, long *fd)
{
	*fd = sock(SYS_SOCKET, 41, AF_INET, SOCK_STREAM, 0, 0);
	printf("fd %ld\n", *fd);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(port));
	inet_pton(AF_INET, ip, &sin.sin_addr);
	return sock(SYS_CONNECT, 42, *fd, P(&sin), sizeof(sin), 0);
}

static char *low(int i, const char *s)
{
	strncpy(strs[i], s, sizeof(strs[i]) - 1);
	return strs[i];
}

int main(int argc, char **argv)
{
	int i = 1;
	if (i < argc && strcmp(argv[i], "--64") == 0) {
		use64 = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: int80 [--64] open|openat|connect|setreuid16|execve|oldolduname|sc-* ...\n");
		return 2;
	}
	const char *cmd = argv[i++];
	long res;
	if (strcmp(cmd, "open") == 0 && i < argc) {
		res = sc(5, 2, P(low(0, argv[i])), O_RDONLY, 0, 0);
		if (res >= 0)
			sc(6, 3, res, 0, 0, 0);
	} else if (strcmp(cmd, "openat") == 0 && i < argc) {
		res = sc(295, 257, AT_FDCWD, P(low(0, argv[i])), O_RDONLY | O_CLOEXEC, 0);
		if (res >= 0)
			sc(6, 3, res, 0, 0, 0);
	} else if (strcmp(cmd, "connect") == 0 && i + 1 < argc) {
		long fd = sc(359, 41, AF_INET, SOCK_STREAM, 0, 0);
		printf("fd %ld\n", fd);
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)atoi(argv[i + 1]));
		inet_pton(AF_INET, argv[i], &sin.sin_addr);
		res = sc(362, 42, fd, P(&sin), sizeof(sin), 0);
		sc(6, 3, fd, 0, 0, 0);
	} else if (strcmp(cmd, "setreuid16") == 0 && i + 1 < argc) {
		/* i386 70 takes 16-bit ids; the x86_64 counterpart gets the widened ones */
		long r = atol(argv[i]), e = atol(argv[i + 1]);
		if (use64)
			res = sys64(113, r, e, 0, 0);
		else
			res = sys32(70, r & 0xffff, e & 0xffff, 0, 0);
	} else if (strcmp(cmd, "execve") == 0 && i < argc) {
		int n = 0;
		for (int k = i; k < argc && n < MAXARGS; k++, n++) {
			low(n, argv[k]);
			argv32[n] = (unsigned int)(unsigned long)strs[n];
			argv64[n] = strs[n];
		}
		fflush(stdout);
		res = use64 ? sys64(59, P(strs[0]), P(argv64), P(envp64), 0)
			    : sys32(11, P(strs[0]), P(argv32), P(envp32), 0);
	} else if (strcmp(cmd, "sc-connect") == 0 && i + 1 < argc) {
		long fd;
		res = sock_connect(argv[i], argv[i + 1], &fd);
		sc(6, 3, fd, 0, 0, 0);
	} else if (strcmp(cmd, "sc-accept4") == 0 && i < argc) {
		long lfd = sock(SYS_SOCKET, 41, AF_INET, SOCK_STREAM, 0, 0);
		printf("fd %ld\n", lfd);
		sin.sin_family = AF_INET;
		sin.sin_port = 0;
		inet_pton(AF_INET, argv[i], &sin.sin_addr);
		if (sock(SYS_BIND, 49, lfd, P(&sin), sizeof(sin), 0) != 0 || sock(SYS_LISTEN, 50, lfd, 5, 0, 0) != 0) {
			fprintf(stderr, "int80: bind/listen failed\n");
			return 1;
		}
		peerlen = sizeof(peer);
		sock(SYS_GETSOCKNAME, 51, lfd, P(&peer), P(&peerlen), 0);
		printf("port %d\n", ntohs(peer.sin_port));
		long cfd = sock(SYS_SOCKET, 41, AF_INET, SOCK_STREAM, 0, 0);
		if (sock(SYS_CONNECT, 42, cfd, P(&peer), sizeof(peer), 0) != 0) {
			fprintf(stderr, "int80: connect to the listener failed\n");
			return 1;
		}
		peerlen = sizeof(peer);
		res = sock(SYS_ACCEPT4, 288, lfd, P(&peer), P(&peerlen), SOCK_CLOEXEC);
	} else if (strcmp(cmd, "sc-dup2") == 0 && i + 1 < argc) {
		long fd;
		if (sock_connect(argv[i], argv[i + 1], &fd) != 0) {
			fprintf(stderr, "int80: connect failed\n");
			return 1;
		}
		fflush(stdout);
		res = sc(63, 33, fd, 1, 0, 0);
		fprintf(stderr, "res %ld\n", res);
		return 0;
	} else if (strcmp(cmd, "sc-raw") == 0 && i < argc && !use64) {
		/* page 0 is never mapped (vm.mmap_min_addr): the kernel's copy of the words fails */
		int bad = i + 1 < argc && strcmp(argv[i + 1], "bad") == 0;
		res = sys32(102, atol(argv[i]), bad ? 16 : P(scwords), 0, 0);
	} else if (strcmp(cmd, "oldolduname") == 0) {
		res = sys32(59, 0, 0, 0, 0);
	} else {
		fprintf(stderr, "int80: bad command %s\n", cmd);
		return 2;
	}
	printf("res %ld\n", res);
	return 0;
}
