#!/usr/bin/env python3
"""gen-smi-q-table.py CAPTURES > src/cli/smi_q_table.c

Build the per-branch line tables of `migctl -q` / `-q -x` from the real
nvidia-smi's output over our libnvidia-ml.so.1 (docs/cli-smi.md "-q").
CAPTURES holds VERSION.MODEL.STATE.{q,qx}.out files, as
tests/nvml/real_smi_q.sh --capture DIR writes them: for each branch, every
state's lines are merged (MIG devices and processes become one template
block each), then the branches are merged into one sequence where each row
names the branches that print it.  A value is mapped to its source by the
line's path (TEXT_VALS, XML_VALS); anything unmapped is printed as the
literal the capture shows, and listed on stderr for review: it must be a
refusal's rendering (N/A and its kin), never a figure of the model.
"""
import sys, re, difflib, glob

def parse_text(lines):
    # yields (path, depth, label, value) ; value None for section header
    stack=[]
    out=[]
    for ln in lines:
        if not ln.strip() or ln.startswith('=') : 
            out.append(('RAW',ln)); continue
        ind=len(ln)-len(ln.lstrip(' '))
        d=ind//4
        if ' : ' in ln or ln.rstrip().endswith(':'):
            lab,_,val=ln.partition(':')
            lab=lab.strip(); val=val[1:] if val.startswith(' ') else val
        else:
            lab=ln[ind:]; val=None  # a title keeps its trailing blanks (R550: "GPU Memory Power Readings ")
        stack=stack[:d]+[lab]
        out.append(('/'.join(stack),d,lab,val))
    return out
R=re.compile(r'^(\t*)(.*)$')
def parse_xml(lines):
    out=[];stack=[]
    for ln in lines:
        m=R.match(ln); d=len(m.group(1)); s=m.group(2)
        mm=re.match(r'^<([a-zA-Z0-9_]+)>(.*)</\1>$',s)
        if mm:
            stack=stack[:d]+[mm.group(1)]; out.append(('/'.join(stack),d,'leaf',mm.group(1),mm.group(2))); continue
        mm=re.match(r'^<([a-zA-Z0-9_]+)( [^>]*)?>$',s)
        if mm:
            stack=stack[:d]+[mm.group(1)]; out.append(('/'.join(stack),d,'open',mm.group(1),mm.group(2))); continue
        mm=re.match(r'^</([a-zA-Z0-9_]+)>$',s)
        if mm: out.append(('/'.join(stack[:d]+[mm.group(1)]),d,'close',mm.group(1),None)); continue
        out.append(('RAW',d,'raw',s,None))
    return out


CAP = sys.argv[1]
BR = [('R470','470.256.02'),('R525','525.147.05'),('R535','535.216.03'),('R550','550.163.01'),('R555','555.58.02')]

