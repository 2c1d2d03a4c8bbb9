// regsnap: keeps a copy of the last value written to any key under
// \REGISTRY\MACHINE\SOFTWARE\RegSnap in a preallocated buffer.
// (uses old-school "status < 0" checks, habit from user-mode NT code)

#include <ntddk.h>

#define SNAP_TAG  'panS'
#define SNAP_SIZE 4096

typedef struct _SNAP {
    FAST_MUTEX Lock;
    ULONG  Length;
    PUCHAR Buffer;
} SNAP;

static SNAP Snap;
static LARGE_INTEGER SnapCookie;

static NTSTATUS SnapCallback(PVOID Ctx, PVOID A1, PVOID A2)
{
    PREG_SET_VALUE_KEY_INFORMATION set;
    PCUNICODE_STRING keyName;
    UNICODE_STRING prefix = RTL_CONSTANT_STRING(L"\\REGISTRY\\MACHINE\\SOFTWARE\\RegSnap");

    UNREFERENCED_PARAMETER(Ctx);

    if ((REG_NOTIFY_CLASS)(ULONG_PTR)A1 != RegNtPreSetValueKey)
        return STATUS_SUCCESS;

    set = (PREG_SET_VALUE_KEY_INFORMATION)A2;
    if (CmCallbackGetKeyObjectIDEx(&SnapCookie, set->Object, NULL, &keyName, 0) < 0)
        return STATUS_SUCCESS;

    if (RtlPrefixUnicodeString(&prefix, keyName, TRUE) && set->DataSize <= SNAP_SIZE) {
        __try {
            ExAcquireFastMutex(&Snap.Lock);
            RtlCopyMemory(Snap.Buffer, set->Data, set->DataSize);
            Snap.Length = set->DataSize;
            ExReleaseFastMutex(&Snap.Lock);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Snap.Length = 0;
            ExReleaseFastMutex(&Snap.Lock);
        }
    }
    CmCallbackReleaseKeyObjectIDEx(keyName);
    return STATUS_SUCCESS;
}

static VOID SnapUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CmUnRegisterCallback(SnapCookie);
    if (Snap.Buffer)
        ExFreePoolWithTag(Snap.Buffer, SNAP_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"371234");

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeFastMutex(&Snap.Lock);
    Snap.Length = 0;
    Snap.Buffer = NULL;

    status = CmRegisterCallbackEx(SnapCallback, &altitude, DriverObject, NULL, &SnapCookie, NULL);
    if (status < 0)
        return status;

    Snap.Buffer = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, SNAP_SIZE, SNAP_TAG);
    if (Snap.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    DriverObject->DriverUnload = SnapUnload;
    return STATUS_SUCCESS;
}
