#!/usr/bin/python3
"""nvml_client.py - an unmodified-style NVML client in ctypes, against the
emulated libnvidia-ml.so.1, compared with what migctl reports.

It does what monitoring and provisioning tools do (pynvml, DCGM exporters,
go-nvlib/GFD): load the library with CDLL, nvmlInitWithFlags(0), walk
devices -> MIG mode -> GPU instance profiles (by index, with the versioned
info struct) -> GPU instances per profile ID -> compute instance profiles
-> compute instances -> MIG device handles (names, UUIDs, attributes,
memory).  Part of the layout is made through NVML and part through migctl
in another process, so each must see the other's changes.

The walk is then compared with migctl's own reports: `migctl -L --json`,
`migctl mig -lgi/-lci/-lgip --json`, when this migctl has them, and always
with the node's state file (docs/state-file.md) and `migctl emulate list`.

usage: nvml_client.py --lib <build>/src/nvml/libnvidia-ml.so.1 --migctl <build>/migctl
Runs with Debian's /usr/bin/python3 and the standard library only.
"""
import argparse
import ctypes as C
import json
import os
import shutil
import subprocess
import sys
import tempfile

SUCCESS, INVALID_ARGUMENT, NOT_SUPPORTED, NOT_FOUND = 0, 2, 3, 6
# What a client built against the NVML 13.3 header loops to.
GPU_INSTANCE_PROFILE_COUNT = 0x12
COMPUTE_INSTANCE_PROFILE_COUNT = 0x9


class GIProfileInfoV2(C.Structure):
    _fields_ = [("version", C.c_uint), ("id", C.c_uint), ("isP2pSupported", C.c_uint),
                ("sliceCount", C.c_uint), ("instanceCount", C.c_uint),
                ("multiprocessorCount", C.c_uint), ("copyEngineCount", C.c_uint),
                ("decoderCount", C.c_uint), ("encoderCount", C.c_uint),
                ("jpegCount", C.c_uint), ("ofaCount", C.c_uint),
                ("memorySizeMB", C.c_ulonglong), ("name", C.c_char * 96)]


class CIProfileInfoV2(C.Structure):
    _fields_ = [("version", C.c_uint), ("id", C.c_uint), ("sliceCount", C.c_uint),
                ("instanceCount", C.c_uint), ("multiprocessorCount", C.c_uint),
                ("sharedCopyEngineCount", C.c_uint), ("sharedDecoderCount", C.c_uint),
                ("sharedEncoderCount", C.c_uint), ("sharedJpegCount", C.c_uint),
                ("sharedOfaCount", C.c_uint), ("name", C.c_char * 96)]


class Placement(C.Structure):
    _fields_ = [("start", C.c_uint), ("size", C.c_uint)]


class GIInfo(C.Structure):
    _fields_ = [("device", C.c_void_p), ("id", C.c_uint), ("profileId", C.c_uint),
                ("placement", Placement)]


class CIInfo(C.Structure):
    _fields_ = [("device", C.c_void_p), ("gpuInstance", C.c_void_p), ("id", C.c_uint),
                ("profileId", C.c_uint), ("placement", Placement)]


class Attributes(C.Structure):
    _fields_ = [("multiprocessorCount", C.c_uint), ("sharedCopyEngineCount", C.c_uint),
                ("sharedDecoderCount", C.c_uint), ("sharedEncoderCount", C.c_uint),
                ("sharedJpegCount", C.c_uint), ("sharedOfaCount", C.c_uint),
                ("gpuInstanceSliceCount", C.c_uint), ("computeInstanceSliceCount", C.c_uint),
                ("memorySizeMB", C.c_ulonglong)]


class Memory(C.Structure):
    _fields_ = [("total", C.c_ulonglong), ("free", C.c_ulonglong), ("used", C.c_ulonglong)]


class PciInfo(C.Structure):
    _fields_ = [("busIdLegacy", C.c_char * 16), ("domain", C.c_uint), ("bus", C.c_uint),
                ("device", C.c_uint), ("pciDeviceId", C.c_uint), ("pciSubSystemId", C.c_uint),
                ("busId", C.c_char * 32)]


GI_V2 = C.sizeof(GIProfileInfoV2) | 2 << 24
CI_V2 = C.sizeof(CIProfileInfoV2) | 2 << 24

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
    return cond