# value ids by path (GPU section paths have the GPU id removed)
TEXT_VALS = {
 'Timestamp':'TIMESTAMP','Driver Version':'DRIVER','CUDA Version':'CUDA','Attached GPUs':'ATTACHED',
 'GPU/Product Name':'NAME','GPU/Product Brand':'BRAND','GPU/Product Architecture':'ARCH',
 'GPU/Display Mode':'DISPLAY_MODE','GPU/Display Active':'DISPLAY_ACTIVE','GPU/Persistence Mode':'PERSISTENCE',
 'GPU/MIG Mode/Current':'MIG_CURRENT','GPU/MIG Mode/Pending':'MIG_PENDING',
 'GPU/Serial Number':'SERIAL','GPU/GPU UUID':'UUID','GPU/Minor Number':'MINOR',
 'GPU/GPU Virtualization Mode/Virtualization Mode':'VIRT_MODE',
 'GPU/PCI/Bus':'PCI_BUS','GPU/PCI/Device':'PCI_DEVICE','GPU/PCI/Domain':'PCI_DOMAIN',
 'GPU/PCI/Device Id':'PCI_DEVICE_ID','GPU/PCI/Bus Id':'PCI_BUS_ID','GPU/PCI/Sub System Id':'PCI_SUBSYS_ID',
 'GPU/PCI/Base Classcode':'PCI_BASE_CLASS','GPU/PCI/Sub Classcode':'PCI_SUB_CLASS',
 'GPU/PCI/GPU Link Info/PCIe Generation/Host Max':'PCIE_HOST_MAX',
 'GPU/Performance State':'PSTATE',
 'GPU/FB Memory Usage/Total':'FB_TOTAL','GPU/FB Memory Usage/Reserved':'FB_RESERVED',
 'GPU/FB Memory Usage/Used':'FB_USED','GPU/FB Memory Usage/Free':'FB_FREE',
 'GPU/BAR1 Memory Usage/Total':'BAR1_TOTAL','GPU/BAR1 Memory Usage/Used':'BAR1_USED','GPU/BAR1 Memory Usage/Free':'BAR1_FREE',
 'GPU/Compute Mode':'COMPUTE_MODE','GPU/Utilization/Gpu':'UTIL_GPU','GPU/Utilization/Memory':'UTIL_MEM',
 'GPU/ECC Mode/Current':'ECC_MODE','GPU/ECC Mode/Pending':'ECC_MODE','GPU/Ecc Mode/Current':'ECC_MODE','GPU/Ecc Mode/Pending':'ECC_MODE',
 'GPU/ECC Errors/Volatile/DRAM Correctable':'ECC_ZERO','GPU/ECC Errors/Aggregate/DRAM Correctable':'ECC_ZERO',
 'GPU/ECC Errors/Volatile/DRAM Uncorrectable':'ECC_ERRORS','GPU/ECC Errors/Aggregate/DRAM Uncorrectable':'ECC_ERRORS',
 'GPU/ECC Errors/Volatile/SRAM Correctable':'ECC_ZERO','GPU/ECC Errors/Aggregate/SRAM Correctable':'ECC_ZERO',
 'GPU/ECC Errors/Volatile/SRAM Uncorrectable':'ECC_ZERO','GPU/ECC Errors/Aggregate/SRAM Uncorrectable':'ECC_ZERO',
 'GPU/Temperature/GPU Current Temp':'TEMP',
 'GPU/GPU Power Readings/Power Draw':'POWER_DRAW','GPU/Power Readings/Power Draw':'POWER_DRAW',
 'GPU/Power Readings/Power Limit':'POWER_LIMIT','GPU/Power Readings/Enforced Power Limit':'POWER_LIMIT',
 'GPU/MIG Device/Index':'MIG_INDEX','GPU/MIG Device/GPU Instance ID':'MIG_GI','GPU/MIG Device/Compute Instance ID':'MIG_CI',
 'GPU/MIG Device/Device Attributes/Shared/Multiprocessor count':'MIG_SM',
 'GPU/MIG Device/Device Attributes/Shared/Copy Engine count':'MIG_CE',
 'GPU/MIG Device/Device Attributes/Shared/Encoder count':'MIG_ENC',
 'GPU/MIG Device/Device Attributes/Shared/Decoder count':'MIG_DEC',
 'GPU/MIG Device/Device Attributes/Shared/OFA count':'MIG_OFA',
 'GPU/MIG Device/Device Attributes/Shared/JPG count':'MIG_JPG',
 'GPU/MIG Device/ECC Errors/Volatile/SRAM Uncorrectable':'MIG_ECC',
 'GPU/MIG Device/FB Memory Usage/Total':'MIG_FB_TOTAL','GPU/MIG Device/FB Memory Usage/Reserved':'MIG_FB_RESERVED',
 'GPU/MIG Device/FB Memory Usage/Used':'MIG_FB_USED','GPU/MIG Device/FB Memory Usage/Free':'MIG_FB_FREE',
 'GPU/MIG Device/BAR1 Memory/Total':'MIG_BAR1_TOTAL','GPU/MIG Device/BAR1 Memory/Used':'MIG_BAR1_USED',
 'GPU/MIG Device/BAR1 Memory/Free':'MIG_BAR1_FREE',
 'GPU/Processes/GPU instance ID':'PROC_GI','GPU/Processes/Compute instance ID':'PROC_CI',
 'GPU/Processes/Process ID':'PROC_PID','GPU/Processes/Process ID/Type':'PROC_TYPE',
 'GPU/Processes/Process ID/Name':'PROC_NAME','GPU/Processes/Process ID/Used GPU Memory':'PROC_MEM',
}
XML_VALS = {
 'timestamp':'TIMESTAMP','driver_version':'DRIVER','cuda_version':'CUDA','attached_gpus':'ATTACHED',
 'gpu/product_name':'NAME','gpu/product_brand':'BRAND','gpu/product_architecture':'ARCH',
 'gpu/display_mode':'DISPLAY_MODE','gpu/display_active':'DISPLAY_ACTIVE','gpu/persistence_mode':'PERSISTENCE',
 'gpu/mig_mode/current_mig':'MIG_CURRENT','gpu/mig_mode/pending_mig':'MIG_PENDING',
 'gpu/serial':'SERIAL','gpu/uuid':'UUID','gpu/minor_number':'MINOR',
 'gpu/gpu_virtualization_mode/virtualization_mode':'VIRT_MODE',
 'gpu/pci/pci_bus':'PCI_BUS','gpu/pci/pci_device':'PCI_DEVICE','gpu/pci/pci_domain':'PCI_DOMAIN',
 'gpu/pci/pci_device_id':'PCI_DEVICE_ID','gpu/pci/pci_bus_id':'PCI_BUS_ID','gpu/pci/pci_sub_system_id':'PCI_SUBSYS_ID',
 'gpu/pci/pci_base_class':'PCI_BASE_CLASS','gpu/pci/pci_sub_class':'PCI_SUB_CLASS',
 'gpu/pci/pci_gpu_link_info/pcie_gen/max_host_link_gen':'PCIE_HOST_MAX',
 'gpu/performance_state':'PSTATE','gpu/power_readings/power_state':'PSTATE',
 'gpu/gpu_power_readings/power_state':'PSTATE','gpu/module_power_readings/power_state':'PSTATE',
 'gpu/fb_memory_usage/total':'FB_TOTAL','gpu/fb_memory_usage/reserved':'FB_RESERVED',
 'gpu/fb_memory_usage/used':'FB_USED','gpu/fb_memory_usage/free':'FB_FREE',
 'gpu/bar1_memory_usage/total':'BAR1_TOTAL','gpu/bar1_memory_usage/used':'BAR1_USED','gpu/bar1_memory_usage/free':'BAR1_FREE',
 'gpu/compute_mode':'COMPUTE_MODE','gpu/utilization/gpu_util':'UTIL_GPU','gpu/utilization/memory_util':'UTIL_MEM',
 'gpu/ecc_mode/current_ecc':'ECC_MODE','gpu/ecc_mode/pending_ecc':'ECC_MODE',
 'gpu/ecc_errors/volatile/dram_correctable':'ECC_ZERO','gpu/ecc_errors/aggregate/dram_correctable':'ECC_ZERO',
 'gpu/ecc_errors/volatile/dram_uncorrectable':'ECC_ERRORS','gpu/ecc_errors/aggregate/dram_uncorrectable':'ECC_ERRORS',
 'gpu/ecc_errors/volatile/sram_correctable':'ECC_ZERO','gpu/ecc_errors/aggregate/sram_correctable':'ECC_ZERO',
 'gpu/ecc_errors/volatile/sram_uncorrectable':'ECC_ZERO','gpu/ecc_errors/aggregate/sram_uncorrectable':'ECC_ZERO',
 'gpu/temperature/gpu_temp':'TEMP',
 'gpu/gpu_power_readings/power_draw':'POWER_DRAW','gpu/power_readings/power_draw':'POWER_DRAW',
 'gpu/power_readings/power_limit':'POWER_LIMIT','gpu/power_readings/enforced_power_limit':'POWER_LIMIT',
 'gpu/mig_device/index':'MIG_INDEX','gpu/mig_device/gpu_instance_id':'MIG_GI','gpu/mig_device/compute_instance_id':'MIG_CI',
 'gpu/mig_device/device_attributes/shared/multiprocessor_count':'MIG_SM',
 'gpu/mig_device/device_attributes/shared/copy_engine_count':'MIG_CE',
 'gpu/mig_device/device_attributes/shared/encoder_count':'MIG_ENC',
 'gpu/mig_device/device_attributes/shared/decoder_count':'MIG_DEC',
 'gpu/mig_device/device_attributes/shared/ofa_count':'MIG_OFA',
 'gpu/mig_device/device_attributes/shared/jpg_count':'MIG_JPG',
 'gpu/mig_device/ecc_error_count/volatile_count/sram_uncorrectable':'MIG_ECC',
 'gpu/mig_device/fb_memory_usage/total':'MIG_FB_TOTAL','gpu/mig_device/fb_memory_usage/reserved':'MIG_FB_RESERVED',
 'gpu/mig_device/fb_memory_usage/used':'MIG_FB_USED','gpu/mig_device/fb_memory_usage/free':'MIG_FB_FREE',
 'gpu/mig_device/bar1_memory_usage/total':'MIG_BAR1_TOTAL','gpu/mig_device/bar1_memory_usage/used':'MIG_BAR1_USED',
 'gpu/mig_device/bar1_memory_usage/free':'MIG_BAR1_FREE',
 'gpu/processes/process_info/gpu_instance_id':'PROC_GI','gpu/processes/process_info/compute_instance_id':'PROC_CI',
 'gpu/processes/process_info/pid':'PROC_PID','gpu/processes/process_info/type':'PROC_TYPE',
 'gpu/processes/process_info/process_name':'PROC_NAME','gpu/processes/process_info/used_memory':'PROC_MEM',
}

