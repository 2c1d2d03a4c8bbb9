/*
 * callbacks.c - the callbacks and their register/unregister helpers
 */
#include "cbmon.h"

static LARGE_INTEGER g_RegCookie;
static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(CBMON_ALTITUDE);

static VOID
CbProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        InterlockedIncrement(&g_Counts.ProcessCreate);
        if (CreateInfo->ImageFileName != NULL) {
            LOG("+ %p %wZ", ProcessId, CreateInfo->ImageFileName);
        }
    } else {
        InterlockedIncrement(&g_Counts.ProcessExit);
    }
}

static VOID
CbThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);

    if (Create) {
        InterlockedIncrement(&g_Counts.ThreadCreate);
    } else {
        InterlockedIncrement(&g_Counts.ThreadExit);
    }
}

static VOID
CbImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ProcessId);

    InterlockedIncrement(&g_Counts.ImageLoad);
    if (ImageInfo->SystemModeImage && FullImageName != NULL) {
        LOG("driver image %wZ", FullImageName);
    }
}

static NTSTATUS
CbRegistryNotify(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);

    InterlockedIncrement(&g_Counts.RegistryOps);
    return STATUS_SUCCESS;
}

NTSTATUS
CbRegisterProcess(VOID)
{
    return PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, FALSE);
}

VOID
CbUnregisterProcess(VOID)
{
    PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, TRUE);
}

NTSTATUS
CbRegisterThread(VOID)
{
    return PsSetCreateThreadNotifyRoutine(CbThreadNotify);
}

NTSTATUS
CbRegisterImage(VOID)
{
    return PsSetLoadImageNotifyRoutine(CbImageNotify);
}

VOID
CbUnregisterImage(VOID)
{
    PsRemoveLoadImageNotifyRoutine(CbImageNotify);
}

NTSTATUS
CbRegisterRegistry(VOID)
{
    return CmRegisterCallbackEx(CbRegistryNotify, &g_Altitude, g_DriverObject,
                                NULL, &g_RegCookie, NULL);
}

VOID
CbUnregisterRegistry(VOID)
{
    CmUnRegisterCallback(g_RegCookie);
}
