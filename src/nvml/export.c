/*
 * export.c - nvmlInternalGetExportTable, the private table nvidia-smi asks
 * for right after init (docs/nvml.md "The private export table").
 *
 * Every real nvidia-smi from R470 to R555 fetches the table for one GUID
 * and refuses to run without it ("Mismatch in versions between nvidia-smi
 * and NVML.", exit 255).  The table is an array of 8-byte words: word 0 is
 * the table's size in bytes, words 1-255 entry points taking up to four
 * pointer-sized arguments and returning an nvmlReturn_t.  The slots whose
 * meaning is known (from NVIDIA's public mock NVML, NVIDIA/k8s-test-infra
 * pkg/gpu/mocknvml, and from running the real binaries) are served; every
 * other one answers success, and clears the count a caller passes beside a
 * device handle, so nvidia-smi walks an empty list instead of garbage.
 *
 * Each slot is a plain function with its own entry (nv_enter/nv_leave),
 * so the table is as thread-safe as the public calls.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nvml_internal.h"

#define MIB (1024ull * 1024ull)
#define SLOTS 256u

typedef nvmlReturn_t (*slot_fn)(void *a, void *b, void *c, void *d);

/* 6c3efec4-8fc9-4e6c-a327-ee696e12f7c4, as the 16 bytes of a Windows GUID. */
static const unsigned char smi_guid[16] = {0xc4, 0xfe, 0x3e, 0x6c, 0xc9, 0x8f, 0x6c, 0x4e,
					   0xa3, 0x27, 0xee, 0x69, 0x6e, 0x12, 0xf7, 0xc4};

/*
 * Process-list entries as nvidia-smi reads them: pid @0, used memory @8,
 * GI ID @16, CI ID @20, then from R535 the confidential-computing memory
 * @24, then the name inline (4096 bytes): 4128 bytes from R535, 4120
 * before (R525's nvidia-smi walks the list in steps of 0x1018).
 */
#define PROC_NAME_LEN 4096u

/*
 * A slot nobody has identified: clear the count beside a device handle,
 * succeed.  The handle is checked by position only (nv_device compares
 * integers), so any first argument is safe to look at; a second argument
 * that cannot be an address (nvidia-smi passes small integers to some
 * slots) is left alone.
 */
static nvmlReturn_t unknown(unsigned slot, void *a, void *b)
{
	nv_dev dev;
	nvmlReturn_t rc = nv_enter();

	(void)slot;
	if (rc != NVML_SUCCESS)
		return NVML_SUCCESS;
	if (nv_device(&dev, (nvmlDevice_t)a) == NVML_SUCCESS && (uintptr_t)b >= 65536 &&
	    (uintptr_t)b % sizeof(unsigned) == 0)
		*(unsigned *)b = 0;
	return nv_leave(NVML_SUCCESS);
}

/* One entry point per slot, so a debugger names the slot a caller used. */
#define UNKNOWN_SLOT(n)                                                                    \
	static nvmlReturn_t slot_##n(void *a, void *b, void *c, void *d)  \
	{                                                                                  \
		(void)c;                                                                   \
		(void)d;                                                                   \
		return unknown(n, a, b);                                                   \
	}