class NVML:
    def __init__(self, path):
        self.lib = C.CDLL(path)
        self.lib.nvmlErrorString.restype = C.c_char_p

    def __call__(self, name, *args, ok=(SUCCESS,)):
        rc = getattr(self.lib, name)(*args)
        if rc not in ok:
            raise RuntimeError("%s: %d (%s)" % (name, rc, self.lib.nvmlErrorString(rc).decode()))
        return rc

    def text(self, name, handle, size=96):
        buf = C.create_string_buffer(size)
        self(name, handle, buf, size)
        return buf.value.decode()


def migctl(args, exe):
    out = subprocess.run([exe] + args, check=True, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=os.environ)
    return out.stdout.decode()


def migctl_json(args, exe):
    """migctl's JSON for args, or None when this migctl lacks it."""
    try:
        return json.loads(migctl(args + ["--json"], exe))
    except (subprocess.CalledProcessError, json.JSONDecodeError):
        return None


# Building the layout ------------------------------------------------------------------

def gi_profile(nv, dev, index):
    info = GIProfileInfoV2(version=GI_V2)
    rc = nv("nvmlDeviceGetGpuInstanceProfileInfoV", dev, index, C.byref(info),
            ok=(SUCCESS, NOT_SUPPORTED, INVALID_ARGUMENT))
    return info if rc == SUCCESS else None


def create_gi(nv, dev, index):
    """Create a GI of profile *index* the way mig-parted does: index -> info.id -> create."""
    info = gi_profile(nv, dev, index)
    gi = C.c_void_p()
    nv("nvmlDeviceCreateGpuInstance", dev, info.id, C.byref(gi))
    return gi


def create_ci(nv, gi, ci_index):
    ci = C.c_void_p()
    nv("nvmlGpuInstanceCreateComputeInstance", gi, ci_index, C.byref(ci))
    return ci


def full_ci_profile(nv, gi):
    """The CI profile covering the whole GI (what -cgi -C creates)."""
    g = None
    for index in range(COMPUTE_INSTANCE_PROFILE_COUNT):
        info = CIProfileInfoV2(version=CI_V2)
        if nv("nvmlGpuInstanceGetComputeInstanceProfileInfoV", gi, index, 0, C.byref(info),
              ok=(SUCCESS, NOT_SUPPORTED, INVALID_ARGUMENT)) != SUCCESS:
            continue
        if g is None or info.sliceCount > g[1]:
            g = (info.id, info.sliceCount)
    return g[0]


def build(nv, exe):
    """MIG on GPUs 0, 1, 3 (GPU 2 stays off); instances through NVML and through migctl."""
    handles = []
    count = C.c_uint()
    nv("nvmlDeviceGetCount_v2", C.byref(count))
    for i in range(count.value):
        h = C.c_void_p()
        nv("nvmlDeviceGetHandleByIndex_v2", i, C.byref(h))
        handles.append(h)
    status = C.c_int()
    for i in (0, 1, 3):
        nv("nvmlDeviceSetMigMode", handles[i], 1, C.byref(status))
        check(status.value == SUCCESS, "GPU %d: activation %d" % (i, status.value))
    # A100: a 3g with a 1c and a 2c CI, a 1g with its full CI.
    g3 = create_gi(nv, handles[0], 2)
    create_ci(nv, g3, 0)
    create_ci(nv, g3, 1)
    g1 = create_gi(nv, handles[0], 0)
    create_ci(nv, g1, full_ci_profile(nv, g1))
    # H100: 1g.20gb (index 9, whose full CI is CI profile 7 on Hopper)...
    gi = create_gi(nv, handles[1], 9)
    create_ci(nv, gi, full_ci_profile(nv, gi))
    # ...then, in another process, migctl adds a 3g.40gb with its default CI...
    try:
        migctl(["mig", "-i", "1", "-cgi", "9", "-C"], exe)
        by_migctl = True
    except subprocess.CalledProcessError as e:
        print("migctl mig -cgi: %s" % e.stderr.decode().strip())
        by_migctl = False
    # ...and NVML, which must see it, a 1g beside them.
    gi = create_gi(nv, handles[1], 0)
    create_ci(nv, gi, full_ci_profile(nv, gi))
    # RTX PRO 6000: a +gfx 1g (index 10) with its CI.
    gi = create_gi(nv, handles[3], 10)
    create_ci(nv, gi, full_ci_profile(nv, gi))
    return handles, by_migctl


# The monitoring walk ------------------------------------------------------------------

