/*
 * nameref.c - "nullcount": a legacy driver that counts the opens of
 * \Driver\Null's devices from a control device of its own. It references
 * that driver object by name (ObReferenceObjectByName, an export the WDK
 * headers do not declare, so the driver does) and drops the reference on
 * every failure path and in its unload routine.
 */

#include <ntddk.h>

#define NC_TAG 'tnCN'

NTKERNELAPI NTSTATUS ObReferenceObjectByName(PUNICODE_STRING ObjectName, ULONG Attributes,
                                             PACCESS_STATE AccessState, ACCESS_MASK DesiredAccess,
                                             POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
                                             PVOID ParseContext, PVOID *Object);
extern POBJECT_TYPE *IoDriverObjectType;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NcUnload;

static PDRIVER_OBJECT g_NcNull;
static PDEVICE_OBJECT g_NcDevice;
static PULONG g_NcCounts;

VOID
NcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_NcDevice);
    ExFreePoolWithTag(g_NcCounts, NC_TAG);
    ObDereferenceObject(g_NcNull);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Driver\\Null");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ObReferenceObjectByName(&name, OBJ_CASE_INSENSITIVE, NULL, 0, *IoDriverObjectType, KernelMode,
                                     NULL, (PVOID *)&g_NcNull);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_NcCounts = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, IRP_MJ_MAXIMUM_FUNCTION * sizeof(ULONG), NC_TAG);
    if (g_NcCounts == NULL) {
        ObDereferenceObject(g_NcNull);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_NcDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_NcCounts, NC_TAG);
        ObDereferenceObject(g_NcNull);
        return status;
    }
    DriverObject->DriverUnload = NcUnload;
    return STATUS_SUCCESS;
}
