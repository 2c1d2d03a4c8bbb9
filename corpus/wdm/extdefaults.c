/*
 * extdefaults.c - a driver that seeds its list of watched extensions from a
 * constant table, one helper call per entry in a loop, and goes on without
 * any entry the helper refuses (list full, not ready): each call handles
 * one item, and dropping its status is a choice.
 * Expected: no finding.
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
static const PCWSTR s_XdDefaults[] = { L"kdbx", L"wallet", L"pem" };

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
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_XdList = (PXD_LIST)ExAllocatePoolZero(NonPagedPoolNx, sizeof(XD_LIST), XD_TAG);
    if (g_XdList == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    for (i = 0; i < RTL_NUMBER_OF(s_XdDefaults); i++) {
        XdAddExtension(s_XdDefaults[i], (USHORT)(wcslen(s_XdDefaults[i]) * sizeof(WCHAR)));
    }

    DriverObject->DriverUnload = XdUnload;
    return STATUS_SUCCESS;
}
