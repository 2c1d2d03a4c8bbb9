// procwatch.c - DriverEntry / DriverUnload
#include "procwatch.h"

LIST_ENTRY      g_ProcList;
FAST_MUTEX      g_ProcListLock;
ULONG           g_ProcCount = 0;
LARGE_INTEGER   g_CmCookie = { 0 };
PVOID           g_ObHandle = NULL;
HANDLE          g_ProtectedPid = NULL;

static BOOLEAN  g_ProcNotifyRegistered = FALSE;
static BOOLEAN  g_CmRegistered = FALSE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     MonUnload;

// Undo whatever DriverEntry managed to register.  Used by Unload and by
// DriverEntry's own failure path.
static VOID MonTeardown(VOID)
{
    if (g_ObHandle != NULL) {
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = NULL;
    }
    if (g_CmRegistered) {
        CmUnRegisterCallback(g_CmCookie);
        g_CmRegistered = FALSE;
    }
    if (g_ProcNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(MonProcessNotify, TRUE);
        g_ProcNotifyRegistered = FALSE;
    }
}

VOID MonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    MonTeardown();
    MonFreeProcList();
    PW_LOG("unloaded, %lu processes were still tracked", g_ProcCount);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    OB_OPERATION_REGISTRATION opReg;
    OB_CALLBACK_REGISTRATION cbReg;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(PW_ALTITUDE);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    PW_LOG("DriverEntry");

    // 1. process creation / exit
    status = PsSetCreateProcessNotifyRoutineEx(MonProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X (missing /INTEGRITYCHECK?)", status);
        return status;
    }

    // 2. registry
    status = CmRegisterCallbackEx(MonRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        PW_LOG("CmRegisterCallbackEx failed 0x%08X", status);
        goto fail;
    }
    g_ProcNotifyRegistered = TRUE;
    g_CmRegistered = TRUE;

    // 3. handle opens on processes
    RtlZeroMemory(&opReg, sizeof(opReg));
    opReg.ObjectType = PsProcessType;
    opReg.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    opReg.PreOperation = MonPreOpenProcess;
    opReg.PostOperation = NULL;

    RtlZeroMemory(&cbReg, sizeof(cbReg));
    cbReg.Version = OB_FLT_REGISTRATION_VERSION;
    cbReg.OperationRegistrationCount = 1;
    cbReg.Altitude = altitude;
    cbReg.RegistrationContext = NULL;
    cbReg.OperationRegistration = &opReg;

    status = ObRegisterCallbacks(&cbReg, &g_ObHandle);
    if (!NT_SUCCESS(status)) {
        PW_LOG("ObRegisterCallbacks failed 0x%08X", status);
        g_ObHandle = NULL;
        goto fail;
    }

    // process tracking list used by the notify routine
    InitializeListHead(&g_ProcList);
    ExInitializeFastMutex(&g_ProcListLock);
    g_ProcCount = 0;

    DriverObject->DriverUnload = MonUnload;
    PW_LOG("loaded");
    return STATUS_SUCCESS;

fail:
    MonTeardown();
    return status;
}
