/*
 * msr.c - CPUID/MSR helpers. Everything here runs on the current processor.
 */
#include "lbrdbg.h"

#define CPUID_FEATURE_PDCM      (1u << 15)     /* ecx, leaf 1 */
#define CPUID_FEATURE_DS        (1u << 21)     /* edx, leaf 1 */

static ULONG
LbrDepthFromModel(
    _In_ ULONG Family,
    _In_ ULONG Model
    )
{
    if (Family != 6) {
        return 0;
    }

    switch (Model) {
    case 0x1A: case 0x1E: case 0x1F: case 0x2E:        /* Nehalem */
    case 0x25: case 0x2C: case 0x2F:                    /* Westmere */
    case 0x2A: case 0x2D:                               /* Sandy Bridge */
    case 0x3A: case 0x3E:                               /* Ivy Bridge */
    case 0x3C: case 0x3F: case 0x45: case 0x46:         /* Haswell */
        return 16;
    case 0x3D: case 0x47: case 0x4F: case 0x56:         /* Broadwell */
        return 16;
    case 0x4E: case 0x5E: case 0x55:                    /* Skylake */
    case 0x8E: case 0x9E:                               /* Kaby/Coffee Lake */
    case 0x66: case 0x6A: case 0x6C: case 0x7D: case 0x7E:
        return 32;
    default:
        return 8;
    }
}

ULONG
LbrQueryDepth(
    VOID
    )
{
    int regs[4];
    ULONG family;
    ULONG model;

    __cpuid(regs, 1);
    family = ((ULONG)regs[0] >> 8) & 0xF;
    model = ((ULONG)regs[0] >> 4) & 0xF;
    if (family == 6 || family == 0xF) {
        model |= (((ULONG)regs[0] >> 16) & 0xF) << 4;
    }
    return LbrDepthFromModel(family, model);
}

_Use_decl_annotations_
NTSTATUS
LbrCheckProcessor(
    PLBR_INIT_CONTEXT Context
    )
{
    int regs[4];
    char vendor[13];

    UNREFERENCED_PARAMETER(Context);

    __cpuid(regs, 0);
    *(int *)&vendor[0] = regs[1];
    *(int *)&vendor[4] = regs[3];
    *(int *)&vendor[8] = regs[2];
    vendor[12] = '\0';

    if (strcmp(vendor, "GenuineIntel") != 0) {
        LbrPrint(DPFLTR_ERROR_LEVEL, "unsupported vendor %s\n", vendor);
        return STATUS_NOT_SUPPORTED;
    }

    __cpuid(regs, 1);
    if (((ULONG)regs[3] & CPUID_FEATURE_DS) == 0) {
        return STATUS_NOT_SUPPORTED;
    }

    g_Lbr.Depth = LbrQueryDepth();
    if (g_Lbr.Depth == 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (g_Lbr.Depth > LBR_MAX_DEPTH) {
        g_Lbr.Depth = LBR_MAX_DEPTH;
    }
    return STATUS_SUCCESS;
}

VOID
LbrCaptureLocal(
    PLBR_SNAPSHOT Snapshot,
    ULONG Reason
    )
{
    ULONG tos;
    ULONG i;
    ULONG depth = g_Lbr.Depth;

    Snapshot->Tsc = __rdtsc();
    Snapshot->Reason = Reason;
    Snapshot->Depth = depth;

    tos = (ULONG)__readmsr(MSR_LASTBRANCH_TOS) & (depth - 1);

    /* newest first */
    for (i = 0; i < depth; i++) {
        ULONG idx = (tos + depth - i) & (depth - 1);
        Snapshot->Records[i].From = __readmsr(MSR_LASTBRANCH_0_FROM + idx);
        Snapshot->Records[i].To   = __readmsr(MSR_LASTBRANCH_0_TO + idx);
    }
}
