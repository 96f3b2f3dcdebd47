/*
 * test_run_mps.c - `migctl run --share mps` on real GPUs, without one: the
 * control daemon's command and environment as run_mps_start hands them to
 * the spawn function (replaced here), its directories, when it is joined
 * instead of started, and the client's settings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "run.h"
#include "testutil.h"

#define UUID "MIG-86b9249a-f32a-5e52-9682-e1351411c9e8"

typedef struct spawned {
	int calls;
	int answer;
	char argv[4][256];
	char envp[8][PATH_MAX + 64];
	int nenv;
} spawned;

static int fake_spawn(void *ctx, char *const argv[], char *const envp[])
{
	spawned *s = ctx;
	int i;

	s->calls++;
	for (i = 0; argv[i] && i < 3; i++)
		snprintf(s->argv[i], sizeof(s->argv[i]), "%s", argv[i]);
	assert_null(argv[i]);
	for (i = 0; envp[i] && i < 7; i++)
		snprintf(s->envp[i], sizeof(s->envp[i]), "%s", envp[i]);
	assert_null(envp[i]);
	s->nenv = i;
	return s->answer;
}

static void test_start_command(void **state)
{
	char *dir = tu_mkdtemp(), root[PATH_MAX], want[PATH_MAX + 64], why[512];
	spawned s = {0};
	run_mps m;
	struct stat sb;

	(void)state;
	snprintf(root, sizeof(root), "%s/mps", dir);
	assert_int_equal(run_mps_dirs(&m, root, UUID), 0);
	snprintf(want, sizeof(want), "%s/" UUID "/pipe", root);
	assert_string_equal(m.pipe_dir, want);
	snprintf(want, sizeof(want), "%s/" UUID "/log", root);
	assert_string_equal(m.log_dir, want);
	assert_int_equal(stat(m.pipe_dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, geteuid() == 0 ? 0755 : 0700);
	assert_int_equal(run_mps_start(&m, UUID, "/usr/bin/nvidia-cuda-mps-control", fake_spawn,
				       &s, why, sizeof(why)),
			 0);
	/* exactly: the control program by absolute path, -d, three variables */
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.argv[0], "/usr/bin/nvidia-cuda-mps-control");
	assert_string_equal(s.argv[1], "-d");
	assert_int_equal(s.nenv, 3);
	assert_string_equal(s.envp[0], "CUDA_VISIBLE_DEVICES=" UUID);
	snprintf(want, sizeof(want), "CUDA_MPS_PIPE_DIRECTORY=%s", m.pipe_dir);
	assert_string_equal(s.envp[1], want);
	snprintf(want, sizeof(want), "CUDA_MPS_LOG_DIRECTORY=%s", m.log_dir);
	assert_string_equal(s.envp[2], want);
	/* the daemon fails: its status and log in the message */
	s.answer = 3;
	assert_int_equal(run_mps_start(&m, UUID, "/x/mps-control", fake_spawn, &s, why,
				       sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "/x/mps-control -d for " UUID " exited with status 3"));
	assert_non_null(strstr(why, "control.log"));
	s.answer = 127;
	run_mps_start(&m, UUID, "/x/mps-control", fake_spawn, &s, why, sizeof(why));
	assert_non_null(strstr(why, "not found or not runnable"));
	tu_rmtree(dir);
	free(dir);
}

/* A daemon that runs has its control socket in the pipe directory: joined, not started. */
static void test_join_running_daemon(void **state)
{
	char *dir = tu_mkdtemp(), root[PATH_MAX], why[512];
	spawned s = {0};
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	run_mps m;
	int fd;

	(void)state;
	snprintf(root, sizeof(root), "%s/mps", dir);
	assert_int_equal(run_mps_dirs(&m, root, UUID), 0);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	if (strlen(m.pipe_dir) + 9 >= sizeof(addr.sun_path)) {
		close(fd);
		tu_rmtree(dir);
		free(dir);
		skip(); /* $TMPDIR too deep for a socket path */
	}
	memcpy(addr.sun_path, m.pipe_dir, strlen(m.pipe_dir));
	memcpy(addr.sun_path + strlen(m.pipe_dir), "/control", 9);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_int_equal(run_mps_start(&m, UUID, "/usr/bin/nvidia-cuda-mps-control", fake_spawn,
				       &s, why, sizeof(why)),
			 0);
	assert_int_equal(s.calls, 0);
	close(fd);
	/* a plain file is no daemon */
	unlink(addr.sun_path);
	fd = creat(addr.sun_path, 0600);
	close(fd);
	assert_int_equal(run_mps_start(&m, UUID, "/usr/bin/nvidia-cuda-mps-control", fake_spawn,
				       &s, why, sizeof(why)),
			 0);
	assert_int_equal(s.calls, 1);
	tu_rmtree(dir);
	free(dir);
}

