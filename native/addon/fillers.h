/* x86_64 syscall number -> filler program of native/bpf/sensor.bpf.c that writes its exit event. */
#ifndef KESTREL_FILLERS_H
#define KESTREL_FILLERS_H

struct filler_entry {
	int nr;
	const char *prog;
};

static const struct filler_entry FILLERS[] = {
	{2, "f_open_x"},        {3, "f_close_x"},        {32, "f_dup_x"},          {33, "f_dup2_x"},
	{41, "f_socket_x"},     {42, "f_connect_x"},     {43, "f_accept_x"},       {49, "f_bind_x"},
	{50, "f_listen_x"},     {56, "f_clone_x"},       {57, "f_fork_x"},         {58, "f_vfork_x"},
	{59, "f_execve_x"},     {80, "f_chdir_x"},       {81, "f_fchdir_x"},       {82, "f_rename_x"},
	{83, "f_mkdir_x"},      {85, "f_creat_x"},       {87, "f_unlink_x"},       {90, "f_chmod_x"},
	{91, "f_fchmod_x"},     {101, "f_ptrace_x"},     {105, "f_setuid_x"},      {106, "f_setgid_x"},
	{113, "f_setreuid_x"},  {114, "f_setregid_x"},
	{117, "f_setresuid_x"}, {119, "f_setresgid_x"},  {126, "f_capset_x"},      {157, "f_prctl_x"},
	{161, "f_chroot_x"},    {175, "f_init_module_x"}, {257, "f_openat_x"},     {258, "f_mkdirat_x"},
	{263, "f_unlinkat_x"},  {264, "f_renameat_x"},   {265, "f_linkat_x"},      {266, "f_symlinkat_x"},
	{268, "f_fchmodat_x"},  {272, "f_unshare_x"},    {288, "f_accept4_x"},     {292, "f_dup3_x"},
	{308, "f_setns_x"},     {313, "f_finit_module_x"}, {316, "f_renameat2_x"}, {319, "f_memfd_create_x"},
	{321, "f_bpf_x"},       {322, "f_execveat_x"},   {435, "f_clone3_x"},      {437, "f_openat2_x"},
};

#define FILLER_COUNT (sizeof(FILLERS) / sizeof(FILLERS[0]))

#endif