def files(ver, kind):
    # one GPU per capture: the two-GPU node's output repeats the GPU section
    return sorted(f for f in glob.glob(f'{CAP}/{ver}.*.{kind}.out') if '.two.' not in f)

def text_rows(fn):
    """[(part, depth, kind, name, val, lit)] with MIG devices and processes cut out."""
    rows = []
    seen_mig = 0
    lines = open(fn).read().split('\n')
    if lines and lines[-1] == '': lines.pop()
    ingpu = False
    for it in parse_text(lines):
        if it[0] == 'RAW':
            rows.append(('GPU' if ingpu else 'HEAD', 0, 'raw', it[1], 'LIT', None)); continue
        path, d, lab, val = it
        if path.startswith('GPU '):
            parts = path.split('/'); parts[0] = 'GPU'; path = '/'.join(parts)
            if d == 0:
                ingpu = True
                rows.append(('GPU', 0, 'gpu', 'GPU', 'GPU_ID', None)); continue
        part = 'GPU' if ingpu else 'HEAD'
        if d == 1 and lab == 'MIG Device':
            seen_mig += 1
            if seen_mig == 1: rows.append(('GPU', 1, 'block', 'MIG', 'BLOCK_MIG', None))
        if path.startswith('GPU/MIG Device'):
            if seen_mig > 1: continue
            part = 'MIG'
        if path == 'GPU/Processes':
            rows.append(('GPU', 1, 'block', 'PROC', 'BLOCK_PROC', None))
            if val is not None:  # "None"
                rows.append(('PROC_NONE', d, 'value', lab, 'LIT', val))
            else:
                rows.append(('PROC_HEAD', d, 'head', lab, None, None))
            continue
        if path.startswith('GPU/Processes/'):
            part = 'PROC'
        kind = 'head' if val is None else 'value'
        vid = None
        if val is not None:
            vid = TEXT_VALS.get(path)
            lit = val
            if vid is None:
                vid = 'LIT'
        rows.append((part, d, kind, lab, vid, val if vid == 'LIT' else None, val not in (None, 'N/A')))
    return rows

