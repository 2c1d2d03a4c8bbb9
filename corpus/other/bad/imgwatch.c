/*
 * imgwatch.c - boot-start driver of a license-compliance agent: it records
 * which images are loaded (load-image notify) and which registry keys the
 * licensed products touch (registry callback). Like procaudit it has no
 * devices and, by policy, no DriverUnload.
 *
 * BUG (DE005): both registrations share one status variable; the status of
 * CmRegisterCallbackEx is overwritten by PsSetLoadImageNotifyRoutine's
 * before anyone looks at it. If the registry callback failed, the driver
 * loads without it (and the error path below unregisters a cookie that was
 * never returned).
 */

#include <ntddk.h>

#define IMGWATCH_ALTITUDE   L"385215"
#define IMGWATCH_MAX_EXCL   8

static LARGE_INTEGER IwCmCookie;
static ULONG IwExclusionCount;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS NTAPI IwRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1,
                                         _In_opt_ PVOID Argument2);
static VOID NTAPI IwImageLoad(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                              _In_ PIMAGE_INFO ImageInfo);

/* Counts the entries of the optional REG_MULTI_SZ "Exclusions". */
static ULONG
IwCountExclusions(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING exclusions = { 0, 0, NULL };
    RTL_QUERY_REGISTRY_TABLE table[2];
    PCWSTR p;
    ULONG count = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_NOEXPAND;
    table[0].Name         = L"Exclusions";
    table[0].EntryContext = &exclusions;

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL)) ||
        exclusions.Buffer == NULL) {
        return 0;
    }

    /* The value comes from an admin-written key: walk it under SEH. */
    __try {
        for (p = exclusions.Buffer; *p != UNICODE_NULL && count < IMGWATCH_MAX_EXCL;
             p += wcslen(p) + 1) {
            count++;
        }
    } __finally {
        RtlFreeUnicodeString(&exclusions);
    }
    return count;
}

NTSTATUS
DriverEntry(                                            // expect-entry: other
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(IMGWATCH_ALTITUDE);
    NTSTATUS status;

    IwExclusionCount = IwCountExclusions(RegistryPath);

    status = CmRegisterCallbackEx(IwRegistryCallback, &altitude, DriverObject,   // expect: DE005
                                  NULL, &IwCmCookie, NULL);
    status = PsSetLoadImageNotifyRoutine(IwImageLoad);
    if (!NT_SUCCESS(status)) {
        CmUnRegisterCallback(IwCmCookie);
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI
IwRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    return STATUS_SUCCESS;
}

static VOID NTAPI
IwImageLoad(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
            _In_ PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    /* Record keeping elided in this excerpt. */
}
