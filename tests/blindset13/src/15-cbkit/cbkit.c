/*
 * cbkit.c - registration and removal of the notify routines.
 */
#include "cbkit.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CbUnload;

VOID CbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

#ifdef CBKIT_IMAGE_NOTIFY
    if (g_Cb.Flags & CBF_IMAGE) {
        PsRemoveLoadImageNotifyRoutine(CbImageNotify);
    }
#endif
    if (g_Cb.Flags & CBF_THREAD) {
        PsRemoveCreateThreadNotifyRoutine(CbThreadNotify);
    }
    if (g_Cb.Flags & CBF_PROCESS) {
        PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, TRUE);
    }
    g_Cb.Flags = 0;
    LOG("unloaded, %lu processes still tracked", g_Cb.Used);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    RETURN_IF_FAIL(CbInitState());

    RETURN_IF_FAIL(PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, FALSE));
    g_Cb.Flags |= CBF_PROCESS;

    RETURN_IF_FAIL(PsSetCreateThreadNotifyRoutine(CbThreadNotify));
    g_Cb.Flags |= CBF_THREAD;

#if defined(CBKIT_WATCH_IMAGES)
    {
        NTSTATUS status = PsSetLoadImageNotifyRoutine(CbImageNotify);
        if (!NT_SUCCESS(status)) {
            LOG("PsSetLoadImageNotifyRoutine failed: 0x%08X", status);
            PsRemoveCreateThreadNotifyRoutine(CbThreadNotify);
            PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, TRUE);
            g_Cb.Flags = 0;
            return status;
        }
        g_Cb.Flags |= CBF_IMAGE;
    }
#endif

    DriverObject->DriverUnload = CbUnload;
    LOG("loaded, flags 0x%lx", g_Cb.Flags);
    return STATUS_SUCCESS;
}