#define UNKNOWN_SLOTS_16(h)                                                                \
	UNKNOWN_SLOT(h##0) UNKNOWN_SLOT(h##1) UNKNOWN_SLOT(h##2) UNKNOWN_SLOT(h##3)        \
	UNKNOWN_SLOT(h##4) UNKNOWN_SLOT(h##5) UNKNOWN_SLOT(h##6) UNKNOWN_SLOT(h##7)        \
	UNKNOWN_SLOT(h##8) UNKNOWN_SLOT(h##9) UNKNOWN_SLOT(h##a) UNKNOWN_SLOT(h##b)        \
	UNKNOWN_SLOT(h##c) UNKNOWN_SLOT(h##d) UNKNOWN_SLOT(h##e) UNKNOWN_SLOT(h##f)
UNKNOWN_SLOTS_16(0x0) UNKNOWN_SLOTS_16(0x1) UNKNOWN_SLOTS_16(0x2) UNKNOWN_SLOTS_16(0x3)
UNKNOWN_SLOTS_16(0x4) UNKNOWN_SLOTS_16(0x5) UNKNOWN_SLOTS_16(0x6) UNKNOWN_SLOTS_16(0x7)
UNKNOWN_SLOTS_16(0x8) UNKNOWN_SLOTS_16(0x9) UNKNOWN_SLOTS_16(0xa) UNKNOWN_SLOTS_16(0xb)
UNKNOWN_SLOTS_16(0xc) UNKNOWN_SLOTS_16(0xd) UNKNOWN_SLOTS_16(0xe) UNKNOWN_SLOTS_16(0xf)

#define UNKNOWN_ROW(h)                                                                     \
	slot_##h##0, slot_##h##1, slot_##h##2, slot_##h##3, slot_##h##4, slot_##h##5,      \
	slot_##h##6, slot_##h##7, slot_##h##8, slot_##h##9, slot_##h##a, slot_##h##b,      \
	slot_##h##c, slot_##h##d, slot_##h##e, slot_##h##f
static const slot_fn unknown_slots[SLOTS] = {
	UNKNOWN_ROW(0x0), UNKNOWN_ROW(0x1), UNKNOWN_ROW(0x2), UNKNOWN_ROW(0x3),
	UNKNOWN_ROW(0x4), UNKNOWN_ROW(0x5), UNKNOWN_ROW(0x6), UNKNOWN_ROW(0x7),
	UNKNOWN_ROW(0x8), UNKNOWN_ROW(0x9), UNKNOWN_ROW(0xa), UNKNOWN_ROW(0xb),
	UNKNOWN_ROW(0xc), UNKNOWN_ROW(0xd), UNKNOWN_ROW(0xe), UNKNOWN_ROW(0xf)};

/*
 * Slots -q calls as (device, struct *, 1, ...) to read figures the model
 * does not have (temperature limits, power readings, clocks): NOT_SUPPORTED
 * makes nvidia-smi print N/A, where a success would print the untouched
 * struct ("0 C", "4235.74 W", "Unknown Error").
 */
static nvmlReturn_t slot_no_figure(void *a, void *b, void *c, void *d)
{
	nv_dev dev;
	nvmlReturn_t rc = nv_enter();

	(void)b;
	(void)c;
	(void)d;
	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&dev, (nvmlDevice_t)a)) != NVML_SUCCESS)
		return nv_leave(rc);
	return nv_leave(NVML_ERROR_NOT_SUPPORTED);
}

/*
 * Slot 12: parse a PCI bus id, "[domain:]bus:device.function" in hex,
 * into (domain, bus, device, function) - nvidia-smi's `-i BUSID` - with a
 * fifth argument; anything else is INVALID_ARGUMENT ("Invalid PCI bus id
 * format").  Seen in nvidia-smi's code: it then compares the four numbers
 * with slot 75's for each GPU.
 */
static nvmlReturn_t slot_parse_bus_id(void *a, void *b, void *c, void *d,
				      void *e)
{
	nv_pci_addr addr;

	if (nv_not_supported() == NVML_ERROR_UNINITIALIZED)
		return NVML_ERROR_UNINITIALIZED;
	if (!a || !b || !c || !d || !e || mig_pci_parse(&addr, (const char *)a) != MIG_SUCCESS)
		return NVML_ERROR_INVALID_ARGUMENT;
	*(unsigned *)b = addr.domain;
	*(unsigned *)c = addr.bus;
	*(unsigned *)d = addr.device;
	*(unsigned *)e = addr.function;
	return NVML_SUCCESS;
}

/* Slot 75: (GPU index, *domain, *bus, *device) of a GPU, for slot 12's comparison. */
static nvmlReturn_t slot_gpu_bus_id(void *a, void *b, void *c, void *d)
{
	nv_pci_addr addr;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((uintptr_t)a >= nv_gpu_count() || !b || !c || !d)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	nv_gpu_pci(&addr, (unsigned)(uintptr_t)a);
	*(unsigned *)b = addr.domain;
	*(unsigned *)c = addr.bus;
	*(unsigned *)d = addr.device;
	return nv_leave(NVML_SUCCESS);
}

/* Slot 81: (index, nvmlDevice_t *out, 0x22, ...) - the device handle by index. */
static nvmlReturn_t slot_handle_by_index(void *a, void *b, void *c, void *d)
{
	(void)c;
	(void)d;
	return nvmlDeviceGetHandleByIndex_v2((unsigned)(uintptr_t)a, (nvmlDevice_t *)b);
}

/*
 * Slots 213-215: the compute, graphics and MPS processes of a device, in
 * 4128-byte entries with the name inline (nvidia-smi's "Type" column is
 * C, G or M by the slot that lists a process: listing one process in all
 * three prints "M+C+G").  *count arrives as the capacity; up to that many
 * entries are written and *count is set to their number.  A whole GPU
 * lists all its processes of the kind, a MIG device those on its compute
 * instance.  The kinds are libmig's (mig_process_kind_of), as for the
 * public lists (process.c); the MPS list is empty.
 */
enum proc_kind { PROC_COMPUTE, PROC_GRAPHICS, PROC_MPS };

static nvmlReturn_t processes(enum proc_kind kind, void *a, void *b, void *c)
{
	unsigned *count = (unsigned *)b;
	unsigned char *out = (unsigned char *)c;
	mig_process *procs = NULL;
	size_t n = 0;
	unsigned k = 0;
	size_t name_off, stride;
	nv_dev dev;
	nvmlReturn_t rc = nv_enter();

	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&dev, (nvmlDevice_t)a)) != NVML_SUCCESS)
		return nv_leave(rc);
	name_off = nv_driver_major() >= 535 ? 32 : 24;
	stride = name_off + PROC_NAME_LEN;
	if (!count)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	nv_prune_processes();
	if (kind == PROC_MPS || mig_process_list(NULL, 0, &n, nv_state(), dev.gpu) != MIG_SUCCESS)
		n = 0;
	if (n > 0 && !(procs = calloc(n, sizeof(*procs))))
		return nv_leave(NVML_ERROR_MEMORY);
	if (n > 0 && mig_process_list(procs, n, &n, nv_state(), dev.gpu) != MIG_SUCCESS)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char *e;
		uint64_t mem = procs[i].used_mib * MIB;
		uint32_t gi = procs[i].gi, ci = procs[i].ci;
		size_t len = strnlen(procs[i].name, sizeof(procs[i].name));

		int graphics = mig_process_kind_of(nv_state(), &procs[i]) == MIG_PROCESS_GRAPHICS;

		if (graphics != (kind == PROC_GRAPHICS))
			continue;
		if (dev.mig && (procs[i].gi != dev.gi || procs[i].ci != dev.ci))
			continue;
		if (k >= *count || !out)
			break;
		e = out + (size_t)k * stride;
		memset(e, 0, stride);
		memcpy(e + 0, &procs[i].pid, sizeof(uint32_t));
		memcpy(e + 8, &mem, sizeof(mem));
		memcpy(e + 16, &gi, sizeof(gi));
		memcpy(e + 20, &ci, sizeof(ci));
		/* MIG_NONE is the entry's 0xFFFFFFFF "not on a MIG instance". */
		memcpy(e + name_off, procs[i].name, len < PROC_NAME_LEN ? len : PROC_NAME_LEN - 1);
		k++;
	}
	*count = k;
	free(procs);
	return nv_leave(NVML_SUCCESS);
}

