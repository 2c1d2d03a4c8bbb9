/*
 * hubbits.c - "sysaudit": a monitor that registers a process notify
 * routine, an image notify routine and a registry callback, keeps what it
 * registered as bits of a flag word in its global state, and undoes them in
 * a helper given the state's address (`AuUndo(&g_Audit)`), on DriverEntry's
 * failure path and in unload. The helper tests the bits through its
 * parameter: they are the global's bits, set by DriverEntry before the call
 * (a false DE006 before: a global's members were not followed into a helper
 * given its address, so a path took the image bit as clear after it was set).
 */

#include <ntddk.h>

#define AU_PROCESS  0x1u
#define AU_IMAGE    0x2u
#define AU_REGISTRY 0x4u

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AuUnload;

typedef struct _AU_STATE {
    ULONG Registered;
    LARGE_INTEGER RegCookie;
    volatile LONG Events;
} AU_STATE, *PAU_STATE;

static AU_STATE g_Audit;
static UNICODE_STRING g_AuAltitude = RTL_CONSTANT_STRING(L"385210");

static VOID AuOnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Pid);
    UNREFERENCED_PARAMETER(Info);
    InterlockedIncrement(&g_Audit.Events);
}

static VOID AuOnImage(PUNICODE_STRING Name, HANDLE Pid, PIMAGE_INFO Info)
{
    UNREFERENCED_PARAMETER(Name);
    UNREFERENCED_PARAMETER(Pid);
    UNREFERENCED_PARAMETER(Info);
    InterlockedIncrement(&g_Audit.Events);
}

static NTSTATUS AuOnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

/* Undoes what the bits say; shared by the failure path and unload. */
static VOID AuUndo(PAU_STATE State)
{
    if (State->Registered & AU_REGISTRY) {
        CmUnRegisterCallback(State->RegCookie);
        State->Registered &= ~AU_REGISTRY;
    }
    if (State->Registered & AU_IMAGE) {
        PsRemoveLoadImageNotifyRoutine(AuOnImage);
        State->Registered &= ~AU_IMAGE;
    }
    if (State->Registered & AU_PROCESS) {
        PsSetCreateProcessNotifyRoutineEx(AuOnProcess, TRUE);
        State->Registered &= ~AU_PROCESS;
    }
}

VOID AuUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    AuUndo(&g_Audit);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = PsSetCreateProcessNotifyRoutineEx(AuOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Audit.Registered |= AU_PROCESS;

    status = PsSetLoadImageNotifyRoutine(AuOnImage);
    if (!NT_SUCCESS(status)) {
        goto Undo;
    }
    g_Audit.Registered |= AU_IMAGE;

    status = CmRegisterCallbackEx(AuOnRegistry, &g_AuAltitude, DriverObject, NULL,
                                  &g_Audit.RegCookie, NULL);
    if (!NT_SUCCESS(status)) {
        goto Undo;
    }
    g_Audit.Registered |= AU_REGISTRY;

    DriverObject->DriverUnload = AuUnload;
    return STATUS_SUCCESS;

Undo:
    AuUndo(&g_Audit);
    return status;
}
