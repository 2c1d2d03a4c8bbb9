/*
 * extdefaults.c (violating) - the twin of ../extdefaults.c that adds the
 * one extension it is configured with, its whole job, outside any loop and
 * drops the helper's status: a refused extension goes unnoticed.
 * Expected: DE005, at the call.
 */

#include <ntddk.h>

#define XD_MAX   16
#define XD_CCH   16
#define XD_TAG   'dxXD'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD XdUnload;

typedef struct _XD_LIST {
    ULONG Count;
    WCHAR Ext[XD_MAX][XD_CCH];
} XD_LIST, *PXD_LIST;

static PXD_LIST g_XdList;
static PCWSTR g_XdConfigured = L"kdbx";

static NTSTATUS
XdAddExtension(_In_ PCWSTR Ext, _In_ USHORT Length)
{
    if (Length == 0 || Length > (XD_CCH - 1) * sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }
    if (g_XdList == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }
    if (g_XdList->Count >= XD_MAX) {
        return STATUS_QUOTA_EXCEEDED;
    }
    RtlCopyMemory(g_XdList->Ext[g_XdList->Count], Ext, Length);
    g_XdList->Count++;
    return STATUS_SUCCESS;
}

VOID
XdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_XdList, XD_TAG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_XdList = (PXD_LIST)ExAllocatePoolZero(NonPagedPoolNx, sizeof(XD_LIST), XD_TAG);
    if (g_XdList == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    XdAddExtension(g_XdConfigured, (USHORT)(wcslen(g_XdConfigured) * sizeof(WCHAR)));   // expect: DE005

    DriverObject->DriverUnload = XdUnload;
    return STATUS_SUCCESS;
}