def walk(nv, handles):
    gpus = []
    buf = C.create_string_buffer(96)
    nv("nvmlSystemGetDriverVersion", buf, 96)
    # From R550, NVML answers profile info with MIG disabled too.
    profiles_when_off = int(buf.value.decode().split(".")[0]) >= 550
    for index, h in enumerate(handles):
        pci = PciInfo()
        nv("nvmlDeviceGetPciInfo_v3", h, C.byref(pci))
        mem = Memory()
        nv("nvmlDeviceGetMemoryInfo", h, C.byref(mem))
        cur, pend = C.c_uint(), C.c_uint()
        nv("nvmlDeviceGetMigMode", h, C.byref(cur), C.byref(pend))
        gpu = {"index": index, "name": nv.text("nvmlDeviceGetName", h),
               "uuid": nv.text("nvmlDeviceGetUUID", h), "serial": nv.text("nvmlDeviceGetSerial", h),
               "bus": pci.busId.decode(), "memory": mem.total, "mig": (cur.value, pend.value),
               "profiles": {}, "gis": [], "mig_devices": []}
        gpus.append(gpu)
        if not cur.value:
            info = GIProfileInfoV2(version=GI_V2)
            want = SUCCESS if profiles_when_off else NOT_SUPPORTED
            check(nv("nvmlDeviceGetGpuInstanceProfileInfoV", h, 0, C.byref(info),
                     ok=(want,)) == want, "profile info with MIG off")
            continue
        for pindex in range(GPU_INSTANCE_PROFILE_COUNT):
            p = gi_profile(nv, h, pindex)
            if p is None:
                continue
            free = C.c_uint()
            nv("nvmlDeviceGetGpuInstanceRemainingCapacity", h, p.id, C.byref(free))
            gpu["profiles"][p.id] = {
                "name": p.name.decode(), "total": p.instanceCount, "free": free.value,
                "memory_mib": p.memorySizeMB, "slices": p.sliceCount,
                "sm": p.multiprocessorCount, "ce": p.copyEngineCount, "dec": p.decoderCount,
                "enc": p.encoderCount, "jpeg": p.jpegCount, "ofa": p.ofaCount}
            # go-nvml sizes the buffer with instanceCount; *count is an output.
            arr = (C.c_void_p * p.instanceCount)()
            n = C.c_uint(0)
            nv("nvmlDeviceGetGpuInstances", h, p.id, arr, C.byref(n))
            for k in range(n.value):
                gi = C.c_void_p(arr[k])
                gii = GIInfo()
                nv("nvmlGpuInstanceGetInfo", gi, C.byref(gii))
                check(gii.device == h.value, "GI info's parent handle")
                g = {"id": gii.id, "profile": gii.profileId,
                     "placement": (gii.placement.start, gii.placement.size), "cis": []}
                gpu["gis"].append(g)
                for cindex in range(COMPUTE_INSTANCE_PROFILE_COUNT):
                    cp = CIProfileInfoV2(version=CI_V2)
                    if nv("nvmlGpuInstanceGetComputeInstanceProfileInfoV", gi, cindex, 0,
                          C.byref(cp), ok=(SUCCESS, NOT_SUPPORTED, INVALID_ARGUMENT)) != SUCCESS:
                        continue
                    carr = (C.c_void_p * cp.instanceCount)()
                    cn = C.c_uint(0)
                    nv("nvmlGpuInstanceGetComputeInstances", gi, cp.id, carr, C.byref(cn))
                    for j in range(cn.value):
                        cii = CIInfo()
                        nv("nvmlComputeInstanceGetInfo_v2", C.c_void_p(carr[j]), C.byref(cii))
                        g["cis"].append({"id": cii.id, "profile": cii.profileId,
                                         "placement": (cii.placement.start, cii.placement.size),
                                         "name": cp.name.decode()})
        maxn = C.c_uint()
        nv("nvmlDeviceGetMaxMigDeviceCount", h, C.byref(maxn))
        for i in range(maxn.value):
            m = C.c_void_p()
            if nv("nvmlDeviceGetMigDeviceHandleByIndex", h, i, C.byref(m),
                  ok=(SUCCESS, NOT_FOUND)) != SUCCESS:
                continue
            gid, cid, is_mig = C.c_uint(), C.c_uint(), C.c_uint()
            nv("nvmlDeviceIsMigDeviceHandle", m, C.byref(is_mig))
            nv("nvmlDeviceGetGpuInstanceId", m, C.byref(gid))
            nv("nvmlDeviceGetComputeInstanceId", m, C.byref(cid))
            attr = Attributes()
            nv("nvmlDeviceGetAttributes_v2", m, C.byref(attr))
            mmem = Memory()
            nv("nvmlDeviceGetMemoryInfo", m, C.byref(mmem))
            parent = C.c_void_p()
            nv("nvmlDeviceGetDeviceHandleFromMigDeviceHandle", m, C.byref(parent))
            check(is_mig.value == 1 and parent.value == h.value, "MIG device %d/%d" % (index, i))
            uuid = nv.text("nvmlDeviceGetUUID", m)
            back = C.c_void_p()
            nv("nvmlDeviceGetHandleByUUID", uuid.encode(), C.byref(back))
            check(back.value == m.value, "handle by MIG UUID %s" % uuid)
            gpu["mig_devices"].append({
                "index": i, "gi": gid.value, "ci": cid.value, "uuid": uuid,
                "name": nv.text("nvmlDeviceGetName", m), "sm": attr.multiprocessorCount,
                "g": attr.gpuInstanceSliceCount, "c": attr.computeInstanceSliceCount,
                "memory_mib": attr.memorySizeMB, "memory_total": mmem.total})
    return gpus


