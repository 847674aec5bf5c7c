/* Copies a program into a memfd and runs it from there (fileless execution). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	int src = open(argv[1], O_RDONLY);
	int mem = memfd_create("payload", MFD_CLOEXEC);
	if (src < 0 || mem < 0) {
		perror("open");
		return 1;
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(src, buf, sizeof(buf))) > 0)
		if (write(mem, buf, n) != n)
			return 1;
	close(src);
	char *args[] = { argv[1], NULL };
	extern char **environ;
	syscall(SYS_execveat, mem, "", args, environ, AT_EMPTY_PATH);
	perror("execveat");
	return 1;
}
