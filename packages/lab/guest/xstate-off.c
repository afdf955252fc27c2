/*
 * Runs a command with ptrace's XSTATE register set refused (EIO).
 *
 * Debian's user-mode-linux 6.1 moves guest FPU state with
 * PTRACE_{GET,SET}REGSET(NT_X86_XSTATE) using a fixed-size buffer, and the
 * host kernel refuses a SETREGSET whose size differs from the host's full
 * XSAVE size (EFAULT): on CPUs with AMX every guest process then dies at its
 * first exec ("ptrace set fp regs failed, errno = 14") and the guest panics.
 * UML probes that register set once at boot; when the probe fails it falls
 * back to PTRACE_{GET,SET}FPREGS (the FXSAVE area: x87 and SSE), which works
 * on every x86-64 host. The filter touches nothing else.
 *
 * Usage: xstate-off COMMAND [ARG...]
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PTRACE_GETREGSET_ 0x4204
#define PTRACE_SETREGSET_ 0x4205
#define NT_X86_XSTATE_ 0x202

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + (n) * 8)

int main(int argc, char **argv) {
  struct sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ptrace, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NT_X86_XSTATE_, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_GETREGSET_, 2, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PTRACE_SETREGSET_, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EIO & SECCOMP_RET_DATA)),
  };
  struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };

  if (argc < 2) {
    fprintf(stderr, "usage: xstate-off COMMAND [ARG...]\n");
    return 64;
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
    perror("xstate-off: seccomp");
    return 71;
  }
  execvp(argv[1], argv + 1);
  perror("xstate-off: exec");
  return 127;
}