static nvmlReturn_t slot_compute(void *a, void *b, void *c, void *d)
{
	(void)d;
	return processes(PROC_COMPUTE, a, b, c);
}

static nvmlReturn_t slot_graphics(void *a, void *b, void *c, void *d)
{
	(void)d;
	return processes(PROC_GRAPHICS, a, b, c);
}

static nvmlReturn_t slot_mps(void *a, void *b, void *c, void *d)
{
	(void)d;
	return processes(PROC_MPS, a, b, c);
}

/* Slot 20: reset one GPU (nvidia-smi -r), by the node's reset rules. */
static nvmlReturn_t slot_reset(void *a, void *b, void *c, void *d)
{
	mig_state *st;
	unsigned gpu;
	nvmlReturn_t rc = nv_enter();

	(void)b;
	(void)c;
	(void)d;
	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_gpu(&gpu, (nvmlDevice_t)a)) != NVML_SUCCESS)
		return nv_leave(rc);
	if ((rc = nv_begin(&st)) != NVML_SUCCESS)
		return nv_leave(rc);
	return nv_leave(nv_finish(st, mig_reset_gpu(st, gpu)));
}

/* Slot 197: the reset's completion, called twice; its arguments are not outputs. */
static nvmlReturn_t slot_reset_done(void *a, void *b, void *c, void *d)
{
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	return nv_not_supported() == NVML_ERROR_UNINITIALIZED ? NVML_ERROR_UNINITIALIZED
							     : NVML_SUCCESS;
}