# Comparisons ------------------------------------------------------------------------------

def compare_state_file(gpus, state, listing):
    check(len(gpus) == len(state["gpus"]), "GPU count vs state file")
    uuids = {}
    for line in listing.splitlines()[2:]:
        cols = line.split()
        if cols and cols[0].isdigit():
            uuids[int(cols[0])] = cols[-1]
    for gpu, s in zip(gpus, state["gpus"]):
        i = gpu["index"]
        check(gpu["serial"] == s["serial"], "GPU %d serial" % i)
        check(gpu["bus"] == s["pci_bus_id"].upper(), "GPU %d bus id" % i)
        check(gpu["mig"] == (int(s["mig_current"]), int(s["mig_pending"])), "GPU %d MIG mode" % i)
        check(uuids.get(i) == gpu["uuid"], "GPU %d UUID vs emulate list" % i)
        want = sorted((g["id"], g["profile_id"], g["start"], g["size"],
                       tuple(sorted((c["id"], c["profile_id"], c["start"], c["size"])
                                    for c in g["compute_instances"])))
                      for g in s.get("gpu_instances", []))
        have = sorted((g["id"], g["profile"], g["placement"][0], g["placement"][1],
                       tuple(sorted((c["id"], c["profile"]) + c["placement"] for c in g["cis"])))
                      for g in gpu["gis"])
        check(want == have, "GPU %d instances vs state file: %s / %s" % (i, want, have))
        # MIG devices: one per CI, numbered by (GI ID, CI ID).
        order = [(g[0], c[0]) for g in want for c in g[4]]
        check([(m["gi"], m["ci"]) for m in gpu["mig_devices"]] == order,
              "GPU %d MIG device order" % i)


