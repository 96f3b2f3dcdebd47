/*
 * nvmltest.c - helpers of the libnvidia-ml.so.1 conformance suites.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmltest.h"
#include "testutil.h"

nvml_api nv;
void *nt_lib;

int nt_load(void **state)
{
	(void)state;
	/* As go-nvml and pynvml do: lazily, and without leaking symbols into the process. */
	nt_lib = dlopen(NVML_LIB_PATH, RTLD_LAZY | RTLD_LOCAL);
	if (!nt_lib) {
		fprintf(stderr, "dlopen %s: %s\n", NVML_LIB_PATH, dlerror());
		return -1;
	}
#define NT_RESOLVE(f)                                                           \
	{                                                                       \
		void *sym_ = dlsym(nt_lib, #f);                                 \
		if (!sym_) {                                                    \
			fprintf(stderr, "dlsym %s: %s\n", #f, dlerror());       \
			return -1;                                              \
		}                                                               \
		memcpy(&nv.f, &sym_, sizeof(sym_));                             \
	}
	NVML_FUNCS(NT_RESOLVE)
#undef NT_RESOLVE
	return 0;
}

int nt_unload(void **state)
{
	(void)state;
	if (nt_lib)
		dlclose(nt_lib);
	nt_lib = NULL;
	return 0;
}

char *nt_node(const char *gpu, ...)
{
	mig_state *st;
	va_list ap;
	char *dir = tu_mkdtemp();

	assert_non_null(dir);
	assert_mig_ok(mig_state_new(&st));
	va_start(ap, gpu);
	for (const char *g = gpu; g; g = va_arg(ap, const char *)) {
		char text[256];
		mig_gpu_spec spec;
		unsigned count;

		snprintf(text, sizeof(text), "%s", g);
		assert_mig_ok(mig_gpu_spec_parse(&spec, &count, text));
		for (unsigned i = 0; i < count; i++)
			assert_mig_ok(mig_state_add_gpu(st, &spec));
	}
	va_end(ap);
	assert_mig_ok(mig_node_create(dir, st, 0));
	mig_state_free(st);
	assert_int_equal(setenv("MIGCTL_STATE_DIR", dir, 1), 0);
	return dir;
}

void nt_node_free(char *dir)
{
	if (!dir)
		return;
	tu_rmtree(dir);
	free(dir);
}

mig_state *nt_read(void)
{
	mig_node *node;
	mig_state *st;

	assert_mig_ok(mig_node_open(&node, getenv("MIGCTL_STATE_DIR"), 0));
	assert_mig_ok(mig_node_read(&st, node));
	mig_node_close(node);
	return st;
}

void nt_change(int (*fn)(mig_state *st, void *arg), void *arg)
{
	mig_node *node;
	mig_state *st;

	assert_mig_ok(mig_node_open(&node, getenv("MIGCTL_STATE_DIR"), 0));
	assert_mig_ok(mig_node_begin(&st, node));
	assert_mig_ok(fn(st, arg));
	assert_mig_ok(mig_node_commit(node, st));
	mig_node_close(node);
}

static int enable_mig(mig_state *st, void *arg)
{
	int activation;
	int rc = mig_set_mig_mode(st, *(unsigned *)arg, 1, &activation);

	return rc ? rc : activation;
}

void nt_enable_mig(unsigned gpu)
{
	nt_change(enable_mig, &gpu);
}

void nt_init(const char *dir)
{
	assert_int_equal(setenv("MIGCTL_STATE_DIR", dir, 1), 0);
	assert_nvml_ok(nv.nvmlInit_v2());
}

void nt_done(void)
{
	/* Down to zero, whatever nesting the test left. */
	while (nv.nvmlShutdown() == NVML_SUCCESS)
		;
}

nvmlDevice_t nt_gpu(unsigned index)
{
	nvmlDevice_t h = NULL;

	assert_nvml_ok(nv.nvmlDeviceGetHandleByIndex_v2(index, &h));
	assert_non_null(h);
	return h;
}

void nt_poison(void *buf, size_t len)
{
	memset(buf, NT_POISON, len);
}

void nt_assert_poisoned(const void *buf, size_t from, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = from; i < len; i++) {
		if (p[i] != NT_POISON)
			print_error("byte %zu of %zu was written (0x%02x)\n", i, len, p[i]);
		assert_int_equal(p[i], NT_POISON);
	}
}

unsigned nt_u32(const void *buf, size_t off)
{
	unsigned v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}

unsigned long long nt_u64(const void *buf, size_t off)
{
	unsigned long long v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}

void *nt_ptr(const void *buf, size_t off)
{
	void *v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}