def xml_rows(fn):
    rows = []
    in_mig = in_proc = 0
    nmig = nproc = 0
    lines = open(fn).read().split('\n')
    if lines and lines[-1] == '': lines.pop()
    items = parse_xml(lines)
    sec = 'HEAD'
    i = 0
    while i < len(items):
        path, d, k, t, v = items[i]
        i += 1
        p = path.split('/', 1)[1] if '/' in path else path
        if k == 'raw':
            if t == 'None' and in_mig:
                rows.append(('MIG_NONE', d, 'raw', t, 'LIT', None)); continue
            rows.append((sec, d, 'raw', t, 'LIT', None))
            if sec == 'GPU' and t == '' and items[i-2][3] == 'gpu': sec = 'FOOT'
            continue
        if k == 'open' and t == 'gpu' and d == 1:
            sec = 'GPU'
            rows.append(('GPU', d, 'gpuopen', t, 'GPU_ID', None)); continue
        if sec != 'GPU':
            rows.append((sec, d, k, t, XML_VALS.get(p) if k == 'leaf' else None, None, v != 'N/A')); continue
        if k == 'open' and t == 'mig_devices':
            rows.append(('GPU', d, 'block', 'MIG', 'BLOCK_MIG', None))
            # look ahead: None or devices
            in_mig = 1
            nxt = items[i]
            rows.append(('MIG_NONE' if nxt[2] == 'raw' else 'MIG_HEAD', d, 'open', t, None, None))
            continue
        if k == 'close' and t == 'mig_devices':
            rows.append(('MIG_NONE' if in_mig == 1 and nmig == 0 else 'MIG_TAIL', d, 'close', t, None, None))
            in_mig = 0; continue
        if in_mig:
            if k == 'open' and t == 'mig_device': nmig += 1
            if nmig > 1: continue
            vid = XML_VALS.get(p) if k == 'leaf' else None
            if k == 'leaf' and vid is None: vid = 'LIT'
            rows.append(('MIG', d, k, t, vid, v if vid == 'LIT' else None, v != 'N/A')); continue
        if k == 'open' and t == 'processes':
            rows.append(('GPU', d, 'block', 'PROC', 'BLOCK_PROC', None))
            in_proc = 1
            empty = items[i][2] == 'close'
            rows.append(('PROC_NONE' if empty else 'PROC_HEAD', d, 'open', t, None, None)); continue
        if k == 'close' and t == 'processes':
            rows.append(('PROC_NONE' if nproc == 0 else 'PROC_TAIL', d, 'close', t, None, None)); in_proc = 0; continue
        if in_proc:
            if k == 'open' and t == 'process_info': nproc += 1
            if nproc > 1: continue
            vid = XML_VALS.get(p) if k == 'leaf' else None
            if k == 'leaf' and vid is None: vid = 'LIT'
            rows.append(('PROC', d, k, t, vid, v if vid == 'LIT' else None, v != 'N/A')); continue
        vid = XML_VALS.get(p) if k == 'leaf' else None
        if k == 'leaf' and vid is None: vid = 'LIT'
        rows.append(('GPU', d, k, t, vid, v if vid == 'LIT' else None, v != 'N/A'))
    return rows


