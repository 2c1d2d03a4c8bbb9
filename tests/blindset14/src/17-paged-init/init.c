/*
 * init.c - the step table
 *
 * Init routines are discarded with the INIT section once DriverEntry has
 * returned; the undo routines live in PAGE because the unload routine
 * needs them long after that.
 */
#include "paged.h"

static PD_INIT_ROUTINE PdInitConfig;
static PD_INIT_ROUTINE PdInitLookaside;
static PD_INIT_ROUTINE PdInitDevices;
static PD_INIT_ROUTINE PdInitShutdown;
static PD_UNDO_ROUTINE PdUndoConfig;
static PD_UNDO_ROUTINE PdUndoLookaside;
static PD_UNDO_ROUTINE PdUndoDevices;
static PD_UNDO_ROUTINE PdUndoShutdown;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PdRunInitSteps)
#pragma alloc_text(INIT, PdInitConfig)
#pragma alloc_text(INIT, PdInitLookaside)
#pragma alloc_text(INIT, PdInitDevices)
#pragma alloc_text(INIT, PdInitShutdown)
#pragma alloc_text(PAGE, PdRunUndoSteps)
#pragma alloc_text(PAGE, PdUndoConfig)
#pragma alloc_text(PAGE, PdUndoLookaside)
#pragma alloc_text(PAGE, PdUndoDevices)
#pragma alloc_text(PAGE, PdUndoShutdown)
#endif

static const PD_STEP g_Steps[] = {
    { "config",    PdInitConfig,    PdUndoConfig    },
    { "lookaside", PdInitLookaside, PdUndoLookaside },
    { "devices",   PdInitDevices,   PdUndoDevices   },
    { "shutdown",  PdInitShutdown,  PdUndoShutdown  },
};

/* ---------------------------------------------------------------- config */

static NTSTATUS PdInitConfig(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG count = PD_DEFAULT_DEVICES;
    ULONG fallback = PD_DEFAULT_DEVICES;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"DeviceCount";
    table[0].EntryContext = &count;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &fallback;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, table, NULL, NULL);
    if (status < 0) {
        count = fallback;           /* a missing value is fine */
    }

    g_Pd.DeviceCount = (count == 0) ? 1 : (count > PD_MAX_DEVICES ? PD_MAX_DEVICES : count);
    return STATUS_SUCCESS;
}

static VOID PdUndoConfig(VOID)
{
    PAGED_CODE();
    g_Pd.DeviceCount = 0;
}

/* ------------------------------------------------------------- lookaside */

static NTSTATUS PdInitLookaside(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    PAGED_CODE();

    return ExInitializeLookasideListEx(&g_Pd.Stamps, NULL, NULL, NonPagedPoolNx, 0,
                                       sizeof(PD_STAMP), PD_TAG, 0);
}

static VOID PdUndoLookaside(VOID)
{
    PAGED_CODE();
    ExDeleteLookasideListEx(&g_Pd.Stamps);
}

/* --------------------------------------------------------------- devices */

static NTSTATUS PdInitDevices(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WCHAR nameBuffer[48];
    UNICODE_STRING name;
    PDEVICE_OBJECT device;
    PPD_DEVICE_EXTENSION ext;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);
    PAGED_CODE();

    for (i = 0; i < g_Pd.DeviceCount; i++) {
        RtlInitEmptyUnicodeString(&name, nameBuffer, sizeof(nameBuffer));
        status = RtlUnicodeStringPrintf(&name, L"\\Device\\PagedDemo%lu", i);
        if (status < 0) {
            break;
        }

        status = IoCreateDevice(DriverObject, sizeof(PD_DEVICE_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &device);
        if (status < 0) {
            break;
        }

        ext = (PPD_DEVICE_EXTENSION)device->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Index = i;
        RtlInitEmptyUnicodeString(&ext->LinkName, ext->LinkBuffer, sizeof(ext->LinkBuffer));

        status = RtlUnicodeStringPrintf(&ext->LinkName, L"\\DosDevices\\PagedDemo%lu", i);
        if (status >= 0) {
            status = IoCreateSymbolicLink(&ext->LinkName, &name);
        }
        if (status < 0) {
            IoDeleteDevice(device);
            break;
        }

        device->Flags |= DO_BUFFERED_IO;
        device->Flags &= ~DO_DEVICE_INITIALIZING;
        g_Pd.Devices[g_Pd.Created++] = device;
    }

    if (status < 0) {
        PdUndoDevices();            /* the ones made before the failure */
    }
    return status;
}

static VOID PdUndoDevices(VOID)
{
    PAGED_CODE();

    while (g_Pd.Created > 0) {
        PDEVICE_OBJECT device = g_Pd.Devices[--g_Pd.Created];
        PPD_DEVICE_EXTENSION ext = (PPD_DEVICE_EXTENSION)device->DeviceExtension;

        IoDeleteSymbolicLink(&ext->LinkName);
        IoDeleteDevice(device);
        g_Pd.Devices[g_Pd.Created] = NULL;
    }
}

/* -------------------------------------------------------------- shutdown */

static NTSTATUS PdInitShutdown(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    PAGED_CODE();

    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = PdShutdown;
    status = IoRegisterShutdownNotification(g_Pd.Devices[0]);
    if (status < 0) {
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
    }
    return status;
}

static VOID PdUndoShutdown(VOID)
{
    PAGED_CODE();

    IoUnregisterShutdownNotification(g_Pd.Devices[0]);
    g_Pd.DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
}

/* ---------------------------------------------------------------- driver */

NTSTATUS PdRunInitSteps(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < RTL_NUMBER_OF(g_Steps); i++) {
        status = g_Steps[i].Init(DriverObject, RegistryPath);
        if (status < 0) {
            KdPrint(("PagedDemo: step '%s' failed 0x%08X\n", g_Steps[i].Name, status));
            while (i-- > 0) {
                g_Steps[i].Undo();
            }
            g_Pd.StepsDone = 0;
            return status;
        }
    }

    g_Pd.StepsDone = RTL_NUMBER_OF(g_Steps);
    return STATUS_SUCCESS;
}

VOID PdRunUndoSteps(VOID)
{
    ULONG i;

    PAGED_CODE();

    for (i = g_Pd.StepsDone; i-- > 0;) {
        g_Steps[i].Undo();
    }
    g_Pd.StepsDone = 0;
}
