/*
 * testutil.c - helpers shared by the unit tests.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

char *tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	size_t n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = strlen(tmp) + 32;
	path = malloc(n);
	if (!path)
		return NULL;
	snprintf(path, n, "%s/migtest.XXXXXX", tmp);
	if (!mkdtemp(path)) {
		free(path);
		return NULL;
	}
	return path;
}

void tu_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char sub[4096];
	struct stat sb;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
			tu_rmtree(sub);
		else
			unlink(sub);
	}
	closedir(d);
	rmdir(dir);
}

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

unsigned tu_gi_profile_id(const mig_state *st, const char *name)
{
	const mig_gi_profile *prof;
	mig_gi_profile_info info;

	assert_ok(mig_gpu_find_gi_profile(&prof, st, 0, name));
	mig_gi_profile_get(prof, &info);
	return info.id;
}

mig_state *tu_mig_gpu(const char *spec_text, const char *name, unsigned *gi, unsigned *ci)
{
	mig_state *st;
	mig_gpu_spec spec;
	char buf[128];
	unsigned n;
	int act;

	snprintf(buf, sizeof(buf), "%s", spec_text);
	assert_ok(mig_state_new(&st));
	assert_ok(mig_gpu_spec_parse(&spec, &n, buf));
	assert_ok(mig_state_add_gpu(st, &spec));
	assert_ok(mig_set_mig_mode(st, 0, 1, &act));
	assert_ok(mig_create_gi(gi, st, 0, tu_gi_profile_id(st, name), NULL));
	assert_ok(mig_create_ci(ci, st, 0, *gi, -1, NULL));
	return st;
}
