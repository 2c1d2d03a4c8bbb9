/*
 * main.c - cbmon entry point.  Start-up is a table: each row registers one
 * callback and names the function that takes it off again.
 */
#include "cbmon.h"

CBMON_COUNTS g_Counts;
PDRIVER_OBJECT g_DriverObject;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CbmonUnload;

typedef struct _CBMON_STEP {
    PCSTR         Name;
    CBMON_INIT_FN Init;
    CBMON_UNDO_FN Undo;
} CBMON_STEP;

static const CBMON_STEP g_Steps[] = {
    { "process",  CbRegisterProcess,  CbUnregisterProcess  },
    { "thread",   CbRegisterThread,   NULL                 },
    { "image",    CbRegisterImage,    CbUnregisterImage    },
    { "registry", CbRegisterRegistry, CbUnregisterRegistry },
};

VOID
CbmonUnload(PDRIVER_OBJECT DriverObject)
{
    int i;

    UNREFERENCED_PARAMETER(DriverObject);

    for (i = (int)RTL_NUMBER_OF(g_Steps) - 1; i >= 0; i--) {
        if (g_Steps[i].Undo != NULL) {
            g_Steps[i].Undo();
            LOG("removed %s callback", g_Steps[i].Name);
        }
    }

    LOG("totals: proc +%ld -%ld, thread +%ld -%ld, images %ld, registry %ld",
        g_Counts.ProcessCreate, g_Counts.ProcessExit,
        g_Counts.ThreadCreate, g_Counts.ThreadExit,
        g_Counts.ImageLoad, g_Counts.RegistryOps);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    int i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_DriverObject = DriverObject;
    RtlZeroMemory(&g_Counts, sizeof(g_Counts));

    for (i = 0; i < (int)RTL_NUMBER_OF(g_Steps); i++) {
        status = g_Steps[i].Init();
        if (!NT_SUCCESS(status)) {
            LOG("%s callback failed: 0x%08X", g_Steps[i].Name, status);
            /* take back the ones that went in before this one */
            while (--i > 0) {
                if (g_Steps[i].Undo != NULL) {
                    g_Steps[i].Undo();
                }
            }
            return status;
        }
        LOG("%s callback registered", g_Steps[i].Name);
    }

    DriverObject->DriverUnload = CbmonUnload;
    return STATUS_SUCCESS;
}