def variants(ver, kind, fn_rows, fl=None, demote=True):
    """Merge the row lists of every capture of one version (states differ in blocks)."""
    merged = None
    for f in (fl if fl is not None else files(ver, kind)):
        rows = fn_rows(f)
        # drop the MIG-device section when absent in text (no rows) - nothing to do
        rows = [tuple(r) + ((True,) if len(r) == 6 else ()) for r in rows]
        if merged is None: merged = rows; continue
        merged = merge_seq(merged, rows)
    # a mapped line that is N/A in every capture of the branch: the branch asks NVML
    # something our library refuses, so it is N/A there whatever the model says
    return [r[:4] + ('NA' if demote and r[4] not in (None, 'LIT', 'BLOCK_MIG', 'BLOCK_PROC', 'GPU_ID') and not r[6] else r[4], r[5]) for r in merged]

def key(r):
    return r[:7] if len(r) > 6 and isinstance(r[6], frozenset) else r[:6]

# -d's display types, in nvidia-smi's order; FULL: a line of -q without -d
FILTERS = ['MEMORY', 'UTILIZATION', 'ECC', 'TEMPERATURE', 'POWER', 'CLOCK', 'COMPUTE', 'PIDS',
           'PERFORMANCE', 'SUPPORTED_CLOCKS', 'PAGE_RETIREMENT', 'ACCOUNTING', 'ENCODER_STATS',
           'SUPPORTED_GPU_TARGET_TEMP', 'VOLTAGE', 'FBC_STATS', 'ROW_REMAPPER', 'RESET_STATUS',
           'GSP_FIRMWARE_VERSION']

def path_keys(rows):
    """Each row's key with the titles above it, so that -d's lines align by section."""
    out, stack = [], []
    for r in rows:
        part, d, kind, name = r[0], r[1], r[2], r[3]
        if kind in ('head', 'value', 'gpu', 'block'):
            stack = stack[:d] + [name]
        out.append(r[:6] + (part + ':' + '/'.join(stack[:d]),))
    return out

