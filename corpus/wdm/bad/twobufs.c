/*
 * twobufs.c (bad) - "pktstat": a packet statistics driver that allocates a
 * counter block and a name table, then its control device. When the device
 * cannot be created it returns without freeing either buffer: two leaks at
 * one return, each its own DE006 (before, only the first was reported).
 */

#include <ntddk.h>

#define PS_TAG 'tSkP'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PsUnload;

static PVOID g_PsCounters;
static PVOID g_PsNames;
static PDEVICE_OBJECT g_PsDevice;

VOID PsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_PsDevice);
    ExFreePoolWithTag(g_PsNames, PS_TAG);
    ExFreePoolWithTag(g_PsCounters, PS_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_PsCounters = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, PS_TAG);
    if (g_PsCounters == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_PsNames = ExAllocatePoolWithTag(PagedPool, PAGE_SIZE, PS_TAG);
    if (g_PsNames == NULL) {
        ExFreePoolWithTag(g_PsCounters, PS_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_PsDevice);
    if (!NT_SUCCESS(status))
        return status;                              // expect: DE006, DE006

    DriverObject->DriverUnload = PsUnload;
    return STATUS_SUCCESS;
}