static void test_dirs_refused(void **state)
{
	char *dir = tu_mkdtemp(), root[PATH_MAX], other[PATH_MAX];
	run_mps m;

	(void)state;
	snprintf(root, sizeof(root), "%s/mps", dir);
	/* a UUID that would leave the root */
	assert_int_equal(run_mps_dirs(&m, root, "../x"), -1);
	assert_int_equal(run_mps_dirs(&m, root, "a/b"), -1);
	assert_int_equal(run_mps_dirs(&m, root, ""), -1);
	/* a link in place of the device's directory is not followed */
	snprintf(other, sizeof(other), "%s/elsewhere", dir);
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(mkdir(root, 0700), 0);
	snprintf(root, sizeof(root), "%s/mps/" UUID, dir);
	assert_int_equal(symlink(other, root), 0);
	snprintf(root, sizeof(root), "%s/mps", dir);
	assert_int_equal(run_mps_dirs(&m, root, UUID), -1);
	/* nor is a directory others may write */
	snprintf(root, sizeof(root), "%s/open", dir);
	assert_int_equal(mkdir(root, 0777), 0);
	assert_int_equal(chmod(root, 0777), 0);
	assert_int_equal(run_mps_dirs(&m, root, UUID), -1);
	tu_rmtree(dir);
	free(dir);
}

static void test_client_env(void **state)
{
	mig_share s = {MIG_SHARE_MPS, 30, 10240, 1000};
	run_mps m = {"/run/migctl-mps/" UUID "/pipe", "/run/migctl-mps/" UUID "/log"};
	char env[2048];

	(void)state;
	run_mps_client_env(env, sizeof(env), &s, &m);
	assert_string_equal(env, "CUDA_MPS_PIPE_DIRECTORY=/run/migctl-mps/" UUID "/pipe\n"
				 "CUDA_MPS_LOG_DIRECTORY=/run/migctl-mps/" UUID "/log\n"
				 "CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=30\n"
				 "CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=10240M");
	run_mps_client_env(env, sizeof(env), &s, NULL);
	assert_string_equal(env, "CUDA_MPS_ACTIVE_THREAD_PERCENTAGE=30\n"
				 "CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=10240M");
	s.threads = 0;
	s.mem_mib = 0;
	run_mps_client_env(env, sizeof(env), &s, NULL);
	assert_string_equal(env, "");
}

static void test_control_path(void **state)
{
	(void)state;
	unsetenv("MIGCTL_MPS_CONTROL");
	assert_string_equal(run_mps_control_path(), "/usr/bin/nvidia-cuda-mps-control");
	setenv("MIGCTL_MPS_CONTROL", "/opt/cuda/bin/nvidia-cuda-mps-control", 1);
	assert_string_equal(run_mps_control_path(), "/opt/cuda/bin/nvidia-cuda-mps-control");
	setenv("MIGCTL_MPS_CONTROL", "nvidia-cuda-mps-control", 1);
	assert_null(run_mps_control_path());
	setenv("MIGCTL_MPS_CONTROL", "/opt/../tmp/x", 1);
	assert_null(run_mps_control_path());
	setenv("MIGCTL_MPS_CONTROL", "/opt/..", 1);
	assert_null(run_mps_control_path());
	setenv("MIGCTL_MPS_CONTROL", "/", 1);
	assert_string_equal(run_mps_control_path(), "/");
	unsetenv("MIGCTL_MPS_CONTROL");
}

/* The real spawn: no shell, no PATH search, the status as a shell gives it. */
static void test_spawn_wait(void **state)
{
	char *t[] = {"/bin/true", NULL}, *f[] = {"/bin/sh", "-c", "exit 7", NULL};
	char *rel[] = {"true", NULL}, *env[] = {NULL};

	(void)state;
	assert_int_equal(run_spawn_wait(NULL, t, env), 0);
	assert_int_equal(run_spawn_wait(NULL, f, env), 7);
	assert_int_equal(run_spawn_wait(NULL, rel, env), 127);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_command), cmocka_unit_test(test_join_running_daemon),
		cmocka_unit_test(test_dirs_refused),  cmocka_unit_test(test_client_env),
		cmocka_unit_test(test_control_path),  cmocka_unit_test(test_spawn_wait),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
