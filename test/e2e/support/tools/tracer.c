/* Attaches to a child with PTRACE_ATTACH (what code injectors do), then lets it go. */
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t child = fork();
	if (child == 0) {
		for (int i = 0; i < 100; i++)
			usleep(100000);
		_exit(0);
	}
	usleep(50000);
	if (ptrace(PTRACE_ATTACH, child, 0, 0) != 0) {
		perror("ptrace");
		kill(child, SIGKILL);
		return 1;
	}
	waitpid(child, NULL, 0);
	ptrace(PTRACE_DETACH, child, 0, 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}
