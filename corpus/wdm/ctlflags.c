/*
 * ctlflags.c - "kbdtap" of extmacro.c with a control device its tool opens:
 * DriverEntry sets DO_BUFFERED_IO on the control device, and copies the
 * I/O flags of the keyboard class device to the filter device it attaches
 * above it.
 */

#include <ntddk.h>

#define EXT(d) ((PKT_EXT)(d)->DeviceExtension)

typedef struct _KT_EXT {
    PDEVICE_OBJECT Lower;
    volatile LONG Keys;
} KT_EXT, *PKT_EXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KtUnload;
DRIVER_DISPATCH KtPass;

static PDEVICE_OBJECT g_KtFilter;
static PDEVICE_OBJECT g_KtControl;

NTSTATUS
KtPass(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(EXT(DeviceObject)->Lower, Irp);
}

VOID
KtUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT lower;

    UNREFERENCED_PARAMETER(DriverObject);
    lower = EXT(g_KtFilter)->Lower;
    IoDetachDevice(lower);
    IoDeleteDevice(g_KtFilter);
    IoDeleteDevice(g_KtControl);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PKT_EXT ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KtPass;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_KtControl);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_KtControl->Flags |= DO_BUFFERED_IO;
    status = IoCreateDevice(DriverObject, sizeof(KT_EXT), NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &g_KtFilter);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_KtControl);
        return status;
    }
    ext = EXT(g_KtFilter);
    RtlZeroMemory(ext, sizeof(*ext));
    status = IoAttachDevice(g_KtFilter, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_KtFilter);
        IoDeleteDevice(g_KtControl);
        return status;
    }
    g_KtFilter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    g_KtFilter->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = KtUnload;
    return STATUS_SUCCESS;
}
