/* spawn.c: run one command and report its wall time and peak RSS.
 *
 * bench/bench.py times every command through this: fork from this small
 * process, exec, wait4.  The wall time is taken around fork..wait4 with
 * CLOCK_MONOTONIC (no shell, no interpreter in the measured window), and
 * the peak RSS is the child's ru_maxrss from wait4 -- what GNU time's %M
 * prints, and for the same reason measured from a small parent: Linux
 * counts the pre-exec image of a forked child in its maxrss, so a command
 * spawned straight from a big Python process would report the parent's
 * size.
 *
 * usage: spawn STDOUT STDERR COMMAND [ARG...]
 * prints "WALL_NS MAXRSS_KIB EXIT_STATUS CPU_NS" on its own stdout's last line
 * (CPU = the child's user + system time). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* wait4 is BSD/GNU, not POSIX: declare it rather than widen the feature set */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: spawn STDOUT STDERR COMMAND [ARG...]\n", stderr);
        return 2;
    }
    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) { perror("spawn: open"); return 2; }
    fflush(stdout);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("spawn: fork"); return 2; }
    if (pid == 0) {
        dup2(out, 1);
        dup2(err, 2);
        close(out);
        close(err);
        execvp(argv[3], argv + 3);
        perror("spawn: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) { perror("spawn: wait4"); return 2; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    long long cpu = ((long long)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
                    ((long long)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
    printf("%lld %ld %d %lld\n", ns, ru.ru_maxrss, rc, cpu);
    return 0;
}