def add_filters(ver, base):
    """Tag each line with the -d types that print it; lines only -d prints are added."""
    rows = [r + (frozenset({'FULL'}),) for r in base]
    accepted = {'FULL'}
    for F in FILTERS:
        fl = [f for f in sorted(glob.glob(f'{CAP}/{ver}.*.q.{F}.out')) if '.two.' not in f and
              'NVSMI LOG' in open(f).read()]
        if not fl:
            continue
        accepted.add(F)
        # -d's captures may lack a state; whether a line is N/A is the full -q's to say
        drows = variants(ver, 'q', text_rows, fl, demote=False)
        a = path_keys([r[:6] for r in rows])
        vids = {k[:4] + k[5:]: k[4] for k in a}
        drows = [r[:4] + (vids.get(k[:4] + k[5:], r[4]),) + r[5:] for r, k in zip(drows, path_keys(drows))]
        b = path_keys(drows)
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        out = []
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == 'equal':
                out += [r[:6] + (r[6] | {F},) for r in rows[i1:i2]]
            else:
                out += rows[i1:i2]
                out += [r + (frozenset({F}),) for r in drows[j1:j2]]
        rows = out
    # a line every type prints (the head, the GPU's line): ALL, whichever types the branch knows
    # the lines of a MIG device or a process print with their block, whatever -d says
    return [r[:6] + (frozenset({'ALL'}),) if r[6] >= accepted else
            r[:6] + (frozenset({'FULL'}),) if r[0] not in ('HEAD', 'GPU', 'FOOT') else r for r in rows]

def merge_seq(a, b):
    sm = difflib.SequenceMatcher(None, [key(x) for x in a], [key(x) for x in b], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == 'equal':
            out += [x[:6] + (x[6] or y[6],) for x, y in zip(a[i1:i2], b[j1:j2])]
        else:
            out += a[i1:i2]; out += b[j1:j2]
    return out

def merge_branches(per):
    """per: [(branch, rows)] -> [(mask set, row)]"""
    acc = []
    for br, rows in per:
        if not acc:
            acc = [({br}, r) for r in rows]; continue
        sm = difflib.SequenceMatcher(None, [key(x[1]) for x in acc], [key(x) for x in rows], autojunk=False)
        out = []
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == 'equal':
                for k in range(i2 - i1):
                    m, r = acc[i1 + k]; out.append((m | {br}, r))
            else:
                out += acc[i1:i2]
                out += [({br}, r) for r in rows[j1:j2]]
        acc = out
    return acc

def cstr(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def emit(name, rows, allbr):
    print(f'const smi_q_row {name}[] = {{')
    for m, (part, d, k, nm, vid, lit, groups) in rows:
        gs = ' | '.join('QD_' + g for g in ['ALL', 'FULL'] + FILTERS if g in groups)
        mask = 'Q_ALL' if m == allbr else ' | '.join('Q_' + b for b, _ in BR if b in m)
        val = 'QV_' + (vid or 'NONE')
        if vid == 'LIT' and lit == 'N/A': val = 'QV_NA'; lit = None
        if vid == 'NA': lit = None
        print(f'\t{{ {mask}, QP_{part}, {d}, QK_{k.upper()}, {val}, {gs}, {cstr(nm)}, {cstr(lit) if lit is not None else "NULL"} }},')
    print('};')
    print(f'const size_t {name}_count = sizeof({name}) / sizeof({name}[0]);')

allbr = {b for b, _ in BR}
text = merge_branches([(b, add_filters(v, variants(v, 'q', text_rows))) for b, v in BR])
xml = merge_branches([(b, [r + (frozenset({'FULL'}),) for r in variants(v, 'qx', xml_rows)]) for b, v in BR])
for m, r in text + xml:
    if r[4] == 'LIT' and r[5] not in (None, 'N/A') and r[2] != 'raw':
        print('/* literal:', sorted(m), r, '*/', file=sys.stderr)
print('''/*
 * smi_q_table.c - the lines of nvidia-smi -q (smi_q_text) and -q -x
 * (smi_q_xml) for each driver branch, as data (smi_q.h).
 *
 * Generated by scripts/gen-smi-q-table.py from the real binaries' output
 * over our libnvidia-ml.so.1 (470.256.02, 525.147.05, 535.216.03,
 * 550.163.01, 555.58.02; docs/cli-smi.md "-q").  Regenerate, do not edit.
 */
#include "smi_q.h"
''')
emit('smi_q_text', text, allbr)
print()
emit('smi_q_xml', xml, allbr)
