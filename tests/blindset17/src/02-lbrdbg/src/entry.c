/*
 * entry.c - driver entry and unload for lbrdbg.sys.
 *
 * Initialization is a table of components brought up in order; the number
 * brought up so far is the only state the teardown needs, so DriverEntry's
 * failure path and DriverUnload share LbrTeardown().
 */
#include "lbrdbg.h"

LBR_GLOBALS g_Lbr;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD LbrUnload;

#define LBR_COMPONENT_OPTIONAL  0x1

typedef struct _LBR_COMPONENT {
    PCSTR        Name;
    LBR_INIT_FN *Init;
    LBR_FINI_FN *Fini;
    ULONG        Flags;
} LBR_COMPONENT;

static const LBR_COMPONENT g_Components[] = {
    { "cpu",        LbrCheckProcessor,            NULL,                           0 },
    { "percpu",     LbrAllocatePerCpu,            LbrFreePerCpu,                  0 },
    { "hotadd",     LbrRegisterProcessorCallback, LbrDeregisterProcessorCallback, 0 },
    { "nmi",        LbrRegisterNmi,               LbrDeregisterNmi,               0 },
    { "enable",     LbrEnableAll,                 LbrDisableAll,                  0 },
    { "bugcheck",   LbrRegisterBugcheck,          LbrDeregisterBugcheck,          LBR_COMPONENT_OPTIONAL },
    { "device",     LbrCreateControlDevice,       LbrDeleteControlDevice,         0 },
};

static ULONG   g_ComponentsUp;
static BOOLEAN g_ComponentLive[RTL_NUMBER_OF(g_Components)];
static LBR_INIT_CONTEXT g_InitContext;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LbrUnload)
#endif

static VOID
LbrTeardown(
    VOID
    )
{
    while (g_ComponentsUp != 0) {
        const LBR_COMPONENT *c;

        g_ComponentsUp--;
        c = &g_Components[g_ComponentsUp];

        if (c->Fini != NULL && g_ComponentLive[g_ComponentsUp]) {
            LbrPrint(DPFLTR_INFO_LEVEL, "stopping %s\n", c->Name);
            c->Fini(&g_InitContext);
        }
        g_ComponentLive[g_ComponentsUp] = FALSE;
    }
}

static VOID
LbrReadParameters(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG defaultOff = 0;
    UNICODE_STRING parameters;
    WCHAR buffer[256];
    NTSTATUS status;

    g_Lbr.EnableBugcheckDump = 1;
    g_Lbr.FreezeOnPmi = 0;

    RtlInitEmptyUnicodeString(&parameters, buffer, sizeof(buffer));
    if (!NT_SUCCESS(RtlAppendUnicodeStringToString(&parameters, RegistryPath)) ||
        !NT_SUCCESS(RtlAppendUnicodeToString(&parameters, L"\\Parameters"))) {
        return;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"BugcheckDump";
    table[0].EntryContext = &g_Lbr.EnableBugcheckDump;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &g_Lbr.EnableBugcheckDump;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"FreezeOnPmi";
    table[1].EntryContext = &g_Lbr.FreezeOnPmi;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultOff;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    parameters.Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        LbrPrint(DPFLTR_WARNING_LEVEL, "no parameters (0x%08X), using defaults\n", status);
    }
}

_Use_decl_annotations_
static VOID
LbrUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LbrTeardown();
    LbrPrint(DPFLTR_INFO_LEVEL, "unloaded\n");
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    RtlZeroMemory(&g_Lbr, sizeof(g_Lbr));
    g_ComponentsUp = 0;

    g_InitContext.DriverObject = DriverObject;
    g_InitContext.RegistryPath = NULL;

    LbrReadParameters(RegistryPath);

    for (i = 0; i < RTL_NUMBER_OF(g_Components); i++) {
        const LBR_COMPONENT *c = &g_Components[i];

        status = c->Init(&g_InitContext);
        if (!NT_SUCCESS(status)) {
            if (c->Flags & LBR_COMPONENT_OPTIONAL) {
                LbrPrint(DPFLTR_WARNING_LEVEL, "optional component %s unavailable (0x%08X)\n",
                         c->Name, status);
                g_ComponentLive[i] = FALSE;
                g_ComponentsUp++;
                status = STATUS_SUCCESS;
                continue;
            }

            LbrPrint(DPFLTR_ERROR_LEVEL, "component %s failed (0x%08X)\n", c->Name, status);
            LbrTeardown();
            return status;
        }

        g_ComponentLive[i] = TRUE;
        g_ComponentsUp++;
    }

    DriverObject->DriverUnload = LbrUnload;

    LbrPrint(DPFLTR_INFO_LEVEL, "capturing %lu branches on %lu processors\n",
             g_Lbr.Depth, g_Lbr.CpuCount);
    return status;
}