/* Slot 230: the host side's maximum PCIe generation (-q's "Host Max"). */
static nvmlReturn_t slot_host_pcie_gen(void *a, void *b, void *c, void *d)
{
	nv_dev dev;
	nvmlReturn_t rc = nv_enter();

	(void)c;
	(void)d;
	if (rc != NVML_SUCCESS)
		return rc;
	if ((rc = nv_device(&dev, (nvmlDevice_t)a)) != NVML_SUCCESS)
		return nv_leave(rc);
	if (!b)
		return nv_leave(NVML_ERROR_INVALID_ARGUMENT);
	*(unsigned *)b = nv_pcie_gen(dev.gpu);
	return nv_leave(NVML_SUCCESS);
}

static uint64_t table[SLOTS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void fill(unsigned slot, slot_fn fn)
{
	table[slot] = (uint64_t)(uintptr_t)fn;
}

/* A slot taking a fifth argument (x86_64: passed in a register like the others). */
static void fill5(unsigned slot, nvmlReturn_t (*fn)(void *, void *, void *, void *,
						    void *))
{
	table[slot] = (uint64_t)(uintptr_t)fn;
}

static void build_table(void)
{
	table[0] = sizeof(table);
	for (unsigned i = 1; i < SLOTS; i++)
		fill(i, unknown_slots[i]);
	fill5(12, slot_parse_bus_id);
	fill(20, slot_reset);
	fill(75, slot_gpu_bus_id);
	fill(81, slot_handle_by_index);
	fill(197, slot_reset_done);
	fill(209, slot_no_figure);
	fill(232, slot_no_figure);
	fill(240, slot_no_figure);
	fill(213, slot_compute);
	fill(214, slot_graphics);
	fill(215, slot_mps);
	fill(230, slot_host_pcie_gen);
}

nvmlReturn_t nvmlInternalGetExportTable(const void **ppExportTable, const void *pExportTableId)
{
	nvmlReturn_t rc = nv_not_supported();

	/* Like every entry point: nothing before init. */
	if (rc == NVML_ERROR_UNINITIALIZED)
		return rc;
	if (!ppExportTable || !pExportTableId)
		return NVML_ERROR_INVALID_ARGUMENT;
	if (memcmp(pExportTableId, smi_guid, sizeof(smi_guid)) != 0)
		return NVML_ERROR_NOT_SUPPORTED;
	pthread_once(&table_once, build_table);
	*ppExportTable = table;
	return NVML_SUCCESS;
}
