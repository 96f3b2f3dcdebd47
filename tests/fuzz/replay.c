/*
 * replay.c - run a fuzz target over every file of a corpus directory, so
 * CI exercises the corpora (under the sanitizers) without libFuzzer.
 *
 * A failing input aborts inside the target; the SIGABRT handler names the
 * file first, since that is all a CI log needs to reproduce it.
 *
 * Coverage: the code the target exercises is built with
 * -fsanitize-coverage=trace-pc (tests/CMakeLists.txt), which calls
 * __sanitizer_cov_trace_pc at every basic block; the distinct call sites
 * are counted here and printed, so a corpus that stops reaching the
 * parsers shows in CI's log.  (Under -DMIG_FUZZ=ON libFuzzer counts.)
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current;

#ifdef MIG_REPLAY_COVERAGE
/* Distinct basic blocks reached: an open-addressing set of return addresses. */
#define COV_SLOTS (1u << 20)
static uintptr_t cov_set[COV_SLOTS];
static size_t cov_blocks;

void __sanitizer_cov_trace_pc(void);
void __sanitizer_cov_trace_pc(void)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	size_t j = (size_t)((pc * 0x9E3779B97F4A7C15ull) >> 44) & (COV_SLOTS - 1);

	while (cov_set[j] && cov_set[j] != pc)
		j = (j + 1) & (COV_SLOTS - 1);
	if (!cov_set[j] && cov_blocks < COV_SLOTS / 2) {
		cov_set[j] = pc;
		cov_blocks++;
	}
}
#endif

static void name_the_input(int sig)
{
	static const char what[] = "replay: input failed: ";

	if (current) {
		/* Only async-signal-safe calls here. */
		(void)!write(2, what, sizeof(what) - 1);
		(void)!write(2, current, strlen(current));
		(void)!write(2, "\n", 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int read_file(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return -1;
	do {
		if (n + 4096 > cap) {
			uint8_t *grown;

			cap = cap ? cap * 2 : 8192;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = grown;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	fclose(f);
	/* Shrink to the exact size so ASan catches a read one past the input. */
	*out = malloc(n ? n : 1);
	if (!*out) {
		free(buf);
		return -1;
	}
	memcpy(*out, buf, n);
	free(buf);
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	struct dirent **names;
	unsigned passed = 0, failed = 0;
	char path[4096];
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	n = scandir(argv[1], &names, NULL, alphasort);
	if (n < 0) {
		perror(argv[1]);
		return 2;
	}
	signal(SIGABRT, name_the_input);
	signal(SIGSEGV, name_the_input);
	for (int i = 0; i < n; i++) {
		struct stat sb;
		uint8_t *data;
		size_t len;

		snprintf(path, sizeof(path), "%s/%s", argv[1], names[i]->d_name);
		free(names[i]);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (read_file(path, &data, &len) != 0) {
			fprintf(stderr, "replay: cannot read %s\n", path);
			failed++;
			continue;
		}
		current = path;
		LLVMFuzzerTestOneInput(data, len);
		current = NULL;
		free(data);
		passed++;
	}
	free(names);
#ifdef MIG_REPLAY_COVERAGE
	printf("%u passed, %u failed; coverage: %zu basic blocks reached\n", passed, failed,
	       cov_blocks);
#else
	printf("%u passed, %u failed\n", passed, failed);
#endif
	/* An empty corpus is a broken checkout, not a pass. */
	return failed || passed == 0;
}
