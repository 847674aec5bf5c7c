/* setuid(0): from a setuid-root file run by a normal user, the classic planted escalation binary. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	if (setuid(0) != 0) {
		perror("setuid");
		return 1;
	}
	return 0;
}
