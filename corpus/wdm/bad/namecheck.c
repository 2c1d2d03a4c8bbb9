/*
 * namecheck.c - an image monitor that counts loads of one image whose name
 * it keeps in a global UNICODE_STRING. The notify routine compares it
 * without a test of its buffer, and the unload routine frees the buffer
 * before it removes the routine, which may still run until then.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NcUnload;

#define NC_TAG 'cNcN'

static UNICODE_STRING g_NcWatched;
static volatile LONG g_NcHits;

static BOOLEAN NcMatches(PCUNICODE_STRING Pattern, PCUNICODE_STRING Name)
{
    if (Name == NULL)
        return FALSE;
    return RtlEqualUnicodeString(Pattern, Name, TRUE);
}

static VOID NcImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    if (NcMatches(&g_NcWatched, FullImageName))
        InterlockedIncrement(&g_NcHits);
}

VOID NcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_NcWatched.Buffer, NC_TAG);     // expect: DE022
    PsRemoveLoadImageNotifyRoutine(NcImageNotify);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\SystemRoot\\System32\\notepad.exe");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    g_NcWatched.Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, name.Length, NC_TAG);
    if (g_NcWatched.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_NcWatched.Length = 0;
    g_NcWatched.MaximumLength = name.Length;
    RtlCopyUnicodeString(&g_NcWatched, &name);

    status = PsSetLoadImageNotifyRoutine(NcImageNotify);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_NcWatched.Buffer, NC_TAG);
        return status;
    }
    DriverObject->DriverUnload = NcUnload;
    return STATUS_SUCCESS;
}