def compare_migctl(gpus, exe):
    """Against migctl's JSON reports; returns how many of them this migctl has."""
    used = 0
    listing = migctl_json(["-L"], exe)
    if listing is not None:
        used += 1
        for gpu, lg in zip(gpus, listing["gpus"]):
            i = gpu["index"]
            check(lg["name"] == gpu["name"] and lg["uuid"] == gpu["uuid"], "GPU %d in -L" % i)
            have = [(m["index"], m["gi"], m["ci"], m["uuid"]) for m in gpu["mig_devices"]]
            want = [(m["index"], m["gi"], m["ci"], m["uuid"]) for m in lg["mig_devices"]]
            check(have == want, "GPU %d MIG devices vs -L: %s / %s" % (i, have, want))
            for m, lm in zip(gpu["mig_devices"], lg["mig_devices"]):
                check(m["name"] == "%s %s" % (gpu["name"], lm["name"]),
                      "MIG device name %r vs -L %r" % (m["name"], lm["name"]))
    gis = migctl_json(["mig", "-lgi"], exe)
    if gis is not None:
        used += 1
        want = sorted((g["gpu"], g["id"], g["profile"]["id"], g["placement"]["start"],
                       g["placement"]["size"]) for g in gis["gpu_instances"])
        have = sorted((gpu["index"], g["id"], g["profile"], g["placement"][0], g["placement"][1])
                      for gpu in gpus for g in gpu["gis"])
        check(want == have, "GPU instances vs -lgi: %s / %s" % (want, have))
    cis = migctl_json(["mig", "-lci"], exe)
    if cis is not None:
        used += 1
        uuid = {(gpu["index"], m["gi"], m["ci"]): m["uuid"] for gpu in gpus for m in gpu["mig_devices"]}
        want = sorted((c["gpu"], c["gi"], c["id"], c["profile"]["id"], c["profile"]["name"],
                       c["placement"]["start"], c["placement"]["size"], c["uuid"])
                      for c in cis["compute_instances"])
        have = sorted((gpu["index"], g["id"], c["id"], c["profile"], c["name"]) + c["placement"] +
                      (uuid.get((gpu["index"], g["id"], c["id"])),)
                      for gpu in gpus for g in gpu["gis"] for c in g["cis"])
        check(want == have, "compute instances vs -lci: %s / %s" % (want, have))
    profiles = migctl_json(["mig", "-lgip"], exe)
    if profiles is not None:
        used += 1
        for p in profiles["profiles"]:
            gpu = gpus[p["gpu"]]
            # NVML answers profile info only in MIG mode (§nvml-A.7).
            if not gpu["mig"][0]:
                continue
            mine = gpu["profiles"].get(p["id"])
            if not check(mine is not None, "GPU %d profile %d of -lgip" % (p["gpu"], p["id"])):
                continue
            for key in ("name", "total", "free", "memory_mib", "slices", "sm", "ce", "dec",
                        "enc", "jpeg", "ofa"):
                check(mine[key] == p[key], "GPU %d profile %d %s: NVML %r, -lgip %r"
                      % (p["gpu"], p["id"], key, mine[key], p[key]))
        seen = {(p["gpu"], p["id"]) for p in profiles["profiles"]}
        for gpu in gpus:
            for pid in gpu["profiles"]:
                check((gpu["index"], pid) in seen, "GPU %d profile %d missing from -lgip"
                      % (gpu["index"], pid))
    return used


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", required=True)
    ap.add_argument("--migctl", required=True)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="nvmlclient.")
    os.environ["MIGCTL_STATE_DIR"] = os.path.join(tmp, "node")
    try:
        migctl(["emulate", "create", "A100-SXM4-40GB", "H100-SXM5-80GB", "A30-24GB",
                "RTX-PRO-6000"], args.migctl)
        nv = NVML(args.lib)
        check(nv.lib.nvmlErrorString(19) == b"In use by another client", "nvmlErrorString")
        nv("nvmlInitWithFlags", 0)  # as pynvml's nvmlInit() does
        handles, by_migctl = build(nv, args.migctl)
        gpus = walk(nv, handles)
        with open(os.path.join(os.environ["MIGCTL_STATE_DIR"], "state.json")) as f:
            state = json.load(f)
        compare_state_file(gpus, state, migctl(["emulate", "list"], args.migctl))
        used = compare_migctl(gpus, args.migctl)
        # Tear it all down through NVML; the node (what migctl reads) is empty after.
        for gpu, h in zip(gpus, handles):
            for g in gpu["gis"]:
                gi = C.c_void_p()
                nv("nvmlDeviceGetGpuInstanceById", h, g["id"], C.byref(gi))
                for c in g["cis"]:
                    ci = C.c_void_p()
                    nv("nvmlGpuInstanceGetComputeInstanceById", gi, c["id"], C.byref(ci))
                    nv("nvmlComputeInstanceDestroy", ci)
                nv("nvmlGpuInstanceDestroy", gi)
        with open(os.path.join(os.environ["MIGCTL_STATE_DIR"], "state.json")) as f:
            state = json.load(f)
        check(all(not g["gpu_instances"] for g in state["gpus"]), "instances left after teardown")
        nv("nvmlShutdown")
        check(nv.lib.nvmlShutdown() == 1, "extra nvmlShutdown is UNINITIALIZED")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ngi = sum(len(g["gis"]) for g in gpus)
    nci = sum(len(gi["cis"]) for g in gpus for gi in g["gis"])
    nmig = sum(len(g["mig_devices"]) for g in gpus)
    print("walked %d GPUs, %d GPU instances, %d compute instances, %d MIG devices"
          % (len(gpus), ngi, nci, nmig))
    print("compared with the state file and migctl emulate list; with %d of 4 migctl JSON "
          "reports%s" % (used, "" if by_migctl else "; migctl mig -cgi unavailable"))
    for p in problems:
        print("FAIL:", p)
    return 1 if problems or ngi == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
