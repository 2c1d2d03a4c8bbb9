/*
 * growpath.c - "cntsave": a driver that keeps a copy of its service key's
 * path to write a counter back at unload. The first copy is made by a
 * helper; DriverEntry then grows it by one character for the terminating
 * NUL, frees the old buffer and keeps the new one in the same global, which
 * its failure path frees (a false DE006 before: the free of the global was
 * taken as the old buffer's, already freed, and the new one as left).
 */

#include <ntddk.h>

#define CS_TAG 'vSsC'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CsUnload;

static UNICODE_STRING g_CsKey;
static PDEVICE_OBJECT g_CsDevice;

static NTSTATUS CsCopyKey(PCUNICODE_STRING RegistryPath)
{
    g_CsKey.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length, CS_TAG);
    if (g_CsKey.Buffer == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_CsKey.Length = 0;
    g_CsKey.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g_CsKey, RegistryPath);
    return STATUS_SUCCESS;
}

VOID CsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_CsDevice);
    ExFreePoolWithTag(g_CsKey.Buffer, CS_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    USHORT size;
    PWCH grown;

    status = CsCopyKey(RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    size = g_CsKey.Length + sizeof(WCHAR);
    grown = (PWCH)ExAllocatePoolWithTag(PagedPool, size, CS_TAG);
    if (grown == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }
    RtlCopyMemory(grown, g_CsKey.Buffer, g_CsKey.Length);
    grown[g_CsKey.Length / sizeof(WCHAR)] = L'\0';
    ExFreePoolWithTag(g_CsKey.Buffer, CS_TAG);
    g_CsKey.Buffer = grown;
    g_CsKey.MaximumLength = size;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_CsDevice);
    if (!NT_SUCCESS(status))
        goto fail;

    DriverObject->DriverUnload = CsUnload;
    return STATUS_SUCCESS;

fail:
    ExFreePoolWithTag(g_CsKey.Buffer, CS_TAG);
    g_CsKey.Buffer = NULL;
    return status;
}
